"""The association's inclusion self-check (000 §7.5) over HTTP: its own page for the association contact, rounds
over time with change, bad input refused, and nobody else's association or partnership shown."""
from urllib.parse import unquote_plus

import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.directory import inclusion
from brobyg.directory.models import InclusionCheck
from brobyg.partnerships.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_a(make_user, partnership_a, org_a):
    return make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="ac_a")


def _post(day, scores, **comments):
    data = {"date": day, "note": ""}
    for key, score in zip(inclusion.KEYS, scores):
        data[f"score_{key}"] = "" if score is None else str(score)
    for key, text in comments.items():
        data[f"comment_{key}"] = text
    return data


def test_association_rates_inclusion_in_rounds(client_for, contact_a, org_a):
    c = client_for(contact_a)
    page = c.get(reverse("directory:inclusion")).content.decode()
    assert "Forening A" in page and 'data-advice="directory.inclusion"' in page
    form = c.get(reverse("directory:inclusion_new")).content.decode()
    cited = unquote_plus(form)  # each statement's source is a "Kilde" link naming report and section
    assert "Kilde" in form and "000 §7.5.2" in cited and "000 §7.5.1" in cited
    r = c.post(reverse("directory:inclusion_new"), _post("2024-02-01", [1, 2, 2, 3, 2, 1, 1, 1]))
    assert r.status_code == 302 and r["Location"] == f"{reverse('directory:inclusion')}?org={org_a.pk}"
    c.post(reverse("directory:inclusion_new"), _post("2024-08-01", [2, 2, 1, 3, None, 1, 1, 1],
                                                    plans="Bestyrelsen skrev en plan i maj"))
    assert InclusionCheck.objects.filter(organisation=org_a).count() == 2
    page = c.get(reverse("directory:inclusion")).content.decode()
    assert "1. februar 2024" in page.lower() and "1. august 2024" in page.lower()
    assert "▲ +1" in page and "▼ -1" in page and "Bestyrelsen skrev en plan i maj" in page
    assert AuditEntry.objects.filter(action="directory.inclusion.create").count() == 2


def test_bad_score_changes_nothing(client_for, contact_a):
    r = client_for(contact_a).post(reverse("directory:inclusion_new"), _post("2024-02-01", [9] + [None] * 7))
    assert r.status_code == 200 and not InclusionCheck.objects.exists()


def test_only_the_association_sees_its_checks(client_for, make_user, contact_a, facilitator_a, org_a, org_b,
                                              partnership_b):
    client_for(contact_a).post(reverse("directory:inclusion_new"),
                               _post("2024-02-01", [4] * 8, plans="Kun for Forening A"))
    contact_b = make_user(Role.ASSOCIATION_CONTACT, partnership_b, org_b, username="ac_b")
    other = client_for(contact_b)
    page = other.get(reverse("directory:inclusion")).content.decode()
    assert "Forening B" in page and "Kun for Forening A" not in page
    assert other.get(reverse("directory:inclusion") + f"?org={org_a.pk}").status_code == 404
    assert other.post(reverse("directory:inclusion_new") + f"?org={org_a.pk}",
                      _post("2024-03-01", [1] * 8)).status_code == 404
    assert InclusionCheck.objects.filter(organisation=org_a).count() == 1
    # the partnership's facilitator does not hold the association role: refused
    assert client_for(facilitator_a).get(reverse("directory:inclusion")).status_code == 403
