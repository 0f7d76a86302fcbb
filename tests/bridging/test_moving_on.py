"""'Ready to move on?' at the last follow-up (000 §7.4.4–7.4.5, issue 20): asked at the 3-month follow-up only,
the answer kept as a participation record the bridge-builder sees on the citizen's page."""
import pytest
from django.urls import reverse

from brobyg.bridging.models import FollowUp, Participation

pytestmark = pytest.mark.django_db


def test_ready_to_move_on_asked_at_three_months(client_for, people, make_citizen):
    citizen = make_citizen()
    journey = citizen.journeys.get()
    bb = client_for(people["bb"])
    bb.post(reverse("bridging:journey_first_visit", args=[journey.pk]), {"first_visit": "2024-03-01"})
    follow_ups = list(FollowUp.objects.filter(journey=journey).order_by("due"))
    assert len(follow_ups) == 3
    first, last = follow_ups[0], follow_ups[-1]
    page = bb.get(reverse("bridging:follow_up_done", args=[first.pk])).content.decode()
    assert "ready_to_move_on" not in page
    page = bb.get(reverse("bridging:follow_up_done", args=[last.pk])).content.decode()
    assert 'name="ready_to_move_on"' in page and "Klar til at komme videre?" in page
    assert 'data-advice="bridge.moving_on"' in page
    response = bb.post(reverse("bridging:follow_up_done", args=[last.pk]),
                       {"note": "Vil gerne prøve noget nyt", "next_stage": "", "ready_to_move_on": "yes"})
    assert response.status_code == 302
    participation = Participation.objects.get(journey=journey)
    assert participation.wants_change and participation.still_coming
    assert "Klar til at komme videre" in participation.note
    detail = bb.get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert "vil gerne have en forandring" in detail


def test_not_asked_records_nothing(client_for, people, make_citizen):
    citizen = make_citizen()
    journey = citizen.journeys.get()
    bb = client_for(people["bb"])
    bb.post(reverse("bridging:journey_first_visit", args=[journey.pk]), {"first_visit": "2024-03-01"})
    last = FollowUp.objects.filter(journey=journey).order_by("due").last()
    bb.post(reverse("bridging:follow_up_done", args=[last.pk]), {"note": "", "next_stage": "", "ready_to_move_on": ""})
    assert FollowUp.objects.get(pk=last.pk).done_at is not None
    assert not Participation.objects.filter(journey=journey).exists()


def test_referral_starts_from_who_recruits_in_the_agreement(client_for, people, partnership_a):
    from brobyg.partnerships.models import AgreementVersion

    ref = client_for(people["ref"])
    page = ref.get(reverse("bridging:referral_new")).content.decode()
    assert "Samarbejdsaftalen siger" not in page
    AgreementVersion.objects.create(partnership=partnership_a, number=1, purpose="x", recruitment_owner="association",
                                    recruitment_reason="Foreningen kender de unge fra klubben.")
    page = ref.get(reverse("bridging:referral_new")).content.decode()
    assert "Samarbejdsaftalen siger: Foreningen. Foreningen kender de unge fra klubben." in page
    assert '<option value="association" selected>' in page
