"""The indicator registry: numbers the system computes from data it already has (003 §6: shared measurement).

Each indicator is ``fn(partnership, start, end) -> number | None`` (``start``/``end`` are dates or None for an open
period). Apps register their own (see ``brobyg.initiatives.indicators``); the ones here read the bridging,
volunteers and partnerships apps and the network survey. Indicators counting people are ``personal``: the
dashboard passes them through :func:`brobyg.core.stats.suppress`. Averages over people (changes in loneliness and
well-being, time in stage) are only given when at least ``small_count()`` people contribute.

This module must not import models at import time: other apps register from their ``AppConfig.ready()``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from brobyg.core.stats import small_count, suppress

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

    def available(self) -> bool:
        for app_label, model in self.requires:
            try:
                apps.get_model(app_label, model)
            except LookupError:
                return False
        return True

    def compute(self, partnership, start=None, end=None):
        """The value as it may be shown: personal counts of 1..k-1 become None ("fewer than k")."""
        value = self.fn(partnership, start, end)
        if self.personal and self.unit == "count":
            return suppress(value)
        return value


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
    """Within this block indicators that need the same query (e.g. all stage counts) run it once."""
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


def _mean_if_enough(values):
    values = [v for v in values if v is not None]
    if not values or len(values) < small_count():
        return None
    return sum(values) / len(values)


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
    return {stage: _mean_if_enough(values) for stage, values in spans.items()}


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
    return _mean_if_enough(changes)


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
    total = qs.count()
    if total < small_count():
        return None
    return qs.filter(status="active").count() / total


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
    ("stage_transitions", _("Stage changes"), stage_transitions, LEVEL_CITIZEN, False, "000 §7", BRIDGING, "count"),
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
    register(Indicator(_key, _label, _level, _fn, personal=_personal, source=_source, requires=_req, unit=_unit))
