"""The indicator registry: numbers the system computes from data it already has (003 §6: shared measurement).

Each indicator is ``fn(partnership, start, end) -> number | None`` (``start``/``end`` are dates or None for an open
period). Apps register their own (see ``brobyg.initiatives.indicators``); the ones here read the bridging,
volunteers and partnerships apps and the network survey. Every value passes the disclosure rule of
:mod:`brobyg.core.stats` here, so no caller can forget it: counts of people (``personal``) are protected together with
the counts they add up with (``part_of``, the referrals per month, the paths per stage) by :func:`protected`;
averages over people (changes in loneliness and well-being, time in stage) need ``small_count()`` people and are
rounded to their ``step``; every period is whole months (:func:`brobyg.core.stats.period`).

This module must not import models at import time: other apps register from their ``AppConfig.ready()``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobyg.core import stats

LEVEL_PARTNERSHIP = "partnership"
LEVEL_INTERVENTION = "intervention"
LEVEL_CITIZEN = "citizen"
LEVELS = [(LEVEL_PARTNERSHIP, _("Partnership")), (LEVEL_INTERVENTION, _("Interventions")),
          (LEVEL_CITIZEN, _("The citizen's path"))]


@dataclass
class Indicator:
    key: str
    label: str
    level: str
    fn: Callable
    personal: bool = False  # counts people: small counts are suppressed
    source: str = ""  # seed section it answers to, e.g. "003 §6"
    requires: tuple = ()  # (app_label, model_name) pairs that must exist
    unit: str = "count"  # count | share | days | score (a mean) | change (a difference, shown with its sign)
    part_of: str = ""  # key of a count this one is part of (with consent ⊂ referrals): protected together

    def available(self) -> bool:
        for app_label, model in self.requires:
            try:
                apps.get_model(app_label, model)
            except LookupError:
                return False
        return True

    @property
    def protected_count(self) -> bool:
        return self.personal and self.unit == "count"

    def compute(self, partnership, start=None, end=None):
        """The value as it may be shown, for the period in whole months: a personal count after the count rule
        with the counts it adds up with (None = hidden); means and shares are protected by their function."""
        start, end = stats.period(start, end)
        if self.protected_count:
            return protected(partnership, start, end)[self.key]
        return self.fn(partnership, start, end)


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    REGISTRY[indicator.key] = indicator
    return indicator


def available(level: str | None = None) -> list[Indicator]:
    return [i for i in REGISTRY.values() if i.available() and (level is None or i.level == level)]


def choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(i.key, i.label) for i in available()]


def get(key: str) -> Indicator | None:
    indicator = REGISTRY.get(key)
    return indicator if indicator and indicator.available() else None


# --- helpers ---------------------------------------------------------------------------------------------------------

_SHARED: ContextVar[dict | None] = ContextVar("brobyg_indicator_shared_work", default=None)


@contextmanager
def shared_work():
    """Within this block indicators that need the same query (e.g. all stage counts) run it once. An inner block
    keeps the outer one's work (the PDF report reads the dashboard and then each theory of change)."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(key, compute):
    scope = _SHARED.get()
    if scope is None:
        return compute()
    if key not in scope:
        scope[key] = compute()
    return scope[key]


def between(qs, field: str, start, end):
    """Filter ``qs`` on a date or datetime ``field`` to the period (inclusive dates; None = open)."""
    if start:
        qs = qs.filter(**{f"{field}__date__gte" if _is_datetime(qs, field) else f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__date__lte" if _is_datetime(qs, field) else f"{field}__lte": end})
    return qs


def _is_datetime(qs, field: str) -> bool:
    from django.db import models

    model = qs.model
    *path, last = field.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    return isinstance(model._meta.get_field(last), models.DateTimeField)


def _model(app_label, name):
    return apps.get_model(app_label, name)


# The step each mean is rounded to (what the scale supports; see brobyg.core.stats).
DAYS_STEP = 7  # time in a stage: whole weeks
WHO5_STEP = 5  # WHO-5 0–100, individual scores move in steps of 4
UCLA_STEP = 0.5  # UCLA 3–9


def month_key(month: str) -> str:
    return f"referrals_month:{month}"


def stage_key(stage: str) -> str:
    return f"journeys_stage:{stage}"


JOURNEYS_ALL = "journeys_stage:*"


def protected(p, start, end) -> stats.Protected:
    """Every personal count of the period after the count rule, protected together: the indicators with the counts
    they are part of and the referrals per month with the referrals of the period (the months add up to it).
    ``start``/``end`` are whole months."""
    return _shared(("protected", p.pk, start, end), lambda: _protected(p, start, end))


def _protected(p, start, end) -> stats.Protected:
    counts, relations, personal = {}, [], {}
    for ind in available():
        if ind.protected_count:
            personal[ind.key] = ind
            counts[ind.key] = ind.fn(p, start, end)
            if ind.part_of:
                relations.append(ind.part_of)
    relations = [stats.Relation(total, tuple(i.key for i in available() if i.part_of == total), exhaustive=False)
                 for total in dict.fromkeys(relations)]
    now = stats.month_index(timezone.localdate())
    all_months = referrals_per_month(p, None, None) if "referrals" in counts else {}
    series = {key: stats.Series(lambda i, ind=ind: ind.fn(p, None, stats.month_end(stats.month_of(i)))) for key, ind
              in personal.items()}
    if "referrals" in series:
        series["referrals"] = stats.Series.from_months(all_months)
    hide = set()
    # Period edges (core.stats.edge_holds): each count, and the uncounted rest of each relation, on its own months.
    if start or end:
        # A count of 0 tells nothing and a small one is hidden anyway: only counts of k or more are checked.
        for key, s in series.items():
            if counts[key] and not stats.is_small(counts[key]) and not s.period_holds(start, end, now):
                hide.add(key)
        for rel in relations:
            rest = counts[rel.total] - sum(counts[k] for k in rel.parts)
            if rest and not stats.is_small(rest) and not stats.Series(
                    lambda i, rel=rel: series[rel.total].total(i) - sum(series[k].total(i) for k in rel.parts)
            ).period_holds(start, end, now):
                hide.update(rel.parts)
    months = {m: n for m, n in all_months.items() if (not start or m >= f"{start:%Y-%m}")
              and (not end or m <= f"{end:%Y-%m}")}
    if months:
        counts.update({month_key(m): n for m, n in months.items()})
        relations.append(stats.Relation("referrals", tuple(month_key(m) for m in months)))
        for m in months:  # each bar is a period of one month, with the same edge rule
            first = dt.date.fromisoformat(f"{m}-01")
            if not series["referrals"].period_holds(first, stats.month_end(first), now):
                hide.add(month_key(m))
    return stats.protect(counts, relations, hide=hide)


def protected_stages(p) -> stats.Protected | None:
    """The citizen paths per stage now, protected with the number of all paths (known: an open period's "paths
    started"), which they add up to. None without the bridging app."""
    stages = journeys_per_stage(p)
    if stages is None:
        return None
    counts = {JOURNEYS_ALL: sum(stages.values()), **{stage_key(s): n for s, n in stages.items()}}
    return stats.protect(counts, [stats.Relation(JOURNEYS_ALL, tuple(stage_key(s) for s in stages))])


def referrals_per_month(p, start, end) -> dict:
    """{"YYYY-MM": referrals received that month} within the period (they add up to :func:`referrals`)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    try:
        Referral = _model("bridging", "Referral")
    except LookupError:
        return {}
    qs = between(Referral.objects.filter(partnership=p), "created", start, end)
    rows = qs.annotate(m=TruncMonth("created")).values("m").annotate(n=Count("id")).order_by("m")
    return {r["m"].strftime("%Y-%m"): r["n"] for r in rows if r["m"]}


def journeys_per_stage(p) -> dict | None:
    """{stage: citizen paths in it now} for every stage (None without the bridging app)."""
    from django.db.models import Count

    try:
        Journey = _model("bridging", "Journey")
        from brobyg.bridging.models import Stage
    except (LookupError, ImportError):
        return None
    counts = dict(Journey.objects.filter(partnership=p).values_list("stage").annotate(n=Count("id"))
                  .values_list("stage", "n"))
    return {stage: counts.get(stage, 0) for stage, _label in Stage.choices}


# --- bridging: referrals, matches, stages, outcomes -----------------------------------------------------------------

def referrals(p, start, end):
    return between(_model("bridging", "Referral").objects.filter(partnership=p), "created", start, end).count()


def referrals_consented(p, start, end):
    Referral = _model("bridging", "Referral")
    return between(Referral.objects.filter(partnership=p, status="consented"), "created", start, end).count()


def _transitions(p, start, end, to_stage=None):
    qs = _model("bridging", "Transition").objects.filter(journey__partnership=p)
    if to_stage:
        qs = qs.filter(to_stage=to_stage)
    return between(qs, "at", start, end)


def _stage_counts(p, start, end) -> dict:
    """{to_stage: citizen paths that moved into it in the period, "": all stage changes} in one query."""
    from django.db.models import Count

    def compute():
        rows = _transitions(p, start, end).values("to_stage").annotate(
            paths=Count("journey", distinct=True), changes=Count("id"))
        out = {r["to_stage"]: r["paths"] for r in rows}
        out[""] = sum(r["changes"] for r in rows)
        return out

    return _shared(("stage_counts", p.pk, start, end), compute)


def journeys_started(p, start, end):
    return between(_model("bridging", "Journey").objects.filter(partnership=p), "started", start, end).count()


def matched_companion(p, start, end):
    """Journeys that moved on to companionship (følgeskab): the citizen was matched with a companion (000 §7.2)."""
    return _stage_counts(p, start, end).get("folgeskab", 0)


def matched_host(p, start, end):
    """Journeys that moved on to hosting (værtsskab): matched with an activity and its host (000 §7.3)."""
    return _stage_counts(p, start, end).get("vaertsskab", 0)


def proposals_made(p, start, end):
    """Activities proposed to citizens by the bridge-builders (the matching's suggestions that were shown)."""
    qs = _model("bridging", "Proposal").objects.filter(journey__partnership=p)
    return between(qs, "proposed_at", start, end).count()


def proposals_chosen(p, start, end):
    """Citizen paths in which the citizen chose one of the proposed activities."""
    qs = _model("bridging", "Proposal").objects.filter(journey__partnership=p, status="chosen")
    return between(qs, "chosen_at", start, end).values("journey").distinct().count()


def reached_community(p, start, end):
    return _stage_counts(p, start, end).get("faellesskab", 0)


def stage_transitions(p, start, end):
    return _stage_counts(p, start, end)[""]


def days_in_stage(p, start, end) -> dict:
    """Mean days spent in each stage, for stage changes within the period: {stage: days or None}."""
    return _shared(("days_in_stage", p.pk, start, end), lambda: _days_in_stage(p, start, end))


def _days_in_stage(p, start, end) -> dict:
    rows = (_transitions(p, None, end).order_by("journey_id", "at", "pk")
            .values_list("journey_id", "from_stage", "to_stage", "at"))
    spans: dict[str, list[float]] = {}
    last = {}
    for journey, _from, to, at in rows.iterator(chunk_size=5000):
        previous = last.get(journey)
        if previous is not None and (start is None or at.date() >= start):
            stage, since = previous
            spans.setdefault(stage, []).append((at - since).total_seconds() / 86400)
        last[journey] = (to, at)
    return {stage: stats.mean(values, DAYS_STEP) for stage, values in spans.items()}


def mean_days_kendskab(p, start, end):
    return days_in_stage(p, start, end).get("kendskab")


def mean_days_folgeskab(p, start, end):
    return days_in_stage(p, start, end).get("folgeskab")


def mean_days_vaertsskab(p, start, end):
    return days_in_stage(p, start, end).get("vaertsskab")


def _outcome_change(p, start, end, attr):
    """Mean change (last − first measure) per citizen with two or more measures, the last within the period."""
    OutcomeMeasure = _model("bridging", "OutcomeMeasure")
    fields = ["ucla_1", "ucla_2", "ucla_3"] if attr == "ucla_score" else ["who5_1", "who5_2", "who5_3", "who5_4",
                                                                           "who5_5"]
    factor = 1 if attr == "ucla_score" else 4  # the models' own scoring (OutcomeMeasure.ucla_score/who5_score)
    step = UCLA_STEP if attr == "ucla_score" else WHO5_STEP
    qs = OutcomeMeasure.objects.filter(citizen__partnership=p)
    for f in fields:
        qs = qs.filter(**{f"{f}__isnull": False})
    if end:
        qs = qs.filter(taken_at__date__lte=end)
    first: dict[int, int] = {}
    last: dict[int, tuple] = {}
    counts: dict[int, int] = {}
    for citizen, taken, *values in qs.order_by("citizen_id", "taken_at", "pk").values_list(
            "citizen_id", "taken_at", *fields).iterator(chunk_size=5000):
        score = sum(values) * factor
        first.setdefault(citizen, score)
        last[citizen] = (taken, score)
        counts[citizen] = counts.get(citizen, 0) + 1
    changes = [last[c][1] - first[c] for c, n in counts.items()
               if n >= 2 and (start is None or last[c][0].date() >= start)]
    return stats.mean(changes, step)


def loneliness_change(p, start, end):
    """Change in the UCLA 3-item score (3–9; lower is less lonely)."""
    return _outcome_change(p, start, end, "ucla_score")


def wellbeing_change(p, start, end):
    """Change in the WHO-5 score (0–100; higher is better)."""
    return _outcome_change(p, start, end, "who5_score")


# --- volunteers ------------------------------------------------------------------------------------------------------

def volunteers_active(p, start, end):
    qs = _model("volunteers", "VolunteerProfile").objects.filter(partnership=p, status="active")
    return between(qs, "created", None, end).count()


def volunteers_new(p, start, end):
    return between(_model("volunteers", "VolunteerProfile").objects.filter(partnership=p), "created", start,
                   end).count()


def volunteers_retained(p, start, end):
    """Share of volunteers who started at least six months before the period's end and are still active."""
    cutoff = (end or dt.date.today()) - dt.timedelta(days=182)
    qs = _model("volunteers", "VolunteerProfile").objects.filter(partnership=p, created__date__lte=cutoff)
    return stats.share(qs.filter(status="active").count(), qs.count())


def person_dependency(p, start, end):
    """Tasks and activities that hang on a single volunteer (004: spread the load)."""
    from brobyg.volunteers.services import single_host_activities, single_person_tasks

    return single_person_tasks(p).count() + len(single_host_activities(p))


# --- partnership and network -----------------------------------------------------------------------------------------

def actors(p, start, end):
    qs = _model("partnerships", "PartnershipOrganisation").objects.filter(partnership=p)
    if end:
        from django.db.models import Q

        qs = qs.filter(Q(joined__isnull=True) | Q(joined__lte=end))
    return qs.count()


def _latest_measures(p, end):
    from .services import latest_round, round_measures

    rnd = latest_round(p, end)
    return round_measures(rnd)["overall"] if rnd else None


def network_density(p, start, end):
    m = _latest_measures(p, end)
    return m["density"] if m else None


def network_trust(p, start, end):
    m = _latest_measures(p, end)
    return m["trust"] if m else None


def network_cross_sector(p, start, end):
    m = _latest_measures(p, end)
    return m["cross_sector_share"] if m else None


BRIDGING = (("bridging", "Journey"),)
# Counts that are part of another (a subset of the same people or changes): protected together (core.stats.protect).
PART_OF = {"referrals_consented": "referrals", "matched_companion": "stage_transitions",
           "matched_host": "stage_transitions", "reached_community": "stage_transitions"}
for _key, _label, _fn, _level, _personal, _source, _req, _unit in [
    ("referrals", _("Referrals received"), referrals, LEVEL_CITIZEN, True, "000 §7.1", (("bridging", "Referral"),),
     "count"),
    ("referrals_consented", _("Referrals with consent"), referrals_consented, LEVEL_CITIZEN, True, "000 §7.1",
     (("bridging", "Referral"),), "count"),
    ("journeys_started", _("Citizen paths started"), journeys_started, LEVEL_CITIZEN, True, "000 §7", BRIDGING,
     "count"),
    ("proposals_made", _("Activities proposed to citizens"), proposals_made, LEVEL_CITIZEN, True, "000 §7.1",
     (("bridging", "Proposal"),), "count"),
    ("proposals_chosen", _("Citizens who chose a proposed activity"), proposals_chosen, LEVEL_CITIZEN, True,
     "000 §7.1", (("bridging", "Proposal"),), "count"),
    ("matched_companion", _("Matched with a companion"), matched_companion, LEVEL_CITIZEN, True, "000 §7.2",
     BRIDGING, "count"),
    ("matched_host", _("Matched with an activity and host"), matched_host, LEVEL_CITIZEN, True, "000 §7.3",
     BRIDGING, "count"),
    ("reached_community", _("Reached a community"), reached_community, LEVEL_CITIZEN, True, "000 §7.4", BRIDGING,
     "count"),
    ("stage_transitions", _("Stage changes"), stage_transitions, LEVEL_CITIZEN, True, "000 §7", BRIDGING, "count"),
    ("days_kendskab", _("Mean days in getting to know"), mean_days_kendskab, LEVEL_CITIZEN, True, "000 §7.1",
     BRIDGING, "days"),
    ("days_folgeskab", _("Mean days in companionship"), mean_days_folgeskab, LEVEL_CITIZEN, True, "000 §7.2",
     BRIDGING, "days"),
    ("days_vaertsskab", _("Mean days in hosting"), mean_days_vaertsskab, LEVEL_CITIZEN, True, "000 §7.3",
     BRIDGING, "days"),
    ("loneliness_change", _("Change in loneliness (UCLA 3–9, lower is better)"), loneliness_change, LEVEL_CITIZEN,
     True, "003 §6", (("bridging", "OutcomeMeasure"),), "change"),
    ("wellbeing_change", _("Change in well-being (WHO-5 0–100)"), wellbeing_change, LEVEL_CITIZEN, True, "003 §6",
     (("bridging", "OutcomeMeasure"),), "change"),
    ("volunteers_active", _("Active volunteers"), volunteers_active, LEVEL_INTERVENTION, True, "004",
     (("volunteers", "VolunteerProfile"),), "count"),
    ("volunteers_new", _("New volunteers"), volunteers_new, LEVEL_INTERVENTION, True, "004",
     (("volunteers", "VolunteerProfile"),), "count"),
    ("volunteers_retained", _("Volunteers retained after six months"), volunteers_retained, LEVEL_INTERVENTION,
     True, "004", (("volunteers", "VolunteerProfile"),), "share"),
    ("person_dependency", _("Tasks and activities resting on one person"), person_dependency, LEVEL_INTERVENTION,
     False, "004", (("volunteers", "Task"),), "count"),
    ("actors", _("Actors in the partnership"), actors, LEVEL_PARTNERSHIP, False, "003 §6", (), "count"),
    ("network_density", _("Network density"), network_density, LEVEL_PARTNERSHIP, False, "003 §6", (), "share"),
    ("network_trust", _("Mean trust between actors (1–4)"), network_trust, LEVEL_PARTNERSHIP, False, "003 §6", (),
     "score"),
    ("network_cross_sector", _("Share of ties across sectors"), network_cross_sector, LEVEL_PARTNERSHIP, False,
     "003 §6", (), "share"),
]:
    register(Indicator(_key, _label, _level, _fn, personal=_personal, source=_source, requires=_req, unit=_unit,
                       part_of=PART_OF.get(_key, "")))
