"""Small-count suppression: the one rule every aggregate outside a citizen's own record passes through.

A count of 1..k-1 people (k = settings.BROBYG_SMALL_COUNT, default 5) could point at a person, so it is shown as
"fewer than k" (None here); 0 and counts of k or more are shown as they are.
"""
from django.conf import settings
from django.utils.translation import gettext as _


def small_count() -> int:
    return int(settings.BROBYG_SMALL_COUNT)


def suppress(n: int | None) -> int | None:
    """A count as it may be shown in aggregates: None (shown as 'fewer than k') for 1..k-1."""
    if n is None:
        return None
    return n if n == 0 or n >= small_count() else None


def fewer_than() -> str:
    """How a suppressed count is written wherever it is shown: "fewer than k"."""
    return _("fewer than %(k)s") % {"k": small_count()}
