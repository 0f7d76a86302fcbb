"""Numbers and dates on screen, one rule (brobyg.core.formats); built into every template (settings.TEMPLATES).

    {{ value|number }} {{ value|number:2 }} {{ change|signed:1 }} {{ share|percent }}
    {{ date|day }} {{ date|day:"weekday" }} {{ date|day:"year" }} {{ when|moment }} {{ when|clock }}
"""
from django import template

from brobyg.core import formats

register = template.Library()


@register.filter
def number(value, digits=None):
    return formats.number(value, digits)


@register.filter
def signed(value, digits=None):
    return formats.signed(value, digits)


@register.filter
def percent(value, digits=0):
    return formats.percent(value, digits)


def _options(arg):
    words = set((arg or "").split(","))
    return {"weekday": "weekday" in words, "year": True if "year" in words else False if "noyear" in words else None}


@register.filter
def day(value, arg=""):
    return formats.day(value, **_options(arg))


@register.filter
def moment(value, arg=""):
    return formats.moment(value, **_options(arg))


@register.filter
def clock(value):
    return formats.clock(value)
