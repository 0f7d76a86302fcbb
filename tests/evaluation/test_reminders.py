"""Network-survey reminders: one rule (services.reminders_due) for the round page's button and for
`brobyg remind-survey`, which `brobyg daily` runs. At most one reminder per invitation in BROBYG_SURVEY_REMIND_DAYS
days, only for open rounds and unanswered invitations; the command prints counts only."""
import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.evaluation import services
from brobyg.evaluation.models import Invitation, SurveyRound
from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Sector

DAYS = 7


@pytest.fixture(autouse=True)
def remind_every_week(settings):
    settings.BROBYG_SURVEY_REMIND_DAYS = DAYS


@pytest.fixture
def survey(partnership_a):
    """An open round opened ten days ago: three actors with an e-mail address, one (org_a) without."""
    for i, sector in enumerate([Sector.PUBLIC, Sector.HOUSING, Sector.ASSOCIATION]):
        org = Organisation.objects.create(name=f"Aktør {i}", sector=sector, email=f"aktor{i}@example.org")
        PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=org)
    rnd, tokens = services.start_round(None, partnership_a, "Runde", days=30)
    SurveyRound.objects.filter(pk=rnd.pk).update(opened=timezone.now() - dt.timedelta(days=10))
    rnd.refresh_from_db()
    return rnd, tokens


def _run(command="remind-survey", **kwargs):
    out = StringIO()
    call_command(command, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def _answer(token):
    services.save_answers(services.invitation_for_token(token), {})


# --- the rule ------------------------------------------------------------------------------------------------------

def test_rule_open_round_unanswered_not_reminded_lately(survey):
    rnd, tokens = survey
    now = timezone.now()
    first, second, third, fourth = sorted(tokens)
    assert set(services.reminders_due(rnd, now).values_list("pk", flat=True)) == set(tokens)
    # With an e-mail address only for the scheduled job (org_a has none).
    scheduled = set(services.reminders_due(rnd, now, scheduled=True).values_list("pk", flat=True))
    assert scheduled == set(Invitation.objects.filter(round=rnd).exclude(email="").values_list("pk", flat=True))
    assert len(scheduled) == 3
    # Answered: never due.
    _answer(tokens[first])
    assert first not in services.reminders_due(rnd, now).values_list("pk", flat=True)
    # Reminded 6 days ago: not due; 7 days ago: due again.
    Invitation.objects.filter(pk=second).update(reminded_at=now - dt.timedelta(days=DAYS - 1))
    Invitation.objects.filter(pk=third).update(reminded_at=now - dt.timedelta(days=DAYS))
    due = set(services.reminders_due(rnd, now).values_list("pk", flat=True))
    assert second not in due and third in due


def test_rule_leaves_young_closed_and_expired_rounds_alone(survey):
    rnd, _tokens = survey
    now = timezone.now()
    SurveyRound.objects.filter(pk=rnd.pk).update(opened=now - dt.timedelta(days=DAYS - 1))
    assert not services.reminders_due(rnd, now, scheduled=True).exists()  # the first links are a week old first
    assert services.reminders_due(rnd, now).exists()  # the facilitator may send them at once
    SurveyRound.objects.filter(pk=rnd.pk).update(opened=now - dt.timedelta(days=20), expires=now)
    assert not services.reminders_due(rnd, now).exists()
    SurveyRound.objects.filter(pk=rnd.pk).update(expires=now + dt.timedelta(days=5), closed=True)
    assert not services.reminders_due(rnd, now).exists()


# --- the command ---------------------------------------------------------------------------------------------------

def test_command_mails_new_links_once_and_prints_counts_only(survey):
    rnd, tokens = survey
    mail.outbox.clear()
    out = _run()
    assert len(mail.outbox) == 3
    assert out.strip() == "Survey reminders: 3 e-mails sent in 1 round(s)."
    for secret in ["Aktør", "example.org", "Forening A", "Runde", *tokens.values()]:
        assert secret not in out
    # Each e-mail carries a fresh absolute link that works; the old links stop working.
    message = mail.outbox[0]
    link = next(w for w in message.body.split() if "/evaluation/survey/" in w)
    assert link.startswith("http")
    new_token = link.rstrip("/").split("/")[-1]
    invitation = services.invitation_for_token(new_token)
    assert invitation.email == message.to[0] and invitation.reminded_at is not None
    with pytest.raises(services.TokenRefused):
        services.invitation_for_token(tokens[invitation.pk])
    # org_a has no address: its link was not touched, so the link the facilitator handed out still works.
    silent = Invitation.objects.get(round=rnd, email="")
    assert silent.reminded_at is None
    assert services.invitation_for_token(tokens[silent.pk]).pk == silent.pk
    assert AuditEntry.objects.filter(action="survey.remind", object_id=str(rnd.pk)).count() == 1
    # Again the same day: nothing.
    assert _run().strip() == "Survey reminders: 0 e-mails sent in 0 round(s)."
    assert len(mail.outbox) == 3


def test_command_reminds_again_after_the_gap_but_not_those_who_answered(survey):
    rnd, tokens = survey
    _run()
    mail.outbox.clear()
    answered = Invitation.objects.filter(round=rnd).exclude(email="").order_by("pk").first()
    Invitation.objects.filter(pk=answered.pk).update(answered_at=timezone.now())
    Invitation.objects.filter(round=rnd).update(reminded_at=timezone.now() - dt.timedelta(days=DAYS, minutes=1))
    _run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Invitation.objects.filter(round=rnd, answered_at__isnull=True).exclude(email="").values_list("email",
                                                                                                     flat=True))
    assert len(mail.outbox) == 2


def test_dry_run_changes_nothing(survey):
    rnd, _tokens = survey
    assert "3 would be sent in 1 round(s)" in _run(dry_run=True)
    assert not mail.outbox
    assert not Invitation.objects.filter(round=rnd, reminded_at__isnull=False).exists()


def test_refused_mail_keeps_the_old_link_and_is_tried_next_time(survey, monkeypatch):
    rnd, tokens = survey

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", refuse)
    with pytest.raises(CommandError):
        _run()
    assert not Invitation.objects.filter(round=rnd, reminded_at__isnull=False).exists()
    for pk, token in tokens.items():
        assert services.invitation_for_token(token).pk == pk
    monkeypatch.undo()
    _run()
    assert len(mail.outbox) == 3


def test_daily_twice_the_same_day_reminds_once(survey):
    rnd, _tokens = survey
    mail.outbox.clear()
    out = _run("daily")
    assert "- remind-survey" in out and "Survey reminders: 3 e-mails" in out
    audited = AuditEntry.objects.count()
    out = _run("daily")
    assert "Survey reminders: 0 e-mails" in out
    assert len(mail.outbox) == 3
    assert AuditEntry.objects.count() == audited


# --- the button uses the same rule ---------------------------------------------------------------------------------

def test_button_follows_the_same_rule(client, facilitator_a, survey):
    rnd, tokens = survey
    client.force_login(facilitator_a, backend="django.contrib.auth.backends.ModelBackend")
    mail.outbox.clear()
    response = client.post(reverse("evaluation:round_remind", args=[rnd.pk]), follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 3
    # All four unanswered get a new link to copy (org_a's only on the page), all are marked as reminded.
    assert Invitation.objects.filter(round=rnd, reminded_at__isnull=False).count() == 4
    assert response.content.decode().count("/evaluation/survey/") >= 4
    # A second click, or the daily job, the same day: nobody is reminded twice.
    response = client.post(reverse("evaluation:round_remind", args=[rnd.pk]), follow=True)
    page = response.content.decode()
    assert len(mail.outbox) == 3
    assert "4 actors were reminded less than 7 days ago" in page or "4 aktører" in page
    _run("remind-survey")
    assert len(mail.outbox) == 3
    assert 'id="reminder-rule"' in page


def test_button_is_refused_for_a_closed_round(client, facilitator_a, survey):
    rnd, _tokens = survey
    services.close_round(None, rnd)
    client.force_login(facilitator_a, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("evaluation:round_remind", args=[rnd.pk]))
    assert not mail.outbox
    assert not Invitation.objects.filter(round=rnd, reminded_at__isnull=False).exists()
