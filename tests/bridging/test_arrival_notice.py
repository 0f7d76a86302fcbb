"""Issue: the arrival notice (000 §7.3) is e-mailed to the association contacts of the activity's organisation —
once per notice, without anything about the person, only while consent allows sharing with the association — and
`brobyg notify-arrivals` (part of `brobyg daily`) tells what could not be told at once; the e-mails go through the
outbox (`brobyg send-mail`, also part of `brobyg daily`), so the choice never waits on a mail server."""
import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.bridging import bridge, services
from brobyg.bridging.models import Arrival, Proposal
from brobyg.directory import geo
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Role
from brobyg.volunteers.models import Status, VolunteerProfile

from .conftest import Who

pytestmark = pytest.mark.django_db

SECRETS = ("Rosa", "Testesen", "12345678", "Likes a quiet hello", "Needs a chair", "loneliness", "1970")


@pytest.fixture
def walk(org_a, partnership_a):
    place = geo.lookup_postcode("8000")
    return Activity.objects.create(title="Gåtur og kaffe", search_text="gåtur kaffe natur", open_places=5,
                                   organisation=org_a, partnership=partnership_a, status="published",
                                   latitude=place.latitude, longitude=place.longitude, weekday_mask=2,
                                   daypart_mask=4)


@pytest.fixture
def contacts(people, make_user, partnership_a, partnership_b, org_a, org_b):
    people["ac"].email = "kontakt@forening-a.example"
    people["ac"].save()
    make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="ac_a2", email="formand@forening-a.example")
    make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="ac_nomail")  # no address: skipped
    make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="ac_gone", email="gone@forening-a.example",
              is_active=False)
    make_user(Role.ASSOCIATION_CONTACT, partnership_b, org_b, username="ac_b", email="kontakt@forening-b.example")
    return {"kontakt@forening-a.example", "formand@forening-a.example"}


@pytest.fixture
def citizen(make_citizen):
    c = make_citizen("Rosa")
    c.interests = "gåture, natur"
    c.save()
    return c


@pytest.fixture(autouse=True)
def no_referral_mails(people):
    """The bridge-builder's own referral e-mails are tested in tests/core/test_mail.py."""
    from brobyg.core.models import MailPreference

    MailPreference.objects.create(user=people["bb"], off="referral")


def send():
    call_command("send-mail", stdout=open("/dev/null", "w"))


def _propose(people, citizen, activity):
    return bridge.propose(Who(people["bb"]), citizen.current_journey(), [activity.pk])[0]


def test_choosing_over_http_mails_the_association_contacts_once_without_personal_data(
        client_for, people, citizen, walk, contacts, django_capture_on_commit_callbacks, settings):
    settings.BROBYG_BASE_URL = "https://brobyg.example.dk/"
    settings.DEFAULT_FROM_EMAIL = "brobyg@frivilligcenter.example"
    proposal = _propose(people, citizen, walk)
    bb = client_for(people["bb"])
    with django_capture_on_commit_callbacks(execute=True):
        response = bb.post(reverse("bridging:proposal_choose", args=[proposal.pk]), {"expected": "2030-03-05T18:00"})
    assert response.status_code == 302
    assert mail.outbox == []  # the request only wrote the outbox
    send()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(contacts)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)  # nobody sees the others' address
    message = mail.outbox[0]
    assert message.from_email == "brobyg@frivilligcenter.example"
    # Danish (the site language), the activity, the date, the newcomers page — and nothing about the person.
    assert "Gåtur og kaffe" in message.subject and "ny" in message.subject.lower()
    assert "den 5. marts 2030 kl. 18:00" in message.body
    assert "https://brobyg.example.dk" + reverse("bridging:newcomers") in message.body
    for text in SECRETS:
        assert text not in message.subject and text not in message.body, text
    arrival = Arrival.objects.get()
    assert arrival.notified_at is not None
    entry = AuditEntry.objects.get(action="arrival.notify")
    assert entry.object_id == str(arrival.pk) and entry.actor == people["bb"] and entry.detail == "2 recipient(s)"
    assert not any(text in entry.detail for text in SECRETS)

    # Once per notice: saving the same choice again, the function and the daily job send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        bb.post(reverse("bridging:proposal_choose", args=[proposal.pk]), {"expected": "2030-03-05T18:00"})
    assert bridge.notify_arrival(arrival.pk) == 0
    call_command("notify-arrivals", stdout=open("/dev/null", "w"))
    send()
    assert len(mail.outbox) == 2 and AuditEntry.objects.filter(action="arrival.notify").count() == 1

    # Another date is another notice.
    with django_capture_on_commit_callbacks(execute=True):
        bb.post(reverse("bridging:proposal_choose", args=[proposal.pk]), {"expected": "2030-03-12T18:00"})
    send()
    assert len(mail.outbox) == 4 and "12. marts 2030" in mail.outbox[-1].body


def test_the_mail_says_whether_a_companion_comes_along_and_when_no_date_is_agreed(people, citizen, walk, contacts):
    place = geo.lookup_postcode("8000")
    companion = VolunteerProfile.objects.create(partnership=citizen.partnership, user=people["vol"],
                                                first_name="Kaj", consent_given=True, status=Status.ACTIVE,
                                                wants_companion=True, latitude=place.latitude,
                                                longitude=place.longitude, max_companion_load=2)
    arrival = bridge.choose(Who(people["bb"]), _propose(people, citizen, walk))
    _subject, body = bridge.arrival_message(arrival)
    assert "ikke aftalt" in body and "følgeven" not in body
    from brobyg.bridging.models import Companionship

    Companionship.objects.create(journey=arrival.journey, profile=companion)
    _subject, body = bridge.arrival_message(arrival)
    assert "følgeven" in body and "Kaj" not in body
    subject, body = bridge.arrival_message(arrival, "en")
    assert subject == "Brobyg: a newcomer is coming to Gåtur og kaffe" and "companion" in body


def test_no_mail_without_consent_to_share_with_the_association_until_it_is_given(people, make_citizen, walk,
                                                                                contacts):
    citizen = make_citizen("Sofus", share_with_association=False)
    citizen.interests = "gåture"
    citizen.save()
    expected = timezone.now() + dt.timedelta(days=3)
    arrival = bridge.choose(Who(people["bb"]), _propose(people, citizen, walk), expected)
    assert bridge.notify_arrival(arrival.pk) == 0
    call_command("notify-arrivals", stdout=open("/dev/null", "w"))
    assert mail.outbox == [] and Arrival.objects.get().notified_at is None
    services.renew_consent(Who(people["bb"]), citizen, {"share_with_association": True})
    call_command("daily", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2 and Arrival.objects.get().notified_at is not None
    assert AuditEntry.objects.get(action="arrival.notify").actor is None  # the scheduled job


def test_a_failed_send_is_tried_again_by_the_daily_job_and_old_or_ended_notices_are_left(people, citizen, walk,
                                                                                        contacts):
    from brobyg.core.models import OutboxMail

    arrival = bridge.choose(Who(people["bb"]), _propose(people, citizen, walk),
                            timezone.now() + dt.timedelta(days=2))
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        send()
    assert mail.outbox == [] and set(OutboxMail.objects.values_list("last_error", flat=True)) == {"OSError"}
    OutboxMail.objects.update(next_try=timezone.now())  # the retry is due
    call_command("daily", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2
    send()
    assert len(mail.outbox) == 2  # sent once
    # A notice whose date has passed, or whose journey ended, is not sent late.
    Arrival.objects.update(notified_at=None, expected=timezone.now() - dt.timedelta(days=1))
    assert not bridge.pending_arrival_notices().exists()
    Arrival.objects.update(expected=timezone.now() + dt.timedelta(days=1))
    services.move(Who(people["bb"]), arrival.journey, "ended", reason="moved")
    assert not bridge.pending_arrival_notices().exists() and bridge.notify_arrival(arrival.pk) == 0
    send()
    assert len(mail.outbox) == 2


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_a_rolled_back_choice_sends_nothing(people, citizen, walk, contacts, django_capture_on_commit_callbacks):
    from django.db import transaction

    proposal = _propose(people, citizen, walk)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                bridge.choose(Who(people["bb"]), proposal)
                raise RuntimeError("the request failed later")
    assert mail.outbox == [] and not Arrival.objects.exists()
    assert Proposal.objects.get().status == "proposed"
