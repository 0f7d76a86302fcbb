"""Brobyg → HSDS → an empty Brobyg → HSDS gives the same export: every detail Brobyg keeps travels."""
import io
import json

from django.core.management import call_command
from django.db import connection

from brobyg.directory import taxonomy
from brobyg.directory.models import Activity, Category, TargetGroup
from brobyg.partnerships.models import Organisation


def export(path) -> list[dict]:
    call_command("export-hsds", str(path), stdout=io.StringIO())
    docs = json.loads((path / "services.json").read_text())
    for doc in docs:
        doc.pop("url")  # the activity's page in the system that exports it
    return sorted(docs, key=lambda d: d["id"])


def test_the_demo_directory_survives_a_round_trip(db, tmp_path):
    call_command("demo", quiet_logins=True, stdout=io.StringIO())
    first = export(tmp_path / "first")
    # what makes this a real test: the demo has the details that used to be lost
    kinds = {a["taxonomy_term"]["code"] for d in first for a in d["attributes"]}
    assert {"inclusion", "has_host", "open_places", "payment_method", "financial_support"} <= kinds
    assert any(d["cost_options"] for d in first) and any(d["schedules"] for d in first)
    assert any(a["taxonomy_term"]["taxonomy"] == "brobyg-target-groups" for d in first for a in d["attributes"])
    if connection.vendor == "postgresql":  # let TRUNCATE run inside the test's transaction
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False)  # an empty database: only the shipped taxonomy, as after migrate
    taxonomy.seed(Category, TargetGroup)
    assert not Activity.objects.exists() and not Organisation.objects.exists()
    out = io.StringIO()
    call_command("import-hsds", str(tmp_path / "first" / "services.json"), stdout=out)
    assert f"Imported: {len(first)} new, 0 updated." in out.getvalue()
    second = export(tmp_path / "second")
    assert len(second) == len(first)
    for a, b in zip(first, second):
        assert a == b, a["name"]
