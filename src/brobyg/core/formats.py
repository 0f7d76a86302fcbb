"""One rule for numbers and dates on screen, in the conventions of the active language (issue 17).

Danish: decimal comma ("0,48"), a point between thousands from 10.000, dates as "16. maj 2021" with lower-case
month and weekday names, the year left out only for dates in the current year, times as "kl. 14:30" (the colon,
as on Danish timetables and screens). English: "0.48", "16 May 2021", "at 14:30". Templates use the filters in
``brobyg.core.templatetags.brobyg_format`` (built in: no ``{% load %}`` needed); Python code that writes text for
a screen calls these functions.
Numbers written into SVG, CSS or data attributes are not text for a reader: they stay unlocalised.
"""
import datetime as dt

from django.utils import dateformat, formats, timezone
from django.utils.translation import get_language, gettext as _

DASH = "–"
_PATTERNS = {  # (with year, without year, time)
    "da": ("j. F Y", "j. F", "H:i"),
    "en": ("j F Y", "j F", "H:i"),
}


def _lang() -> str:
    return (get_language() or "da").split("-")[0]


def _patterns():
    return _PATTERNS.get(_lang(), _PATTERNS["en"])


def number(value, digits=None) -> str:
    """A number as a reader writes it: whole numbers as they are, others with ``digits`` decimals (default 1)."""
    if value is None or value == "":
        return DASH
    try:
        value = float(value) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return str(value)
    if isinstance(value, int) and digits is None:
        decimals = 0
    else:
        decimals = 1 if digits is None else int(digits)
        value = round(value, decimals)
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=abs(value) >= 10000)


def signed(value, digits=None) -> str:
    """A change: always with its sign ("+0,4", "-2")."""
    if value is None or value == "":
        return DASH
    shown = number(abs(value), digits)
    return ("-" if value < 0 else "+") + shown


def percent(share, digits=0) -> str:
    """A share between 0 and 1 as per cent ("43 %")."""
    if share is None or share == "":
        return DASH
    return f"{number(float(share) * 100, digits)} %"


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def day(value, weekday=False, year=None) -> str:
    """A date: "16. maj 2021"; "16. maj" in the current year; ``weekday`` puts the day's name in front.
    ``year`` True/False forces the year on or off."""
    if not value:
        return DASH
    value = _as_date(value)
    with_year, without_year, _time = _patterns()
    show_year = year if year is not None else value.year != timezone.localdate().year
    text = dateformat.format(value, with_year if show_year else without_year)
    if weekday:
        text = f"{dateformat.format(value, 'l')} {text}"
    return text.lower() if _lang() == "da" else text


def clock(value) -> str:
    """A time of day: "14:30"."""
    if value is None or value == "":
        return DASH
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.time_format(value, _patterns()[2])


def moment(value, weekday=False, year=None) -> str:
    """A date and time: "16. maj 2021 kl. 14:30"."""
    if not value:
        return DASH
    return _("%(date)s at %(time)s") % {"date": day(value, weekday=weekday, year=year), "time": clock(value)}
