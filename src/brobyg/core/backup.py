"""Database-agnostic backup and restore: one file that holds everything needed to bring an installation back.

The backup is a gzip-compressed tar archive with three kinds of member:

- ``manifest.json`` (first): format and version, the row count per model, and the SHA-256 of every other member;
- ``data.json``: every row of every model (Django's JSON serialisation) except what Django rebuilds by itself
  (content types, permissions, sessions, login-attempt records). Objects keep their primary keys; references to
  content types and permissions use natural keys, so a backup taken on SQLite restores on PostgreSQL and back;
- ``media/…``: every uploaded file (story photos), by its storage name.

Restore reads and checks the whole archive before it writes anything (checksums, row counts, member names), then
loads the rows in one transaction and writes the files; a truncated or altered file is refused with a message.

Rows that migrations seed (a model with ``backup_reference_data = True``, e.g. the interest taxonomy) are reference
data, not user data: a freshly migrated database holds them, and restore replaces them with the backup's rows.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction

FORMAT = "brobyg-backup"
VERSION = 2
SKIP_APPS = {"contenttypes", "sessions", "admin", "axes"}
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media"


class RestoreError(Exception):
    pass


def _models():
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in SKIP_APPS or meta.label == "auth.Permission" or meta.proxy or not meta.managed:
            continue
        yield model


def is_reference(model) -> bool:
    return bool(getattr(model, "backup_reference_data", False))


def counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in _models()}


def user_data_tables() -> list[str]:
    """Tables that hold rows which are not reference data: a restore would mix two installations."""
    return sorted(model._meta.label for model in _models()
                  if not is_reference(model) and model._base_manager.exists())


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files():
    root = _media_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond so rows come back as they were."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _backed_up_models():
    """The models a backup holds, in an order in which their rows can be loaded (dumpdata's dependency sort)."""
    wanted = set(_models())
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    return [m for m in serializers.sort_dependencies(app_list, allow_cycles=True) if m in wanted]


def _all_rows():
    for model in _backed_up_models():
        yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)


def backup(path: Path) -> dict:
    """Write the backup archive to ``path`` (``.tar.gz``); return its manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmpdir:
        data = Path(tmpdir) / DATA
        with transaction.atomic():  # one consistent snapshot on PostgreSQL (repeatable within the transaction)
            rows = counts()
            with open(data, "w", encoding="utf-8") as stream:
                serializers.serialize("json", _all_rows(), stream=stream, use_natural_foreign_keys=True,
                                      cls=_ExactEncoder)
        files = {f"{MEDIA}/{p.relative_to(_media_root()).as_posix()}": p for p in _media_files()}
        manifest = {
            "format": FORMAT, "version": VERSION, "rows": rows,
            "files": {DATA: _sha256_file(data), **{name: _sha256_file(p) for name, p in files.items()}},
        }
        tmp = Path(tmpdir) / "backup.tar.gz"
        with tarfile.open(tmp, "w:gz") as archive:
            blob = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(blob)
            archive.addfile(info, io.BytesIO(blob))
            archive.add(data, arcname=DATA)
            for name, p in files.items():
                archive.add(p, arcname=name)
        tmp.replace(path)
    return manifest


def _safe_media_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return (len(pure.parts) >= 2 and pure.parts[0] == MEDIA and not pure.is_absolute()
            and not any(part in ("..", "") for part in pure.parts))


def read_archive(path: Path) -> tuple[dict, list, dict[str, bytes]]:
    """Read and check the whole backup; return (manifest, objects, media files). Raise RestoreError on any fault."""
    path = Path(path)
    if not path.is_file():
        raise RestoreError(f"There is no backup file at {path}.")
    damaged = (f"The backup file {path.name} is incomplete or damaged (it may have been cut off while copying); "
               "nothing was restored.")
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if not member.isfile():
                    raise RestoreError(f"The backup holds an unexpected entry ({member.name}); nothing was restored.")
                if member.name not in (MANIFEST, DATA) and not _safe_media_name(member.name):
                    raise RestoreError(f"The backup holds a file outside its media folder ({member.name}); "
                                       "nothing was restored.")
                members[member.name] = archive.extractfile(member).read()
    except RestoreError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise RestoreError(damaged) from exc
    if MANIFEST not in members:
        raise RestoreError(f"{path.name} is not a Brobyg backup (it has no manifest); nothing was restored.")
    try:
        manifest = json.loads(members.pop(MANIFEST))
        assert manifest["format"] == FORMAT and isinstance(manifest["rows"], dict)
        expected_files = dict(manifest["files"])
    except (ValueError, KeyError, TypeError, AssertionError) as exc:
        raise RestoreError(f"{path.name} is not a Brobyg backup (its manifest is unreadable); nothing was restored.") \
            from exc
    if manifest.get("version") != VERSION:
        raise RestoreError(f"{path.name} is a backup of format version {manifest.get('version')}; this Brobyg "
                           f"restores version {VERSION}. Nothing was restored.")
    missing = sorted(set(expected_files) - set(members))
    extra = sorted(set(members) - set(expected_files))
    if missing or extra:
        raise RestoreError(damaged + f" Missing: {', '.join(missing) or '–'}; not in the manifest: "
                                     f"{', '.join(extra) or '–'}.")
    altered = sorted(name for name, blob in members.items()
                     if hashlib.sha256(blob).hexdigest() != expected_files[name])
    if altered:
        raise RestoreError(f"The backup file {path.name} has been altered since it was written (checksum differs "
                           f"for {', '.join(altered)}); nothing was restored.")
    try:
        objects = json.loads(members.pop(DATA))
        found: dict[str, int] = {}
        for obj in objects:
            label = apps.get_model(obj["model"])._meta.label
            found[label] = found.get(label, 0) + 1
    except (ValueError, KeyError, TypeError, LookupError) as exc:
        raise RestoreError(f"The data in {path.name} cannot be read; nothing was restored.") from exc
    differ = {label: (n, found.get(label, 0)) for label, n in manifest["rows"].items() if found.get(label, 0) != n}
    differ.update({label: (0, n) for label, n in found.items() if label not in manifest["rows"]})
    if differ:
        raise RestoreError(f"The rows in {path.name} do not match its manifest (expected, found): {differ}; "
                           "nothing was restored.")
    return manifest, objects, {name[len(MEDIA) + 1:]: blob for name, blob in members.items()}


def restore(path: Path) -> dict[str, int]:
    """Load a backup into a freshly migrated database, all or nothing; verify row counts and files."""
    manifest, objects, media = read_archive(path)
    occupied = user_data_tables()
    if occupied:
        raise RestoreError("The database already holds data; restore only into a freshly migrated database "
                           f"(found rows in {', '.join(occupied)}). Nothing was restored.")
    root = _media_root()
    clashes = sorted(name for name, blob in media.items()
                     if (root / name).exists() and (root / name).read_bytes() != blob)
    if clashes:
        raise RestoreError(f"The media folder {root} already holds other files of the same name "
                           f"({', '.join(clashes[:5])}); nothing was restored.")
    written: list[Path] = []
    try:
        with transaction.atomic():
            for model in _models():
                if is_reference(model):
                    model._base_manager.all().delete()
            deferred = []
            for obj in serializers.deserialize("python", objects, handle_forward_references=True):
                obj.save()
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields()
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(_models())):
                    cursor.execute(statement)
            found = counts()
            differ = {k: (v, found.get(k, 0)) for k, v in manifest["rows"].items() if found.get(k, 0) != v}
            if differ:
                raise RestoreError(f"Row counts differ after restore (expected, found): {differ}; "
                                   "nothing was restored.")
            for name, blob in media.items():
                target = root / name
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(blob)
                    written.append(target)
    except (serializers.base.DeserializationError, IntegrityError, DatabaseError, ValueError) as exc:
        for target in written:
            target.unlink(missing_ok=True)
        raise RestoreError(f"The backup could not be loaded ({type(exc).__name__}); nothing was restored.") from exc
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return found
