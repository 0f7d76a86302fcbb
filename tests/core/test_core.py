import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from brobyg.partnerships.models import Membership, Organisation, Partnership, Role


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_api_root_and_openapi_document(client):
    root = client.get("/api/v1/")
    assert root.status_code == 200 and root.json()["name"] == "Brobyg API"
    doc = client.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    assert doc.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_public_home_is_danish_by_default_with_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # No inline scripts anywhere in the page: every <script> has a src from our own origin.
    for tag in re.findall(r"<script[^>]*>", response.content.decode()):
        assert 'src="/static/' in tag


@pytest.mark.django_db
def test_english_is_selectable(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_home_shows_sections_for_each_role_held(client_for, make_user, partnership_a, org_a):
    user = make_user(Role.FACILITATOR, partnership_a, org_a)
    Membership.objects.create(user=user, partnership=partnership_a, organisation=org_a, role=Role.EVALUATOR)
    html = client_for(user).get("/").content.decode()
    assert 'id="role-facilitator"' in html and 'id="role-evaluator"' in html
    assert 'id="role-referrer"' not in html
    assert reverse("accounts:invite") in html  # the facilitator's next step


@pytest.mark.django_db
def test_user_without_role_is_told_to_ask_for_invitation(client_for, make_user):
    html = client_for(make_user()).get("/").content.decode()
    assert "invit" in html.lower()


@pytest.mark.django_db
def test_cannot_switch_to_a_partnership_one_is_not_member_of(client_for, facilitator_a, partnership_b):
    c = client_for(facilitator_a)
    c.post(reverse("core:choose_partnership"), {"partnership": partnership_b.pk})
    assert c.session.get("partnership_id") is None


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_logins(capsys):
    call_command("demo")
    counts = (Partnership.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("demo")
    assert (Partnership.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts
    assert counts[0] == 15
    out = capsys.readouterr().out
    for username in ("facilitator", "referrer", "bridgebuilder", "association", "volunteer", "evaluator", "admin"):
        assert f"  {username} " in out


@pytest.mark.django_db
def test_member_of_two_partnerships_can_switch(client_for, facilitator_a, partnership_b, org_b):
    Membership.objects.create(user=facilitator_a, partnership=partnership_b, organisation=org_b,
                              role=Role.REFERRER)
    c = client_for(facilitator_a)
    assert 'id="choose-partnership"' in c.get("/").content.decode()
    c.post(reverse("core:choose_partnership"), {"partnership": partnership_b.pk})
    html = c.get("/").content.decode()
    assert "<strong>Partnerskab B</strong>" in html
