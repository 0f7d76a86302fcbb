"""The calendar feeds read the same in three independent parsers (icalendar, ics, recurring-ical-events), and what
they expand is what Brobyg itself says: one event per recurring time with its RRULE, cancelled dates left out,
times in Europe/Copenhagen across the change to summer time, stable UIDs."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import ics
import pytest
import recurring_ical_events
from dateutil.rrule import rrulestr
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from brobyg.directory.models import Cancellation, OneOffDate, Schedule
from brobyg.directory.schedule import occurrences

CPH = ZoneInfo("Europe/Copenhagen")
DAYS = 200  # from December into summer time


@pytest.fixture
def activities(make_activity, org_a):
    weekly = make_activity(org_a, title="Stille gåtur", weekday=1, start=time(18, 0))
    Cancellation.objects.create(activity=weekly, starts=timezone.localdate() + timedelta(days=14),
                                ends=timezone.localdate() + timedelta(days=27), reason="Jul")
    Schedule.objects.create(activity=weekly, weekday=4, frequency="biweekly", start_time=time(10, 0),
                            end_time=time(11, 30))
    monthly = make_activity(org_a, title="Brætspil", weekday=None)
    Schedule.objects.create(activity=monthly, weekday=3, frequency="monthly", week_of_month=-1,
                            start_time=time(19, 0), end_time=time(21, 0),
                            valid_until=timezone.localdate() + timedelta(days=120))
    OneOffDate.objects.create(activity=monthly, date=timezone.localdate() + timedelta(days=9), start_time=time(12, 0),
                              end_time=time(15, 0), note="Udflugt")
    return [weekly, monthly]


def expected(activities, start, end):
    return sorted((a.title, datetime.combine(o.date, o.start, tzinfo=CPH)) for a in activities
                  for o in occurrences(a, start, end))


def test_three_parsers_agree_on_the_feed(client, activities, org_a):
    r = client.get(reverse("directory:organisation_ical", args=[org_a.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    text = r.content.decode()
    today = timezone.localdate()
    end = today + timedelta(days=DAYS)
    want = expected(activities, today, end)
    assert len(want) > 40  # a real half year, with the change to summer time in it

    # 1. icalendar: one VEVENT per recurring time or single date, a VTIMEZONE for the TZID, RRULE not expanded
    cal = Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    assert len(events) == 4
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Copenhagen" for e in events)
    rules = {str(e["UID"]): e["RRULE"].to_ical().decode() for e in events if "RRULE" in e}
    assert sorted(r.split(";")[0] for r in rules.values()) == ["FREQ=MONTHLY", "FREQ=WEEKLY", "FREQ=WEEKLY"]
    assert any("BYDAY=-1TH" in r for r in rules.values()) and any("INTERVAL=2" in r for r in rules.values())

    # 2. recurring-ical-events expands it as a calendar program does: exactly Brobyg's own dates
    got = sorted((str(e["SUMMARY"]), e["DTSTART"].dt) for e in
                 recurring_ical_events.of(cal).between(datetime.combine(today, time(0), tzinfo=CPH),
                                                       datetime.combine(end, time(23, 59), tzinfo=CPH)))
    assert [(t, d.astimezone(CPH)) for t, d in got] == want
    summer = [d for _t, d in got if d.astimezone(CPH).utcoffset() == timedelta(hours=2)]
    assert summer and all(d.astimezone(CPH).hour in (10, 18, 19, 12) for _t, d in got)  # local time kept

    # 3. ics parses the same events at the same instants; its RRULE, expanded with dateutil, gives the same dates
    parsed = ics.Calendar(text)
    assert sorted(e.uid for e in parsed.events) == sorted(str(e["UID"]) for e in events)
    by_uid = {str(e["UID"]): e for e in events}
    third = []
    for e in parsed.events:
        assert e.begin.datetime == by_uid[e.uid]["DTSTART"].dt  # same instant, time zone resolved via VTIMEZONE
        lines = {line.name: line for line in e.extra}
        if "RRULE" not in lines:
            third.append((e.name, e.begin.datetime.astimezone(CPH)))
            continue
        assert lines["RRULE"].value == rules[e.uid]
        start = e.begin.datetime.astimezone(CPH).replace(tzinfo=None)
        rule = rrulestr(lines["RRULE"].value, dtstart=start.replace(tzinfo=CPH) if "UNTIL" in lines["RRULE"].value
                        else start)
        skip = set()
        if "EXDATE" in lines:
            skip = {datetime.strptime(v, "%Y%m%dT%H%M%S") for v in lines["EXDATE"].value.split(",")}
        for d in rule:
            local = d.replace(tzinfo=None)
            if local.date() > end:
                break
            if local.date() >= today and local not in skip:
                third.append((e.name, local.replace(tzinfo=CPH)))
    assert sorted(third) == want


def test_uids_are_stable_and_cancellations_are_exceptions(client, activities, org_a):
    url = reverse("directory:organisation_ical", args=[org_a.pk])
    first = Calendar.from_ical(client.get(url).content)
    second = Calendar.from_ical(client.get(url).content)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [str(e["UID"]) for e in second.walk("VEVENT")]
    walk = next(e for e in first.walk("VEVENT") if "RRULE" in e and "BYDAY=TU" in e["RRULE"].to_ical().decode())
    skipped = [d.dt.date() for x in ([walk["EXDATE"]] if not isinstance(walk["EXDATE"], list) else walk["EXDATE"])
               for d in x.dts]
    assert len(skipped) == 2 and all(d.weekday() == 1 for d in skipped)  # two Tuesdays in the holiday
