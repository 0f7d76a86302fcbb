"""Session rules for signed-in users, applied on every request by ``SessionPolicyMiddleware``.

- A session ends when the user's membership or account is removed or deactivated: ``User.sessions_ended_at`` is
  set then, and every session signed in before that moment is logged out at its next request. (Deactivated
  accounts are refused by Django's backend anyway; the timestamp also covers a removed membership.)
- Users who read citizen data (``permissions.CITIZEN_READER_ROLES`` and site administrators) are logged out after
  ``BROBYG_IDLE_TIMEOUT_MINUTES`` without a request.
"""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.core import permissions

SIGNED_IN_AT, SEEN_AT = "brobyg_signed_in_at", "brobyg_seen_at"
SEEN_RESOLUTION = 30  # seconds: the last-seen time is stored at most this often (a session write per request)


def reads_citizen_data(user) -> bool:
    return permissions.is_site_admin(user) or bool(permissions.roles_of(user) & set(permissions.CITIZEN_READER_ROLES))


def on_login(sender, request, user, **kwargs):
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def end_sessions(user_id) -> None:
    """End every current session of a user (each is logged out at its next request)."""
    from .models import User

    User.objects.filter(pk=user_id).update(sessions_ended_at=timezone.now())


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.check(request, user)
        return self.get_response(request)

    def check(self, request, user):
        session, now = request.session, time.time()
        ended = user.sessions_ended_at
        if ended is not None and session.get(SIGNED_IN_AT, 0) <= ended.timestamp():
            logout(request)
            messages.info(request, _("Your session has ended because your access changed. Please log in again."))
            return
        timeout = settings.BROBYG_IDLE_TIMEOUT_MINUTES * 60
        seen = session.get(SEEN_AT)
        if timeout and reads_citizen_data(user):
            if seen is not None and now - seen > timeout:
                logout(request)
                messages.info(request, _("You were logged out after %(minutes)d minutes without activity.")
                              % {"minutes": settings.BROBYG_IDLE_TIMEOUT_MINUTES})
                return
        if seen is None or now - seen > SEEN_RESOLUTION:
            session[SEEN_AT] = now


def on_user_save(sender, instance, **kwargs):
    """Deactivating an account ends its sessions."""
    if instance.pk and not instance.is_active and sender.objects.filter(pk=instance.pk, is_active=True).exists():
        instance.sessions_ended_at = timezone.now()
