"""Personal tokens: API tokens for other systems' scripts and the volunteer's calendar address.

Only a SHA-256 hash of a token is stored (a token is 32 random bytes, so a plain hash cannot be guessed back); the
token itself is shown once, when it is made. ``Token``: user, kind ("api" or "calendar"), name, partnership (an API
token acts only within it), can_write (else read-only), key_hash, prefix (the first characters, to tell tokens
apart), created, last_used, revoked."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Token(models.Model):
    class Kind(models.TextChoices):
        API = "api", _("API token")
        CALENDAR = "calendar", _("Calendar address")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True,
                            help_text=_("What the token is for, e.g. 'the municipality's booking system'."))
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="+", verbose_name=_("partnership"))
    can_write = models.BooleanField(_("may change data"), default=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("personal token")
        verbose_name_plural = _("personal tokens")
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "kind", "revoked"], name="tokens_user_kind")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.kind})"

    @property
    def active(self) -> bool:
        return self.revoked is None
