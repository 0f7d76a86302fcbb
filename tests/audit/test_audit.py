import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.audit.services import record
from brobyg.partnerships.models import Role


@pytest.mark.django_db
def test_record_stores_reference_not_personal_data(facilitator_a, partnership_a):
    entry = record(facilitator_a, "partnership.view", partnership_a)
    assert entry.object_type == "partnerships.partnership"
    assert entry.object_id == str(partnership_a.pk)
    assert entry.actor_username == "fac_a"
    assert partnership_a.name not in str(entry.__dict__.values())


@pytest.mark.django_db
def test_facilitator_sees_and_filters_own_partnership_log(client_for, facilitator_a, facilitator_b,
                                                          partnership_a, partnership_b):
    record(facilitator_a, "thing.view", partnership=partnership_a, detail="alpha")
    record(facilitator_a, "thing.change", partnership=partnership_a, detail="beta")
    record(facilitator_b, "thing.view", partnership=partnership_b, detail="gamma")
    c = client_for(facilitator_a)
    html = c.get(reverse("audit:list")).content.decode()
    assert "alpha" in html and "beta" in html and "gamma" not in html
    filtered = c.post(reverse("audit:list"), {"action": "change"}, follow=True).content.decode()
    assert "beta" in filtered and "alpha" not in filtered


@pytest.mark.django_db
def test_audit_log_refused_to_other_roles_and_anonymous(client, client_for, make_user, partnership_a, org_a):
    referrer = make_user(Role.REFERRER, partnership_a, org_a)
    assert client_for(referrer).get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:list")).status_code == 302
    assert AuditEntry.objects.count() == 0
