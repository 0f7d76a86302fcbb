"""The bridge's "waiting for you" counts on the home page (core.navigation.WAITING), each linking to the list
filtered to exactly the items counted."""
from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext


def new_referrals(user) -> int:
    from .access import referrals_for
    from .models import Referral

    return referrals_for(user).filter(status=Referral.Status.NEW).count()


def follow_ups_due(user) -> int:
    from .services import due_follow_ups

    return due_follow_ups(user).filter(due__lte=timezone.localdate()).count()


def newcomers_announced(user) -> int:
    from .bridge import arrivals_for_receiver

    return arrivals_for_receiver(user).filter(Q(expected__gte=timezone.now()) | Q(expected__isnull=True)).count()


def register_waiting() -> None:
    from brobyg.core.navigation import WAITING, Waiting
    from brobyg.partnerships.models import Role

    WAITING.extend([
        Waiting((Role.BRIDGE_BUILDER, Role.FACILITATOR), new_referrals,
                lambda n: ngettext("new referral waiting for a first call", "new referrals waiting for a first call",
                                   n), "bridging:referrals", "status=new", order=10),
        Waiting((Role.BRIDGE_BUILDER,), follow_ups_due,
                lambda n: ngettext("follow-up due today or overdue", "follow-ups due today or overdue", n),
                "bridging:follow_ups", "due=now", order=20),
        Waiting((Role.ASSOCIATION_CONTACT, Role.VOLUNTEER), newcomers_announced,
                lambda n: ngettext("newcomer announced", "newcomers announced", n), "bridging:newcomers",
                order=30),
    ])
