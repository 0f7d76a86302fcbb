"""The volunteers API, with its refusals."""
import pytest
from django.utils import timezone

from brobyg.partnerships.models import Role
from brobyg.volunteers import services
from brobyg.volunteers.models import OnboardingRecord, TaskAssignment

pytestmark = pytest.mark.django_db


def test_list_and_detail_scoped(client_for, facilitator_a, facilitator_b, make_volunteer, partnership_a,
                                make_user, org_a):
    v = make_volunteer(first_name="Åse")
    c = client_for(facilitator_a)
    data = c.get(f"/api/v1/volunteers/volunteers?partnership_id={partnership_a.pk}").json()
    assert data["count"] == 1 and data["results"][0]["first_name"] == "Åse"
    assert c.get(f"/api/v1/volunteers/volunteers/{v.pk}").json()["email"] == v.email
    other = client_for(facilitator_b)
    assert other.get(f"/api/v1/volunteers/volunteers?partnership_id={partnership_a.pk}").status_code == 404
    assert other.get(f"/api/v1/volunteers/volunteers/{v.pk}").status_code == 404
    referrer = client_for(make_user(Role.REFERRER, partnership_a, org_a))
    assert referrer.get(f"/api/v1/volunteers/volunteers/{v.pk}").status_code == 403


def test_assignment_refused_with_reasons_then_allowed(client_for, facilitator_a, make_volunteer, make_task,
                                                      partnership_a, facilitator_b):
    checklist = {i.kind: i for i in services.ensure_checklist(partnership_a)}
    v = make_volunteer()
    task = make_task(involves_children=True)
    c = client_for(facilitator_a)
    url = f"/api/v1/volunteers/tasks/{task.pk}/assignments?volunteer_id={v.pk}"
    r = c.post(url)
    assert r.status_code == 409
    reasons = r.json()["reasons"]
    assert any("Børneattest" in x for x in reasons) and any("Introsamtale" in x for x in reasons)
    assert not TaskAssignment.objects.exists()
    for kind in ("intro", "confidentiality", "child_record"):
        OnboardingRecord.objects.create(profile=v, item=checklist[kind], completed_on=timezone.localdate())
    assert client_for(facilitator_b).post(url).status_code == 404
    r = c.post(url)
    assert r.status_code == 200 and r.json()["volunteer_id"] == v.pk
    suggestions = c.get(f"/api/v1/volunteers/tasks/{task.pk}/suggestions").json()
    assert isinstance(suggestions, list)
    assert c.get(f"/api/v1/volunteers/volunteers/{v.pk}/task-suggestions").status_code == 200


def test_anonymous_is_refused(client, make_volunteer):
    v = make_volunteer()
    assert client.get(f"/api/v1/volunteers/volunteers/{v.pk}").status_code == 401


def test_expired_boerneattest_is_refused_with_its_date_in_the_api(client_for, facilitator_a, make_volunteer,
                                                                  make_task, partnership_a):
    from datetime import timedelta

    checklist = {i.kind: i for i in services.ensure_checklist(partnership_a)}
    v = make_volunteer()
    today = timezone.localdate()
    for kind in ("intro", "confidentiality"):
        OnboardingRecord.objects.create(profile=v, item=checklist[kind], completed_on=today)
    OnboardingRecord.objects.create(profile=v, item=checklist["child_record"], completed_on=today - timedelta(800),
                                    expires_on=today - timedelta(days=30))
    task = make_task(involves_children=True)
    r = client_for(facilitator_a).post(f"/api/v1/volunteers/tasks/{task.pk}/assignments?volunteer_id={v.pk}")
    assert r.status_code == 409
    expired = (today - timedelta(days=30)).strftime("%d.%m.%Y")
    assert r.json()["reasons"] == [f"Børneattest udløb den {expired}"]
    assert r.json()["detail"]
    assert not TaskAssignment.objects.exists()
