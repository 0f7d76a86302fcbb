"""Matching, capacity and requirement checks (the algorithms, tested directly)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from brobyg.volunteers import services
from brobyg.volunteers.models import OnboardingItem, OnboardingRecord, Status, Task, TaskAssignment

pytestmark = pytest.mark.django_db


def test_companions_ranked_by_distance_availability_language_and_load(make_volunteer, partnership_a):
    near = make_volunteer(first_name="Nær", latitude=56.15, longitude=10.20, slots=[(1, "afternoon")],
                          languages="dansk, arabisk")
    far = make_volunteer(first_name="Fjern", latitude=56.19, longitude=10.20, slots=[(1, "afternoon")])
    make_volunteer(first_name="Udenfor", latitude=56.60, longitude=10.20)  # beyond 5 km: left out
    make_volunteer(first_name="Hviler", status=Status.RESTING)
    make_volunteer(first_name="Ikke følgeven", wants_companion=False)
    result = services.suggest_companions(partnership_a, 56.15, 10.20, ["arabisk"], [(1, "afternoon")])
    names = [s.profile.first_name for s in result]
    assert names == ["Nær", "Fjern"]
    profile, score, reasons = result[0]
    assert profile == near and score > result[1].score
    assert any("arabisk" in r for r in reasons)
    assert any("km" in r for r in reasons)
    assert far in [s.profile for s in result]


def test_registered_load_counter_excludes_full_companions(make_volunteer, partnership_a):
    busy = make_volunteer(first_name="Travl", max_companion_load=1)
    free = make_volunteer(first_name="Ledig", max_companion_load=2)

    def counter(ids):
        return {busy.pk: 1, free.pk: 1}

    services.register_companion_load(counter)
    try:
        result = services.suggest_companions(partnership_a, 56.15, 10.2)
        assert [s.profile for s in result] == [free]
        assert any("1" in r and "2" in r for r in result[0].reasons)
    finally:
        services._companion_load.remove(counter)


def test_other_partnerships_volunteers_are_never_suggested(make_volunteer, partnership_a, partnership_b):
    make_volunteer(partnership=partnership_b)
    assert services.suggest_companions(partnership_a, 56.15, 10.2) == []


def test_missing_or_expired_child_record_refuses_assignment(make_volunteer, make_task, partnership_a):
    checklist = {i.kind: i for i in services.ensure_checklist(partnership_a)}
    volunteer = make_volunteer()
    task = make_task(involves_children=True)
    today = timezone.localdate()
    for kind in ("intro", "confidentiality"):
        OnboardingRecord.objects.create(profile=volunteer, item=checklist[kind], completed_on=today)
    reasons = services.check_requirements(volunteer, task)
    assert reasons and "børneattest" in reasons[0].lower()
    with pytest.raises(services.RequirementsNotMet):
        services.assign_task(volunteer, task)
    assert not TaskAssignment.objects.exists()
    OnboardingRecord.objects.create(profile=volunteer, item=checklist["child_record"],
                                    completed_on=today - timedelta(days=800), expires_on=today - timedelta(days=1))
    assert "expired" in services.check_requirements(volunteer, task)[0] or \
        "udløb" in services.check_requirements(volunteer, task)[0]
    OnboardingRecord.objects.filter(item=checklist["child_record"]).update(expires_on=today + timedelta(days=300))
    assert services.check_requirements(volunteer, task) == []
    services.assign_task(volunteer, task)
    assert TaskAssignment.objects.filter(profile=volunteer, task=task, active=True).exists()


def test_paused_volunteer_cannot_be_assigned(make_volunteer, make_task, partnership_a):
    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    volunteer = make_volunteer()
    services.change_status(volunteer, Status.RESTING, "health", by_volunteer=True)
    reasons = services.check_requirements(volunteer, make_task())
    assert len(reasons) == 1
    assert volunteer.status_changes.get().by_volunteer


def test_volunteers_for_a_task_are_ranked_and_explained(make_volunteer, make_task, partnership_a):
    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    good = make_volunteer(first_name="God", interests="madlavning, strik", slots=[(2, "afternoon")])
    make_volunteer(first_name="Mindre", interests="skak", slots=[(4, "morning")])
    task = make_task()
    result = services.suggest_volunteers(task)
    assert result[0].profile == good
    assert any("madlavning" in r for r in result[0].reasons)
    tasks = services.suggest_tasks(good)
    assert tasks[0].profile == task


def test_single_person_tasks_and_filled_status(make_volunteer, make_task, partnership_a):
    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    task = make_task(volunteers_needed=2)
    services.assign_task(make_volunteer(), task)
    assert task in services.single_person_tasks(partnership_a)
    services.assign_task(make_volunteer(), task)
    task.refresh_from_db()
    assert task.status == Task.TaskStatus.FILLED
    assert task not in services.single_person_tasks(partnership_a)
