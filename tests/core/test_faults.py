"""Database down: /healthz says so, pages show a friendly error without a stack trace."""
import pytest
from django.db import OperationalError
from django.test import Client


def _broken_cursor(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_healthz_reports_database_down(client, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "cursor", _broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@pytest.mark.django_db
def test_page_error_is_friendly_and_hides_details(settings, facilitator_a, monkeypatch):
    settings.DEBUG = False
    c = Client(raise_request_exception=False)
    c.force_login(facilitator_a, backend="django.contrib.auth.backends.ModelBackend")
    from brobyg.core import views

    def boom(request):
        raise OperationalError("password authentication failed for user fac_a at secret-host")

    monkeypatch.setattr(views, "roles_of", lambda user: boom(None))
    response = c.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Der skete en fejl" in body
    assert "secret-host" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_healthz_reports_database_down_to_a_logged_in_browser(facilitator_a, monkeypatch):
    """A logged-in browser sends a session cookie; reading the session and the user needs the database too."""
    from django.db import connection

    c = Client(raise_request_exception=False)
    c.force_login(facilitator_a, backend="django.contrib.auth.backends.ModelBackend")
    monkeypatch.setattr(connection, "cursor", _broken_cursor)
    response = c.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert response["Cache-Control"].startswith("max-age=0")  # never cached
