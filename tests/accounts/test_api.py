import pytest

from brobyg.audit.models import AuditEntry
from brobyg.partnerships.models import Role


@pytest.mark.django_db
def test_me_requires_login(client):
    assert client.get("/api/v1/accounts/me").status_code == 401


@pytest.mark.django_db
def test_me_lists_roles(client_for, facilitator_a, partnership_a):
    data = client_for(facilitator_a).get("/api/v1/accounts/me").json()
    assert data["username"] == "fac_a"
    assert data["memberships"] == [{"partnership_id": partnership_a.pk, "partnership": "Partnerskab A",
                                    "organisation": "Forening A", "role": "facilitator"}]


@pytest.mark.django_db
def test_members_of_own_partnership(client_for, facilitator_a, partnership_a):
    response = client_for(facilitator_a).get(f"/api/v1/accounts/partnerships/{partnership_a.pk}/members")
    assert response.status_code == 200
    assert [m["username"] for m in response.json()] == ["fac_a"]
    assert AuditEntry.objects.filter(action="partnership.members.list", partnership=partnership_a).exists()


@pytest.mark.django_db
def test_members_of_other_partnership_is_404(client_for, facilitator_a, facilitator_b, partnership_b):
    response = client_for(facilitator_a).get(f"/api/v1/accounts/partnerships/{partnership_b.pk}/members")
    assert response.status_code == 404
    assert "fac_b" not in response.content.decode()


@pytest.mark.django_db
def test_members_needs_facilitator_role(client_for, make_user, partnership_a, org_a):
    volunteer = make_user(Role.VOLUNTEER, partnership_a, org_a)
    response = client_for(volunteer).get(f"/api/v1/accounts/partnerships/{partnership_a.pk}/members")
    assert response.status_code == 403


@pytest.mark.django_db
def test_openapi_documents_accounts_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/accounts/me" in paths
    assert "/api/v1/accounts/partnerships/{partnership_id}/members" in paths
