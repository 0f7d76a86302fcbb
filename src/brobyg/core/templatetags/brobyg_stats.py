"""{{ n|suppressed }}: a count as aggregates may show it — 1..k-1 become "fewer than k" (brobyg.core.stats).
{% fewer_than_text %}: that wording, for a count that was already suppressed (None) by a service."""
from django import template

from brobyg.core.stats import fewer_than, suppress

register = template.Library()


@register.filter
def suppressed(n):
    shown = suppress(n)
    if shown is None and n is not None:
        return fewer_than()
    return "–" if shown is None else shown


@register.simple_tag
def fewer_than_text():
    return fewer_than()
