"""The audit helper every app calls: ``record(request, "citizen.view", obj)``.

Only references (type and id) and a short technical detail are stored, never names or other personal data.
"""
from __future__ import annotations

from django.db.models import Model

from .models import AuditEntry


def _actor(who):
    user = getattr(who, "user", who)  # a request or a user
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def record(who, action: str, obj: Model | None = None, *, partnership=None, detail: str = "") -> AuditEntry:
    """Write one audit entry. ``who`` is a request, a user or None (system/anonymous)."""
    actor = _actor(who)
    if partnership is None and obj is not None:
        partnership = getattr(obj, "partnership", None) if hasattr(obj, "partnership_id") else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        action=action[:64],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        partnership_id=getattr(partnership, "pk", partnership),
        detail=detail[:255],
    )


def entries_for(user):
    """Audit entries a user may read: those of partnerships where they are facilitator (all for site admins)."""
    from brobyg.core.permissions import scope
    from brobyg.partnerships.models import Role

    return scope(AuditEntry.objects.select_related("partnership"), user, roles=[Role.FACILITATOR])
