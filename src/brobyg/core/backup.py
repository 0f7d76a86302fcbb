"""Database-agnostic backup and restore (Django's JSON serialisation, gzip-compressed).

The backup holds every row of every model except what Django rebuilds by itself (content types, permissions,
sessions, login-attempt records). Objects keep their primary keys; references to content types and permissions
use natural keys, so a backup taken on SQLite restores on PostgreSQL and the other way round.
A manifest with the row count per model is written next to the data and checked after a restore.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def _models():
    skip_apps = {"contenttypes", "sessions", "admin", "axes"}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in skip_apps or label == "auth.Permission" or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        yield model


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in _models()}


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup(path: Path) -> dict[str, int]:
    """Write the backup to ``path`` (``.json.gz``) and its manifest; return the row counts."""
    path = Path(path)
    with transaction.atomic():  # one consistent snapshot on PostgreSQL (repeatable within the transaction)
        manifest = counts()
        tmp = path.with_name(path.name + ".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as stream:
            call_command("dumpdata", *[], natural_foreign=True, exclude=EXCLUDE, stdout=stream, indent=None,
                         use_base_manager=True)
        tmp.replace(path)
    manifest_path(path).write_text(json.dumps({"format": "brobyg-backup", "version": 1, "rows": manifest},
                                              indent=1, sort_keys=True))
    return manifest


class RestoreError(Exception):
    pass


def restore(path: Path) -> dict[str, int]:
    """Load a backup into an empty, migrated database, all or nothing; verify the row counts."""
    path = Path(path)
    if not path.exists():
        raise RestoreError(f"No backup at {path}")
    expected = None
    if manifest_path(path).exists():
        expected = json.loads(manifest_path(path).read_text())["rows"]
    non_empty = {label: n for label, n in counts().items() if n}
    if non_empty:
        raise RestoreError("The database is not empty; restore only into a freshly migrated database "
                           f"(found rows in {', '.join(sorted(non_empty))}).")
    with transaction.atomic():
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            objects = serializers.deserialize("json", stream, handle_forward_references=True)
            deferred = []
            for obj in objects:
                obj.save()
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields()
        from django.core.management.color import no_style
        from django.db import connection

        sql = connection.ops.sequence_reset_sql(no_style(), list(_models()))
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
        found = counts()
        if expected is not None:
            missing = {k: (v, found.get(k, 0)) for k, v in expected.items() if found.get(k, 0) != v}
            if missing:
                raise RestoreError(f"Row counts differ after restore (expected, found): {missing}")
    return found
