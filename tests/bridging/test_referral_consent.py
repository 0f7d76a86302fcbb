"""Referral → consent → citizen record, through the screens; the refusals of every role."""
import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.bridging.models import Citizen, Journey, Referral, Stage
from brobyg.core.publicforms import stamp

pytestmark = pytest.mark.django_db


def test_referrer_refers_and_bridge_builder_records_consent(client_for, people, partnership_a, org_a):
    referrer = client_for(people["ref"])
    response = referrer.post(reverse("bridging:referral_new"), {
        "contact_name": "Rosa", "contact_phone": "12345678", "source": "municipality", "department": "Jobcenter",
        "reasons": ["loneliness", "health"], "wants_help_with": "Meet people", "recruitment_owner": "municipality",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.referred_by == people["ref"] and referral.reasons == "loneliness,health"
    assert not Citizen.objects.exists(), "no citizen record before consent"

    bb = client_for(people["bb"])
    response = bb.post(reverse("bridging:referral_consent", args=[referral.pk]), {
        "c-first_name": "Rosa", "c-last_name": "Jensen", "c-phone": "12345678", "c-postcode": "8000",
        "c-birth_year": "1970", "k-method": "phone", "k-share_with_companion": "on", "k-confirm": "on",
        "k-contact_for_follow_up": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    citizen = Citizen.objects.get()
    journey = Journey.objects.get(citizen=citizen)
    assert journey.stage == Stage.KENDSKAB and journey.transitions.get().by == people["bb"]
    consent = citizen.active_consent()
    assert consent.share_with_companion and not consent.share_with_association
    referral.refresh_from_db()
    assert referral.status == "consented" and referral.citizen == citizen
    # The referrer follows their referral's stage but not the record.
    page = referrer.get(reverse("bridging:referral", args=[referral.pk]))
    assert page.status_code == 200 and "kendskab" in page.content.decode().lower()
    assert referrer.get(reverse("bridging:citizen", args=[citizen.pk])).status_code == 403


def test_consent_form_shows_clear_errors_and_changes_nothing(client_for, people, partnership_a):
    referral = Referral.objects.create(partnership=partnership_a, contact_name="Rosa", contact_phone="1")
    response = client_for(people["bb"]).post(reverse("bridging:referral_consent", args=[referral.pk]), {
        "c-first_name": "", "c-birth_year": "1700", "k-method": "phone"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "errorlist" in body
    assert not Citizen.objects.exists()


def test_child_needs_guardian_consent(client_for, people, partnership_a):
    referral = Referral.objects.create(partnership=partnership_a, contact_name="Lille", contact_phone="1",
                                       is_minor=True, guardian_name="Mor")
    data = {"c-first_name": "Lille", "c-birth_year": "2016", "c-guardian_name": "Mor", "k-method": "phone",
            "k-confirm": "on"}
    response = client_for(people["bb"]).post(reverse("bridging:referral_consent", args=[referral.pk]), data)
    assert response.status_code == 200 and not Citizen.objects.exists()
    data["k-given_by_guardian"] = "on"
    response = client_for(people["bb"]).post(reverse("bridging:referral_consent", args=[referral.pk]), data)
    assert response.status_code == 302 and Citizen.objects.get().is_minor


def test_public_self_referral_stores_only_the_referral(client, partnership_a):
    response = client.get(reverse("bridging:ask"))
    assert response.status_code == 200
    response = client.post(reverse("bridging:ask"), {"partnership": partnership_a.pk, "contact_name": "Ole",
                                                      "contact_phone": "", "contact_email": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Referral.objects.exists()
    response = client.post(reverse("bridging:ask"), {"partnership": partnership_a.pk, "contact_name": "Ole",
                                                      "contact_phone": "22334455", "agree": "on",
                                                      "started": stamp("ask", seconds_ago=30)})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == "self" and referral.referred_by is None and referral.citizen is None
    assert not Citizen.objects.exists()


def test_decline_deletes_contact_details(client_for, people, partnership_a):
    referral = Referral.objects.create(partnership=partnership_a, contact_name="Ole", contact_phone="22334455",
                                       wants_help_with="Walks")
    response = client_for(people["bb"]).post(reverse("bridging:referral_decline", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.contact_name == referral.contact_phone == referral.wants_help_with == ""


def test_referrers_see_only_their_own_referrals(client_for, people, partnership_a):
    mine = Referral.objects.create(partnership=partnership_a, contact_name="Mine", contact_phone="1",
                                   referred_by=people["ref"])
    theirs = Referral.objects.create(partnership=partnership_a, contact_name="Theirs", contact_phone="1",
                                     referred_by=people["ref2"])
    c = client_for(people["ref"])
    body = c.get(reverse("bridging:referrals")).content.decode()
    assert "Mine" in body and "Theirs" not in body
    assert c.get(reverse("bridging:referral", args=[mine.pk])).status_code == 200
    assert c.get(reverse("bridging:referral", args=[theirs.pk])).status_code == 404
    assert c.get(reverse("bridging:referral_consent", args=[mine.pk])).status_code == 403
    # the bridge-builder sees both
    body = client_for(people["bb"]).get(reverse("bridging:referrals")).content.decode()
    assert "Mine" in body and "Theirs" in body


@pytest.mark.parametrize("who,expected", [("bb", 200), ("fac", 200), ("ref", 403), ("ac", 403), ("vol", 403),
                                          ("ev", 403), ("bb_b", 404)])
def test_citizen_record_refusals(client_for, people, make_citizen, who, expected):
    citizen = make_citizen()
    c = client_for(people[who])
    for name in ("bridging:citizen", "bridging:citizen_edit", "bridging:citizen_export", "bridging:citizen_erase",
                 "bridging:conversation", "bridging:consent_new"):
        assert c.get(reverse(name, args=[citizen.pk])).status_code == expected, name
    for name in ("bridging:consent_withdraw", "bridging:citizen_roles"):
        assert c.post(reverse(name, args=[citizen.pk])).status_code == (302 if expected == 200 else expected), name


def test_anonymous_is_sent_to_login(client, make_citizen):
    citizen = make_citizen()
    for url in (reverse("bridging:citizen", args=[citizen.pk]), reverse("bridging:citizens"),
                reverse("bridging:referrals"), reverse("bridging:board")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url


def test_other_partnership_lists_are_empty(client_for, people, make_citizen):
    make_citizen("Rosa")
    c = client_for(people["bb_b"])
    for name in ("bridging:citizens", "bridging:board", "bridging:referrals", "bridging:follow_ups"):
        response = c.get(reverse(name))
        assert response.status_code == 200 and "Rosa" not in response.content.decode(), name


def test_every_read_is_audited_without_personal_data(client_for, people, make_citizen):
    citizen = make_citizen("Rosa")
    client_for(people["bb"]).get(reverse("bridging:citizen", args=[citizen.pk]))
    entry = AuditEntry.objects.filter(action="citizen.view", object_id=str(citizen.pk)).get()
    assert entry.actor == people["bb"] and entry.partnership_id == citizen.partnership_id
    for e in AuditEntry.objects.all():
        assert "Rosa" not in e.detail and "Testesen" not in e.detail


def test_withdrawal_stops_sharing_at_once(client_for, people, make_citizen):
    from brobyg.bridging.services import sharing

    citizen = make_citizen()
    assert sharing(citizen)["companion"] and sharing(citizen)["association"]
    client_for(people["bb"]).post(reverse("bridging:consent_withdraw", args=[citizen.pk]))
    assert sharing(citizen) == {"association": False, "companion": False, "outcomes": False, "any": False}
    # a new consent can be given later, with other scopes
    response = client_for(people["bb"]).post(reverse("bridging:consent_new", args=[citizen.pk]), {
        "method": "phone", "share_with_association": "on", "confirm": "on"})
    assert response.status_code == 302
    assert sharing(citizen)["association"] and not sharing(citizen)["companion"]
