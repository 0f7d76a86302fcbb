from django import template
from django.utils.translation import gettext_lazy as _

from brobyg.partnerships.models import Sector

register = template.Library()

LABELS = {"actors": _("Actors"), "ties": _("Ties"), "density": _("Density"),
          "centralisation": _("Degree centralisation"), "reciprocity": _("Reciprocity"),
          "cross_sector_ties": _("Ties across sectors"), "trust": _("Mean trust (1–4)"),
          "value": _("Mean value (1–4)"), "isolates": _("Isolated actors")}


@register.filter
def pct(value):
    return "–" if value is None else f"{value * 100:.0f} %"


@register.filter
def num(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{int(digits)}f}"


@register.filter
def signed(value):
    if value is None:
        return "–"
    return f"{value:+d}" if isinstance(value, int) else f"{value:+.2f}"


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
