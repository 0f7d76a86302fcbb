"""Business rules of the initiatives app: roles, status changes, spam checks, photos, self-assessment analysis
and the counts the evaluation dashboard shows (small counts suppressed)."""
from __future__ import annotations

import io
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobyg.core import stats
from brobyg.core.stats import small_count, suppress  # noqa: F401 (re-exported)
from brobyg.audit.services import record
from brobyg.partnerships.models import Role

from . import elements
from .models import AssessmentResponse, AssessmentRound, AssessmentScore, Cause, Idea, IdeaStatus, Story

# Who may do what (see also tests/security/matrix_initiatives.py).
IDEA_ROLES = (Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT, Role.REFERRER)
STORY_READ_ROLES = IDEA_ROLES  # stories are staff-only by default (004 Part 2)
STORY_WRITE_ROLES = IDEA_ROLES + (Role.VOLUNTEER,)  # volunteers may record stories and see their own
LOG_ROLES = IDEA_ROLES + (Role.VOLUNTEER,)
CAUSE_READ_ROLES = IDEA_ROLES + (Role.VOLUNTEER,)
OVERVIEW_ROLES = IDEA_ROLES + (Role.EVALUATOR,)
ASSESS_ANSWER_ROLES = (Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT, Role.REFERRER)
ASSESS_RESULT_ROLES = (Role.FACILITATOR, Role.EVALUATOR)
MANAGE_ROLES = (Role.FACILITATOR,)

# The balance rule of thumb (002) lives with the activity: brobyg.directory.balance.


# --- ideas -------------------------------------------------------------------------------------------------------

def set_status(request, idea: Idea, status: str, explanation: str = "") -> None:
    if status not in IdeaStatus.values:
        raise ValidationError(_("Unknown status."))
    explanation = (explanation or "").strip()
    if status == IdeaStatus.DECLINED and not explanation:
        raise ValidationError(_("Write a kind explanation to the initiator before declining the idea."))
    with transaction.atomic():
        idea.status = status
        if explanation:
            idea.explanation = explanation
        idea.status_changed = timezone.now()
        if status == IdeaStatus.RUNNING and idea.started is None:
            idea.started = timezone.now()
        idea.save(update_fields=["status", "explanation", "status_changed", "started"])
        record(request, "idea.status", idea, partnership=idea.partnership, detail=status)


@transaction.atomic
def idea_to_cause(request, idea: Idea) -> Cause:
    """Turn an idea into a cause, keeping who started it (002, Sager der Samler)."""
    starters = idea.initiator_name + (f", {idea.co_initiators}" if idea.co_initiators else "")
    cause = Cause.objects.create(partnership=idea.partnership, idea=idea, title=idea.title,
                                 purpose=idea.description, started_by=starters[:300], created_by=request.user)
    if idea.status != IdeaStatus.RUNNING:
        set_status(request, idea, IdeaStatus.RUNNING)
    record(request, "cause.create", cause, partnership=idea.partnership, detail=f"from idea {idea.pk}")
    return cause


ERASED = "–"


@transaction.atomic
def erase_initiator(who, idea: Idea, detail: str = "") -> None:
    """Erase the initiators' personal data from an idea (on request, or by the retention job); the idea itself,
    its status and the counts stay. Dialogue notes can name people, so their text goes too."""
    Idea.objects.filter(pk=idea.pk).update(initiator_name=ERASED, initiator_contact="", co_initiators="",
                                           contact_consent=False, initiator_user=None, initiator_expects="")
    idea.notes.update(text=ERASED)
    record(who, "idea.erase", idea, partnership=idea.partnership, detail=detail)


def retention_months() -> int:
    return int(settings.BROBYG_IDEA_RETENTION_MONTHS)


def erase_old_initiators(today=None) -> int:
    """Ideas declined or parked more than BROBYG_IDEA_RETENTION_MONTHS ago lose the initiators' personal data
    (data minimisation). Idempotent: erased ideas are skipped."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=30 * retention_months())
    old = Idea.objects.filter(status__in=[IdeaStatus.DECLINED, IdeaStatus.PARKED], status_changed__date__lt=cutoff
                              ).exclude(initiator_name=ERASED).select_related("partnership")
    n = 0
    for idea in old:
        erase_initiator(None, idea, detail="retention")
        n += 1
    return n


@transaction.atomic
def withdraw_story_consent(request, story: Story) -> None:
    """The people in a story withdrew their consent: the photo is deleted, names removed, sharing stopped."""
    if story.photo:
        story.photo.delete(save=False)
    story.photo_consent = story.share_consent = story.people_consent = False
    story.people = ""
    story.sharing = Story.Sharing.STAFF
    story.save(update_fields=["photo", "photo_consent", "share_consent", "people_consent", "people", "sharing"])
    record(request, "story.consent.withdraw", story, partnership=story.partnership)


# --- photos ------------------------------------------------------------------------------------------------------

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"JPEG", "PNG", "WEBP"}


def clean_photo(upload) -> ContentFile:
    """Check an uploaded photo (size, real image type) and return a re-encoded JPEG without metadata (a phone's
    photo can carry the place it was taken)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is too large. The limit is 5 MB."))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            if probe.width * probe.height > 40_000_000:
                raise ValidationError(_("The photo has too many pixels."))
            probe.verify()
        if kind not in PHOTO_TYPES:
            raise ValidationError(_("Only JPEG, PNG or WebP photos can be uploaded."))
        upload.seek(0)
        with Image.open(upload) as img:
            img = ImageOps.exif_transpose(img).convert("RGB")
            img.thumbnail((1600, 1600))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not a photo we can read. Use JPEG, PNG or WebP.")) from None
    return ContentFile(out.getvalue(), name="photo.jpg")


def visible_stories(user, partnership):
    """Stories a user may read in a partnership: staff see all of the partnership's; volunteers their own."""
    from brobyg.core.permissions import has_role

    qs = Story.objects.filter(partnership=partnership)
    if has_role(user, partnership, STORY_READ_ROLES):
        return qs
    if has_role(user, partnership, STORY_WRITE_ROLES):
        return qs.filter(author=user)
    return qs.none()


def search_stories(qs, q: str):
    q = (q or "").strip()
    if not q:
        return qs
    cond = Q()
    for word in q.split()[:6]:
        cond &= Q(title__icontains=word) | Q(text__icontains=word) | Q(change__icontains=word) | Q(
            people__icontains=word)
    return qs.filter(cond)


# --- self-assessment ------------------------------------------------------------------------------------------------

AGREEMENT = {
    "agree": gettext_lazy("Agreement"),
    "some": gettext_lazy("Some difference"),
    "disagree": gettext_lazy("Disagreement – talk about it"),
}


def agreement_of(scores: list[int]) -> str | None:
    """Agreement from the spread of the partners' scores on the 1–5 scale: at most one step apart = agreement,
    two = some difference, three or more = disagreement worth a conversation. None with fewer than two answers."""
    if len(scores) < 2:
        return None
    spread = max(scores) - min(scores)
    return "agree" if spread <= 1 else "some" if spread == 2 else "disagree"


def previous_round(rnd: AssessmentRound) -> AssessmentRound | None:
    return (AssessmentRound.objects.filter(partnership=rnd.partnership)
            .filter(Q(opens__lt=rnd.opens) | Q(opens=rnd.opens, id__lt=rnd.id))
            .order_by("-opens", "-id").first())


def _scores_by_element(rnd) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for element, score in AssessmentScore.objects.filter(response__round=rnd).values_list("element", "score"):
        out.setdefault(element, []).append(score)
    return out


def round_summary(rnd: AssessmentRound) -> dict:
    """Per element: the partners' scores, mean, spread, agreement, the previous round's mean and the change, plus
    the drawing coordinates of the spread chart (SVG in the template)."""
    current = _scores_by_element(rnd)
    prev = previous_round(rnd)
    before = _scores_by_element(prev) if prev else {}
    groups = []
    for key, label, source, items in elements.grouped():
        rows = []
        for element in items:
            scores = sorted(current.get(element.key, []))
            mean = sum(scores) / len(scores) if scores else None
            pmean = (sum(before[element.key]) / len(before[element.key])) if before.get(element.key) else None
            change = round(mean - pmean, 1) if mean is not None and pmean is not None else None
            rows.append({
                "key": element.key, "text": element.text, "scores": scores, "n": len(scores),
                "mean": round(mean, 1) if mean is not None else None, "previous": round(pmean, 1)
                if pmean is not None else None, "change": change,
                "spread": (max(scores) - min(scores)) if scores else None,
                "agreement": agreement_of(scores), "agreement_label": AGREEMENT.get(agreement_of(scores) or ""),
                "dots": _dots(scores), "mean_x": _x(mean) if mean is not None else None,
                "mean_bar_x": _x(mean) - 2 if mean is not None else None,
                "previous_x": _x(pmean) if pmean is not None else None,
            })
        groups.append({"key": key, "label": label, "source": source, "rows": rows})
    responses = rnd.responses.select_related("organisation").order_by("organisation__name")
    return {"round": rnd, "previous": prev, "groups": groups, "responses": responses,
            "comments": [r for r in responses if r.comment]}


CHART_LEFT, CHART_STEP = 20, 60  # x of score 1 and the distance between scores in the spread chart


def _x(value: float) -> float:
    return round(CHART_LEFT + (value - 1) * CHART_STEP, 1)


def _dots(scores: list[int]) -> list[dict]:
    """One dot per partner; partners with the same score are stacked vertically."""
    seen: dict[int, int] = {}
    dots = []
    for s in scores:
        i = seen.get(s, 0)
        seen[s] = i + 1
        dots.append({"x": _x(s), "y": 22 - i * 9 if i < 3 else 22 - 2 * 9, "score": s})
    return dots


def partner_organisations(user, partnership) -> list:
    """The partner organisations a user answers for in a partnership's self-assessment."""
    from brobyg.core.permissions import is_site_admin, organisation_ids
    from brobyg.partnerships.models import Organisation

    if is_site_admin(user):  # site administrators may enter an answer on a partner's behalf
        return list(Organisation.objects.filter(actor_in__partnership=partnership).order_by("name"))
    ids = organisation_ids(user, ASSESS_ANSWER_ROLES, partnership)
    return list(Organisation.objects.filter(pk__in=ids, actor_in__partnership=partnership).distinct())


@transaction.atomic
def save_response(request, rnd: AssessmentRound, organisation, scores: dict[str, int], comment: str = ""):
    if rnd.closed:
        raise ValidationError(_("This round is closed."))
    unknown = set(scores) - set(elements.BY_KEY)
    if unknown or any(not (1 <= int(v) <= 5) for v in scores.values()):
        raise ValidationError(_("Every answer must be between 1 and 5."))
    response, _created = AssessmentResponse.objects.update_or_create(
        round=rnd, organisation=organisation,
        defaults={"answered_by": request.user, "answered": timezone.now(), "comment": comment})
    response.scores.all().delete()
    AssessmentScore.objects.bulk_create(
        [AssessmentScore(response=response, element=k, score=int(v)) for k, v in scores.items()])
    record(request, "assessment.answer", rnd, partnership=rnd.partnership, detail=f"organisation {organisation.pk}")
    return response


# --- counts for the dashboard -------------------------------------------------------------------------------------

def _quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _quarters(today: date, n: int) -> list[tuple[date, date]]:
    start = _quarter_start(today)
    out = []
    for _i in range(n):
        end = (start + timedelta(days=92)).replace(day=1)
        out.append((start, end))
        start = _quarter_start(start - timedelta(days=1))
    return list(reversed(out))


def counts(partnership, today: date | None = None, periods: int = 4) -> dict:
    """Ideas received → activities/causes started, level changes and stories per quarter, for the dashboard.

    Counts of people's ideas and stories pass the disclosure rule of :mod:`brobyg.core.stats` as one table (None =
    hidden): the statuses add up to the ideas, the started ideas and the quarters are part of them, the stories'
    quarters part of the stories. A handful of aggregate queries, whatever the number of quarters."""
    today = today or timezone.localdate()
    quarters = _quarters(today, periods)
    ideas = Idea.objects.filter(partnership=partnership)
    idea_aggs = {"n_all": Count("id"), "n_started": Count("id", filter=Q(started__isnull=False))}
    story_aggs = {"n_all": Count("id")}
    for i, (start, end) in enumerate(quarters):
        idea_aggs[f"n_r{i}"] = Count("id", filter=Q(received__date__gte=start, received__date__lt=end))
        idea_aggs[f"n_s{i}"] = Count("id", filter=Q(started__date__gte=start, started__date__lt=end))
        story_aggs[f"n_q{i}"] = Count("id", filter=Q(date__gte=start, date__lt=end))
    i_counts = ideas.aggregate(**idea_aggs)
    s_counts = Story.objects.filter(partnership=partnership).aggregate(**story_aggs)
    by_status = dict(ideas.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    change_days = _change_days(partnership)
    raw = {"ideas": i_counts["n_all"], "started": i_counts["n_started"],
           "activities": _activities_from_ideas(partnership),
           "causes": Cause.objects.filter(partnership=partnership).count(), "stories": s_counts["n_all"],
           **{f"status:{s}": by_status.get(s, 0) for s, _label in IdeaStatus.choices}}
    for i in range(len(quarters)):
        raw.update({f"ideas:{i}": i_counts[f"n_r{i}"], f"started:{i}": i_counts[f"n_s{i}"],
                    f"stories:{i}": s_counts[f"n_q{i}"]})
    # Each quarter is a period: shown only where its edges pass the period rule for that count (core.stats).
    now = stats.month_index(today)
    series = {"ideas": _monthly(ideas, "received"), "started": _monthly(ideas.filter(started__isnull=False), "started"),
              "stories": _monthly(Story.objects.filter(partnership=partnership), "date")}
    hide = {f"{key}:{i}" for i, (start, end) in enumerate(quarters) for key, s in series.items()
            if not s.period_holds(start, end - timedelta(days=1), now)}
    figures = stats.protect(raw, hide=hide, relations=[
        stats.Relation("ideas", tuple(f"status:{s}" for s, _label in IdeaStatus.choices)),
        stats.Relation("ideas", ("started",), exhaustive=False),
        stats.Relation("ideas", tuple(f"ideas:{i}" for i in range(len(quarters))), exhaustive=False),
        stats.Relation("started", tuple(f"started:{i}" for i in range(len(quarters))), exhaustive=False),
        stats.Relation("stories", tuple(f"stories:{i}" for i in range(len(quarters))), exhaustive=False)])
    totals = {key: figures[key] for key in ("ideas", "started", "activities", "causes", "stories")}
    totals["level_changes"] = len(change_days)  # changes of activities, not of people
    status_rows = [{"status": s, "label": label, "n": figures[f"status:{s}"]} for s, label in IdeaStatus.choices]
    trend = []
    for i, (start, end) in enumerate(quarters):
        trend.append({
            "label": f"{start.year} K{(start.month - 1) // 3 + 1}",
            "ideas": figures[f"ideas:{i}"],
            "started": figures[f"started:{i}"],
            "stories": figures[f"stories:{i}"],
            "level_changes": sum(1 for d in change_days if start <= d < end),
        })
    return {"totals": totals, "by_status": status_rows, "trend": trend, "small_count": small_count(),
            "rule": stats.rule_text(),
            "levels": _level_distribution(partnership)}


def _monthly(qs, field) -> stats.Series:
    """A count month by month (one query), for the period rule."""
    from django.db.models.functions import TruncMonth

    rows = qs.annotate(m=TruncMonth(field)).values("m").annotate(n=Count("id")).order_by("m")
    return stats.Series.from_months({r["m"].strftime("%Y-%m"): r["n"] for r in rows if r["m"]})


def _activities_from_ideas(partnership) -> int:
    return Idea.objects.filter(partnership=partnership, activity__isnull=False).values("activity").distinct().count()


def _involvement_rows(partnership):
    from .models import ActivityInvolvement

    return (ActivityInvolvement.objects.filter(activity__partnership=partnership)
            .order_by("activity_id", "set_on", "id").values_list("activity_id", "level", "set_on"))


def _change_days(partnership) -> list:
    """The dates on which an activity's involvement level changed (up or down)."""
    days, last = [], {}
    for activity_id, level, set_on in _involvement_rows(partnership):
        before = last.get(activity_id)
        last[activity_id] = level
        if before is not None and before != level:
            days.append(set_on)
    return days


def _level_changes(partnership, start=None, end=None) -> int:
    """How many times an activity's involvement level changed in the period [start, end)."""
    return sum(1 for d in _change_days(partnership) if (start is None or d >= start) and (end is None or d < end))


def _level_distribution(partnership) -> list:
    """Activities per current involvement level (small counts suppressed)."""
    from .models import Level

    current = {}
    for activity_id, level, _set_on in _involvement_rows(partnership):
        current[activity_id] = level
    if not current:
        return []
    out = []
    for value, label in Level.choices:
        # Activities are public in the directory, not people: these counts need no suppression.
        n = sum(1 for level in current.values() if level == value)
        out.append({"level": value, "label": label, "n": n})
    top = max(r["n"] for r in out) or 1
    for r in out:
        r["width"] = round(300 * r["n"] / top)
    return out


# The staff role follows the level (004 Part 2): steering at the low end, supporting at the high end.
STAFF_ROLES_BY_LEVEL = {
    1: gettext_lazy("Steering: staff plan, run and take responsibility; participants are invited in."),
    2: gettext_lazy("Steering: staff run it and ask participants for their views along the way."),
    3: gettext_lazy("Steering and coordinating: staff lead, participants shape the activity with them."),
    4: gettext_lazy("Coordinating: staff coordinate while the initiators take over step by step."),
    5: gettext_lazy("Supporting: the initiators decide; staff give practical and professional help when asked."),
    6: gettext_lazy("Supporting: the initiators run it themselves; staff help with money and recognition."),
}


def staff_role(level: int) -> str:
    return STAFF_ROLES_BY_LEVEL.get(int(level), "")
