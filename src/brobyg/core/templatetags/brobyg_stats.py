"""{{ n|suppressed }}: a count as aggregates may show it — 1..k-1 become "fewer than k" (brobyg.core.stats)."""
from django import template
from django.utils.translation import gettext as _

from brobyg.core.stats import small_count, suppress

register = template.Library()


@register.filter
def suppressed(n):
    shown = suppress(n)
    if shown is None and n is not None:
        return _("fewer than %(k)d") % {"k": small_count()}
    return "–" if shown is None else shown
