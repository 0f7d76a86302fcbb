"""Login lockout per username *and* client address, through the login page and the admin's login, and the way out
through a password reset (issue 13 §3: five anonymous requests locked any account)."""
import re

import pytest
from django.core import mail
from django.urls import reverse

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def _login(client, path, username, password, **meta):
    return client.post(path, {"username": username, "password": password}, **meta)


def _fail_five_times(client, path, username, **meta):
    codes = [_login(client, path, username, "guess", **meta).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # the fifth failure locks


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LOGIN, ADMIN_LOGIN])
def test_failures_from_one_address_do_not_lock_the_owner_elsewhere(client, make_user, path):
    make_user(username="referrer", is_staff=True, is_superuser=path == ADMIN_LOGIN)
    _fail_five_times(client, path, "referrer", REMOTE_ADDR=ATTACKER)
    # The attacker's address is locked out, even with the right password ...
    assert _login(client, path, "referrer", "correct-horse-battery", REMOTE_ADDR=ATTACKER).status_code == 429
    # ... but the owner, from their own address, logs in.
    response = _login(client, path, "referrer", "correct-horse-battery", REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(client, make_user, settings):
    """With BEHIND_PROXY the proxy's own entry (right-most) counts; a forged left-most entry changes nothing."""
    settings.BEHIND_PROXY = True
    make_user(username="evaluator")
    for n in range(5):
        forged = f"10.0.0.{n}, {ATTACKER}"  # client-sent part first, the proxy appends the real peer
        _login(client, LOGIN, "evaluator", "guess", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    locked = _login(client, LOGIN, "evaluator", "correct-horse-battery", REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    assert locked.status_code == 429
    # Everyone comes through the same proxy (same REMOTE_ADDR); the owner's own address is not locked.
    ok = _login(client, LOGIN, "evaluator", "correct-horse-battery", REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=OWNER)
    assert ok.status_code == 302


@pytest.mark.django_db
def test_a_password_reset_lets_a_locked_user_in(client, make_user):
    make_user(username="mette", email="mette@example.org")
    _fail_five_times(client, LOGIN, "mette", REMOTE_ADDR=OWNER)
    assert _login(client, LOGIN, "mette", "correct-horse-battery", REMOTE_ADDR=OWNER).status_code == 429
    assert "password-reset" in _login(client, LOGIN, "mette", "x", REMOTE_ADDR=OWNER).content.decode()

    client.post(reverse("accounts:password_reset"), {"email": "mette@example.org"}, REMOTE_ADDR=OWNER)
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True, REMOTE_ADDR=OWNER).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"},
                REMOTE_ADDR=OWNER)
    response = _login(client, LOGIN, "mette", "a-brand-new-secret-9", REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
