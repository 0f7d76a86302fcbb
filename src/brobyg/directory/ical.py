"""iCalendar feeds (RFC 5545): one VEVENT with an RRULE per recurring time, cancelled dates as EXDATE, single dates
as their own VEVENT, and the VTIMEZONE of Europe/Copenhagen that TZID requires. UIDs are stable (they name the
activity and the time, not a date), so a subscribed calendar updates events instead of duplicating them.

``add_schedule_events`` is also used for the volunteer's own feed (hosting rotas at activities)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from .schedule import schedule_dates

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
PAST_DAYS = 31  # single dates and exceptions this far back stay in the feed


def new_calendar(name: str, prodid: str = "-//Brobyg//Tilbudsviften//DA") -> Calendar:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def finish(cal: Calendar) -> bytes:
    """The calendar as bytes, with a VTIMEZONE for every TZID used."""
    cal.add_missing_timezones()
    return cal.to_ical()


def rrule(rule) -> vRecur:
    """The RRULE of a Brobyg recurring time (weekly, every other week, monthly on the nth weekday)."""
    parts = {"FREQ": "MONTHLY" if rule.frequency == "monthly" else "WEEKLY", "WKST": "MO"}
    if rule.frequency == "monthly":
        parts["BYDAY"] = f"{rule.week_of_month or 1}{DAYS[rule.weekday]}"
    else:
        parts["BYDAY"] = DAYS[rule.weekday]
        if rule.frequency == "biweekly":
            parts["INTERVAL"] = 2
    if rule.valid_until:
        tz = ZoneInfo(settings.TIME_ZONE)
        parts["UNTIL"] = datetime.combine(rule.valid_until, rule.end_time or rule.start_time, tzinfo=tz) \
            .astimezone(ZoneInfo("UTC"))
    return vRecur(parts)


def first_date(rule, since: date) -> date | None:
    """The first date of the rule on or after its start (valid_from, else ``since``)."""
    start = rule.valid_from or since
    return next(iter(schedule_dates(rule, start, start + timedelta(days=62))), None)


def schedule_event(rule, uid: str, since: date, cancellations=(), duration=timedelta(hours=2)) -> Event | None:
    """One VEVENT for a recurring time; dates covered by a cancellation become EXDATEs."""
    tz = ZoneInfo(settings.TIME_ZONE)
    day = first_date(rule, since)
    if day is None:
        return None
    event = Event()
    event.add("uid", uid)
    start = datetime.combine(day, rule.start_time, tzinfo=tz)
    event.add("dtstart", start)
    event.add("dtend", datetime.combine(day, rule.end_time, tzinfo=tz) if rule.end_time and
              rule.end_time > rule.start_time else start + duration)
    event.add("rrule", rrule(rule))
    skipped = sorted({d for c in cancellations for d in schedule_dates(rule, max(c.starts, day), c.ends or c.starts)})
    if skipped:
        event.add("exdate", [datetime.combine(d, rule.start_time, tzinfo=tz) for d in skipped])
    return event


def _stamp(event: Event, stamp) -> Event:
    event.add("dtstamp", stamp)
    return event


def calendar_for(activities, name: str) -> bytes:
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = new_calendar(name)
    today = timezone.localdate()
    stamp = timezone.now()
    base = settings.BROBYG_BASE_URL.rstrip("/")
    for activity in activities:
        place = ", ".join(p for p in [activity.address, f"{activity.postcode} {activity.city}".strip()] if p)
        link = base + reverse("directory:detail", args=[activity.pk])
        cancellations = list(activity.cancellations.all())
        since = activity.created.astimezone(tz).date() if activity.created else today

        def describe(event, note=""):
            event.add("summary", activity.title)
            if place:
                event.add("location", place)
            event.add("description", "\n".join(x for x in [activity.description, note,
                                                             activity.organisation.name, link] if x))
            event.add("url", link)
            cal.add_component(_stamp(event, stamp))

        for rule in activity.schedules.all():
            event = schedule_event(rule, f"{activity.hsds_id}-time-{rule.pk}@brobyg", since, cancellations)
            if event is not None:
                describe(event)
        for one in activity.one_off_dates.all():
            if one.date < today - timedelta(days=PAST_DAYS) or any(c.covers(one.date) for c in cancellations):
                continue
            event = Event()
            event.add("uid", f"{activity.hsds_id}-date-{one.pk}@brobyg")
            start = datetime.combine(one.date, one.start_time, tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", datetime.combine(one.date, one.end_time, tzinfo=tz) if one.end_time
                      else start + timedelta(hours=2))
            describe(event, one.note)
    return finish(cal)
