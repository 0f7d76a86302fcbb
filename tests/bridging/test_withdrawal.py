"""Consent means what it says: no sharing box is ticked in advance; withdrawal ends the companionship and the arrival
with a notice to the companion and the activity's receivers (no personal data), gives the place back, records the
reason, and offers erasure or the minimal record."""
import re

import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.bridging import bridge, services
from brobyg.bridging.models import Arrival, Companionship, Consent, Conversation, Stage
from brobyg.core.models import Notice, OutboxMail
from brobyg.directory import geo
from brobyg.directory.models import Activity
from brobyg.volunteers.models import Status, VolunteerProfile

from .conftest import Who

pytestmark = pytest.mark.django_db
SHARING = ("share_with_association", "share_with_companion", "outcome_measures", "contact_for_follow_up")
PERSONAL = ("Rosa", "Testesen", "12345678", "Likes a quiet hello", "Needs a chair")


def _checked(html, name):
    tag = re.search(rf'<input[^>]*name="(?:k-)?{name}"[^>]*>', html)
    assert tag, name
    return "checked" in tag.group(0)


def test_every_sharing_box_starts_empty(client_for, people, partnership_a, make_citizen):
    referral = services.create_referral(Who(people["ref"]), partnership_a, {"contact_name": "Ole"})
    bb = client_for(people["bb"])
    for url in (reverse("bridging:referral_consent", args=[referral.pk]),
                reverse("bridging:consent_new", args=[make_citizen("Rosa").pk])):
        html = bb.get(url).content.decode()
        assert [n for n in SHARING if _checked(html, n)] == [], url


@pytest.fixture
def world(people, make_citizen, org_a, partnership_a):
    place = geo.lookup_postcode("8000")
    activity = Activity.objects.create(organisation=org_a, partnership=partnership_a, status="published",
                                       title="Gåtur og kaffe", latitude=place.latitude, longitude=place.longitude,
                                       open_places=3, companion_welcome=True)
    people["ac"].email = "ac@example.org"
    people["ac"].save()
    people["vol"].email = "kaj@example.org"
    people["vol"].save()
    companion = VolunteerProfile.objects.create(partnership=partnership_a, user=people["vol"], first_name="Kaj",
                                                consent_given=True, status=Status.ACTIVE, wants_companion=True,
                                                latitude=place.latitude, longitude=place.longitude)
    citizen = make_citizen("Rosa")
    journey = citizen.current_journey()
    Conversation.objects.create(citizen=citizen, guide=services.current_guide(partnership_a), notes="Mor døde i maj")
    proposal = bridge.propose(Who(people["bb"]), journey, [activity.pk])[0]
    import datetime as dt

    from django.utils import timezone

    bridge.choose(Who(people["bb"]), proposal, timezone.now() + dt.timedelta(days=3))
    bridge.assign_companion(Who(people["bb"]), journey, companion)
    return {"activity": activity, "citizen": citizen, "companion": companion}


def test_withdrawal_ends_the_arrangements_and_tells_the_companion_and_the_host(client_for, people, world):
    citizen, activity = world["citizen"], world["activity"]
    activity.refresh_from_db()
    assert activity.open_places == 2
    bb, vol, ac = client_for(people["bb"]), client_for(people["vol"]), client_for(people["ac"])
    url = reverse("bridging:consent_withdraw", args=[citizen.pk])
    response = bb.post(url, {"reason": "citizen"}, follow=True)
    assert citizen.active_consent() is None
    assert Consent.objects.get(citizen=citizen).withdrawn_reason == "citizen"
    assert AuditEntry.objects.filter(action="consent.withdraw", detail="citizen").exists()
    assert not Companionship.objects.get().active
    assert not Arrival.objects.filter(journey__citizen=citizen).exists()
    activity.refresh_from_db()
    assert activity.open_places == 3  # the place is given back
    page = response.content.decode()
    assert 'id="withdrawn"' in page and "Slet oplysningerne" in page and "Behold kun det mindst mulige" in page

    # The companion sees the notice on her own page, and the meeting is gone; the receiver is told too.
    html = vol.get(reverse("bridging:accompany")).content.decode()
    assert "et følgeskab er slut" in html and "Rosa" not in html
    assert "kommer ikke alligevel" in ac.get(reverse("core:home")).content.decode()
    mails = OutboxMail.objects.filter(kind="ended").order_by("to")
    assert sorted(m.to for m in mails) == ["ac@example.org", "kaj@example.org"]
    for m in mails:
        assert "Gåtur og kaffe" in m.body
        for secret in PERSONAL:
            assert secret not in m.subject and secret not in m.body, secret
    for n in Notice.objects.filter(kind="ended"):
        assert not any(secret in n.text for secret in PERSONAL)
    # Withdrawing twice tells nobody twice.
    services.withdraw_consent(Who(people["bb"]), citizen, "citizen")
    assert OutboxMail.objects.filter(kind="ended").count() == 2 and Notice.objects.filter(kind="ended").count() == 2


def test_the_minimal_record_keeps_only_the_dates_and_the_first_name(client_for, people, world):
    citizen = world["citizen"]
    bb = client_for(people["bb"])
    minimise = reverse("bridging:citizen_minimise", args=[citizen.pk])
    bb.post(minimise)  # consent still active: refused
    citizen.refresh_from_db()
    assert citizen.minimised_at is None and citizen.welcome_needs
    bb.post(reverse("bridging:consent_withdraw", args=[citizen.pk]))  # withdrawal never waits for a reason
    bb.post(minimise)
    citizen.refresh_from_db()
    assert citizen.minimised_at and citizen.first_name == "Rosa"
    assert (citizen.last_name, citizen.phone, citizen.welcome_needs, citizen.inclusion_needs) == ("", "", "", "")
    assert not citizen.conversations.exists()
    assert citizen.current_journey().stage == Stage.ENDED
    consent = citizen.consents.get()
    assert consent.given_at and consent.withdrawn_at  # what was agreed and when it stopped
    html = bb.get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert "Kun det mindst mulige er gemt" in html and 'id="withdrawn"' not in html
