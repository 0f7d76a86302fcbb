from django import template
from django.utils.translation import gettext_lazy as _

from brobyg.core import formats
from brobyg.partnerships.models import Sector

register = template.Library()

LABELS = {"actors": _("Actors"), "ties": _("Ties"), "density": _("Density"),
          "centralisation": _("Degree centralisation"), "reciprocity": _("Reciprocity"),
          "cross_sector_ties": _("Ties across sectors"), "trust": _("Mean trust (1–4)"),
          "value": _("Mean value (1–4)"), "isolates": _("Isolated actors")}


@register.filter
def pct(value):
    return formats.percent(value)


@register.filter
def num(value, digits=1):
    return formats.number(value, None if isinstance(value, int) else digits)


@register.filter
def signed(value):
    return formats.signed(value, None if isinstance(value, int) else 2)


@register.filter
def sector(value):
    return dict(Sector.choices).get(value, value)


@register.filter
def measure_label(key):
    return LABELS.get(key, key)


@register.filter
def indicator_label(key):
    from brobyg.evaluation.indicators import get

    indicator = get(key) if key else None
    return indicator.label if indicator else "–"
