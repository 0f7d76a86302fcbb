"""When does an activity meet next? Recurring times, single dates and cancellations combined."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

HORIZON_DAYS = 400  # look at most this far ahead
BIWEEKLY_EPOCH = date(2024, 1, 1)  # every-other-week rules without a start date count weeks from here

# Parts of the day used by the directory filter (bit values of Activity.daypart_mask).
MORNING, AFTERNOON, EVENING = 1, 2, 4
DAYPARTS = {"morning": MORNING, "afternoon": AFTERNOON, "evening": EVENING}


def daypart_of(start: time) -> int:
    """Morning before 12:00, afternoon 12:00–16:59, evening from 17:00."""
    if start.hour < 12:
        return MORNING
    if start.hour < 17:
        return AFTERNOON
    return EVENING


@dataclass(frozen=True)
class Occurrence:
    date: date
    start: time
    end: time | None
    note: str = ""

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.start)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (1–4, or -1 = last) given weekday of a month."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    if n == -1:
        return date(year, month, days[-1])
    if 1 <= n <= len(days):
        return date(year, month, days[n - 1])
    return None


def schedule_dates(rule, start: date, end: date):
    """Dates of a recurring rule between start and end (inclusive), in order."""
    first = max(start, rule.valid_from) if rule.valid_from else start
    last = min(end, rule.valid_until) if rule.valid_until else end
    if first > last:
        return
    if rule.frequency == "monthly":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            d = _nth_weekday(y, m, rule.weekday, rule.week_of_month or 1)
            if d and first <= d <= last:
                yield d
            m += 1
            if m > 12:
                y, m = y + 1, 1
        return
    step = 14 if rule.frequency == "biweekly" else 7
    d = first + timedelta(days=(rule.weekday - first.weekday()) % 7)
    if step == 14:
        base = rule.valid_from or BIWEEKLY_EPOCH
        anchor = base + timedelta(days=(rule.weekday - base.weekday()) % 7)
        if (d - anchor).days % 14:
            d += timedelta(days=7)
    while d <= last:
        yield d
        d += timedelta(days=step)


def occurrences(activity, start: date, end: date, schedules=None, one_offs=None, cancellations=None):
    """All occurrences between two dates, cancellations removed, sorted. Uses prefetched relations if present."""
    schedules = list(activity.schedules.all()) if schedules is None else schedules
    one_offs = list(activity.one_off_dates.all()) if one_offs is None else one_offs
    cancellations = list(activity.cancellations.all()) if cancellations is None else cancellations
    found = []
    for rule in schedules:
        for d in schedule_dates(rule, start, end):
            found.append(Occurrence(d, rule.start_time, rule.end_time))
    for one in one_offs:
        if start <= one.date <= end:
            found.append(Occurrence(one.date, one.start_time, one.end_time, one.note))
    found = [o for o in found if not any(c.covers(o.date) for c in cancellations)]
    return sorted(set(found), key=lambda o: (o.date, o.start))


def next_occurrence(activity, after: datetime | None = None) -> Occurrence | None:
    """The first occurrence that has not started yet at ``after`` (default: now, local time)."""
    now = timezone.localtime(after) if after and timezone.is_aware(after) else (after or timezone.localtime())
    now = now.replace(tzinfo=None)
    start = now.date()
    window = 62
    while window <= HORIZON_DAYS:
        for occ in occurrences(activity, start, now.date() + timedelta(days=window)):
            if occ.starts_at >= now:
                return occ
        start = now.date() + timedelta(days=window)
        window *= 2
    return None


def masks(schedules, one_offs) -> tuple[int, int]:
    """(weekday_mask, daypart_mask) summarising when an activity meets, for fast filtering."""
    weekday_mask = daypart_mask = 0
    for rule in schedules:
        weekday_mask |= 1 << rule.weekday
        daypart_mask |= daypart_of(rule.start_time)
    for one in one_offs:
        weekday_mask |= 1 << one.date.weekday()
        daypart_mask |= daypart_of(one.start_time)
    return weekday_mask, daypart_mask
