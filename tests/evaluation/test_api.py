"""GET /api/v1/evaluation/{partnership_id}/indicators: the dashboard's indicator values through the same service,
small counts suppressed exactly as on the dashboard; facilitators and evaluators only; the refusals."""
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.evaluation import services
from brobyg.partnerships.models import Role

pytestmark = pytest.mark.django_db


def _referrals(partnership, n, when=None):
    from brobyg.bridging.models import Referral

    for i in range(n):
        r = Referral.objects.create(partnership=partnership, contact_name=f"Borger {i}")
        if when:
            Referral.objects.filter(pk=r.pk).update(created=when)


def _get(client, partnership_id, **params):
    return client.get(f"/api/v1/evaluation/{partnership_id}/indicators", params)


def _rows(data):
    return {r["key"]: r for level in data["levels"] for r in level["indicators"]}


def test_small_counts_are_suppressed_as_on_the_dashboard(client_for, facilitator_a, partnership_a):
    _referrals(partnership_a, 3)
    client = client_for(facilitator_a)
    response = _get(client, partnership_a.pk)
    assert response.status_code == 200
    data = response.json()
    assert data["small_count"] == 5 and [lv["level"] for lv in data["levels"]] == ["partnership", "intervention",
                                                                                "citizen"]
    referrals = _rows(data)["referrals"]
    assert referrals["value"] is None and referrals["suppressed"] is True
    from brobyg.core.stats import hidden

    assert "3" not in referrals["shown"] and referrals["shown"] == hidden()
    # Every row as the dashboard has it (value, shown text, suppression).
    dashboard = {r["key"]: r for level in services.dashboard(partnership_a)["levels"] for r in level["rows"]}
    assert set(dashboard) == set(_rows(data))
    for key, row in _rows(data).items():
        assert (row["value"], row["shown"], row["suppressed"]) == (
            dashboard[key]["value"], dashboard[key]["shown"], dashboard[key]["suppressed"]), key
    page = client.get("/evaluation/dashboard/").content.decode()
    assert referrals["shown"] in page
    _referrals(partnership_a, 2)
    referrals = _rows(_get(client, partnership_a.pk).json())["referrals"]
    assert referrals["value"] == 5 and referrals["suppressed"] is False and referrals["shown"] == "5"


def test_period(client_for, facilitator_a, partnership_a):
    _referrals(partnership_a, 6, when=timezone.now() - dt.timedelta(days=400))
    _referrals(partnership_a, 7)
    client = client_for(facilitator_a)
    assert _rows(_get(client, partnership_a.pk).json())["referrals"]["value"] == 13
    start = timezone.localdate() - dt.timedelta(days=30)
    data = _get(client, partnership_a.pk, start=start.isoformat()).json()
    # Periods are whole months (core.stats.period): the start moves to the first of its month.
    assert data["start"] == start.replace(day=1).isoformat() and data["end"] is None and _rows(data)["referrals"]["value"] == 7
    # Start after end: swapped, as on the dashboard.
    end = (timezone.localdate() - dt.timedelta(days=300)).isoformat()
    data = _get(client, partnership_a.pk, start=end, end="2000-01-01").json()
    assert data["start"] == "2000-01-01" and _rows(data)["referrals"]["value"] == 6
    assert _get(client, partnership_a.pk, start="not-a-date").status_code == 422


def test_roles_and_refusals(client_for, make_user, facilitator_a, facilitator_b, partnership_a, partnership_b):
    _referrals(partnership_a, 8)
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    response = _get(client_for(evaluator), partnership_a.pk)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="dashboard.view", actor=evaluator)
    assert entry.partnership_id == partnership_a.pk and entry.detail == "api"
    for role in (Role.REFERRER, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT, Role.VOLUNTEER):
        refused = _get(client_for(make_user(role, partnership_a)), partnership_a.pk)
        assert refused.status_code == 403 and "referrals" not in refused.content.decode()
    other = _get(client_for(facilitator_b), partnership_a.pk)
    assert other.status_code == 404 and "referrals" not in other.content.decode()
    assert _get(client_for(facilitator_b), partnership_b.pk).status_code == 200
    assert _get(Client(), partnership_a.pk).status_code == 401
    assert _get(client_for(facilitator_a), 999999).status_code == 404
