import gzip

import pytest
from django.core.management import CommandError, call_command

from brobyg.audit.services import record
from brobyg.core.backup import backup, counts
from brobyg.partnerships.models import Partnership


def _wipe():
    from django.core.management import call_command as cc

    cc("flush", "--noinput", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip_loses_no_row(tmp_path, facilitator_a, partnership_a):
    call_command("demo", quiet_logins=True)
    record(facilitator_a, "thing.view", partnership_a)
    before = counts()
    assert sum(before.values()) > 50
    path = tmp_path / "brobyg.json.gz"
    call_command("backup", str(path))
    _wipe()
    assert Partnership.objects.count() == 0
    call_command("restore", str(path))
    assert counts() == before
    assert Partnership.objects.filter(name="Partnerskab A").exists()
    # Sequences continue after the restored ids.
    assert Partnership.objects.create(name="Ny", municipality="Aarhus").pk > max(
        Partnership.objects.exclude(name="Ny").values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_non_empty_database(tmp_path, partnership_a):
    path = tmp_path / "b.json.gz"
    backup(path)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))


@pytest.mark.django_db(transaction=True)
def test_broken_backup_writes_nothing(tmp_path, partnership_a, partnership_b):
    path = tmp_path / "b.json.gz"
    backup(path)
    # Corrupt the second half of the file: the restore must fail and leave the database empty.
    text = gzip.open(path, "rt").read()
    gzip.open(path, "wt").write(text[: len(text) // 2])
    _wipe()
    with pytest.raises(Exception):
        call_command("restore", str(path))
    assert sum(counts().values()) == 0
