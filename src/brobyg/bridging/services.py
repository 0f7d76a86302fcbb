"""The citizen's bridge as operations: referral → consent → conversation → journey → follow-ups, plus the
citizen's rights (export, erasure) and review of inactive records. Views and the API call these; each change
is atomic and audit-logged (without personal data in the log)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.audit.services import record

from .models import (
    ACTIVE_STAGES, STAGE_ORDER, Answer, Citizen, Consent, Conversation, ErasedJourney, FollowUp, Guide,
    GuideQuestion, Journey, OutcomeMeasure, ParticipationRole, Referral, RoleChange, Stage, Transition, WishKey,
    split_list,
)


class BridgeError(ValueError):
    """An operation that is not allowed in the current state (shown to the user as a message)."""


def touch(citizen: Citizen) -> None:
    Citizen.objects.filter(pk=citizen.pk).update(last_activity=timezone.now())


# --- Referral and consent -------------------------------------------------------------------------------------

@transaction.atomic
def create_referral(who, partnership, data: dict) -> Referral:
    referral = Referral.objects.create(partnership=partnership, **data)
    record(who, "referral.create", referral, partnership=partnership,
           detail="self-referral" if data.get("source") == "self" else "")
    tell_about_referral(referral)
    return referral


def referral_outcome(referral: Referral) -> list[dict]:
    """What came of a referral, for the referrer (the closed loop), without the record: received, consent,
    conversation held, community found, ended with the reason — each with its date."""
    from .models import EndReason

    steps = [{"key": "received", "label": _("Received"), "at": referral.created}]
    if referral.status == Referral.Status.DECLINED:
        steps.append({"key": "declined", "label": _("The citizen said no"), "at": referral.updated})
    citizen = referral.citizen
    if citizen is None:
        return steps
    first_consent = citizen.consents.order_by("given_at").first()
    if first_consent:
        steps.append({"key": "consent", "label": _("Consent given, journey started"), "at": first_consent.given_at})
    conversation = citizen.conversations.order_by("held_at").first()
    if conversation:
        steps.append({"key": "conversation", "label": _("Conversation held"), "at": conversation.held_at})
    journey = citizen.current_journey()
    if journey is None:
        return steps
    found = journey.transitions.filter(to_stage=Stage.FAELLESSKAB).order_by("at").first()
    if found:
        steps.append({"key": "community", "label": _("Community found"), "at": found.at})
    if journey.stage == Stage.ENDED:
        reason = EndReason(journey.end_reason).label if journey.end_reason in EndReason.values else ""
        steps.append({"key": "ended", "label": _("Ended: %(reason)s") % {"reason": reason} if reason
                      else _("Ended"), "at": journey.stage_since})
    return steps


def tell_referrers_closed(journey: Journey, reason: str) -> int:
    """The referrers of the citizen are told when the referral closes: the date they referred and the reason —
    nothing from the record."""
    from django.urls import reverse
    from django.utils import formats

    from brobyg.core.notify import notify

    from .models import EndReason

    label = EndReason(reason).label if reason in EndReason.values else ""
    told = 0
    for referral in journey.citizen.referrals.exclude(referred_by=None).select_related("referred_by"):
        text = _("The referral you made on %(date)s has closed: %(reason)s.") % {
            "date": formats.date_format(timezone.localtime(referral.created), "j. F Y"), "reason": label}
        told += notify(referral.referred_by, "closed", f"closed:{referral.pk}:{journey.pk}:{int(journey.stage_since.timestamp())}",
                       _("Brobyg: a referral you made has closed"), text,
                       reverse("bridging:referral", args=[referral.pk]))
    return told


def tell_about_referral(referral: Referral) -> int:
    """The partnership's bridge-builders are told a referral is waiting (no name: before consent nothing about
    the person may travel; the source is enough to know where it came from)."""
    from django.urls import reverse

    from brobyg.core.notify import members, notify
    from brobyg.partnerships.models import Role

    url = reverse("bridging:referrals") + "?status=new"
    text = _("A new referral (%(source)s) is waiting for a first call in %(partnership)s.") % {
        "source": referral.get_source_display(), "partnership": referral.partnership.name}
    return sum(notify(user, "referral", f"referral:{referral.pk}", _("Brobyg: a new referral is waiting"), text,
                      url) for user in members(referral.partnership_id, [Role.BRIDGE_BUILDER]))


@transaction.atomic
def record_consent(request, referral: Referral, citizen_data: dict, consent_data: dict) -> Citizen:
    """Consent turns a referral into a citizen record (no personal data beyond the referral before this)."""
    if referral.citizen_id:
        raise BridgeError(_("Consent has already been recorded for this referral."))
    user = request.user
    citizen = Citizen.objects.create(partnership=referral.partnership, created_by=user,
                                     bridge_builder=user, roles=ParticipationRole.PARTICIPANT, **citizen_data)
    if citizen.is_minor and not consent_data.get("given_by_guardian"):
        raise BridgeError(_("For a child, consent must be given by a parent or guardian."))
    consent = Consent.objects.create(citizen=citizen, recorded_by=user, **consent_data)
    referral.citizen = citizen
    referral.status = Referral.Status.CONSENTED
    referral.save(update_fields=["citizen", "status", "updated"])
    journey = Journey.objects.create(partnership=referral.partnership, citizen=citizen, bridge_builder=user)
    Transition.objects.create(journey=journey, from_stage="", to_stage=Stage.KENDSKAB, by=user)
    record(request, "consent.record", consent, partnership=referral.partnership)
    record(request, "citizen.create", citizen)
    return citizen


@transaction.atomic
def decline_referral(request, referral: Referral) -> None:
    """The citizen said no: the contact details go at once; the referral stays as an anonymous count."""
    if referral.citizen_id:
        raise BridgeError(_("This referral already has a citizen record; withdraw consent there instead."))
    referral.status = Referral.Status.DECLINED
    referral.contact_name = ""
    referral.contact_phone = ""
    referral.contact_email = ""
    referral.guardian_name = ""
    referral.wants_help_with = ""
    referral.save()
    record(request, "referral.decline", referral)


@transaction.atomic
def withdraw_consent(request, citizen: Citizen, reason: str = "") -> int:
    """Withdrawal stops all sharing immediately (companion and association views check the active consent), ends
    the companionships and the arrival at an activity — the companion, the association contacts and the hosts get
    a notice without personal data — and gives the held place back. The bridge-builder is then offered erasure or
    the minimal record (:func:`minimise`)."""
    from .bridge import end_arrangements
    from .models import WithdrawReason

    reason = reason if reason in WithdrawReason.values else ""
    told_association = sharing(citizen)["association"]
    now = timezone.now()
    count = citizen.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_by=request.user,
                                                                     withdrawn_reason=reason)
    record(request, "consent.withdraw", citizen, detail=reason)
    end_arrangements(request, citizen, told_association=told_association)
    touch(citizen)
    return count


def withdrawal_pending(citizen: Citizen):
    """The latest withdrawn consent when no consent is active and the record has neither been erased nor reduced to
    the minimal record yet — then the citizen page offers the two."""
    if citizen.minimised_at or citizen.active_consent() is not None:
        return None
    return citizen.consents.filter(withdrawn_at__isnull=False).order_by("-withdrawn_at", "-pk").first()


MINIMAL_BLANK = ("last_name", "phone", "email", "postcode", "languages", "inclusion_needs", "welcome_needs",
                 "guardian_name", "guardian_phone", "interests", "days", "barriers", "support")


@transaction.atomic
def minimise(request, citizen: Citizen) -> None:
    """Keep only the minimal record after withdrawal: the first name, the dates of the referral, the consents and
    their withdrawal (to show what was agreed and when it stopped), and the journey's stages. Contact details,
    wishes, conversations, well-being answers and every free-text note go; the journey ends."""
    if citizen.active_consent() is not None:
        raise BridgeError(_("Consent is active. Withdraw it first."))
    for name in MINIMAL_BLANK:
        setattr(citizen, name, "")
    citizen.birth_year = citizen.max_price = None
    citizen.needs_step_free = citizen.as_volunteer = False
    citizen.minimised_at = timezone.now()
    citizen.save()
    citizen.conversations.all().delete()
    citizen.outcomes.all().delete()
    citizen.referrals.update(contact_phone="", contact_email="", guardian_name="", wants_help_with="")
    citizen.consents.update(text="")
    citizen.role_changes.update(note="")
    from .bridge import scrub_companion_visit_logs
    from .models import Participation, Visit

    scrub_companion_visit_logs(citizen)
    journeys = citizen.journeys.all()
    Transition.objects.filter(journey__in=journeys).update(note="")
    FollowUp.objects.filter(journey__in=journeys).update(note="")
    Visit.objects.filter(journey__in=journeys).update(note="")
    Participation.objects.filter(journey__in=journeys).update(note="")
    for journey in journeys.exclude(stage=Stage.ENDED):
        move(request, journey, Stage.ENDED, reason="declined", note="")
    record(request, "citizen.minimise", citizen)


@transaction.atomic
def renew_consent(request, citizen: Citizen, consent_data: dict) -> Consent:
    if citizen.is_minor and not consent_data.get("given_by_guardian"):
        raise BridgeError(_("For a child, consent must be given by a parent or guardian."))
    citizen.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now(),
                                                             withdrawn_by=request.user)
    consent = Consent.objects.create(citizen=citizen, recorded_by=request.user, **consent_data)
    record(request, "consent.record", consent, partnership=citizen.partnership)
    touch(citizen)
    return consent


def sharing(citizen: Citizen) -> dict:
    consent = citizen.active_consent()
    return {
        "association": bool(consent and consent.share_with_association),
        "companion": bool(consent and consent.share_with_companion),
        "outcomes": bool(consent and consent.outcome_measures),
        "any": consent is not None,
    }


# --- Conversation guide ---------------------------------------------------------------------------------------

def current_guide(partnership) -> Guide:
    guide = (Guide.objects.filter(partnership=partnership, is_current=True).order_by("-version").first()
             or Guide.objects.filter(partnership__isnull=True, is_current=True).order_by("-version").first())
    if guide is None:
        from .guide import ensure_default_guide

        guide = ensure_default_guide()
    return guide


@transaction.atomic
def new_guide_version(request, partnership, base: Guide, name: str, intro: str, questions: list[dict]) -> Guide:
    """Save an edited guide as a new version for this partnership; older answers keep their version."""
    last = Guide.objects.filter(partnership=partnership).order_by("-version").first()
    version = max(last.version if last else 0, base.version) + 1
    Guide.objects.filter(partnership=partnership, is_current=True).update(is_current=False)
    guide = Guide.objects.create(partnership=partnership, name=name, intro=intro, version=version,
                                 created_by=request.user, is_current=True)
    GuideQuestion.objects.bulk_create([GuideQuestion(guide=guide, **q) for q in questions])
    record(request, "guide.version", guide, partnership=partnership, detail=f"v{version}")
    return guide


def _apply_wish(citizen: Citizen, key: str, value: str) -> None:
    value = (value or "").strip()
    if key == WishKey.INTERESTS:
        citizen.interests = value[:500]
    elif key == WishKey.COMMUNITY_KIND and value in {"ordinary", "target_group", "either"}:
        citizen.community_kind = value
    elif key == WishKey.AS_VOLUNTEER:
        citizen.as_volunteer = value in {"volunteer", "both", "yes", "1", "true"}
    elif key == WishKey.DAYS:
        citizen.days = ",".join(d for d in split_list(value) if d.isdigit() and int(d) < 7)
    elif key == WishKey.TIME_OF_DAY:
        parts = [p for p in ("morning", "afternoon", "evening") if p in split_list(value)]
        citizen.day_parts = ",".join(parts)
        citizen.time_of_day = parts[0] if len(parts) == 1 else "any"
    elif key == WishKey.DAYS_STRICT:
        citizen.days_strict = value in {"strict", "yes", "1", "true"}
    elif key == WishKey.OPEN_GROUPS:
        from brobyg.directory.models import TargetGroup
        from brobyg.directory.taxonomy import EVERYONE

        known = set(TargetGroup.objects.exclude(slug=EVERYONE).values_list("slug", flat=True))
        citizen.open_target_groups = ",".join(g for g in split_list(value) if g in known)[:400]
    elif key == WishKey.WITH_FAMILY:
        citizen.with_family = value in {"yes", "1", "true"}
    elif key == WishKey.TRAVEL_KM and value.replace(",", ".").replace(".", "", 1).isdigit():
        citizen.travel_km = max(0, min(200, round(float(value.replace(",", ".")))))
    elif key == WishKey.BARRIERS:
        citizen.barriers = value[:200]
    elif key == WishKey.MAX_PRICE:
        citizen.max_price = int(value) if value.isdigit() else None
    elif key == WishKey.STEP_FREE:
        citizen.needs_step_free = value in {"yes", "1", "true"}
    elif key == WishKey.SUPPORT:
        citizen.support = value[:100]
    elif key == WishKey.WELCOME:
        citizen.welcome_needs = value


def carried_answers(citizen: Citizen, guide: Guide, before: Conversation | None = None) -> dict[int, str]:
    """What a conversation starts from: for each question of ``guide``, the answer of the latest earlier
    conversation that asked it — the same question, else one with the same wish key, else the same text (guide
    versions change). Generic: every answer is carried, whatever the question fills in."""
    earlier = citizen.conversations.all()
    if before is not None:
        earlier = earlier.filter(Q(held_at__lt=before.held_at) | Q(held_at=before.held_at, pk__lt=before.pk))
    answers = list(Answer.objects.filter(conversation__in=earlier).select_related("question")
                   .order_by("-conversation__held_at", "-conversation__pk", "pk"))
    out = {}
    for q in guide.questions.all():
        for a in answers:
            if a.question_id == q.pk or (q.key and a.question.key == q.key) or a.question.text == q.text:
                out[q.pk] = a.value
                break
    return out


@transaction.atomic
def save_conversation(request, citizen: Citizen, guide: Guide, answers: dict[int, str], notes: str = "",
                      conversation: Conversation | None = None, *, carried: dict[int, str] | None = None,
                      cleared: set[int] | frozenset = frozenset()) -> Conversation:
    """Store the answers against the guide version they were given in and update the citizen's wishes.

    Nothing said is lost: a question left blank keeps the ``carried`` answer (from the conversation before) unless
    its id is in ``cleared`` — the bridge-builder cleared it on purpose. The conversation stores its own full
    version of the answers, so the wishes can be followed over time; only the latest conversation updates the
    wishes matching reads (editing an older one does not overwrite newer wishes)."""
    carried = carried or {}
    if conversation is None:
        conversation = Conversation.objects.create(citizen=citizen, guide=guide, held_by=request.user, notes=notes)
    else:
        conversation.notes = notes
        conversation.save(update_fields=["notes"])
        conversation.answers.all().delete()
    latest = citizen.conversations.order_by("-held_at", "-pk").first()
    is_latest = latest is None or latest.pk == conversation.pk
    questions = {q.pk: q for q in guide.questions.all()}
    rows = []
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None:
            continue
        value = value or ""
        kept = not value.strip() and qid not in cleared and carried.get(qid, "")
        if kept:
            value = carried[qid]  # blank keeps what was said before
        rows.append(Answer(conversation=conversation, question=question, value=value))
        if question.key and is_latest and not kept:
            _apply_wish(citizen, question.key, value)
    Answer.objects.bulk_create(rows)
    citizen.last_activity = timezone.now()
    citizen.save()
    record(request, "conversation.save", conversation, partnership=citizen.partnership,
           detail=f"kept {sum(1 for r in rows if carried.get(r.question_id) == r.value and r.value)}")
    return conversation


def wish_history(citizen: Citizen, limit: int = 6) -> dict:
    """The answers to the wish questions, conversation by conversation (oldest first, the latest ``limit``), with
    changes marked — the citizen's wishes seen changing over time."""
    conversations = list(citizen.conversations.select_related("guide").order_by("-held_at", "-pk")[:limit])[::-1]
    if len(conversations) < 2:
        return {}
    answers = (Answer.objects.filter(conversation__in=conversations, question__key__gt="")
               .select_related("question"))
    by_key: dict[str, dict[int, str]] = {}
    labels: dict[str, str] = {}
    for a in answers:
        pairs = dict(a.question.choice_pairs())
        shown = ", ".join(_(pairs.get(v, v)) for v in split_list(a.value)) if pairs else a.value
        by_key.setdefault(a.question.key, {})[a.conversation_id] = shown
        labels[a.question.key] = _(a.question.text)
    rows = []
    for key, values in by_key.items():
        cells, before = [], None
        for c in conversations:
            v = values.get(c.pk, "")
            cells.append({"value": v, "changed": before is not None and v != before})
            before = v
        rows.append({"question": labels[key], "cells": cells, "changed": any(x["changed"] for x in cells)})
    return {"conversations": conversations, "rows": rows}


# --- Journey --------------------------------------------------------------------------------------------------

ALLOWED = {
    Stage.KENDSKAB: {Stage.FOLGESKAB, Stage.VAERTSSKAB, Stage.PAUSED, Stage.ENDED},
    Stage.FOLGESKAB: {Stage.KENDSKAB, Stage.VAERTSSKAB, Stage.FAELLESSKAB, Stage.PAUSED, Stage.ENDED},
    Stage.VAERTSSKAB: {Stage.KENDSKAB, Stage.FOLGESKAB, Stage.FAELLESSKAB, Stage.PAUSED, Stage.ENDED},
    Stage.FAELLESSKAB: {Stage.KENDSKAB, Stage.VAERTSSKAB, Stage.PAUSED, Stage.ENDED},
    Stage.PAUSED: {*ACTIVE_STAGES, Stage.ENDED},  # come back where it fits, without penalty
    Stage.ENDED: {Stage.KENDSKAB},  # a new start is always possible
}


@transaction.atomic
def move(who, journey: Journey, to_stage: str, *, reason: str = "", note: str = "", at=None) -> Transition:
    """Move a journey to another stage; dated and attributed. Ending needs a reason."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if to_stage not in ALLOWED.get(journey.stage, set()):
        raise BridgeError(_("A journey cannot move from this stage to that one."))
    if to_stage == Stage.ENDED and not reason:
        raise BridgeError(_("Say why the journey ends."))
    user = getattr(who, "user", who)
    at = at or timezone.now()
    transition = Transition.objects.create(journey=journey, from_stage=journey.stage, to_stage=to_stage, at=at,
                                           by=user if getattr(user, "is_authenticated", False) else None,
                                           reason=reason if to_stage == Stage.ENDED else "", note=note[:300])
    journey.stage = to_stage
    journey.stage_since = at
    journey.end_reason = reason if to_stage == Stage.ENDED else ""
    journey.save(update_fields=["stage", "stage_since", "end_reason"])
    record(who, "journey.move", journey, partnership=journey.partnership, detail=f"{transition.from_stage}->{to_stage}")
    from .bridge import RELEASE_STAGES, release_held_place

    if to_stage in RELEASE_STAGES:
        release_held_place(who, journey)  # pausing, ending or starting over gives the activity's place back
    if to_stage == Stage.ENDED:
        tell_referrers_closed(journey, reason)
    touch(journey.citizen)
    return transition


def followup_days() -> list[tuple[int, str]]:
    """(days after the first visit, label) from BROBYG_FOLLOWUP_DAYS (default 2,14,90)."""
    raw = settings.BROBYG_FOLLOWUP_DAYS
    out = []
    for item in str(raw).split(","):
        item = item.strip()
        if item.isdigit():
            days = int(item)
            if days <= 3:
                label = _("After the first visit")
            elif days % 30 == 0 or days >= 60:
                label = _("%(n)d months after the first visit") % {"n": round(days / 30)}
            elif days % 7 == 0:
                label = _("%(n)d weeks after the first visit") % {"n": days // 7}
            else:
                label = _("%(n)d days after the first visit") % {"n": days}
            out.append((days, label))
    return out


@transaction.atomic
def schedule_follow_ups(who, journey: Journey, first_visit: dt.date) -> list[FollowUp]:
    """Create the follow-ups due after the first visit (idempotent: only once per journey)."""
    journey.first_visit = journey.first_visit or first_visit
    journey.save(update_fields=["first_visit"])
    if journey.follow_ups.exists():
        return list(journey.follow_ups.all())
    rows = [FollowUp(journey=journey, label=str(label), due=first_visit + dt.timedelta(days=days),
                     assigned_to=journey.bridge_builder) for days, label in followup_days()]
    FollowUp.objects.bulk_create(rows)
    record(who, "followup.schedule", journey, partnership=journey.partnership, detail=str(len(rows)))
    return rows


def is_last_follow_up(follow_up: FollowUp) -> bool:
    """The last scheduled follow-up after the first visit (3 months by default): where 'ready to move on?' is
    asked."""
    journey, days = follow_up.journey, followup_days()
    return bool(days and journey.first_visit and (follow_up.due - journey.first_visit).days >= max(days)[0])


@transaction.atomic
def add_follow_up(request, journey: Journey, due: dt.date, label: str) -> FollowUp:
    """A follow-up added by hand (a date and what it is about), besides the scheduled ones; it goes to the
    journey's bridge-builder, or to whoever adds it."""
    label = (label or "").strip()[:100]
    if not label:
        raise BridgeError(_("Say what the follow-up is about."))
    if journey.stage == Stage.ENDED:
        raise BridgeError(_("The journey has ended."))
    follow_up = FollowUp.objects.create(journey=journey, label=label, due=due,
                                        assigned_to=journey.bridge_builder or request.user)
    record(request, "followup.add", journey, partnership=journey.partnership)
    touch(journey.citizen)
    return follow_up


@transaction.atomic
def complete_follow_up(request, follow_up: FollowUp, note: str, next_stage: str = "",
                       ready_to_move_on: str = "") -> None:
    follow_up.done_at = timezone.now()
    follow_up.done_by = request.user
    follow_up.note = note
    follow_up.save(update_fields=["done_at", "done_by", "note"])
    record(request, "followup.done", follow_up, partnership=follow_up.journey.partnership)
    if next_stage and next_stage != follow_up.journey.stage:
        move(request, follow_up.journey, next_stage)
    if ready_to_move_on in ("yes", "not_yet"):
        from .bridge import record_participation

        ready = ready_to_move_on == "yes"
        record_participation(request, follow_up.journey, {
            "still_coming": True, "wants_change": ready,
            "note": str(_("Ready to move on") if ready else _("Not ready to move on yet"))})
    touch(follow_up.journey.citizen)


def due_follow_ups(user, *, partnership_ids=None):
    qs = FollowUp.objects.filter(done_at__isnull=True).select_related("journey__citizen", "journey__partnership")
    if partnership_ids is not None:
        qs = qs.filter(journey__partnership__in=partnership_ids)
    else:
        qs = qs.filter(assigned_to=user)
    return qs.order_by("due")


@transaction.atomic
def change_roles(request, citizen: Citizen, roles: list[str], note: str = "") -> RoleChange | None:
    """Record a role change in either direction (bruger ↔ deltager ↔ frivillig)."""
    valid = [r for r in ParticipationRole.values if r in roles]
    new = ",".join(valid)
    if new == citizen.roles:
        return None
    change = RoleChange.objects.create(citizen=citizen, from_roles=citizen.roles, to_roles=new, by=request.user,
                                       note=note[:300])
    citizen.roles = new
    citizen.last_activity = timezone.now()
    citizen.save(update_fields=["roles", "last_activity", "updated"])
    record(request, "citizen.roles", citizen, detail=f"{change.from_roles}->{new}")
    return change


@transaction.atomic
def record_outcome(request, citizen: Citizen, data: dict) -> OutcomeMeasure:
    if not sharing(citizen)["outcomes"]:
        raise BridgeError(_("The citizen has not agreed to answer the well-being questions."))
    outcome = OutcomeMeasure.objects.create(citizen=citizen, recorded_by=request.user, **data)
    record(request, "outcome.record", outcome, partnership=citizen.partnership)
    touch(citizen)
    return outcome


def next_step(citizen: Citizen, journey: Journey | None) -> tuple[str, str]:
    """The one next thing to do on the bridge (the citizen page's summary): (text, anchor on the page)."""
    from .models import Arrival

    if citizen.active_consent() is None:
        return _("Record consent – nothing is shared before that"), "consent"
    if journey is None or journey.stage == Stage.ENDED:
        return _("The journey has ended; a new start is always possible"), "journey"
    if journey.stage == Stage.PAUSED:
        return _("Paused – ask how it is going when it suits the citizen"), "journey"
    due = journey.follow_ups.filter(done_at__isnull=True, due__lte=timezone.localdate()).order_by("due").first()
    if due:
        return _("Follow up: %(label)s") % {"label": due.label}, "journey"
    if not citizen.conversations.exists():
        return _("Hold the first conversation about the citizen's wishes"), "wishes"
    arrival = Arrival.objects.filter(journey=journey).first()
    if arrival is None:
        if not journey.proposals.exists():
            return _("Look at the suggestions together with the citizen"), "bridge"
        return _("Let the citizen choose one of the proposals"), "bridge"
    wants_companion = "companion" in citizen.support_list()
    if wants_companion and not journey.companionships.filter(active=True).exists():
        return _("Find a companion who goes along the first time"), "companion"
    if journey.first_visit is None:
        return _("Record the first visit when it has happened"), "journey"
    return _("Keep in touch: record how the participation goes"), "visits"


# --- Boards and review ----------------------------------------------------------------------------------------

def board(journeys):
    """Columns per stage; inside each, who has waited longest first."""
    columns = {s: [] for s in [*ACTIVE_STAGES, Stage.PAUSED]}
    for journey in journeys.exclude(stage=Stage.ENDED).select_related("citizen", "bridge_builder").order_by(
            "stage_since"):
        columns.setdefault(journey.stage, []).append(journey)
    return [{"stage": s, "label": Stage(s).label, "journeys": columns[s]} for s in columns]


def inactive_citizens(qs):
    months = settings.BROBYG_INACTIVE_CITIZEN_MONTHS
    cutoff = timezone.now() - dt.timedelta(days=round(months * 30.44))
    return qs.filter(last_activity__lt=cutoff)


# --- The citizen's rights: export and erasure ------------------------------------------------------------------

def _row(obj, exclude=()) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        out[field.name if not field.is_relation else field.attname] = value
    return out


def export(citizen: Citizen) -> dict:
    """Everything held about the citizen, as plain JSON-ready data."""
    data = {"citizen": _row(citizen),
            "referrals": [_row(r) for r in citizen.referrals.all()],
            "consents": [_row(c) for c in citizen.consents.all()],
            "conversations": [], "journeys": [],
            "role_changes": [_row(r) for r in citizen.role_changes.all()],
            "outcomes": [_row(o) for o in citizen.outcomes.all()]}
    for conversation in citizen.conversations.select_related("guide"):
        row = _row(conversation)
        row["guide"] = str(conversation.guide)
        row["answers"] = [{"question": a.question.text, "answer": a.value}
                          for a in conversation.answers.select_related("question")]
        data["conversations"].append(row)
    for journey in citizen.journeys.all():
        row = _row(journey)
        row["transitions"] = [_row(t) for t in journey.transitions.all()]
        row["follow_ups"] = [_row(f) for f in journey.follow_ups.all()]
        for name, rows in _journey_extras(journey).items():
            row[name] = rows
        data["journeys"].append(row)
    return data


def _journey_extras(journey) -> dict:
    """Rows of later milestones (matching, companionship, visits) — filled in when those models exist."""
    out = {}
    for related in ("proposals", "companionships", "visits", "participations"):
        manager = getattr(journey, related, None)
        if manager is not None:
            out[related] = [_row(x) for x in manager.all()]
    from .bridge import companion_visit_logs

    out["companion_visits"] = [{"date": v.date.isoformat(), "note": v.note} for v in companion_visit_logs(journey)]
    from .models import Arrival

    arrival = Arrival.objects.filter(journey=journey).first()
    out["arrival"] = _row(arrival) if arrival else None
    return out


def _month(value) -> dt.date | None:
    return value.date().replace(day=1) if value else None


@transaction.atomic
def erase(request, citizen: Citizen) -> ErasedJourney:
    """Remove the citizen's personal data. Anonymous statistics stay, without any link back to the person."""
    partnership = citizen.partnership
    journey = citizen.current_journey()
    referral = citizen.referrals.order_by("created").first()
    stages = set(Transition.objects.filter(journey__citizen=citizen).values_list("to_stage", flat=True))
    active = [s for s in ACTIVE_STAGES if s in stages]
    furthest = max(active, key=lambda s: STAGE_ORDER[s]) if active else ""
    extras = _erasure_extras(citizen)
    stat = ErasedJourney.objects.create(
        partnership=partnership,
        referral_source=referral.source if referral else "",
        reasons=referral.reasons if referral else "",
        started_month=_month(journey.started) if journey else None,
        furthest_stage=furthest, final_stage=journey.stage if journey else "",
        end_reason=journey.end_reason if journey else "",
        became_volunteer=RoleChange.objects.filter(citizen=citizen, to_roles__contains="frivillig").exists(),
        erased_month=timezone.localdate().replace(day=1), **extras,
    )
    pk = citizen.pk
    from .bridge import release_held_place, scrub_companion_visit_logs

    scrub_companion_visit_logs(citizen)  # the companions' own notes live in the volunteers app
    for held in citizen.journeys.filter(arrival__holds_place=True):
        release_held_place(request, held)  # the place the citizen held goes back to the activity
    citizen.delete()  # cascades to referrals, consents, conversations, journeys and everything under them
    record(request, "citizen.erase", None, partnership=partnership, detail=f"citizen #{pk}")
    return stat


def _erasure_extras(citizen) -> dict:
    out = {}
    try:
        from .models import Proposal
    except ImportError:  # pragma: no cover - before the matching milestone
        return out
    proposals = Proposal.objects.filter(journey__citizen=citizen)
    out["proposals"] = min(proposals.count(), 32000)
    chosen = proposals.filter(chosen_at__isnull=False).order_by("chosen_at").first()
    out["chosen_rank"] = chosen.rank if chosen else None
    from .models import Companionship

    out["had_companion"] = Companionship.objects.filter(journey__citizen=citizen).exists()
    return out
