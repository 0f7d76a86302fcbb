"""The balance rule (002: at most about a fifth of the participants need special support) counts the journeys that
hold a place: the room shown in the match reasons, the near-balance warning and the suggestions' "left out" line
follow the citizens' choices and pauses; the rule lives with the activity (directory.balance)."""
import pytest
from django.urls import reverse

from brobyg.bridging import bridge
from brobyg.bridging.models import Arrival
from brobyg.directory import geo
from brobyg.directory.balance import newcomer_room
from brobyg.directory.models import Activity

from .conftest import Who

pytestmark = pytest.mark.django_db


def _activity(org, partnership, title, **extra):
    place = geo.lookup_postcode("8000")
    return Activity.objects.create(organisation=org, partnership=partnership, status="published", title=title,
                                   search_text=title.lower(), latitude=place.latitude, longitude=place.longitude,
                                   **extra)


@pytest.mark.parametrize("participants,supported,held,room", [
    (20, 0, 0, 5), (20, 2, 0, 2), (20, 4, 0, 0), (20, 6, 0, 0), (0, 0, 0, 0), (10, 1, 0, 1), (100, 10, 0, 12),
    (10, 0, 1, 1), (10, 0, 2, 0), (20, 0, 3, 2), (20, 1, 3, 0)])
def test_the_room_keeps_at_most_a_fifth_needing_support(make_citizen, people, org_a, partnership_a, participants,
                                                       supported, held, room):
    activity = _activity(org_a, partnership_a, "Fællesspisning", usual_participants=participants,
                         need_support=supported)
    for i in range(held):
        journey = make_citizen(f"C{i}").current_journey()
        Arrival.objects.create(journey=journey, activity=activity, holds_place=True)
    assert newcomer_room(activity) == room
    need, total = supported + held, participants + held
    if room:
        assert (need + room) / (total + room) <= 0.2 + 1e-9
    if total:
        assert (need + room + 1) / (total + room + 1) > 0.2
    assert newcomer_room(_activity(org_a, partnership_a, "Ukendt")) is None  # not stated: the rule is not held


def test_the_balance_reason_follows_the_journeys(client_for, people, make_citizen, org_a, partnership_a):
    dinner = _activity(org_a, partnership_a, "Fællesspisning", usual_participants=10, open_places=8)
    _activity(org_a, partnership_a, "Fællesspisning i haven", open_places=3)
    _activity(org_a, partnership_a, "Fællesspisning for unge", open_places=0)
    rosa, birthe, carl = (make_citizen(n) for n in ("Rosa", "Birthe", "Carl"))
    for c in (rosa, birthe, carl):
        c.interests = "fællesspisning"
        c.save()
    bb = client_for(people["bb"])

    def matches_page():
        return bb.get(reverse("bridging:citizen_matches", args=[carl.pk])).content.decode()

    def choose(citizen):
        proposal = bridge.propose(Who(people["bb"]), citizen.current_journey(), [dinner.pk])[0]
        assert bb.post(reverse("bridging:proposal_choose", args=[proposal.pk])).status_code == 302

    html = matches_page()
    assert "plads til 2 mere, der har brug for støtte" in html and "near-balance" not in html
    assert "1 fuld" in html and "Fællesspisning for unge" in html  # left out, and said so
    choose(rosa)
    html = matches_page()
    assert "plads til 1 mere, der har brug for støtte" in html
    assert "“Fællesspisning” er tæt på sin balance" in html and "passer også: “Fællesspisning i haven”" in html
    choose(birthe)
    html = matches_page()
    assert ">Fællesspisning</strong>" not in html  # at its balance: not offered to a third
    assert "1 i balance" in html and "1 fuld" in html
    # Rosa pauses: her place and her share of the balance are given back.
    bb.post(reverse("bridging:journey_move", args=[rosa.current_journey().pk]), {"to_stage": "paused"})
    html = matches_page()
    assert ">Fællesspisning</strong>" in html and "plads til 1 mere, der har brug for støtte" in html
    # The association sees the same room on the activity page.
    page = client_for(people["ac"]).get(reverse("directory:detail", args=[dinner.pk])).content.decode()
    assert 'id="newcomer-room"' in page
