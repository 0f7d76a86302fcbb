"""Conversation guide, journey transitions, follow-ups and reminders, roles, outcomes, export, erasure, review."""
import datetime as dt
import json

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.bridging import services
from brobyg.bridging.models import (
    Citizen, Conversation, ErasedJourney, FollowUp, Guide, Journey, Referral, Stage, Transition,
)

from .conftest import Who

pytestmark = pytest.mark.django_db


def test_conversation_fills_wishes_and_keeps_its_guide_version(client_for, people, make_citizen):
    citizen = make_citizen()
    c = client_for(people["bb"])
    guide = services.current_guide(citizen.partnership)
    q = {x.key: x for x in guide.questions.all() if x.key}
    data = {f"q{q['interests'].pk}": "gardening, walks", f"q{q['travel_km'].pk}": "3",
            f"q{q['days'].pk}": ["1", "3"], f"q{q['community_kind'].pk}": "ordinary",
            f"q{q['barriers'].pk}": ["economy", "transport"], f"q{q['support'].pk}": ["companion"],
            f"q{q['max_price'].pk}": "50", f"q{q['welcome_needs'].pk}": "A quiet hello", "notes": "Good talk"}
    response = c.post(reverse("bridging:conversation", args=[citizen.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    citizen.refresh_from_db()
    assert citizen.interests == "gardening, walks" and citizen.travel_km == 3 and citizen.days == "1,3"
    assert citizen.barrier_list() == ["economy", "transport"] and citizen.max_price == 50
    assert citizen.community_kind == "ordinary" and citizen.support_list() == ["companion"]
    conversation = Conversation.objects.get()
    assert conversation.guide == guide

    # A facilitator adapts the guide: a new version; the old conversation keeps its version and answers.
    f = client_for(people["fac"])
    page = f.get(reverse("bridging:guide_edit"))
    assert page.status_code == 200
    formset_initial = page.context["formset"].initial
    post = {"name": "Vores guide", "intro": "", "q-TOTAL_FORMS": str(len(formset_initial)),
            "q-INITIAL_FORMS": str(len(formset_initial)), "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "60"}
    for i, row in enumerate(formset_initial):
        for key, value in row.items():
            post[f"q-{i}-{key}"] = value
    post["q-0-text"] = "What makes you happy?"
    post["q-1-delete"] = "on"
    response = f.post(reverse("bridging:guide_edit"), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    new = services.current_guide(citizen.partnership)
    assert new.pk != guide.pk and new.version == 2 and new.partnership == citizen.partnership
    assert new.questions.count() == guide.questions.count() - 1
    assert new.questions.first().text == "What makes you happy?"
    conversation.refresh_from_db()
    assert conversation.guide == guide and conversation.answers.count() == guide.questions.count()
    # the printable guide
    assert "What makes you happy?" in c.get(reverse("bridging:guide")).content.decode()
    # a bridge-builder cannot edit the guide
    assert c.get(reverse("bridging:guide_edit")).status_code == 403


def test_default_guide_covers_the_barriers_with_citations():
    guide = services.current_guide(None)
    text = " ".join(f"{q.text} {q.help} {q.choices} {q.source}" for q in guide.questions.all())
    for barrier in ("transport", "economy", "physical", "mental", "language", "no_experience", "motivation"):
        assert barrier in text
    assert "000 §7.6" in text and "000 §7.1.3" in text


def test_transitions_are_dated_attributed_and_go_both_ways(people, make_citizen):
    citizen = make_citizen()
    journey = citizen.current_journey()
    who = Who(people["bb"])
    services.move(who, journey, Stage.FOLGESKAB)
    services.move(who, journey, Stage.PAUSED, note="needs a break")
    services.move(who, journey, Stage.FOLGESKAB)  # back without penalty
    with pytest.raises(services.BridgeError):
        services.move(who, journey, Stage.ENDED)  # ending needs a reason
    services.move(who, journey, Stage.ENDED, reason="found_community")
    journey.refresh_from_db()
    assert journey.stage == Stage.ENDED and journey.end_reason == "found_community"
    steps = list(Transition.objects.filter(journey=journey).values_list("from_stage", "to_stage"))
    assert steps == [("", "kendskab"), ("kendskab", "folgeskab"), ("folgeskab", "paused"),
                     ("paused", "folgeskab"), ("folgeskab", "ended")]
    assert all(t.by == people["bb"] and t.at for t in Transition.objects.filter(journey=journey)[1:])


def test_move_through_the_screen_refuses_bad_input(client_for, people, make_citizen):
    citizen = make_citizen()
    journey = citizen.current_journey()
    c = client_for(people["bb"])
    c.post(reverse("bridging:journey_move", args=[journey.pk]), {"to_stage": "ended"})
    journey.refresh_from_db()
    assert journey.stage == Stage.KENDSKAB
    c.post(reverse("bridging:journey_move", args=[journey.pk]), {"to_stage": "nonsense"})
    journey.refresh_from_db()
    assert journey.stage == Stage.KENDSKAB
    assert client_for(people["bb_b"]).post(reverse("bridging:journey_move", args=[journey.pk]),
                                           {"to_stage": "paused"}).status_code == 404
    assert client_for(people["ref"]).post(reverse("bridging:journey_move", args=[journey.pk]),
                                          {"to_stage": "paused"}).status_code == 403


def test_board_shows_longest_waiting_first(client_for, people, make_citizen):
    a = make_citizen("Anna")
    b = make_citizen("Bent")
    Journey.objects.filter(citizen=b).update(stage_since=timezone.now() - dt.timedelta(days=40))
    body = client_for(people["bb"]).get(reverse("bridging:board")).content.decode()
    assert body.index("Bent") < body.index("Anna")
    mine = client_for(people["fac"]).get(reverse("bridging:board") + "?mine=1").content.decode()
    assert "Anna" not in mine  # the facilitator is not their bridge-builder
    assert a.pk


def test_follow_ups_are_scheduled_overdue_and_reminded(client_for, people, make_citizen, settings):
    settings.BROBYG_FOLLOWUP_DAYS = "2,14,90"
    citizen = make_citizen("Rosa")
    journey = citizen.current_journey()
    c = client_for(people["bb"])
    first_visit = timezone.localdate() - dt.timedelta(days=20)
    c.post(reverse("bridging:journey_first_visit", args=[journey.pk]), {"first_visit": first_visit.isoformat()})
    due = list(FollowUp.objects.filter(journey=journey).values_list("due", flat=True))
    assert due == [first_visit + dt.timedelta(days=d) for d in (2, 14, 90)]
    body = c.get(reverse("bridging:follow_ups")).content.decode()
    assert body.count("badge-danger") == 2  # two overdue, highlighted
    call_command("remind-followups", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bb@example.org"] and "2" in message.subject
    assert "Rosa" not in message.body and "Testesen" not in message.body
    call_command("remind-followups", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1, "not reminded twice the same day"
    # doing a follow-up moves the journey on into fællesskab
    follow_up = FollowUp.objects.filter(journey=journey).first()
    services.move(Who(people["bb"]), journey, Stage.VAERTSSKAB)
    response = c.post(reverse("bridging:follow_up_done", args=[follow_up.pk]),
                      {"note": "Still coming, loves it", "next_stage": "faellesskab"})
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.stage == Stage.FAELLESSKAB
    assert client_for(people["bb_b"]).get(reverse("bridging:follow_up_done", args=[follow_up.pk])).status_code == 404


def test_roles_change_both_ways(client_for, people, make_citizen):
    citizen = make_citizen()
    c = client_for(people["bb"])
    c.post(reverse("bridging:citizen_roles", args=[citizen.pk]), {"roles": ["deltager", "frivillig"]})
    c.post(reverse("bridging:citizen_roles", args=[citizen.pk]), {"roles": ["bruger"], "note": "hard period"})
    citizen.refresh_from_db()
    assert citizen.roles == "bruger"
    changes = list(citizen.role_changes.values_list("from_roles", "to_roles"))
    assert changes == [("deltager", "deltager,frivillig"), ("deltager,frivillig", "bruger")]


def test_outcomes_need_consent(client_for, people, make_citizen):
    citizen = make_citizen(outcome_measures=False)
    c = client_for(people["bb"])
    assert c.post(reverse("bridging:outcome_new", args=[citizen.pk]), {"ucla_1": "3"}).status_code == 302
    assert not citizen.outcomes.exists()
    other = make_citizen("Outi")
    response = c.post(reverse("bridging:outcome_new", args=[other.pk]), {
        "occasion": "start", "ucla_1": "3", "ucla_2": "2", "ucla_3": "3", "who5_1": "2", "who5_2": "2",
        "who5_3": "1", "who5_4": "3", "who5_5": "2", "own_words": "Lonely evenings"})
    assert response.status_code == 302
    outcome = other.outcomes.get()
    assert outcome.ucla_score == 8 and outcome.who5_score == 40
    assert c.post(reverse("bridging:outcome_new", args=[other.pk]), {"ucla_1": "9"}).status_code == 200


def test_export_holds_everything(client_for, people, make_citizen):
    citizen = make_citizen("Rosa")
    services.move(Who(people["bb"]), citizen.current_journey(), Stage.FOLGESKAB)
    response = client_for(people["bb"]).get(reverse("bridging:citizen_export", args=[citizen.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["citizen"]["first_name"] == "Rosa" and data["citizen"]["welcome_needs"] == "Likes a quiet hello"
    assert data["consents"] and data["referrals"] and len(data["journeys"][0]["transitions"]) == 2
    assert AuditEntry.objects.filter(action="citizen.export", object_id=str(citizen.pk)).exists()


def _text_columns_containing(needle):
    hits = []
    for model in [*apps.get_app_config("bridging").get_models(), AuditEntry]:
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        for obj in model.objects.all():
            for name in fields:
                if needle.lower() in (getattr(obj, name) or "").lower():
                    hits.append(f"{model.__name__}.{name}")
    return hits


def test_erasure_leaves_no_personal_data(client_for, people, make_citizen):
    citizen = make_citizen("Zelmira")
    c = client_for(people["bb"])
    services.move(Who(people["bb"]), citizen.current_journey(), Stage.FOLGESKAB, note="Zelmira was glad")
    services.save_conversation(Who(people["bb"]), citizen, services.current_guide(citizen.partnership),
                               {q.pk: "Zelmira likes chess" for q in services.current_guide(None).questions.all()})
    services.record_outcome(Who(people["bb"]), citizen, {"own_words": "I am Zelmira", "ucla_1": 2})
    c.get(reverse("bridging:citizen", args=[citizen.pk]))
    assert _text_columns_containing("Zelmira")
    # refused without the confirmation tick, by other roles and other partnerships
    c.post(reverse("bridging:citizen_erase", args=[citizen.pk]), {})
    assert Citizen.objects.filter(pk=citizen.pk).exists()
    assert client_for(people["ref"]).post(reverse("bridging:citizen_erase", args=[citizen.pk]),
                                          {"confirm": "yes"}).status_code == 403
    assert client_for(people["bb_b"]).post(reverse("bridging:citizen_erase", args=[citizen.pk]),
                                           {"confirm": "yes"}).status_code == 404
    response = c.post(reverse("bridging:citizen_erase", args=[citizen.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert not Citizen.objects.filter(pk=citizen.pk).exists()
    assert _text_columns_containing("Zelmira") == []
    assert _text_columns_containing("Testesen") == []
    assert _text_columns_containing("12345678") == []
    assert not Referral.objects.exclude(citizen__isnull=True).exists()
    stat = ErasedJourney.objects.get()
    assert stat.furthest_stage == "folgeskab" and stat.partnership == citizen.partnership
    assert stat.reasons == "loneliness" and stat.started_month.day == 1
    # the guide version used is not personal data and stays
    assert Guide.objects.exists()


def test_inactive_records_are_flagged_for_review(client_for, people, make_citizen, settings):
    settings.BROBYG_INACTIVE_CITIZEN_MONTHS = 12
    old = make_citizen("Gammel")
    fresh = make_citizen("Frisk")
    Citizen.objects.filter(pk=old.pk).update(last_activity=timezone.now() - dt.timedelta(days=400))
    c = client_for(people["bb"])
    body = c.get(reverse("bridging:review")).content.decode()
    assert "Gammel" in body and "Frisk" not in body
    c.post(reverse("bridging:review_keep", args=[old.pk]))
    assert "Gammel" not in c.get(reverse("bridging:review")).content.decode()
    assert fresh.pk
