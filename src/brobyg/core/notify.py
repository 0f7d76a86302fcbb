"""Tell a person that work is waiting or that something ended: a notice on their own pages and an e-mail through
the outbox (core.models). Requests only write rows; ``brobyg send-mail`` sends them and retries, ``brobyg daily``
runs it and sends the daily digests. Callers pass texts with no citizen data beyond a consented first name.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import MailKind, MailPreference, Notice, OutboxMail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6  # then the e-mail is given up (the notice on the page stays)
RETRY_MINUTES = 10  # doubled after each failed attempt


def absolute(path: str) -> str:
    return settings.BROBYG_BASE_URL.rstrip("/") + path if path else ""


def preference(user) -> MailPreference:
    return MailPreference.objects.filter(user=user).first() or MailPreference(user=user)


def wants(user, kind: str) -> bool:
    return bool(user.email) and kind not in preference(user).off_kinds()


@transaction.atomic
def notify(user, kind: str, key: str, subject: str, body: str, url: str = "", mail_link: bool = True) -> bool:
    """Tell ``user`` once per ``key`` (an event id such as "companion:12"): a notice, and an e-mail in the outbox
    unless the user turned this kind of e-mail off. Returns False when the person was already told."""
    if user is None or not getattr(user, "is_active", False) or kind not in MailKind.values:
        return False
    key = f"{key}:u{user.pk}"[:120]
    if Notice.objects.filter(user=user, key=key).exists():
        return False
    Notice.objects.create(user=user, kind=kind, key=key, text=subject[:300], url=url[:300])
    if wants(user, kind):
        text = "\n".join([_("Hello,"), "", body, *([absolute(url)] if url and mail_link else []), "",
                          _("Choose which e-mails you get: %(url)s") % {"url": absolute(reverse("core:mail_settings"))}])
        OutboxMail.objects.get_or_create(key=key, defaults={
            "user": user, "to": user.email, "kind": kind, "subject": subject[:200], "body": text,
            "digest": preference(user).digest})
    return True


def members(partnership_id, roles, organisation_id=None) -> list:
    """The active users holding one of ``roles`` in the partnership (optionally: for that organisation)."""
    from django.contrib.auth import get_user_model

    q = {"memberships__partnership_id": partnership_id, "memberships__role__in": list(roles)}
    if organisation_id is not None:
        q["memberships__organisation_id"] = organisation_id
    return list(get_user_model().objects.filter(is_active=True, **q).distinct().order_by("pk"))


def recent_notices(user, days: int = 30):
    return Notice.objects.filter(user=user, created__gte=timezone.now() - dt.timedelta(days=days))[:20]


def _send(messages) -> None:
    mail.get_connection().send_messages(messages)


def send_pending(limit: int = 500) -> tuple[int, int]:
    """Send the single e-mails that are due. Each is claimed with a conditional UPDATE (two workers never send the
    same mail); a failed send is tried again later, doubling the wait, up to MAX_ATTEMPTS. Returns (sent, failed)."""
    now = timezone.now()
    sent = failed = 0
    due = OutboxMail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, digest=False, next_try__lte=now)
    for m in list(due.order_by("pk")[:limit]):
        wait = dt.timedelta(minutes=RETRY_MINUTES * 2 ** m.attempts)
        if not OutboxMail.objects.filter(pk=m.pk, attempts=m.attempts, sent_at__isnull=True).update(
                attempts=F("attempts") + 1, next_try=now + wait):
            continue  # another worker has it
        try:
            _send([mail.EmailMessage(m.subject, m.body, settings.DEFAULT_FROM_EMAIL, [m.to])])
        except Exception as exc:  # noqa: BLE001 - any mail failure: keep it for the next try
            failed += 1
            give_up = m.attempts + 1 >= MAX_ATTEMPTS
            OutboxMail.objects.filter(pk=m.pk).update(last_error=exc.__class__.__name__[:100],
                                                      failed_at=now if give_up else None)
            log.warning("outbox mail #%s not sent: %s", m.pk, exc.__class__.__name__)
            continue
        OutboxMail.objects.filter(pk=m.pk).update(sent_at=now, last_error="")
        sent += 1
    return sent, failed


def send_digests() -> tuple[int, int]:
    """One e-mail per digest user with everything waiting for them. Claimed by marking the rows sent first; a
    failed send gives them back for the next run. Returns (digests sent, failed)."""
    now = timezone.now()
    sent = failed = 0
    waiting = OutboxMail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, digest=True)
    for user_id in sorted(set(waiting.values_list("user_id", flat=True))):
        rows = list(waiting.filter(user_id=user_id).order_by("pk"))
        ids = [r.pk for r in rows]
        if OutboxMail.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=now) != len(ids):
            OutboxMail.objects.filter(pk__in=ids, sent_at=now).update(sent_at=None)
            continue
        subject = _("Brobyg: %(n)d things waiting for you") % {"n": len(rows)}
        body = "\n\n".join(f"* {r.subject}\n{r.body}" for r in rows)
        try:
            _send([mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [rows[0].to])])
        except Exception as exc:  # noqa: BLE001
            failed += 1
            OutboxMail.objects.filter(pk__in=ids).update(sent_at=None, attempts=F("attempts") + 1,
                                                         last_error=exc.__class__.__name__[:100])
            continue
        sent += 1
    return sent, failed
