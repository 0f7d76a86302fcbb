"""The e-mail backend for a server without ``EMAIL_URL``.

Django's console backend prints every message, so password-reset links, invitation tokens and personal survey links
would end up in the server log. It is used only with ``DEBUG``. Without ``DEBUG`` and without ``EMAIL_URL`` this
backend sends nothing and logs one warning per batch naming no recipient and no content.
"""
import logging

from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger("brobyg.mail")


class UnconfiguredBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = len(list(email_messages or []))
        if count:
            log.warning("%d e-mail(s) not sent: no mail server configured (set EMAIL_URL)", count)
        return 0
