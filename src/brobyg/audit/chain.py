"""The audit log's hash chain: how an entry is appended and how the whole chain is checked.

Each entry's ``hash`` is SHA-256 over its content and the ``hash`` of the entry before it (``prev_hash``); ``seq``
numbers the entries 1, 2, 3… without gaps. Changing an entry breaks its own hash, removing one breaks the link of
the next (and the numbering), removing the last ones leaves the chain head pointing past the end.

This detects changes made behind Django's back (the model itself refuses every change). It is not a signature:
someone who can write to the database could recompute the whole chain, so record the head that
``brobyg audit-verify`` prints somewhere else (e.g. with each backup) to anchor it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import models, transaction

GENESIS = "0" * 64


def entry_hash(entry, prev_hash: str) -> str:
    created = entry.created.astimezone(UTC).isoformat(timespec="microseconds")
    content = [entry.seq, created, entry.actor_id, entry.actor_username, entry.action, entry.object_type,
               entry.object_id, entry.partnership_id, entry.detail, prev_hash]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def append(entry, *args, **kwargs) -> None:
    """Insert a new entry as the next link of the chain (called by ``AuditEntry.save``)."""
    from .models import ChainHead

    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # the first entry ever creates the head; get_or_create survives a race there
            ChainHead.objects.get_or_create(pk=1)
            head = ChainHead.objects.select_for_update().get(pk=1)
        entry.seq = head.seq + 1
        entry.prev_hash = head.hash or GENESIS
        entry.hash = entry_hash(entry, entry.prev_hash)
        models.Model.save(entry, *args, **kwargs)
        ChainHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)


@dataclass
class Verdict:
    entries: int
    head: str
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(chunk_size: int = 2000) -> Verdict:
    """Walk the chain from the first entry; stop at the first entry that does not fit."""
    from .models import AuditEntry, ChainHead

    prev_hash, expected_seq, count = GENESIS, 1, 0
    rows = AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size)
    for entry in rows:
        if entry.seq != expected_seq:
            return Verdict(count, prev_hash, expected_seq, entry.pk,
                           f"entries {expected_seq}–{entry.seq - 1} are missing"
                           if entry.seq > expected_seq else "sequence number out of order")
        if entry.prev_hash != prev_hash:
            return Verdict(count, prev_hash, entry.seq, entry.pk, "the link to the previous entry does not match")
        if entry.hash != entry_hash(entry, entry.prev_hash):
            return Verdict(count, prev_hash, entry.seq, entry.pk, "the entry was changed after it was written")
        prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        if count:
            return Verdict(count, prev_hash, count, None, "the chain head is missing")
    elif head.seq != count:
        return Verdict(count, prev_hash, count + 1, None,
                       f"the log ends at entry {count} but the chain head names entry {head.seq}")
    elif count and head.hash != prev_hash:
        return Verdict(count, prev_hash, count, None, "the chain head does not match the last entry")
    return Verdict(count, prev_hash)
