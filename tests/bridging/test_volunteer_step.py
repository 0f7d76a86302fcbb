"""Issue: a participation record that says the citizen would like to help as a volunteer opens the step into a
volunteer role (000 §7.4.1): a prompt on the citizen's page, a button that adds the role, marks the step on the
journey and opens the volunteers app's registration — once, and only for those who may see the citizen."""
import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.bridging import bridge, services
from brobyg.bridging.models import Journey, RoleChange

from .conftest import Who

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(make_citizen):
    return make_citizen("Rosa")


def _wish(client, citizen, **extra):
    return client.post(reverse("bridging:participation_new", args=[citizen.pk]),
                       {"date": "2030-04-01", "still_coming": "on", "wants_to_volunteer": "on",
                        "note": "Vil gerne lave kaffen", **extra})


def test_a_volunteer_wish_opens_the_role_change_once(client_for, people, citizen):
    bb = client_for(people["bb"])
    page = reverse("bridging:citizen", args=[citizen.pk])
    step = reverse("bridging:volunteer_step", args=[citizen.pk])
    assert step not in bb.get(page).content.decode()  # nothing to offer yet

    assert _wish(bb, citizen).status_code == 302
    html = bb.get(page).content.decode()
    assert step in html and 'id="volunteer-step"' in html
    assert "/kilder/?ref=000+%C2%A77.4.1" in html and "Vil gerne lave kaffen" in html

    response = bb.post(step)
    assert response.status_code == 302 and response["Location"].startswith(reverse("volunteers:create") + "?")
    assert bb.get(response["Location"]).status_code == 200  # the volunteers app's own registration form
    citizen.refresh_from_db()
    journey = citizen.current_journey()
    assert journey.volunteer_step_at is not None and journey.volunteer_step_by == people["bb"]
    assert citizen.role_list() == ["deltager", "frivillig"]  # the participant role stays: roles can be several
    change = RoleChange.objects.get(citizen=citizen)
    assert change.from_roles == "deltager" and change.to_roles == "deltager,frivillig" and change.by == people["bb"]
    entry = AuditEntry.objects.get(action="journey.volunteer_step")
    assert entry.object_id == str(journey.pk) and "Rosa" not in entry.detail

    html = bb.get(page).content.decode()
    assert step not in html and 'class="volunteer-step"' in html  # in the history, not offered again
    # A second attempt (an old page, a double click) changes nothing.
    assert bb.post(step).status_code == 302
    assert RoleChange.objects.count() == 1 and AuditEntry.objects.filter(action="journey.volunteer_step").count() == 1
    # A later wish on the same journey does not offer it twice either.
    _wish(bb, citizen)
    assert step not in bb.get(page).content.decode()
    # The export holds the step.
    assert services.export(citizen)["journeys"][0]["volunteer_step_at"]


def test_the_association_contacts_record_opens_the_step_for_the_bridge_builder(client_for, people, citizen, org_a,
                                                                                 partnership_a):
    from brobyg.bridging.models import Arrival
    from brobyg.directory.models import Activity

    activity = Activity.objects.create(title="Café", organisation=org_a, partnership=partnership_a,
                                       status="published")
    arrival = Arrival.objects.create(journey=citizen.current_journey(), activity=activity)
    response = client_for(people["ac"]).post(reverse("bridging:newcomer", args=[arrival.pk]), {
        "kind": "participation", "p-date": "2030-04-01", "p-still_coming": "on", "p-wants_to_volunteer": "on"})
    assert response.status_code == 302
    assert bridge.volunteer_step_open(citizen.current_journey())
    html = client_for(people["bb"]).get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert reverse("bridging:volunteer_step", args=[citizen.pk]) in html


def test_without_a_wish_or_after_the_journey_ended_the_step_is_refused(client_for, people, citizen):
    bb = client_for(people["bb"])
    step = reverse("bridging:volunteer_step", args=[citizen.pk])
    response = bb.post(step)
    assert response.status_code == 302 and response["Location"] == reverse("bridging:citizen", args=[citizen.pk])
    assert Journey.objects.get().volunteer_step_at is None and not RoleChange.objects.exists()
    _wish(bb, citizen)
    services.move(Who(people["bb"]), citizen.current_journey(), "ended", reason="moved")
    assert not bridge.volunteer_step_open(citizen.current_journey())
    with pytest.raises(services.BridgeError):
        bridge.start_volunteer_step(Who(people["bb"]), citizen.current_journey())
    assert Journey.objects.get().volunteer_step_at is None


def test_only_those_who_may_see_the_citizen_can_take_the_step(client_for, people, citizen):
    bb = client_for(people["bb"])
    _wish(bb, citizen)
    step = reverse("bridging:volunteer_step", args=[citizen.pk])
    assert client_for(people["bb_b"]).post(step).status_code == 404  # another partnership: does not exist
    for role in ("ac", "vol", "ref", "ev"):
        assert client_for(people[role]).post(step).status_code == 403, role
    assert bb.get(step).status_code == 405  # a change only by POST
    assert Journey.objects.get().volunteer_step_at is None and not RoleChange.objects.exists()
    assert client_for(people["fac"]).post(step).status_code == 302
    assert Journey.objects.get().volunteer_step_by == people["fac"]


def _register(client, origin, link=True, **extra):
    data = {"first_name": "Rosa", "last_name": "Frivillig", "postcode": "8000", "travel_radius_km": "5",
            "wants_other": "on", "kind": "user", "commitment": "small", "channel": "participant",
            "max_companion_load": "1", "max_tasks": "2", "consent_given": "on", "origin": origin, **extra}
    if link:
        data["link_origin"] = "1"
    return client.post(reverse("volunteers:create"), data)


def test_the_step_links_the_new_volunteer_profile_to_the_journey_when_the_person_agrees(client_for, people,
                                                                                         citizen):
    """000 §7.4.1: role progression participant → volunteer links the citizen to a volunteer profile when they
    agree. The registration form comes pre-set to 'from participant to volunteer' and 'user volunteer' but copies
    nothing from the citizen record; the link shows on the citizen's page only."""
    from brobyg.volunteers.models import VolunteerProfile

    bb = client_for(people["bb"])
    _wish(bb, citizen)
    response = bb.post(reverse("bridging:volunteer_step", args=[citizen.pk]))
    journey = citizen.current_journey()
    assert response["Location"] == f"{reverse('volunteers:create')}?journey={journey.pk}"
    form = bb.get(response["Location"]).content.decode()
    assert 'name="link_origin"' in form and f'name="origin" value="{journey.pk}"' in form
    assert 'value="participant" selected' in form
    for copied in ("Testesen", "12345678", "Likes a quiet hello", "Needs a chair"):
        assert copied not in form  # nothing from the citizen record

    assert _register(bb, str(journey.pk)).status_code == 302
    profile = VolunteerProfile.objects.get(first_name="Rosa")
    journey.refresh_from_db()
    assert journey.volunteer_profile == profile
    entry = AuditEntry.objects.get(action="journey.volunteer_profile")
    assert entry.object_id == str(journey.pk) and "Rosa" not in entry.detail
    page = bb.get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert reverse("volunteers:detail", args=[profile.pk]) in page
    # The volunteer profile shows nothing of the journey.
    detail = bb.get(reverse("volunteers:detail", args=[profile.pk])).content.decode()
    assert reverse("bridging:citizen", args=[citizen.pk]) not in detail and "Likes a quiet hello" not in detail
    assert services.export(citizen)["journeys"][0]["volunteer_profile_id"] == profile.pk
    # Once only: a second registration from the same step is not linked.
    assert _register(bb, str(journey.pk), first_name="Anden").status_code == 302
    journey.refresh_from_db()
    assert journey.volunteer_profile == profile


def test_no_link_without_agreement_or_the_step_or_the_right_to_see_the_citizen(client_for, people, citizen,
                                                                              make_citizen, partnership_b):
    from brobyg.volunteers.models import VolunteerProfile

    bb = client_for(people["bb"])
    journey = citizen.current_journey()
    # Before the step is taken the form offers no link, and a forged origin links nothing.
    assert 'name="link_origin"' not in bb.get(f"{reverse('volunteers:create')}?journey={journey.pk}").content.decode()
    assert _register(bb, str(journey.pk)).status_code == 302
    journey.refresh_from_db()
    assert journey.volunteer_profile is None
    # The step is taken, but the person did not agree to the link: a profile, no link.
    _wish(bb, citizen)
    bb.post(reverse("bridging:volunteer_step", args=[citizen.pk]))
    assert _register(bb, str(journey.pk), link=False, first_name="Uden").status_code == 302
    journey.refresh_from_db()
    assert journey.volunteer_profile is None and VolunteerProfile.objects.filter(first_name="Uden").exists()
    # A bridge-builder of another partnership cannot link to this journey (nor is it offered).
    other = client_for(people["bb_b"])
    assert 'name="link_origin"' not in other.get(
        f"{reverse('volunteers:create')}?journey={journey.pk}").content.decode()
    _register(other, str(journey.pk), first_name="Fremmed")
    journey.refresh_from_db()
    assert journey.volunteer_profile is None
    # An invalid form links nothing and keeps the offer.
    response = _register(bb, str(journey.pk), first_name="")
    assert response.status_code == 200 and 'name="link_origin"' in response.content.decode()
    journey.refresh_from_db()
    assert journey.volunteer_profile is None
