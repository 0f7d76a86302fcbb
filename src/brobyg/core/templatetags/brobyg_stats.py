"""{{ n|suppressed }}: a count as aggregates may show it (brobyg.core.stats): 1..k-1, and None (a count a service
already hid, e.g. with :func:`brobyg.core.stats.protect`), are written as the one hidden label.
{% fewer_than_text %}: that label, for a count that was already hidden (None) by a service."""
from django import template

from brobyg.core.stats import hidden, suppress

register = template.Library()


@register.filter
def suppressed(n):
    shown = suppress(n)
    return hidden() if shown is None else shown


@register.simple_tag
def fewer_than_text():
    return hidden()
