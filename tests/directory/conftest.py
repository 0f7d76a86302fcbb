from datetime import time

import pytest

from brobyg.directory.models import Activity, Category, Schedule
from brobyg.directory.services import refresh_derived


@pytest.fixture
def make_activity(db):
    def make(organisation, title="Fællesspisning", postcode="8000", status=Activity.Status.PUBLISHED,
             categories=(), weekday=None, start=time(18, 0), **fields):
        activity = Activity(organisation=organisation, title=title, postcode=postcode, status=status, **fields)
        activity.fill_place()
        activity.save()
        if categories:
            activity.categories.set(Category.objects.filter(slug__in=categories))
        if weekday is not None:
            Schedule.objects.create(activity=activity, weekday=weekday, start_time=start,
                                    end_time=time(start.hour + 2, 0))
        refresh_derived(activity)
        activity.refresh_from_db()
        return activity

    return make
