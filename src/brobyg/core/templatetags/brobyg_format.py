"""Numbers and dates on screen, one rule (brobyg.core.formats); built into every template (settings.TEMPLATES).

    {{ value|number }} {{ value|number:2 }} {{ change|signed:1 }} {{ share|percent }}
    {{ date|day }} {{ date|day:"weekday" }} {{ date|day:"year" }} {{ when|moment }} {{ when|clock }}
and the language of Danish content in another interface language: {% da_lang %}, {{ text|da }}.
"""
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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


# --- Danish content in another interface language ------------------------------------------------------------------
# What users write (activity titles, descriptions, notes) is Danish. In the English interface a screen reader must
# read it with Danish pronunciation: {% da_lang %} adds lang="da" to an element, {{ text|da }} wraps inline text.

def _not_danish():
    from django.utils.translation import get_language

    return not (get_language() or "da").startswith("da")


@register.simple_tag
def da_lang():
    return mark_safe(' lang="da"') if _not_danish() else ""


@register.filter(needs_autoescape=True)
def da(value, autoescape=True):
    text = conditional_escape(value) if autoescape else value
    if value in (None, "") or not _not_danish():
        return text
    return format_html('<span lang="da">{}</span>', text)
