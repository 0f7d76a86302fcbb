"""Idle timeout, changing one's own password, and sessions that end when access is removed (issue 13 §3)."""
import time

import pytest
from django.urls import reverse

from brobyg.accounts import policy
from brobyg.partnerships.models import Membership, Role

pytestmark = pytest.mark.django_db


def _login(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client


def _idle(client, minutes):
    session = client.session
    session[policy.SEEN_AT] = time.time() - minutes * 60
    session.save()


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:security")).status_code == 200


def test_a_citizen_reader_is_logged_out_after_the_idle_timeout(client, make_user, partnership_a, org_a, settings):
    assert settings.BROBYG_IDLE_TIMEOUT_MINUTES == 30
    make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bb")
    _login(client, "bb")
    _idle(client, 29)
    assert _signed_in(client)  # activity keeps the session
    _idle(client, 31)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "minutter" in client.get(reverse("accounts:login")).content.decode()


def test_roles_without_citizen_data_keep_their_session(client, make_user, partnership_a):
    make_user(Role.EVALUATOR, partnership_a, username="ev")
    _login(client, "ev")
    _idle(client, 120)
    assert _signed_in(client)


def test_removing_a_membership_ends_the_users_sessions(client, make_user, partnership_a, org_a):
    from django.test import Client

    user = make_user(Role.REFERRER, partnership_a, org_a, username="ref")
    make_user(Role.FACILITATOR, partnership_a, org_a, username="boss")
    phone, laptop = _login(Client(), "ref"), _login(client, "ref")
    time.sleep(0.01)
    Membership.objects.filter(user=user).delete()
    assert not _signed_in(phone) and not _signed_in(laptop)
    # Logging in again works (with whatever access the user still has).
    assert _signed_in(_login(laptop, "ref"))


def test_deactivating_an_account_in_the_admin_ends_its_sessions(client, make_user, partnership_a, org_a):
    from django.test import Client

    user = make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bb")
    session = _login(Client(), "bb")
    root = make_user(username="root", is_staff=True, is_superuser=True)
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    user.is_active = False
    user.save()
    assert not _signed_in(session)
    user.refresh_from_db()
    assert user.sessions_ended_at is not None


def test_change_own_password_from_the_user_menu(client, make_user):
    from django.test import Client

    make_user(username="mette")
    other_device = _login(Client(), "mette")
    _login(client, "mette")
    home = client.get("/").content.decode()
    assert reverse("accounts:security") in home
    assert reverse("accounts:password_change") in client.get(reverse("accounts:security")).content.decode()
    bad = client.post(reverse("accounts:password_change"), {"old_password": "wrong", "new_password1": "x",
                                                            "new_password2": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors
    ok = client.post(reverse("accounts:password_change"), {"old_password": "correct-horse-battery",
                                                           "new_password1": "a-brand-new-secret-9",
                                                           "new_password2": "a-brand-new-secret-9"})
    assert ok.status_code == 302
    assert _signed_in(client) and not _signed_in(other_device)
    from brobyg.accounts.models import User

    assert User.objects.get(username="mette").check_password("a-brand-new-secret-9")
