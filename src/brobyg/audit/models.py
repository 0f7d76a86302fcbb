from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, and when. Never holds personal data: objects are referenced by type and id."""

    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["partnership", "-created"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}#{self.object_id}"
