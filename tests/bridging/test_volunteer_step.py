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
    assert "000 §7.4.1" in html and "Vil gerne lave kaffen" in html

    response = bb.post(step)
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:create")
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
