"""Disclosure control: the one rule every figure that leaves a citizen's own record passes (screen, Excel, PDF, API).

k = settings.BROBYG_SMALL_COUNT (default 5). The rule has four parts, one function each:

- Counts (:func:`suppress`): 1..k-1 people could point at a person and are hidden (None); 0 and k or more are shown.
- Means and shares (:func:`mean`, :func:`share`): no mean or share over fewer than k people; a share is also hidden
  when the people it counts, or the rest, are 1..k-1 (share × total would give them back). Means are rounded to a
  step the scale supports (WHO-5 change to 5 points, UCLA change to half points, days to weeks), shares to whole per
  cent, so that (n+1)·mean(n+1) − n·mean(n) does not give back one person's value.
- Complementary cells (:func:`protect`): figures that add up (a total and its parts, a part of a total) are
  protected together. Whenever the hidden cells of a relation could be worked out as a sum of 1..k-1 (the total
  minus what is shown; "referrals 7" minus "with consent 5"), another cell is hidden too (the smallest shown part,
  else the total), until no relation gives a small number back. Every hidden count carries the same label
  (:func:`hidden`), so the label does not tell a small cell from one hidden to protect it.
- Periods (:func:`period`, :func:`edge_holds`): boundaries move in whole months only (the first day of the start
  month to the last day of the end month), so moving a window by a day cannot isolate one person's record. And a
  count for a period is shown only where each edge of the period lies between months with k or more on both sides
  (months with nothing are skipped; an edge with nothing before or after it is no edge): then whatever two periods
  are subtracted, the difference is a run of months that is 0 or starts with a month of k or more, never 1..k-1.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def small_count() -> int:
    return int(settings.BROBYG_SMALL_COUNT)


def is_small(n: int | None) -> bool:
    """1..k-1: a number of people that could point at a person."""
    return n is not None and 0 < n < small_count()


def suppress(n: int | None) -> int | None:
    """A count as it may be shown in aggregates: None (shown as :func:`hidden`) for 1..k-1."""
    if n is None:
        return None
    return None if is_small(n) else n


def hidden() -> str:
    """How every hidden count is written wherever it is shown, whether it is small itself or hidden to protect a
    small one: one word for both, so the label does not tell them apart."""
    return pgettext("figure", "hidden")


def rule_text() -> str:
    """The rule in one sentence, for the pages, exports and reports that show figures."""
    return _("Counts of fewer than %(k)s people, and figures from which such a count could be worked out (also by "
             "subtracting two periods), are shown as “%(hidden)s”; averages and shares need at least %(k)s people "
             "and are rounded; periods are whole months.") % {"k": small_count(), "hidden": hidden()}


fewer_than = hidden  # the older name, still used by templates and services


# --- means and shares ------------------------------------------------------------------------------------------------

def round_to(value: float, step: float) -> float:
    """``value`` rounded to the nearest multiple of ``step`` (halves away from zero, so the sign is kept)."""
    steps = abs(value) / step
    whole = math.floor(steps + 0.5)
    rounded = math.copysign(whole * step, value) if whole else 0.0
    return round(rounded, 6)


def mean(values, step: float) -> float | None:
    """The mean of ``values`` (None left out) as it may be shown: None over fewer than k, else rounded to ``step``."""
    values = [v for v in values if v is not None]
    if len(values) < small_count():
        return None
    return round_to(sum(values) / len(values), step)


SHARE_STEP = 0.01  # whole per cent


def share(part: int, total: int) -> float | None:
    """part/total as it may be shown: None when total < k or when part or total − part is 1..k-1."""
    if total is None or part is None or total < small_count() or is_small(part) or is_small(total - part):
        return None
    return round_to(part / total, SHARE_STEP)


# --- complementary cells ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Relation:
    """``total`` = the sum of ``parts`` (``exhaustive``) or at least that sum, the rest uncounted elsewhere."""
    total: str
    parts: tuple
    exhaustive: bool = True


@dataclass
class Protected:
    """Counts after the rule: ``values[key]`` is the count or None (hidden)."""
    values: dict
    raw: dict = field(repr=False)

    def __getitem__(self, key):
        return self.values[key]


def protect(counts: dict, relations=(), hide=()) -> Protected:
    """Apply the count rule to ``counts`` ({key: number of people}) and to the ``relations`` between them.

    First every small count is hidden. Then, until nothing changes, for each relation whose total is shown: the
    hidden parts (and, for a relation that is not exhaustive, the uncounted rest) add up to total − shown parts; if
    that is 1..k-1 the smallest shown non-zero part is hidden as well, or the total when no part is left. A hidden
    total whose parts are all shown (and exhaustive) could be added up again, so its smallest part is hidden too.
    Keys of relations that are missing from ``counts`` (an app not installed) are ignored. ``hide``: keys hidden
    from the start for another reason (a period edge, :func:`edge_holds`)."""
    raw = dict(counts)
    shown = {key: None if key in hide else suppress(value) for key, value in raw.items()}
    relations = [r for r in relations if r.total in raw and all(p in raw for p in r.parts)]
    changed = True
    while changed:
        changed = False
        for rel in relations:
            if raw[rel.total] is None or any(raw[p] is None for p in rel.parts):
                continue
            candidates = sorted((raw[p], p) for p in rel.parts if shown[p] is not None and raw[p])
            if shown[rel.total] is None:
                if rel.exhaustive and raw[rel.total] and all(shown[p] is not None for p in rel.parts) and candidates:
                    shown[candidates[0][1]] = None
                    changed = True
                continue
            worked_out = raw[rel.total] - sum(raw[p] for p in rel.parts if shown[p] is not None)
            if is_small(worked_out):
                if candidates:
                    shown[candidates[0][1]] = None
                else:
                    shown[rel.total] = None
                changed = True
    return Protected(values=shown, raw=raw)


# --- periods ---------------------------------------------------------------------------------------------------------

def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def edge_holds(before: int | None, after: int | None) -> bool:
    """Whether a period may have an edge between two months, for one count: ``before``/``after`` are the counts of
    the nearest month with anything on each side (None: nothing on that side, so the edge cuts nothing off)."""
    return before is None or after is None or (before >= small_count() and after >= small_count())


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """A period as figures may be computed for it: in order, from the first day of the start month to the last day
    of the end month (None = open)."""
    if start and end and start > end:
        start, end = end, start
    return (month_start(start) if start else None, month_end(end) if end else None)


# --- period edges: the nearest month with anything on either side of an edge -----------------------------------------

EARLIEST = 2000 * 12  # months are numbered year × 12 + month − 1; nothing is counted before 2000


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_of(i: int) -> dt.date:
    """The first day of month number ``i``."""
    return dt.date(i // 12, i % 12 + 1, 1)


class Series:
    """One count month by month, read as needed: ``total(i)`` is everything up to the end of month i (the count for
    an open start), ``added(i)`` what month i added. Totals never go down, so a month is found by halving."""

    def __init__(self, total_fn):
        self._total_fn = total_fn
        self._cache: dict[int, int] = {}

    @classmethod
    def from_months(cls, months: dict) -> Series:
        """From {"YYYY-MM": count of that month}."""
        per = sorted((month_index(dt.date.fromisoformat(f"{m}-01")), n) for m, n in months.items())
        return cls(lambda i: sum(n for j, n in per if j <= i))

    def total(self, i: int) -> int:
        if i < EARLIEST:
            return 0
        if i not in self._cache:
            self._cache[i] = self._total_fn(i) or 0
        return self._cache[i]

    def added(self, i: int) -> int:
        return self.total(i) - self.total(i - 1)

    def nearest_before(self, i: int) -> int | None:
        """What the last month before month i with anything added (None: nothing before i)."""
        level = self.total(i - 1)
        if not level:
            return None
        lo, hi = EARLIEST, i - 1
        for j in range(i - 1, i - 4, -1):  # usually a recent month; else halve
            if self.total(j - 1) != level:
                return self.added(j)
            hi = j - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.total(mid) == level:
                hi = mid
            else:
                lo = mid + 1
        return self.added(lo)

    def nearest_after(self, i: int, now: int) -> int | None:
        """What the first month from month i up to month ``now`` with anything added (None: nothing since)."""
        base = self.total(i - 1)
        if i > now or self.total(now) == base:
            return None
        lo = i
        for j in range(i, min(i + 3, now + 1)):
            if self.total(j) != base:
                return self.added(j)
            lo = j + 1
        hi = now
        while lo < hi:
            mid = (lo + hi) // 2
            if self.total(mid) != base:
                hi = mid
            else:
                lo = mid + 1
        return self.added(lo)

    def period_holds(self, start: dt.date | None, end: dt.date | None, now: int) -> bool:
        """Whether this count may be shown for the period of whole months ``start``..``end`` (None = open; an end in
        this month ``now`` or later is open): each edge passes :func:`edge_holds`."""
        edges = ([month_index(start)] if start else []) + ([month_index(end) + 1]
                                                           if end and month_index(end) < now else [])
        return all(edge_holds(self.nearest_before(i), self.nearest_after(i, now)) for i in edges)
