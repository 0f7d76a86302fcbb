"""The balance rule of an activity (002, INSP!): a mixed community holds when at most about 20 % of the daily
participants need special support. It belongs with the activity: the association states its usual number of
participants (and, if it knows of them, others who need special support); the newcomers who came through the
bridge are counted from the journeys that hold one of its places (bridging.Arrival.holds_place), so the room
changes as journeys move — nobody retypes it.

With P usual participants, S0 others needing support and H newcomers holding a place, a further newcomer who
needs support fits while S0 + H + x <= share · (P + H + x), i.e. x <= (share·P − S0)/(1 − share) − H. In integers
with share = num/den: room = floor((num·P − den·S0 − (den − num)·H) / (den − num)), never below 0; unknown when P
is not stated (then the rule is not held against the activity). One rule, read by matching (in the database), the
activity page, the initiatives panel and the suggestions page.
"""
from __future__ import annotations

from fractions import Fraction

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

SUPPORT_SHARE = Fraction(1, 5)
NUM, DEN = SUPPORT_SHARE.numerator, SUPPORT_SHARE.denominator
NEAR = 1  # room for this many or fewer: near its balance (the bridge-builder is told and shown what else fits)


def percent() -> int:
    return round(SUPPORT_SHARE * 100)


def held_places():
    """The number of the bridge's newcomers holding one of the activity's places (a correlated subquery)."""
    from .models import Activity

    arrival = Activity._meta.get_field("arrivals").related_model
    held = (arrival.objects.filter(activity=OuterRef("pk"), holds_place=True).order_by()
            .values("activity").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def slack():
    """num·P − den·S0 − (den − num)·H for each activity (NULL when P is not stated)."""
    return F("usual_participants") * NUM - F("need_support") * DEN - held_places() * (DEN - NUM)


def with_balance(qs):
    """Annotate ``balance_slack`` (see :func:`room_from_slack`)."""
    return qs.annotate(balance_slack=slack())


def at_balance() -> Q:
    """True for activities that have no room for another newcomer who needs support (room < 1, i.e. slack <
    den − num). Activities without a stated number of participants are never at their balance."""
    return Q(usual_participants__isnull=False) & Q(LessThan(slack(), DEN - NUM))


def room_from_slack(value) -> int | None:
    return None if value is None else max(0, value // (DEN - NUM))


def newcomer_rooms(activity_ids) -> dict[int, int | None]:
    """Room for newcomers who need support, per activity id (None where the usual number is not stated)."""
    from .models import Activity

    rows = with_balance(Activity.objects.filter(pk__in=list(activity_ids))).values_list("pk", "balance_slack")
    return {pk: room_from_slack(s) for pk, s in rows}


def newcomer_room(activity) -> int | None:
    return newcomer_rooms([getattr(activity, "pk", activity)]).get(getattr(activity, "pk", activity))


def held_count(activity) -> int:
    return activity.arrivals.filter(holds_place=True).count()
