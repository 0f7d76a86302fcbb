from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised for any attempt to change or delete an audit entry through Django (admin, API, shell)."""

    def __init__(self, what: str = "change or delete"):
        super().__init__(f"The audit log is append-only: entries cannot be {what}d.")


class AuditEntryQuerySet(models.QuerySet):
    """Queries that would rewrite history are refused; reading and creating one entry at a time are not."""

    def update(self, **kwargs):
        raise AppendOnlyError("update")

    def delete(self):
        raise AppendOnlyError("delete")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("update")

    def bulk_create(self, objs, *args, **kwargs):
        # A bulk insert would bypass the chain (seq and hashes are set per entry, under the chain lock).
        raise AppendOnlyError("bulk-create")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError("update")


class AuditEntry(models.Model):
    """Who did what to which object, and when. Never holds personal data: objects are referenced by type and id.

    Append-only: an entry is written once (``save`` of a new entry, under the chain lock, see ``chain.py``) and
    never changed or deleted. Each entry carries its place in the chain (``seq``), the hash of the entry before it
    and its own hash over its content, so a changed, removed or inserted entry is found by ``brobyg audit-verify``.
    References to the user and partnership are plain ids that outlive the rows they name (deleting a user or a
    partnership must not rewrite the log).
    """

    created = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False,
                              null=True, blank=True, related_name="+")
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.DO_NOTHING, db_constraint=False,
                                    null=True, blank=True, related_name="+")
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True, editable=False)
    prev_hash = models.CharField(_("hash of the previous entry"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["partnership", "-created"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("change")
        from .chain import append

        append(self, *args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("delete")


class ChainHead(models.Model):
    """The one row that holds the chain's last entry. Writers lock it (SELECT … FOR UPDATE on PostgreSQL; SQLite
    serialises writing transactions anyway), so entries are chained one after the other even under parallel
    requests. It also tells a removed tail of the log: the head then names an entry that is gone.
    Created with the first entry (not by a migration, so a freshly migrated database stays empty for a restore)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
