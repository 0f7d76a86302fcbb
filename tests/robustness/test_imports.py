"""Imports are all or nothing: hostile files give clear messages and write nothing; an import that breaks down or
is killed half-way leaves the database as it was."""
import copy
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import time as clock
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brobyg.directory import hsds
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Organisation

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10 ** 12, 10 ** 12) | st.floats(allow_nan=False) |
    st.text(max_size=30) | st.sampled_from(["", "DK", "8000", "0001", "TU", "25:99", "published", "<b>x</b>"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=6)


def paths(doc, prefix=()):
    """Every path into a JSON document (dict keys and list indexes)."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from paths(v, prefix + (i,))


def replaced(doc, path, value):
    doc = copy.deepcopy(doc)
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@pytest.fixture
def exported(tmp_path, org_a):
    """One valid HSDS service, exported by Brobyg itself, then removed so an import would create it again."""

    activity = Activity.objects.create(organisation=org_a, title="Stille gåtur", postcode="8000",
                                       status=Activity.Status.PUBLISHED, wheelchair=True)
    activity.fill_place()
    activity.save()
    from brobyg.directory.models import Schedule

    Schedule.objects.create(activity=activity, weekday=1, start_time=clock(18, 0), end_time=clock(20, 0))
    call_command("export-hsds", str(tmp_path), stdout=open(os.devnull, "w"))
    doc = json.loads((tmp_path / "services.json").read_text())[0]
    doc["id"] = str(uuid.uuid4())
    return doc


def snapshot():
    return (Activity.objects.count(), Organisation.objects.count(),
            sorted(Activity.objects.values_list("title", flat=True)))


def test_the_unchanged_document_imports(exported):
    before = Activity.objects.count()
    assert hsds.import_services([exported]) == {"created": 1, "updated": 0}
    assert Activity.objects.count() == before + 1


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_documents_are_refused_with_messages_and_write_nothing(exported, data):
    all_paths = list(paths(exported))
    changes = data.draw(st.lists(st.tuples(st.sampled_from(all_paths), JSON_VALUES), min_size=1, max_size=3))
    doc = exported
    for path, value in changes:
        try:
            doc = replaced(doc, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    docs = data.draw(st.sampled_from([[doc], [exported, doc], doc]))
    before = snapshot()
    try:
        hsds.import_services(docs)
    except hsds.ImportFailed as failed:
        assert failed.errors and all(isinstance(e, str) and e for e in failed.errors)
        assert snapshot() == before, "a refused import wrote data"


def test_an_import_that_breaks_half_way_leaves_nothing(exported, monkeypatch):
    docs = []
    for i in range(5):
        docs.append({**copy.deepcopy(exported), "id": str(uuid.uuid4()), "name": f"Aktivitet {i}"})
    calls = {"n": 0}
    from brobyg.directory import services

    real = services.refresh_derived

    def breaks_on_the_third(activity, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(activity, *args, **kwargs)

    monkeypatch.setattr(services, "refresh_derived", breaks_on_the_third)
    before = snapshot()
    with pytest.raises(RuntimeError):
        hsds.import_services(docs)
    assert calls["n"] == 3  # two activities had been written inside the transaction
    assert snapshot() == before


KILLED_IMPORT = textwrap.dedent("""
    import json, sys, time
    import django
    django.setup()
    from brobyg.directory import hsds, services
    real = services.refresh_derived
    def slow(activity, *args, **kwargs):
        real(activity, *args, **kwargs)
        print("written", flush=True)
        time.sleep(0.2)
    services.refresh_derived = slow
    hsds.import_services(json.load(open(sys.argv[1])))
    print("finished", flush=True)
""")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a shared database server")
@pytest.mark.django_db(transaction=True)
def test_killing_the_process_mid_import_leaves_nothing(exported, tmp_path):
    docs = [{**copy.deepcopy(exported), "id": str(uuid.uuid4()), "name": f"Aktivitet {i}"} for i in range(40)]
    for i, doc in enumerate(docs):
        doc["organization"] = {**doc["organization"], "name": f"Importforening {i}"}
    path = tmp_path / "services.json"
    path.write_text(json.dumps(docs))
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobyg.settings_test",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    before = snapshot()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(path)], env=env, stdout=subprocess.PIPE,
                            text=True)
    written = 0
    deadline = time.monotonic() + 60
    while written < 5 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line and line.strip() != "finished", "the import ended before it could be interrupted"
        written += line.strip() == "written"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert written == 5
    assert snapshot() == before
    assert not Organisation.objects.filter(name__startswith="Importforening").exists()
