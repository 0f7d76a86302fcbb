from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitizenLink(models.Model):
    """A citizen's personal link to their own page. One per citizen: renewing replaces it, so the old link stops.

    Only a SHA-256 hash of the random token is stored (as for the network survey's links); the raw token is shown
    once to the bridge-builder. The link works only while it has not expired and the citizen's consent is active."""

    citizen = models.OneToOneField("bridging.Citizen", on_delete=models.CASCADE, related_name="personal_link")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    expires = models.DateTimeField(_("expires"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
