"""The closed loop for the referrer (received → consent → conversation → community → ended with reason, without the
record, told when it closes); follow-ups added by hand; the companion's meeting time and place kept on the
volunteer's page and as a timed event in the calendar feed."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from brobyg.bridging import bridge, services
from brobyg.bridging.models import Conversation, FollowUp
from brobyg.core.models import Notice, OutboxMail
from brobyg.directory import geo
from brobyg.directory.models import Activity
from brobyg.volunteers.models import Status, VolunteerProfile

from .conftest import Who

pytestmark = pytest.mark.django_db


def test_the_referrer_sees_what_came_of_the_referral_and_is_told_when_it_closes(client_for, people, make_citizen):
    people["ref"].email = "ref@example.org"
    people["ref"].save()
    citizen = make_citizen("Rosa")
    referral = citizen.referrals.get()
    ref, bb = client_for(people["ref"]), client_for(people["bb"])

    def outcome():
        return ref.get(reverse("bridging:referral", args=[referral.pk])).content.decode()

    html = outcome()
    assert "Modtaget" in html and "Samtykke givet" in html and "Samtale holdt" not in html
    Conversation.objects.create(citizen=citizen, guide=services.current_guide(citizen.partnership))
    assert "Samtale holdt" in outcome()
    move = reverse("bridging:journey_move", args=[citizen.current_journey().pk])
    bb.post(move, {"to_stage": "vaertsskab"})
    bb.post(move, {"to_stage": "faellesskab"})
    assert "Fællesskab fundet" in outcome()
    assert not Notice.objects.filter(user=people["ref"]).exists()
    bb.post(move, {"to_stage": "ended", "reason": "found_community"})
    html = outcome()
    assert "Afsluttet: Har fundet et fællesskab" in html
    for secret in ("Testesen", "Likes a quiet hello", "Needs a chair"):
        assert secret not in html
    assert ref.get(reverse("bridging:citizen", args=[citizen.pk])).status_code == 403
    # The list says it too, and the referrer is told, without anything from the record.
    assert "Afsluttet: Har fundet et fællesskab" in ref.get(reverse("bridging:referrals")).content.decode()
    notice = Notice.objects.get(user=people["ref"], kind="closed")
    mail = OutboxMail.objects.get(user=people["ref"], kind="closed")
    assert "Har fundet et fællesskab" in mail.body and "Rosa" not in mail.body + notice.text
    assert "en henvisning, du har lavet, er afsluttet" in ref.get(reverse("core:home")).content.decode()


def test_a_follow_up_can_be_added_by_hand(client_for, people, make_citizen):
    citizen = make_citizen("Rosa")
    journey = citizen.current_journey()
    bb = client_for(people["bb"])
    url = reverse("bridging:follow_up_add", args=[journey.pk])
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    bb.post(url, {"due": due, "label": ""})
    assert not FollowUp.objects.exists()  # what it is about is needed: nothing saved
    bb.post(url, {"due": due, "label": "Ring om koret"})
    follow_up = FollowUp.objects.get()
    assert (follow_up.label, follow_up.due.isoformat(), follow_up.assigned_to) == ("Ring om koret", due, people["bb"])
    assert "Ring om koret" in bb.get(reverse("bridging:follow_ups")).content.decode()
    assert client_for(people["bb_b"]).post(url, {"due": due, "label": "x"}).status_code == 404


def test_the_companions_meeting_time_and_place_are_kept(client_for, people, make_citizen, org_a, partnership_a):
    place = geo.lookup_postcode("8000")
    activity = Activity.objects.create(organisation=org_a, partnership=partnership_a, status="published",
                                       title="Gåtur og kaffe", latitude=place.latitude, longitude=place.longitude,
                                       meeting_place="Ved trappen", address="Parkvej 1")
    profile = VolunteerProfile.objects.create(partnership=partnership_a, user=people["vol"], first_name="Kaj",
                                              consent_given=True, status=Status.ACTIVE, wants_companion=True)
    citizen = make_citizen("Rosa")
    journey = citizen.current_journey()
    meeting = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=5),
                                                      dt.time(18, 30)))
    bridge.choose(Who(people["bb"]), bridge.propose(Who(people["bb"]), journey, [activity.pk])[0], meeting)
    bridge.assign_companion(Who(people["bb"]), journey, profile)
    vol = client_for(people["vol"])
    page = vol.get(reverse("volunteers:me")).content.decode()
    assert "18:30" in page and "Ved trappen" in page
    ics = vol.get(reverse("volunteers:me_calendar")).content.decode()
    event = ics[ics.index("BEGIN:VEVENT"):ics.index("END:VEVENT")]
    assert f"DTSTART;TZID=Europe/Copenhagen:{meeting:%Y%m%d}T183000" in event
    assert "DTEND;TZID=Europe/Copenhagen:" in event and "T193000" in event
    assert "Ved trappen" in event
