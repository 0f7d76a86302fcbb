"""Two-factor log-in for staff who read citizen records and for site administrators (issue 13 §3), through HTTP:
enrolment with a server-drawn QR code, log-in with and without the second factor, recovery codes."""
import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp

from brobyg import settings as production
from brobyg.partnerships.models import Role

pytestmark = pytest.mark.django_db
CITIZENS = "/bridge/citizens/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.BROBYG_2FA_ROLES = production.BROBYG_2FA_ROLES  # the production default


def _password(client, username, path="/accounts/login/"):
    response = client.post(path, {"username": username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return response


def _code(secret: str, offset=0) -> str:
    return f"{totp(base64.b32decode(secret), t0=0, step=30, digits=6, drift=offset):06d}"


def _enrol(client):
    page = client.get(reverse("accounts:two_factor_setup"))
    html = page.content.decode()
    secret = re.search(r'class="otp-secret">([A-Z2-7]+)<', html).group(1)
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)  # drawn here, no request out
    assert not re.search(r'(src|href)="https?://', html)
    done = client.post(reverse("accounts:two_factor_setup"), {"token": _code(secret)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    return secret, codes


def test_the_default_covers_citizen_readers_and_site_administrators():
    assert set(production.BROBYG_2FA_ROLES) == {Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.REFERRER,
                                                 Role.ASSOCIATION_CONTACT, "site_admin"}


def test_a_bridge_builder_must_enrol_then_logs_in_with_a_code(client, make_user, partnership_a, org_a):
    make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bb")
    _password(client, "bb")
    # The password alone opens nothing with citizen data: pages send to enrolment, the API refuses.
    response = client.get(CITIZENS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client.get("/api/v1/accounts/me").status_code == 403
    # A wrong first code does not confirm the authenticator.
    client.get(reverse("accounts:two_factor_setup"))
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 200 and "ikke korrekt" in wrong.content.decode()
    assert client.get(CITIZENS).status_code == 302
    time.sleep(1.1)  # a failure throttles the device for a second (django-otp), doubling with each further one
    secret, _codes = _enrol(client)
    assert client.get(CITIZENS).status_code == 200

    # Next time: password, then the code.
    client.post(reverse("accounts:logout"))
    _password(client, "bb")
    response = client.get(CITIZENS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.post(reverse("accounts:two_factor_verify"), {"token": "123456", "next": CITIZENS}
                       ).status_code == 200
    assert client.get(CITIZENS).status_code == 302
    time.sleep(1.1)
    # A code is good once: the one used at enrolment is refused as a replay, so take the next time step's
    # (the device tolerates one step of clock drift).
    ok = client.post(reverse("accounts:two_factor_verify"), {"token": _code(secret, offset=1), "next": CITIZENS})
    assert ok.status_code == 302 and ok["Location"] == CITIZENS
    assert client.get(CITIZENS).status_code == 200


def test_a_recovery_code_works_once(client, make_user, partnership_a, org_a):
    make_user(Role.REFERRER, partnership_a, org_a, username="ref")
    _password(client, "ref")
    _secret, codes = _enrol(client)
    for attempt in range(2):
        client.post(reverse("accounts:logout"))
        _password(client, "ref")
        response = client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
        if attempt == 0:
            assert response.status_code == 302
            assert "9" in client.get(reverse("accounts:security")).content.decode()  # 9 left
        else:
            assert response.status_code == 200  # used up
            assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.EVALUATOR])
def test_roles_without_citizen_data_log_in_with_the_password(client, make_user, partnership_a, role):
    make_user(role, partnership_a, username="u")
    _password(client, "u")
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get("/api/v1/accounts/me").status_code == 200


def test_the_admin_needs_the_second_factor_too(client, make_user):
    make_user(username="root", is_staff=True, is_superuser=True)
    _password(client, "root", path="/admin/login/")
    response = client.get("/admin/")
    assert response.status_code == 302 and reverse("accounts:two_factor_setup") in response["Location"]
    _enrol(client)
    assert client.get("/admin/").status_code == 200


def test_switched_off_by_the_setting(client, make_user, partnership_a, org_a, settings):
    settings.BROBYG_2FA_ROLES = []
    make_user(Role.FACILITATOR, partnership_a, org_a, username="fac")
    _password(client, "fac")
    assert client.get(CITIZENS).status_code == 200
