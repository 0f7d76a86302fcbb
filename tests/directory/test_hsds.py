import json
from datetime import time

from django.core.management import call_command

from brobyg.directory.hsds import validate


def test_export_validates(tmp_path, make_activity, org_a):
    make_activity(org_a, title="Stille gåtur", weekday=1, start=time(18, 0), categories=["bevaegelse"],
                  wheelchair=True, contact_name="Peter", contact_email="p@example.org", contact_phone="+45 1",
                  price_type="fee", price_amount=40, min_age=18)
    make_activity(org_a, title="Kladde", status="draft")
    call_command("export-hsds", str(tmp_path), stdout=open("/dev/null", "w"))
    docs = json.loads((tmp_path / "services.json").read_text())
    assert [d["name"] for d in docs] == ["Stille gåtur"]
    assert docs[0]["schedules"][0]["byday"] == "TU" and docs[0]["cost_options"][0]["currency"] == "DKK"
    assert validate(docs) == []


def test_invalid_document_is_reported_with_path():
    errors = validate([{"id": "not-a-uuid", "name": "x", "status": "open", "schedules": [{"freq": "HOURLY"}]}])
    text = "\n".join(errors)
    assert "services[0]['status']" in text and "services[0]['schedules'][0]" in text and "id" in text


def test_import_round_trip_is_idempotent(tmp_path, make_activity, org_a):
    from brobyg.directory.models import Activity

    make_activity(org_a, title="Stille gåtur", weekday=1, start=time(18, 0), categories=["bevaegelse"],
                  wheelchair=True, price_type="fee", price_amount=40)
    call_command("export-hsds", str(tmp_path), stdout=open("/dev/null", "w"))
    docs = json.loads((tmp_path / "services.json").read_text())
    docs[0]["name"] = "Stille gåtur (importeret)"
    (tmp_path / "services.json").write_text(json.dumps(docs))
    for _ in range(2):
        call_command("import-hsds", str(tmp_path), stdout=open("/dev/null", "w"))
    a = Activity.objects.get()
    assert a.title == "Stille gåtur (importeret)" and a.wheelchair and a.price_type == "fee"
    assert a.schedules.get().weekday == 1 and a.weekday_mask == 2 and list(a.categories.values_list("slug",
                                                                                                   flat=True)) == ["bevaegelse"]


def test_invalid_file_is_rejected_and_nothing_written(tmp_path, make_activity, org_a):
    import pytest
    from django.core.management.base import CommandError

    from brobyg.directory.models import Activity

    make_activity(org_a, title="Stille gåtur", weekday=1, start=time(18, 0))
    call_command("export-hsds", str(tmp_path), stdout=open("/dev/null", "w"))
    good = json.loads((tmp_path / "services.json").read_text())[0]
    good_new = {**good, "id": "0b7e9d4e-1111-4c55-9d5e-2f6a0b7c1d3e", "name": "Skulle ikke skrives"}
    bad_status = {**good, "id": "0b7e9d4e-2222-4c55-9d5e-2f6a0b7c1d3e", "status": "open"}
    bad_postcode = json.loads(json.dumps({**good, "id": "0b7e9d4e-3333-4c55-9d5e-2f6a0b7c1d3e"}))
    bad_postcode["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "0001"
    no_name = {k: v for k, v in good.items() if k != "name"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([good_new, bad_status, bad_postcode, no_name]))
    with pytest.raises(CommandError) as info:
        call_command("import-hsds", str(path))
    message = str(info.value)
    assert "services[1]['status']" in message and "services[2]['service_at_locations'][0]" in message
    assert "services[3]" in message and "name" in message
    assert list(Activity.objects.values_list("title", flat=True)) == ["Stille gåtur"]  # nothing written


def test_bad_time_is_reported(db):
    from brobyg.directory.hsds import _semantic_errors

    errors = _semantic_errors([{"organization": {"name": "x"}, "schedules": [{"byday": "TU", "opens_at": "25:99"}]}])
    assert errors == ["services[0]['schedules'][0]['opens_at']: need a time as HH:MM"]
