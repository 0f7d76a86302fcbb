"""Schemathesis against /api/v1/openapi.json: no server errors, responses match the documented schema.

Every operation is called with generated data (a bounded, derandomised number of examples) once per role: as a
facilitator of a demo partnership with the session cookie and a valid CSRF token, as an association contact with a
personal read/write API token of their partnership, and anonymously — so no operation is only ever seen behind one
role's 403.
"""
import pytest
import schemathesis
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from brobyg.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


# Three roles keep the run's time bounded (the demo is loaded per case): a session writer, a token writer that is
# refused most staff operations, and nobody.
ROLES = ["facilitator", "association", "anonymous"]


@pytest.fixture(params=ROLES)
def credentials(request, facilitator_session):
    """(cookies, headers) of one role; the demo is loaded by facilitator_session."""
    role = request.param
    if role == "facilitator":
        return facilitator_session, {"X-CSRFToken": facilitator_session["csrftoken"], "Referer": "http://localhost/"}
    if role == "anonymous":
        return {}, {}
    from brobyg.accounts.models import User
    from brobyg.tokens.services import issue

    user = User.objects.get(username=role)
    _token, key = issue(user, "api", role, user.memberships.first().partnership, can_write=True)
    return {}, {"Authorization": f"Bearer {key}"}


@pytest.fixture
def no_connection_closing(facilitator_session):
    """Calling the WSGI app directly fires request_finished, which would close the test's database connection on
    PostgreSQL (the test runs inside a transaction). Django's own test client disconnects the same handlers (and
    reconnects them after each of its requests, so this runs after the session fixture has used it)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def facilitator_session(db):
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    from brobyg.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="facilitator"),
                       backend="django.contrib.auth.backends.ModelBackend")
    client.get("/")  # sets the CSRF cookie
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": client.cookies["csrftoken"].value}


def test_the_document_is_valid_openapi(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["paths"]


@schema.parametrize()
@hypothesis_settings(max_examples=8, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_api_operation(case, credentials, no_connection_closing):
    cookies, headers = credentials
    response = case.call(cookies=cookies, headers=headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
    case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])
