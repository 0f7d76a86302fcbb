"""Counts for the evaluation dashboard: registered with ``brobyg.evaluation.indicators.register`` when the
evaluation app provides it (each fn(partnership, start, end) returns a number; counts of people are marked
``personal`` so the dashboard suppresses small numbers). The same counts are on the initiatives overview."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _between(qs, field, start, end):
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def ideas_received(p, start, end):
    from .models import Idea

    return _between(Idea.objects.filter(partnership=p), "received__date", start, end).count()


def ideas_started(p, start, end):
    from .models import Idea

    return _between(Idea.objects.filter(partnership=p, started__isnull=False), "started__date", start, end).count()


def activities_from_ideas(p, start, end):
    from .models import Idea

    qs = _between(Idea.objects.filter(partnership=p, activity__isnull=False), "activity__created__date", start, end)
    return qs.values("activity").distinct().count()


def level_changes(p, start, end):
    from datetime import timedelta

    from .services import _level_changes

    return _level_changes(p, start, end + timedelta(days=1) if end else None)


def stories(p, start, end):
    from .models import Story

    return _between(Story.objects.filter(partnership=p), "date", start, end).count()


def causes(p, start, end):
    from .models import Cause

    return _between(Cause.objects.filter(partnership=p), "created__date", start, end).count()


def register_with_evaluation() -> bool:
    try:
        from brobyg.evaluation.indicators import LEVEL_INTERVENTION, Indicator, register
    except ImportError:
        return False
    try:
        for key, label, fn, personal, source in [
            ("initiatives_ideas", _("Ideas received from citizens"), ideas_received, True, "004 Part 2"),
            ("initiatives_started", _("Ideas started as activity or cause"), ideas_started, True, "004 Part 2"),
            ("initiatives_activities", _("Directory activities started from ideas"), activities_from_ideas, False,
             "004 Table 1"),
            ("initiatives_level_changes", _("Changes of involvement level"), level_changes, False, "004 Table 1"),
            ("initiatives_causes", _("Causes started by citizens"), causes, True, "002"),
            ("initiatives_stories", _("Success stories recorded"), stories, True, "004 Part 2"),
        ]:
            # Ideas started are part of the ideas (for an open period exactly, as on the initiatives overview).
            register(Indicator(key, label, LEVEL_INTERVENTION, fn, personal=personal, source=source,
                               requires=(("initiatives", "Idea"),),
                               part_of="initiatives_ideas" if key == "initiatives_started" else ""))
    except TypeError:  # the evaluation app's Indicator changed shape: the overview page still has the counts
        return False
    return True
