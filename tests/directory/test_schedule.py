from datetime import date, datetime, time

import pytest

from brobyg.directory.models import Activity, Cancellation, OneOffDate, Schedule
from brobyg.directory.schedule import EVENING, MORNING, next_occurrence


@pytest.fixture
def activity(org_a):
    return Activity.objects.create(organisation=org_a, title="Strikkecafé", postcode="8000")


def test_weekly_next_date_and_cancellation(activity):
    Schedule.objects.create(activity=activity, weekday=2, start_time=time(19, 0), end_time=time(21, 0))
    # Monday 2 Nov 2026 → Wednesday 4 Nov
    assert next_occurrence(activity, datetime(2026, 11, 2, 12, 0)).date == date(2026, 11, 4)
    # on the Wednesday after it started → next week
    assert next_occurrence(activity, datetime(2026, 11, 4, 19, 30)).date == date(2026, 11, 11)
    Cancellation.objects.create(activity=activity, starts=date(2026, 11, 10), ends=date(2026, 11, 20))
    assert next_occurrence(activity, datetime(2026, 11, 4, 19, 30)).date == date(2026, 11, 25)


def test_biweekly_counts_from_start(activity):
    Schedule.objects.create(activity=activity, frequency="biweekly", weekday=0, start_time=time(10, 0),
                            valid_from=date(2026, 11, 2))
    assert next_occurrence(activity, datetime(2026, 11, 3)).date == date(2026, 11, 16)
    assert next_occurrence(activity, datetime(2026, 11, 17)).date == date(2026, 11, 30)


def test_biweekly_without_start_is_stable(activity):
    Schedule.objects.create(activity=activity, frequency="biweekly", weekday=3, start_time=time(10, 0))
    first = next_occurrence(activity, datetime(2026, 11, 1))
    second = next_occurrence(activity, datetime.combine(first.date, time(11, 0)))
    assert (second.date - first.date).days == 14


def test_monthly_nth_and_last_weekday(activity):
    Schedule.objects.create(activity=activity, frequency="monthly", weekday=1, week_of_month=2,
                            start_time=time(17, 0))
    assert next_occurrence(activity, datetime(2026, 11, 1)).date == date(2026, 11, 10)
    assert next_occurrence(activity, datetime(2026, 11, 11)).date == date(2026, 12, 8)
    activity.schedules.all().delete()
    Schedule.objects.create(activity=activity, frequency="monthly", weekday=4, week_of_month=-1,
                            start_time=time(17, 0))
    assert next_occurrence(activity, datetime(2026, 11, 1)).date == date(2026, 11, 27)


def test_valid_period_and_one_off(activity):
    Schedule.objects.create(activity=activity, weekday=4, start_time=time(9, 0), valid_until=date(2026, 11, 15))
    OneOffDate.objects.create(activity=activity, date=date(2027, 1, 9), start_time=time(13, 0))
    assert next_occurrence(activity, datetime(2026, 11, 10)).date == date(2026, 11, 13)
    assert next_occurrence(activity, datetime(2026, 11, 14)).date == date(2027, 1, 9)
    assert next_occurrence(activity, datetime(2027, 2, 1)) is None


def test_masks_follow_schedules(make_activity, org_a):
    a = make_activity(org_a, weekday=2, start=time(18, 30))
    assert a.weekday_mask == 1 << 2 and a.daypart_mask == EVENING
    Schedule.objects.create(activity=a, weekday=5, start_time=time(9, 0))
    from brobyg.directory.services import refresh_derived

    refresh_derived(a)
    a.refresh_from_db()
    assert a.weekday_mask == (1 << 2) | (1 << 5) and a.daypart_mask == EVENING | MORNING
