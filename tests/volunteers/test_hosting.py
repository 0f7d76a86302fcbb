"""Hosting link: volunteers host directory activities; bridging asks "host available?" and "companions?"."""
from datetime import time

import pytest

from brobyg.directory.models import Activity, Schedule
from brobyg.directory.services import refresh_derived
from brobyg.volunteers import services
from brobyg.volunteers.models import HostAssignment, OnboardingItem, OnboardingRecord, Status, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(org_a):
    def make(title="Onsdagscafé", weekday=2, start=time(14, 0), **fields):
        place = {"latitude": 56.15, "longitude": 10.2, **fields}
        a = Activity(organisation=org_a, title=title, postcode="8000", status=Activity.Status.PUBLISHED, **place)
        a.save()
        if weekday is not None:
            Schedule.objects.create(activity=a, weekday=weekday, start_time=start, end_time=time(start.hour + 2))
        refresh_derived(a)
        a.refresh_from_db()
        return a

    return make


def _onboard(profile):
    for item in services.ensure_checklist(profile.partnership):
        if item.required_for_all:
            OnboardingRecord.objects.create(profile=profile, item=item, completed_on="2026-01-05")


def test_host_task_for_an_activity_makes_the_volunteer_a_host_until_it_ends(make_volunteer, make_task, activity,
                                                                           facilitator_a):
    cafe = activity()
    hanne = make_volunteer(first_name="Hanne", wants_host=True)
    _onboard(hanne)
    task = make_task(kind=Task.Kind.HOST, activity=cafe)
    assignment = services.assign_task(hanne, task, user=facilitator_a)
    assert services.hosts_for_activities([cafe.pk]) == {cafe.pk: [hanne]}
    assert list(services.hosts_for_activity(cafe)) == [hanne]
    # counted once (as the task), not twice
    assert services.task_loads([hanne.pk]) == {hanne.pk: 1}
    assert [d["host"] for d in services.single_host_activities(hanne.partnership)] == [hanne]
    services.end_task_assignment(assignment)
    assert services.hosts_for_activities([cafe.pk]) == {}


def test_direct_host_assignment_checks_requirements_and_ignores_resting_hosts(make_volunteer, activity):
    cafe, walk = activity(), activity(title="Gåtur", weekday=4)
    new = make_volunteer(first_name="Ny")
    services.ensure_checklist(new.partnership)
    with pytest.raises(services.RequirementsNotMet) as exc:
        services.assign_host(new, cafe)
    assert any("Introsamtale" in r or "Intro conversation" in r for r in exc.value.reasons)
    _onboard(new)
    host = services.assign_host(new, cafe)
    assert services.assign_host(new, cafe) == host  # idempotent
    assert services.task_loads([new.pk]) == {new.pk: 1}
    assert services.hosts_for_activities([cafe.pk, walk.pk]) == {cafe.pk: [new]}
    services.change_status(new, Status.RESTING)
    assert services.hosts_for_activities([cafe.pk, walk.pk]) == {}
    services.change_status(new, Status.ACTIVE)
    services.end_host(host)
    assert not HostAssignment.objects.filter(active=True).exists()


def test_companions_available_respects_distance_time_capacity_and_partnership(make_volunteer, activity,
                                                                            partnership_a, partnership_b):
    cafe = activity(weekday=2, start=time(14, 0))  # Wednesday afternoon
    far = activity(title="Langt væk", weekday=None, latitude=55.4, longitude=10.4)
    make_volunteer(first_name="Fri", slots=[(2, "afternoon")])
    make_volunteer(first_name="Ujævn", availability_uneven=True)  # no slots: counts, ask them
    make_volunteer(first_name="Forkert tid", slots=[(0, "morning")])
    make_volunteer(first_name="Ikke følgeven", wants_companion=False)
    make_volunteer(first_name="Fuld", max_companion_load=0)
    make_volunteer(first_name="Andet partnerskab", partnership=partnership_b)
    assert services.companions_available(partnership_a, [cafe.pk, far.pk]) == {cafe.pk: 2, far.pk: 0}

    services.register_companion_load(lambda ids: {pid: 1 for pid in ids})
    try:
        assert services.companions_available(partnership_a, [cafe.pk]) == {cafe.pk: 0}
    finally:
        services._companion_load.clear()
    assert services.companions_available(partnership_a, []) == {}


def test_task_form_offers_only_the_partnerships_activities(activity, org_b, partnership_a):
    from brobyg.volunteers.forms import TaskForm

    mine = activity()
    other = Activity.objects.create(organisation=org_b, title="B's café", status=Activity.Status.PUBLISHED)
    choices = set(TaskForm(partnership=partnership_a).fields["activity"].queryset)
    assert mine in choices and other not in choices


def test_requirement_items_on_the_checklist_are_per_partnership(partnership_a, partnership_b):
    a = services.ensure_checklist(partnership_a)
    b = services.ensure_checklist(partnership_b)
    assert {i.pk for i in a}.isdisjoint({i.pk for i in b})
    assert OnboardingItem.objects.count() == len(a) + len(b)


def test_coordinator_makes_and_ends_a_host_on_the_profile_page(client_for, facilitator_a, facilitator_b,
                                                              make_volunteer, activity):
    from django.urls import reverse

    cafe = activity()
    v = make_volunteer(first_name="Vera", wants_host=True)
    services.ensure_checklist(v.partnership)
    c = client_for(facilitator_a)
    body = c.post(reverse("volunteers:host_add", args=[v.pk]), {"activity": cafe.pk}, follow=True).content.decode()
    assert "Introsamtale mangler" in body and not HostAssignment.objects.exists()
    _onboard(v)
    c.post(reverse("volunteers:host_add", args=[v.pk]), {"activity": cafe.pk})
    host = HostAssignment.objects.get(profile=v, activity=cafe, active=True)
    assert "Onsdagscafé" in c.get(reverse("volunteers:detail", args=[v.pk])).content.decode()
    other = client_for(facilitator_b)
    assert other.post(reverse("volunteers:host_end", args=[host.pk])).status_code == 404
    assert other.post(reverse("volunteers:host_add", args=[v.pk]), {"activity": cafe.pk}).status_code in (403, 404)
    c.post(reverse("volunteers:host_end", args=[host.pk]))
    host.refresh_from_db()
    assert not host.active


def test_risk_view_lists_activities_hanging_on_one_host(client_for, facilitator_a, make_volunteer, activity):
    from django.urls import reverse

    cafe, walk = activity(), activity(title="Gåtur ved åen", weekday=4)
    one, two, three = (make_volunteer(first_name=n, wants_host=True) for n in ("Solo", "Duo1", "Duo2"))
    for v, a in ((one, cafe), (two, walk), (three, walk)):
        services.assign_host(v, a, check=False)
    body = client_for(facilitator_a).get(reverse("volunteers:risk")).content.decode()
    assert "Onsdagscafé" in body and "Solo" in body
    assert "Gåtur ved åen" not in body
