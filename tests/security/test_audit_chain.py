"""The audit log is append-only for everyone, and its hash chain shows any change or gap (issue 13 §3: the site
administrator could delete audit entries in the Django admin, leaving no trace)."""
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from brobyg.audit.models import AppendOnlyError, AuditEntry
from brobyg.audit.services import record

from .test_concurrency import run_in_threads


@pytest.fixture
def admin_client(client, make_user):
    admin = make_user(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def entries(facilitator_a, partnership_a):
    return [record(facilitator_a, "citizen.view", partnership=partnership_a, detail=f"n{i}") for i in range(5)]


def verify() -> str:
    out = __import__("io").StringIO()
    call_command("audit-verify", stdout=out)
    return out.getvalue()



@pytest.mark.django_db
def test_the_site_administrator_cannot_delete_or_change_entries_in_the_admin(admin_client, entries):
    entry = entries[2]
    base = "/admin/audit/auditentry/"
    assert admin_client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert admin_client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = admin_client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert admin_client.post(f"{base}{entry.pk}/change/", {"detail": "nothing happened"}).status_code == 403
    assert AuditEntry.objects.count() == 5
    assert AuditEntry.objects.get(pk=entry.pk).detail == "n2"
    # The list still opens (reading is allowed).
    assert admin_client.get(base).status_code == 200


@pytest.mark.django_db
def test_the_shell_cannot_change_or_delete_entries(entries):
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    entry.detail = "rewritten"
    for attempt in (entry.save, entry.delete, AuditEntry.objects.all().delete,
                    lambda: AuditEntry.objects.filter(pk=entry.pk).update(detail="x"),
                    lambda: AuditEntry.objects.bulk_create([AuditEntry(action="forged")])):
        with pytest.raises(AppendOnlyError):
            attempt()
    assert sorted(AuditEntry.objects.values_list("detail", flat=True)) == ["n0", "n1", "n2", "n3", "n4"]
    assert "intact: 5 entries" in verify()


@pytest.mark.django_db
def test_audit_verify_names_the_first_changed_entry(entries):
    assert "intact: 5 entries" in verify()
    # A change made behind Django's back, in the database itself.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET detail = 'innocent' WHERE id = %s", [entries[1].pk])
        cursor.execute("UPDATE audit_auditentry SET detail = 'innocent' WHERE id = %s", [entries[3].pk])
    with pytest.raises(CommandError, match=rf"entry 2 \(id {entries[1].pk}\): the entry was changed"):
        verify()


@pytest.mark.django_db
def test_audit_verify_finds_a_removed_entry_and_a_removed_tail(entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[4].pk])
    with pytest.raises(CommandError, match="ends at entry 4 but the chain head names entry 5"):
        verify()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match=r"entry 2 \(id \d+\): entries 2–2 are missing"):
        verify()


@pytest.mark.django_db
def test_a_forged_entry_inserted_with_its_own_numbering_breaks_the_link(entries):
    e = entries[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET seq = seq + 100 WHERE seq >= 3")
        cursor.execute("INSERT INTO audit_auditentry (created, actor_username, action, object_type, object_id, "
                       "detail, seq, prev_hash, hash) VALUES (%s, '', 'forged', '', '', '', 3, %s, %s)",
                       [e.created, e.prev_hash, e.hash])
        cursor.execute("UPDATE audit_auditentry SET seq = seq - 99 WHERE seq >= 103")
    with pytest.raises(CommandError, match="entry 3 .*: the entry was changed"):
        verify()


@pytest.mark.django_db
def test_deleting_a_user_or_partnership_leaves_the_log_and_chain_intact(admin_client, facilitator_a, partnership_a,
                                                                        entries):
    response = admin_client.post(f"/admin/accounts/user/{facilitator_a.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = admin_client.post(f"/admin/partnerships/partnership/{partnership_a.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(actor_username="fac_a").count() == 5
    assert "intact" in verify()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel connections with row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_on_postgresql_make_one_unbroken_chain(facilitator_a, partnership_a):
    results = run_in_threads(lambda i: [record(facilitator_a, "citizen.view", partnership=partnership_a,
                                               detail=f"t{i}-{n}").seq for n in range(10)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(s for r in results for s in r) == list(range(1, 121))
    assert "intact: 120 entries" in verify()


SQLITE_WRITERS = textwrap.dedent("""
    import io, threading, django
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from brobyg.audit.services import record
    barrier = threading.Barrier(6)
    errors = []
    def work(i):
        try:
            barrier.wait()
            for n in range(10):
                record(None, "citizen.view", detail=f"t{i}-{n}")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    out = io.StringIO()
    call_command("audit-verify", stdout=out)
    print(errors, out.getvalue())
""")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own file locking")
@pytest.mark.django_db(transaction=True)  # no open test transaction: the copy below needs the database unlocked
def test_parallel_writers_on_sqlite_make_one_unbroken_chain(tmp_path):
    """The test database is in memory; copy its schema to a file and let six threads of another process write."""
    import sqlite3

    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "brobyg.sqlite3")
    connection.connection.backup(target)
    target.close()
    env = {**os.environ, "BROBYG_DATA_DIR": str(tmp_path), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "brobyg.settings", "BROBYG_TESTING": "1",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", SQLITE_WRITERS], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("[]") and "intact: 60 entries" in done.stdout, done.stdout
