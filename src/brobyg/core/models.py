"""Work that finds its people (issue 14): in-app notices, the e-mail outbox and each user's e-mail choices.

E-mail never goes out inside a request: requests put a row in the outbox; ``brobyg send-mail`` (a worker) and
``brobyg daily`` send it and retry failed sends, so nobody waits on a mail server. Notices and e-mails hold no
citizen data beyond a first name where the citizen agreed to share it (see core.notify).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    REFERRAL = "referral", _("A citizen is referred to me")
    COMPANION = "companion", _("I am attached as a companion")
    NEWCOMER = "newcomer", _("A newcomer is coming to an activity I receive at")
    SIGNUP = "signup", _("A volunteer sign-up is waiting for an answer")
    ENDED = "ended", _("An arrangement I am part of has ended")
    CLOSED = "closed", _("A referral I made has closed")


class Notice(models.Model):
    """A short message on the user's own pages (home, companion list) — the same words as the e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=MailKind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120, db_index=True)  # the event: told once per event and person
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "created"])]


class OutboxMail(models.Model):
    """One e-mail waiting to be sent, sent, or given up on. ``key`` makes an event's e-mail to a person unique, so
    the same event never mails twice; a digest user's mails wait for the daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    to = models.EmailField()
    kind = models.CharField(max_length=16, choices=MailKind.choices)
    key = models.CharField(max_length=120, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    digest = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failed_at = models.DateTimeField(null=True, blank=True)  # given up after MAX_ATTEMPTS
    last_error = models.CharField(max_length=100, blank=True)  # the exception class only, never the message

    class Meta:
        ordering = ["pk"]


class MailPreference(models.Model):
    """Which e-mails a user gets, and whether as one daily digest instead of single mails."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference")
    off = models.CharField(max_length=200, blank=True)  # comma-separated MailKind values the user turned off
    digest = models.BooleanField(_("one daily digest instead of single e-mails"), default=False)

    def off_kinds(self) -> set[str]:
        return {k for k in self.off.split(",") if k}


class PublicFormCount(models.Model):
    """Submissions of a public form per hashed client address per hour (the throttle of core.publicforms)."""

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    hour = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "hour"], name="unique_public_form_count")]
