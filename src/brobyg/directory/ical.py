"""iCalendar feeds: one VEVENT per occurrence in the coming months (cancellations already left out)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .schedule import occurrences

FEED_DAYS = 180


def calendar_for(activities, name: str) -> bytes:
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Brobyg//Tilbudsviften//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    today = timezone.localdate()
    stamp = timezone.now()
    base = settings.BROBYG_BASE_URL.rstrip("/")
    for activity in activities:
        place = ", ".join(p for p in [activity.address, f"{activity.postcode} {activity.city}".strip()] if p)
        for occ in occurrences(activity, today, today + timedelta(days=FEED_DAYS)):
            event = Event()
            event.add("uid", f"{activity.hsds_id}-{occ.date:%Y%m%d}-{occ.start:%H%M}@brobyg")
            event.add("dtstamp", stamp)
            start = datetime.combine(occ.date, occ.start, tzinfo=tz)
            event.add("dtstart", start)
            end = datetime.combine(occ.date, occ.end, tzinfo=tz) if occ.end else start + timedelta(hours=2)
            event.add("dtend", end)
            event.add("summary", activity.title)
            if place:
                event.add("location", place)
            event.add("description", "\n".join(x for x in [
                activity.description, occ.note,
                f"{activity.organisation.name}", base + reverse("directory:detail", args=[activity.pk])] if x))
            event.add("url", base + reverse("directory:detail", args=[activity.pk]))
            cal.add_component(event)
    return cal.to_ical()
