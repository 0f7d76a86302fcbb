"""Protection of the forms anyone can send without logging in: the self-referral (/bridge/ask/), the volunteer
sign-up and the idea form. One rule for all three, without third-party services:

- a honeypot field (``website``) hidden from people: a robot that fills it is answered as if all went well and
  nothing is stored;
- a signed start time: a form sent faster than the form's minimum fill time (a setting per form) or with a forged
  or day-old stamp is refused with a message, keeping what was typed;
- a throttle per client and hour counted in the database (``PublicFormCount``), so it holds across gunicorn
  workers and servers; the client is the address the documented proxy saw when ``BEHIND_PROXY`` is on.
  Only submissions that would be stored count, so correcting a typo does not use up the allowance.
"""
from __future__ import annotations

import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from brobyg.core.net import client_ip

STAMP_SALT = "brobyg.core.publicforms"
STAMP_MAX_AGE = 24 * 3600  # a form left open over night still works the next day

ROBOT, THROTTLED, INVALID, VALID = "robot", "throttled", "invalid", "valid"


def stamp(scope: str, seconds_ago: float = 0) -> str:
    """The signed start time a form of ``scope`` carries (``seconds_ago`` for tests of the fill time)."""
    return signing.dumps(time.time() - seconds_ago, salt=f"{STAMP_SALT}.{scope}")


def client_key(request) -> str:
    """A keyed hash of the client address (the address itself is never stored)."""
    return salted_hmac(STAMP_SALT, client_ip(request)).hexdigest()[:40]


def count_and_check(request, scope: str, per_hour: int) -> bool:
    """Count one submission of ``scope`` for this client; True when it is more than ``per_hour`` this hour."""
    from .models import PublicFormCount

    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        row, created = PublicFormCount.objects.select_for_update().get_or_create(
            scope=scope, key=client_key(request), hour=hour, defaults={"count": 1})
        if not created:
            PublicFormCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
            row.count += 1
    PublicFormCount.objects.filter(hour__lt=hour - timedelta(days=1)).delete()
    return row.count > per_hour


class PublicForm(forms.Form):
    """Base of every public form. Subclasses name their ``scope`` and the settings with their minimum fill time
    and hourly allowance; views call :func:`submit`. Put ModelForm after this class in the bases."""

    scope = ""
    min_seconds_setting = ""
    per_hour_setting = ""
    honeypot_name = "website"  # core/_form.html draws it out of sight

    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = stamp(self.scope)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        try:
            started = float(signing.loads(self.data.get("started", ""), salt=f"{STAMP_SALT}.{self.scope}",
                                          max_age=STAMP_MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            self._fresh_stamp()  # so that sending the kept answers again can succeed
            self.add_error(None, _("The form has expired. Please check your answers and send again."))
            return data
        if time.time() - started < float(getattr(settings, self.min_seconds_setting)):
            self.add_error(None, _("That was very quick. Please check your answers and send again."))
        return data

    def _fresh_stamp(self):
        self.data = self.data.copy()
        self.data["started"] = stamp(self.scope)


def submit(request, form: PublicForm) -> str:
    """Judge a POST of a public form: ROBOT (the honeypot is filled: answer as if all went well, store nothing),
    INVALID (errors are on the form), THROTTLED (too many from this client this hour: a message is on the form;
    answer 429) or VALID (store it)."""
    if form.is_robot:
        return ROBOT
    if not form.is_valid():
        return INVALID
    if count_and_check(request, form.scope, int(getattr(settings, form.per_hour_setting))):
        form.add_error(None, _("We have received many messages from this connection within the last hour. "
                               "Please try again later, or call us."))
        return THROTTLED
    return VALID
