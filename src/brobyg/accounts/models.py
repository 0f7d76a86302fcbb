import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff or volunteer account. Citizens are not users; their records live in the bridging app."""

    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Sessions signed in before this moment are ended (a membership or the account was removed or deactivated).
    sessions_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """A facilitator invites a person into the partnership with a role; there is no open staff registration."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32)
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(default=_default_expiry)
    accepted = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    @property
    def is_usable(self) -> bool:
        return self.accepted is None and self.expires > timezone.now()
