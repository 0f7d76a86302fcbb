import re

import pytest
from django.core import mail
from django.urls import reverse

from brobyg.accounts.models import Invitation, User
from brobyg.audit.models import AuditEntry
from brobyg.partnerships.models import Membership, Role


@pytest.mark.django_db
def test_login_and_logout(client, make_user):
    make_user(username="mette")
    response = client.post(reverse("accounts:login"), {"username": "mette", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated
    client.post(reverse("accounts:logout"))
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_wrong_password_gets_clear_message(client, make_user):
    make_user(username="mette")
    response = client.post(reverse("accounts:login"), {"username": "mette", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, make_user):
    make_user(username="mette")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "mette", "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post(reverse("accounts:login"), {"username": "mette", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_password_reset_sends_mail_with_working_link(client, make_user):
    make_user(username="mette", email="mette@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "mette@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.context["validlink"]
    response = client.post(response.redirect_chain[-1][0],
                           {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"})
    assert response.status_code == 302
    assert User.objects.get(username="mette").check_password("a-brand-new-secret-9")


@pytest.mark.django_db
def test_facilitator_invites_and_invitee_accepts(client, client_for, facilitator_a, partnership_a, org_a):
    c = client_for(facilitator_a)
    response = c.post(reverse("accounts:invite"),
                      {"email": "new@example.org", "role": Role.REFERRER, "organisation": org_a.pk})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new@example.org")
    assert invitation.token in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="invitation.create", partnership=partnership_a).exists()

    accept_url = reverse("accounts:accept", args=[invitation.token])
    bad = client.post(accept_url, {"username": "ny", "first_name": "Ny", "password1": "x", "password2": "y"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert not User.objects.filter(username="ny").exists()

    ok = client.post(accept_url, {"username": "ny", "first_name": "Ny", "last_name": "",
                                  "password1": "a-long-enough-secret-7", "password2": "a-long-enough-secret-7"})
    assert ok.status_code == 302
    user = User.objects.get(username="ny")
    assert Membership.objects.filter(user=user, partnership=partnership_a, role=Role.REFERRER).exists()
    # The invitation cannot be used twice.
    assert client.get(accept_url).status_code == 410


@pytest.mark.django_db
def test_only_facilitators_invite(client, client_for, make_user, partnership_a, org_a):
    referrer = make_user(Role.REFERRER, partnership_a, org_a)
    assert client_for(referrer).get(reverse("accounts:invite")).status_code == 403
    assert client_for(referrer).get(reverse("accounts:members")).status_code == 403
    assert client.get(reverse("accounts:invite")).status_code == 302  # anonymous: to login


@pytest.mark.django_db
def test_no_open_registration():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("accounts:register")


@pytest.mark.django_db
def test_members_page_lists_only_own_partnership(client_for, facilitator_a, facilitator_b):
    html = client_for(facilitator_a).get(reverse("accounts:members")).content.decode()
    assert "fac_a" in html or facilitator_a.display_name() in html
    assert "Partnerskab B" not in html


@pytest.mark.django_db
def test_production_hashes_with_argon2_and_upgrades_old_pbkdf2_passwords_on_login(client, settings):
    """The test settings use a fast hasher; this checks the production list: new passwords are stored with Argon2id,
    and a password stored with PBKDF2 (as before) still logs in and is re-hashed with Argon2."""
    from django.contrib.auth.hashers import make_password

    from brobyg import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = User.objects.create_user(username="ny", password="correct-horse-battery")
    assert user.password.startswith("argon2$argon2id$")
    old = User.objects.create(username="gammel", password=make_password(
        "correct-horse-battery", hasher="pbkdf2_sha256"))
    assert old.password.startswith("pbkdf2_sha256$")
    response = client.post(reverse("accounts:login"), {"username": "gammel", "password": "correct-horse-battery"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.password.startswith("argon2$")
