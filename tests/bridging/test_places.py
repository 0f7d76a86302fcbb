"""A citizen's choice takes one of the activity's open places; pausing, ending, starting over, choosing another
activity and erasure give it back; the last place goes once, also to 20 parallel requests (PostgreSQL); the second
citizen is told and offered the next suggestion; those who run the activity see who holds its places."""
import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from brobyg.bridging import bridge
from brobyg.bridging.models import Arrival, Proposal
from brobyg.directory import geo
from brobyg.directory.models import Activity

from .conftest import Who


def _activity(org, partnership, title, places, **extra):
    place = geo.lookup_postcode("8000")
    return Activity.objects.create(organisation=org, partnership=partnership, status="published", title=title,
                                   search_text=title.lower(), latitude=place.latitude, longitude=place.longitude,
                                   capacity=20, open_places=places, **extra)


def _propose(people, citizen, *activities):
    return bridge.propose(Who(people["bb"]), citizen.current_journey(), [a.pk for a in activities])


def _open_places_on_page(client, activity) -> str:
    html = client.get(reverse("directory:detail", args=[activity.pk])).content.decode()
    if "Fuldt lige nu" in html:
        return "full"
    m = re.search(r"Der er plads til (\d+) ny", html)
    return m.group(1) if m else "?"


@pytest.mark.django_db
def test_the_last_place_goes_to_the_first_and_the_second_is_offered_another(client_for, people, make_citizen, org_a,
                                                                          partnership_a):
    dinner = _activity(org_a, partnership_a, "Fællesspisning", 1)
    choir = _activity(org_a, partnership_a, "Fællesspisning og kor", 3)
    rosa, birthe = make_citizen("Rosa"), make_citizen("Birthe")
    for c in (rosa, birthe):
        c.interests = "fællesspisning"
        c.save()
    first = _propose(people, rosa, dinner)[0]
    second = {p.activity_id: p for p in _propose(people, birthe, dinner, choir)}[dinner.pk]
    bb, ac = client_for(people["bb"]), client_for(people["ac"])
    assert _open_places_on_page(ac, dinner) == "1"

    assert bb.post(reverse("bridging:proposal_choose", args=[first.pk])).status_code == 302
    assert _open_places_on_page(ac, dinner) == "full"
    assert Arrival.objects.get(journey__citizen=rosa).holds_place
    # The association sees who holds its place (the consented first name), and the page is audit-logged.
    page = ac.get(reverse("directory:detail", args=[dinner.pk])).content.decode()
    assert "Hvem har jeres pladser" in page and "Rosa" in page and "Testesen" not in page

    response = bb.post(reverse("bridging:proposal_choose", args=[second.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("bridging:citizen_matches", args=[birthe.pk])
    assert "har ikke flere ledige pladser" in html and "Næste forslag: “Fællesspisning og kor”" in html
    assert not Arrival.objects.filter(journey__citizen=birthe).exists()
    assert Proposal.objects.get(pk=second.pk).status == "proposed"  # nothing changed for Birthe
    assert _open_places_on_page(ac, dinner) == "full"


@pytest.mark.django_db
def test_pausing_ending_moving_on_and_erasure_give_the_place_back(client_for, people, make_citizen, org_a,
                                                                   partnership_a):
    dinner = _activity(org_a, partnership_a, "Fællesspisning", 2)
    walk = _activity(org_a, partnership_a, "Gåtur", 2)
    rosa = make_citizen("Rosa")
    proposals = {p.activity_id: p for p in _propose(people, rosa, dinner, walk)}
    bb, ac = client_for(people["bb"]), client_for(people["ac"])
    journey = rosa.current_journey()
    move = reverse("bridging:journey_move", args=[journey.pk])

    bb.post(reverse("bridging:proposal_choose", args=[proposals[dinner.pk].pk]))
    assert _open_places_on_page(ac, dinner) == "1"
    bb.post(move, {"to_stage": "paused"})
    assert _open_places_on_page(ac, dinner) == "2"
    assert "har ingen plads" in bb.get(reverse("bridging:citizen", args=[rosa.pk])).content.decode()
    bb.post(move, {"to_stage": "folgeskab"})
    # Taken again after the pause; a second press takes nothing more.
    bb.post(reverse("bridging:proposal_choose", args=[proposals[dinner.pk].pk]))
    bb.post(reverse("bridging:proposal_choose", args=[proposals[dinner.pk].pk]))
    assert _open_places_on_page(ac, dinner) == "1"

    # Choosing another activity moves the place.
    Proposal.objects.filter(pk=proposals[walk.pk].pk).update(status="proposed")
    bb.post(reverse("bridging:proposal_choose", args=[proposals[walk.pk].pk]))
    assert (_open_places_on_page(ac, dinner), _open_places_on_page(ac, walk)) == ("2", "1")

    bb.post(move, {"to_stage": "ended", "reason": "declined"})
    assert _open_places_on_page(ac, walk) == "2"

    # Erasure gives a held place back too.
    birthe = make_citizen("Birthe")
    bb.post(reverse("bridging:proposal_choose", args=[_propose(people, birthe, walk)[0].pk]))
    assert _open_places_on_page(ac, walk) == "1"
    bb.post(reverse("bridging:citizen_erase", args=[birthe.pk]), {"confirm": "yes"})
    assert not Arrival.objects.filter(journey__citizen__first_name="Birthe").exists()
    assert _open_places_on_page(ac, walk) == "2"


PARALLEL = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel connections with row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_choices_of_the_last_place_take_it_once(people, make_citizen, org_a, partnership_a):
    dinner = _activity(org_a, partnership_a, "Fællesspisning", 1)
    proposals = [_propose(people, make_citizen(f"B{i}"), dinner)[0] for i in range(PARALLEL)]
    clients = []
    for _i in range(PARALLEL):
        c = Client()
        c.force_login(people["bb"], backend="django.contrib.auth.backends.ModelBackend")
        clients.append(c)
    barrier = threading.Barrier(PARALLEL)
    results = [None] * PARALLEL

    def work(i):
        try:
            barrier.wait()
            results[i] = clients[i].post(reverse("bridging:proposal_choose", args=[proposals[i].pk]))["Location"]
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [r for r in results if isinstance(r, Exception)], results
    told = sum("/matches/" in r for r in results)
    assert (PARALLEL - told, told) == (1, PARALLEL - 1)
    assert Arrival.objects.filter(activity=dinner).count() == 1
    assert Arrival.objects.filter(activity=dinner, holds_place=True).count() == 1
    dinner.refresh_from_db()
    assert dinner.open_places == 0
    ac = Client()
    ac.force_login(people["ac"], backend="django.contrib.auth.backends.ModelBackend")
    assert _open_places_on_page(ac, dinner) == "full"
