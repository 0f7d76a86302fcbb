"""Backup and restore as an administrator does it: `brobyg migrate` on a new install, then `brobyg restore FILE`.

Each installation here is a real one (its own database and data folder, the `brobyg` command in a subprocess with
production settings), so nothing of the test database's set-up helps the restore along. On the PostgreSQL run of the
suite the same round trip also goes SQLite → PostgreSQL and PostgreSQL → SQLite.
"""
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.apps import apps
from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src"
PG_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]  # as the backup


class Install:
    """One Brobyg installation: a database (SQLite file or a new PostgreSQL database) and a data folder."""

    def __init__(self, root: Path, engine: str):
        self.data_dir = root / f"install-{uuid.uuid4().hex[:8]}"
        self.engine = engine
        self.pg_name = None
        if engine == "postgresql":
            self.pg_name = f"brobyg_restore_{uuid.uuid4().hex[:10]}"
            self._psql(f"CREATE DATABASE {self.pg_name}")
            base = dj_database_url.parse(PG_URL)
            self.url = (f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}/"
                        f"{self.pg_name}")
        else:
            self.url = ""

    def _psql(self, sql):
        base = dj_database_url.parse(PG_URL)
        subprocess.run(["psql", "-h", base["HOST"] or "127.0.0.1", "-p", str(base["PORT"] or 5432),
                        "-U", base["USER"] or "postgres", "-d", "postgres", "-qc", sql], check=True,
                       capture_output=True)

    def drop(self):
        if self.pg_name:
            self._psql(f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)")

    def run(self, *args, check=True):
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BROBYG_TESTING"}}
        env.update({"DJANGO_SETTINGS_MODULE": "brobyg.settings", "DEBUG": "1", "SECRET_KEY": "backup-test-secret",
                    "BROBYG_DATA_DIR": str(self.data_dir), "PYTHONPATH": str(SRC)})
        if self.url:
            env["DATABASE_URL"] = self.url
        result = subprocess.run([sys.executable, "-m", "brobyg.manage", *args], env=env, capture_output=True,
                                text=True, timeout=600)
        if check and result.returncode:
            raise AssertionError(f"brobyg {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def rows(self) -> list:
        """Every row of every table, every field, with exact values (Python's repr: microseconds and all)."""
        script = ("import json;from django.apps import apps;from django.core import serializers;"
                  f"skip={DUMP_EXCLUDE!r};"
                  "ms=[m for m in apps.get_models() if not m._meta.proxy and m._meta.managed and "
                  "m._meta.app_label not in skip and m._meta.label_lower not in skip];"
                  "rows=[r for m in ms for r in serializers.serialize('python', m._base_manager.order_by('pk'),"
                  "use_natural_foreign_keys=True)];"
                  "print(json.dumps(rows, default=repr, sort_keys=True))")
        out = self.run("shell", "--no-imports", "-c", script).stdout
        rows = sorted(json.loads(out.strip().splitlines()[-1]), key=lambda o: (o["model"], json.dumps(o["pk"])))
        for row in rows:  # a many-to-many value is a set: the database returns it in no particular order
            for field in apps.get_model(row["model"])._meta.many_to_many:
                row["fields"][field.name] = sorted(row["fields"].get(field.name, []), key=json.dumps)
        return rows

    def media(self) -> dict[str, str]:
        root = self.data_dir / "media"
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def installs(tmp_path):
    made = []

    def make(engine="sqlite"):
        install = Install(tmp_path, engine)
        made.append(install)
        return install

    yield make
    for install in made:
        install.drop()


def _demo_backup(install, tmp_path) -> Path:
    install.run("migrate", "--noinput", "-v0")
    install.run("demo", "--quiet-logins")
    path = tmp_path / f"backup-{install.engine}.tar.gz"
    out = install.run("backup", str(path)).stdout
    assert "uploaded files" in out
    return path


ENGINE_PAIRS = [("sqlite", "sqlite")]
if PG_URL:
    ENGINE_PAIRS += [("postgresql", "postgresql"), ("sqlite", "postgresql"), ("postgresql", "sqlite")]


@pytest.mark.parametrize("source_engine,target_engine", ENGINE_PAIRS, ids=lambda e: e)
def test_demo_backup_restores_into_a_freshly_migrated_install(installs, tmp_path, source_engine, target_engine):
    source = installs(source_engine)
    path = _demo_backup(source, tmp_path)
    source_media = source.media()
    assert source_media, "the demo has a story photo: the backup must carry uploaded files"

    target = installs(target_engine)
    target.run("migrate", "--noinput", "-v0")  # the documented set-up: seeds the taxonomy's reference rows
    out = target.run("restore", str(path)).stdout
    assert "match the manifest" in out

    assert target.rows() == source.rows()  # every table, row by row, every field
    assert target.media() == source_media  # every file, by checksum
    # The restored install keeps working: new rows get ids after the restored ones.
    created = target.run("shell", "--no-imports", "-c", "from brobyg.partnerships.models import Partnership as P;"
                                        "m=max(P.objects.values_list('pk',flat=True));"
                                        "print(P.objects.create(name='Ny',municipality='Aarhus').pk > m)").stdout
    assert created.strip() == "True"


def _refused(target, path, needle):
    before = target.rows()
    result = target.run("restore", str(path), check=False)
    assert result.returncode != 0
    assert needle in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert target.rows() == before  # nothing written
    assert not (target.data_dir / "media").exists() or target.media() == {}
    return result.stderr


def test_truncated_backup_is_refused_with_a_message_and_changes_nothing(installs, tmp_path):
    source = installs()
    path = _demo_backup(source, tmp_path)
    cut = tmp_path / "cut.tar.gz"
    blob = path.read_bytes()
    cut.write_bytes(blob[: len(blob) * 2 // 3])
    target = installs()
    target.run("migrate", "--noinput", "-v0")
    _refused(target, cut, "incomplete or damaged")


def test_backup_with_one_altered_row_is_refused_and_changes_nothing(installs, tmp_path):
    source = installs()
    path = _demo_backup(source, tmp_path)
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(path, "r:gz") as archive, tarfile.open(altered, "w:gz") as out:
        for member in archive:
            blob = archive.extractfile(member).read()
            if member.name == "data.json":
                rows = json.loads(blob)
                partnership = next(r for r in rows if r["model"] == "partnerships.partnership")
                partnership["fields"]["name"] += " (changed)"
                blob = json.dumps(rows).encode()
                member.size = len(blob)
            out.addfile(member, io.BytesIO(blob))
    target = installs()
    target.run("migrate", "--noinput", "-v0")
    _refused(target, altered, "altered")


def test_restore_refuses_an_install_with_user_data_and_names_the_tables(installs, tmp_path):
    source = installs()
    path = _demo_backup(source, tmp_path)
    target = installs()
    target.run("migrate", "--noinput", "-v0")
    target.run("shell", "--no-imports", "-c", "from brobyg.partnerships.models import Partnership as P;"
                              "P.objects.create(name='Egen', municipality='Odense')")
    message = _refused(target, path, "already holds data")
    assert "partnerships.Partnership" in message
    assert "directory.Category" not in message  # reference rows seeded by migrations are not user data


def test_old_single_json_backup_is_refused_with_a_message(installs, tmp_path):
    old = tmp_path / "old.json.gz"
    with gzip.open(old, "wt") as stream:
        stream.write("[]")
    target = installs()
    target.run("migrate", "--noinput", "-v0")
    _refused(target, old, "incomplete or damaged")


def test_the_data_directory_is_created_wherever_it_points(tmp_path):
    data_dir = tmp_path / "deep" / "down" / "var"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BROBYG_TESTING"}}
    env.update({"DJANGO_SETTINGS_MODULE": "brobyg.settings", "DEBUG": "1", "BROBYG_DATA_DIR": str(data_dir),
                "PYTHONPATH": str(SRC)})
    subprocess.run([sys.executable, "-m", "brobyg.manage", "migrate", "--noinput", "-v0"], env=env, check=True,
                   timeout=600)
    assert (data_dir / "brobyg.sqlite3").is_file()
    assert settings.DATA_DIR.is_dir()
