"""Work finds its people: the e-mails for the events that need a person (a referral to you, a companion assignment,
a newcomer coming, a sign-up to answer) go through the outbox — sent once, retried after a failed send, none when
the user opted out, no personal data — and the home page counts what waits for each role, linking to the list."""
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobyg.bridging import bridge, services
from brobyg.core.models import Notice, OutboxMail
from brobyg.core.publicforms import stamp
from brobyg.directory import geo
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Role
from brobyg.volunteers.models import Status, VolunteerProfile

pytestmark = pytest.mark.django_db
SECRET = ("Rosa", "Testesen", "12345678", "Likes a quiet hello", "Needs a chair", "Maja", "Lind", "20202020")


class Who:
    def __init__(self, user):
        self.user = user


def send():
    call_command("send-mail", stdout=open("/dev/null", "w"))


@pytest.fixture
def world(make_user, partnership_a, org_a):
    place = geo.lookup_postcode("8000")
    w = {
        "bb": make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bb", email="bb@example.org"),
        "ref": make_user(Role.REFERRER, partnership_a, None, username="ref", email="ref@example.org"),
        "fac": make_user(Role.FACILITATOR, partnership_a, org_a, username="fac", email="fac@example.org"),
        "ac": make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="ac", email="ac@example.org"),
        "vol": make_user(Role.VOLUNTEER, partnership_a, None, username="vol", email="vol@example.org"),
    }
    w["activity"] = Activity.objects.create(organisation=org_a, partnership=partnership_a, status="published",
                                            title="Gåtur og kaffe", latitude=place.latitude,
                                            longitude=place.longitude, open_places=4)
    w["profile"] = VolunteerProfile.objects.create(partnership=partnership_a, user=w["vol"], first_name="Kaj",
                                                   consent_given=True, status=Status.ACTIVE, wants_companion=True,
                                                   latitude=place.latitude, longitude=place.longitude)
    return w


def _client(user):
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _refer(w, partnership):
    response = _client(w["ref"]).post(reverse("bridging:referral_new"), {
        "contact_name": "Rosa", "contact_phone": "12345678", "source": "municipality", "reasons": ["loneliness"],
        "recruitment_owner": "shared", "wants_help_with": "Needs a chair"})
    assert response.status_code == 302, response.content.decode()[:2000]
    from brobyg.bridging.models import Referral

    return Referral.objects.latest("pk")


def _citizen(w, partnership):
    referral = _refer(w, partnership)
    return services.record_consent(Who(w["bb"]), referral, {
        "first_name": "Rosa", "last_name": "Testesen", "phone": "12345678", "postcode": "8000",
        "welcome_needs": "Likes a quiet hello", "inclusion_needs": "Needs a chair"},
        {"share_with_association": True, "share_with_companion": True})


def trigger_referral(w, partnership):
    _refer(w, partnership)
    return w["bb"]


def trigger_companion(w, partnership):
    citizen = _citizen(w, partnership)
    r = _client(w["bb"]).post(reverse("bridging:companion_assign", args=[citizen.pk]), {"profile": w["profile"].pk})
    assert r.status_code == 302
    return w["vol"]


def trigger_newcomer(w, partnership):
    citizen = _citizen(w, partnership)
    proposal = bridge.propose(Who(w["bb"]), citizen.current_journey(), [w["activity"].pk])[0]
    _client(w["bb"]).post(reverse("bridging:proposal_choose", args=[proposal.pk]), {"expected": "2030-03-05T18:00"})
    return w["ac"]


def trigger_signup(w, partnership):
    data = {"first_name": "Maja", "last_name": "Lind", "email": "maja@example.org", "phone": "20202020",
            "postcode": "8000", "travel_radius_km": "5", "wants_companion": "on", "interests": "gåture",
            "languages": "dansk", "commitment": "small", "channel": "saw_it", "slots": ["1-afternoon"],
            "consent": "on", "website": "", "started": stamp("signup", seconds_ago=30)}
    assert Client().post(reverse("volunteers:signup_form", args=[partnership.pk]), data).status_code == 302
    return w["fac"]


KINDS = {"referral": trigger_referral, "companion": trigger_companion, "newcomer": trigger_newcomer,
         "signup": trigger_signup}


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_mail_is_sent_once_without_personal_data(world, partnership_a, kind):
    user = KINDS[kind](world, partnership_a)
    row = OutboxMail.objects.get(user=user, kind=kind)
    assert _mails_to(user) == [] or kind == "signup"  # nothing sent inside the request (signup: the confirmation)
    send()
    send()
    mails = [m for m in _mails_to(user) if m.subject == row.subject]
    assert len(mails) == 1 and OutboxMail.objects.get(pk=row.pk).sent_at
    body = mails[0].subject + mails[0].body
    allowed = {"Rosa"} if kind == "companion" else set()  # the first name, as the citizen agreed
    for secret in SECRET:
        if secret not in allowed:
            assert secret not in body, secret
    assert Notice.objects.filter(user=user, kind=kind).count() == 1
    assert "Brobyg" in _client(user).get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_mail_is_retried_after_a_failed_send(world, partnership_a, kind):
    user = KINDS[kind](world, partnership_a)
    row = OutboxMail.objects.get(user=user, kind=kind)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        send()
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and row.last_error == "OSError"
    assert row.next_try > timezone.now()
    send()  # not due yet
    assert not [m for m in _mails_to(user) if m.subject == row.subject]
    OutboxMail.objects.filter(pk=row.pk).update(next_try=timezone.now())
    call_command("daily", stdout=open("/dev/null", "w"))
    assert len([m for m in _mails_to(user) if m.subject == row.subject]) == 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_mail_when_the_user_opted_out(world, partnership_a, kind):
    user = {"referral": world["bb"], "companion": world["vol"], "newcomer": world["ac"], "signup": world["fac"]}[kind]
    c = _client(user)
    page = c.get(reverse("core:mail_settings")).content.decode()
    assert page.count('name="kinds"') == 6 and page.count("checked") == 6  # all on by default
    others = [k for k in ("referral", "companion", "newcomer", "signup", "ended", "closed") if k != kind]
    assert c.post(reverse("core:mail_settings"), {"kinds": others}).status_code == 302
    KINDS[kind](world, partnership_a)
    send()
    assert not OutboxMail.objects.filter(user=user, kind=kind).exists()
    assert not [m for m in _mails_to(user) if "Brobyg:" in m.subject]
    assert Notice.objects.filter(user=user, kind=kind).count() == 1  # still told on the page


def test_the_daily_digest_collects_the_mails(world, partnership_a):
    c = _client(world["bb"])
    c.post(reverse("core:mail_settings"), {"kinds": ["referral"], "digest": "on"})
    _refer(world, partnership_a)
    _refer(world, partnership_a)
    send()
    assert _mails_to(world["bb"]) == []
    call_command("daily", stdout=open("/dev/null", "w"))
    mails = _mails_to(world["bb"])
    assert len(mails) == 1 and "2 ting venter" in mails[0].subject
    call_command("daily", stdout=open("/dev/null", "w"))
    assert len(_mails_to(world["bb"])) == 1


def _waiting(user, role):
    html = _client(user).get(reverse("core:home")).content.decode()
    block = re.search(rf'<div class="card waiting" data-role="{role}">(.*?)</div>', html, re.S)
    if not block:
        return {}
    return {text.strip(): (int(n), href) for href, n, text in
            re.findall(r'<a href="([^"]+)"><strong class="waiting-n">(\d+)</strong>([^<]+)</a>', block.group(1))}


def test_home_counts_follow_the_steps_that_change_them(world, partnership_a, org_a):
    bb, fac, ac = world["bb"], world["fac"], world["ac"]
    assert _waiting(bb, "bridge_builder") == {}
    referral = _refer(world, partnership_a)
    counts = _waiting(bb, "bridge_builder")
    assert counts["ny henvisning venter på en første opringning"] == (1, reverse("bridging:referrals") + "?status=new")
    assert "status=new" in counts["ny henvisning venter på en første opringning"][1]
    citizen = services.record_consent(Who(bb), referral, {"first_name": "Rosa", "postcode": "8000"},
                                      {"share_with_association": True})
    assert _waiting(bb, "bridge_builder") == {}

    # Follow-ups due today or overdue, after the first visit is recorded (2 days ago: the first one is due).
    journey = citizen.current_journey()
    first = (timezone.localdate() - timezone.timedelta(days=3)).isoformat()
    _client(bb).post(reverse("bridging:journey_first_visit", args=[journey.pk]), {"first_visit": first})
    n, href = _waiting(bb, "bridge_builder")["opfølgning i dag eller overskredet"]
    assert n == 1 and href.endswith("?due=now")
    listed = _client(bb).get(href).content.decode()
    assert len(re.findall(rf'href="{reverse("bridging:follow_ups")}\d+/"', listed)) == 1  # one of the three

    # Newcomers announced, for the association contact, after the choice; gone after withdrawal.
    assert "ny deltager meldt" not in _waiting(ac, "association_contact")
    proposal = bridge.propose(Who(bb), journey, [world["activity"].pk])[0]
    _client(bb).post(reverse("bridging:proposal_choose", args=[proposal.pk]))
    assert _waiting(ac, "association_contact")["ny deltager meldt"][0] == 1
    _client(bb).post(reverse("bridging:consent_withdraw", args=[citizen.pk]), {"reason": "citizen"})
    assert "ny deltager meldt" not in _waiting(ac, "association_contact")

    # Sign-ups to answer, for the facilitator, until somebody records a follow-up.
    trigger_signup(world, partnership_a)
    n, href = _waiting(fac, "facilitator")["frivillig tilmelding at svare på"]
    assert n == 1 and href == reverse("volunteers:due")
    profile = VolunteerProfile.objects.get(email="maja@example.org")
    _client(fac).post(reverse("volunteers:support_add", args=[profile.pk]),
                      {"date": timezone.localdate().isoformat(), "kind": "follow_up", "note": "Ringet op"})
    assert "frivillig tilmelding at svare på" not in _waiting(fac, "facilitator")

    # Network-survey answers missing, while a round is open.
    from brobyg.evaluation import services as evaluation_services
    from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Sector

    for i in range(2):
        org = Organisation.objects.create(name=f"Aktør {i}", sector=Sector.PUBLIC, email=f"a{i}@example.org")
        PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=org)
    rnd, _tokens = evaluation_services.start_round(None, partnership_a, "Runde", days=30)
    missing = rnd.invitations.count()
    assert _waiting(fac, "facilitator")["svar på netværksundersøgelsen mangler"][0] == missing
    rnd.invitations.filter(pk=rnd.invitations.first().pk).update(answered_at=timezone.now())
    assert _waiting(fac, "facilitator")["svar på netværksundersøgelsen mangler"][0] == missing - 1
