"""HSDS 3.0 both ways: Brobyg's export validates, the official example files import in every shape publishers use,
and imports refuse what the activity form would refuse — each refusal with its record's path, nothing written."""
import copy
import io
import json
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from brobyg.directory.hsds import validate
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Organisation

from .test_views import world  # noqa: F401

EXAMPLES = Path(__file__).parent / "fixtures" / "hsds-3.0-examples"
QUIET = {"stdout": io.StringIO()}


def export(tmp_path) -> list[dict]:
    call_command("export-hsds", str(tmp_path), stdout=io.StringIO())
    return json.loads((tmp_path / "services.json").read_text())


def test_export_validates(tmp_path, make_activity, org_a):
    make_activity(org_a, title="Stille gåtur", weekday=1, start=time(18, 0), categories=["bevaegelse"],
                  wheelchair=True, contact_name="Peter", contact_email="p@example.org", contact_phone="+45 1",
                  price_type="fee", price_amount=40, min_age=18)
    make_activity(org_a, title="Kladde", status="draft")
    docs = export(tmp_path)
    assert [d["name"] for d in docs] == ["Stille gåtur"]
    assert docs[0]["schedules"][0]["byday"] == "TU" and docs[0]["cost_options"][0]["currency"] == "DKK"
    assert [a["taxonomy_term"]["name"] for a in docs[0]["attributes"]
            if a["taxonomy_term"]["taxonomy"] == "brobyg-interests"] == ["Bevægelse og motion"]  # Danish
    assert validate(docs) == []


def test_invalid_document_is_reported_with_path():
    errors = validate([{"id": "not-a-uuid", "name": "x", "status": "open", "schedules": [{"freq": "HOURLY"}]}])
    text = "\n".join(errors)
    assert "services[0]['status']" in text and "services[0]['schedules'][0]" in text and "id" in text


SHAPES = {  # official example file → the path its service is found at
    "service_full.json": "service",
    "service_list.json": "contents[0]",
    "organization_full.json": "organization['services'][0]",
    "service_at_location_full.json": "service",
    "service_at_location_list.json": "contents[0]['service']",
    "csv": "services.csv row 2",
    "tabular.json": "services.csv row 2",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_official_examples_import(db, name):
    out = io.StringIO()
    call_command("import-hsds", str(EXAMPLES / name), stdout=out)
    assert "Imported: 1 new, 0 updated." in out.getvalue()
    a = Activity.objects.get()
    assert (str(a.hsds_id), a.title, a.organisation.name) == (
        "ac148810-d857-441c-9679-408f346de14b", "Community Counselling", "Example Organization Inc.")
    assert (a.min_age, a.max_age, a.last_verified) == (12, 100, date(2005, 1, 1))
    # a place in the United States is kept as text, not on the Danish map, and waits as a draft (said so)
    assert a.status == "draft" and a.latitude is None and "kladde" in out.getvalue()
    if name not in ("service_list.json", "service_at_location_list.json"):  # these two carry less
        assert sorted(a.schedules.values_list("weekday", flat=True)) == [3, 4]  # Thursday AND Friday
        assert (a.price_type, a.price_amount, a.price_currency) == ("fee", 35, "GBP")  # £35, not 35 kr.
        assert a.languages == "ur" and "Main Street" in a.address
    if name.endswith(".json"):
        assert a.hsds_extra["alternate_name"] == "MyCity Counselling Services"
    call_command("import-hsds", str(EXAMPLES / name), stdout=out)  # again: updated, not duplicated
    assert "0 new, 1 updated" in out.getvalue() and Activity.objects.count() == 1


def test_the_official_example_goes_out_again_with_its_fields(tmp_path, db):
    call_command("import-hsds", str(EXAMPLES / "service_full.json"), **QUIET)
    Activity.objects.update(status="published", postcode="8000", address="Main Street 1")
    doc = export(tmp_path)[0]
    original = json.loads((EXAMPLES / "service_full.json").read_text())
    for key in ("alternate_name", "email", "interpretation_services", "application_process", "accreditations",
                "alert", "program", "required_documents", "service_areas", "funding"):
        assert doc[key] == original[key], key
    assert doc["cost_options"][0]["currency"] == "GBP" and doc["cost_options"][0]["amount"] == 35
    assert sorted(s["byday"] for s in doc["schedules"]) == ["FR", "TH"]
    assert validate([doc]) == []


def test_a_zipped_data_package_imports(tmp_path, db):
    archive = tmp_path / "hsds.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in (EXAMPLES / "csv").iterdir():
            z.write(f, f"export/{f.name}")
    call_command("import-hsds", str(archive), **QUIET)
    assert Activity.objects.get().title == "Community Counselling"


@pytest.mark.parametrize("name", ["base.json", "location.json", "taxonomy.json", "taxonomy_term_list.json",
                                  "organization_list.json"])
def test_files_without_services_are_refused_with_a_message(db, name):
    with pytest.raises(CommandError, match="HSDS-services"):
        call_command("import-hsds", str(EXAMPLES / name))


# ------------------------------------------------------------------------------------------------ refusals
@pytest.fixture
def exported(tmp_path, make_activity, org_a):
    """A Brobyg export of one published activity, with a fresh id so that an import would create it."""
    make_activity(org_a, title="Stille gåtur", weekday=1, start=time(18, 0), categories=["bevaegelse"],
                  price_type="fee", price_amount=40, payment_method="mobilepay")
    doc = export(tmp_path)[0]
    doc["id"] = "0b7e9d4e-1111-4c55-9d5e-2f6a0b7c1d3e"
    return doc


LOC = ("service_at_locations", 0, "location")
REFUSALS = [  # (where, value, the path the message names)
    (LOC + ("latitude",), 999, "['service_at_locations'][0]['location']['latitude']"),
    (LOC + ("longitude",), 1e15, "['service_at_locations'][0]['location']['longitude']"),
    (("cost_options", 0, "amount"), -1e12, "['cost_options'][0]['amount']"),
    (("cost_options", 0, "amount"), 1_000_000, "['cost_options'][0]['amount']"),
    (("cost_options", 0, "amount"), 1e15, "['cost_options'][0]['amount']"),
    (("cost_options", 0, "currency"), "kroner", "['cost_options'][0]['currency']"),
    (("minimum_age",), -1, "['minimum_age']"),
    (("maximum_age",), 10 ** 15, "['maximum_age']"),
    (("name",), "Stille\x00gåtur", "['name']"),
    (("attributes", 0, "value"), "nul\x00", "['attributes'][0]['value']"),
    (("assured_date",), "2026-13-45", "['assured_date']"),
    (("last_modified",), "2026-13-45T10:00:00Z", "['last_modified']"),
    (("schedules", 0, "valid_from"), "2026-13-45", "['schedules'][0]['valid_from']"),
    (("schedules", 0, "opens_at"), "18:00+02:00", "['schedules'][0]['opens_at']"),
    (("schedules", 0, "closes_at"), "17:00", "['schedules'][0]['closes_at']"),  # before it opens
    (("schedules", 0, "byday"), "XX", "['schedules'][0]['byday']"),
    (("schedules", 0, "freq"), "DAILY", "['schedules'][0]"),
    (LOC + ("addresses", 0, "postal_code"), "0001",
     "['service_at_locations'][0]['location']['addresses'][0]['postal_code']"),
    (("name",), "x" * 201, "['name']"),
]


def _set(doc, where, value):
    doc = copy.deepcopy(doc)
    target = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return doc


@pytest.mark.parametrize("where,value,path", REFUSALS, ids=[f"{w[-1]}={str(v)[:12]!r}" for w, v, _p in REFUSALS])
def test_imports_refuse_what_the_activity_form_refuses(tmp_path, exported, where, value, path):
    good = {**exported, "id": "0b7e9d4e-2222-4c55-9d5e-2f6a0b7c1d3e", "name": "Skulle ikke skrives"}
    file = tmp_path / "bad.json"
    file.write_text(json.dumps([good, _set(exported, where, value)]))
    before = sorted(Activity.objects.values_list("title", flat=True)), Organisation.objects.count()
    with pytest.raises(CommandError) as info:
        call_command("import-hsds", str(file))
    assert f"services[1]{path}" in str(info.value)
    assert "services[0]" not in str(info.value)  # the good record is not blamed
    after = sorted(Activity.objects.values_list("title", flat=True)), Organisation.objects.count()
    assert after == before  # nothing written, not even the good record


def test_another_records_id_does_not_move_an_activity(tmp_path, make_activity, org_a, org_b):
    theirs = make_activity(org_b, title="Forening B's kor")
    mine = make_activity(org_a, title="Mit tilbud")
    doc = {**[d for d in export(tmp_path) if d["name"] == "Mit tilbud"][0], "id": str(theirs.hsds_id)}
    (tmp_path / "steal.json").write_text(json.dumps(doc))
    with pytest.raises(CommandError, match=r"service\[.organization.\]: .*anden organisation"):
        call_command("import-hsds", str(tmp_path / "steal.json"))
    theirs.refresh_from_db()
    assert (theirs.organisation, theirs.title) == (org_b, "Forening B's kor") and mine.title == "Mit tilbud"


def test_reimport_updates_by_id_and_keeps_everything(tmp_path, exported):
    call_command("import-hsds", str(tmp_path / "services.json"), **QUIET)  # the same id: an update
    a = Activity.objects.get()
    assert (a.price_amount, a.payment_method, a.schedules.get().weekday) == (40, "mobilepay", 1)
    assert list(a.categories.values_list("slug", flat=True)) == ["bevaegelse"]


# ------------------------------------------------------------------------------------------------ the screen
def _upload(c, docs, name="feed.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post("/activities/import/hsds/", {"file": SimpleUploadedFile(name, json.dumps(docs).encode())})


def test_a_facilitator_imports_into_their_partnership_after_a_preview(client_for, world, partnership_a):  # noqa: F811
    from django.test import Client  # noqa: F401

    c = client_for(world["facilitator"])
    assert b"/activities/import/hsds/" in c.get("/activities/mine/").content  # offered on their activities
    own = c.get("/api/v1/directory/hsds/services").json()["contents"]
    walk = next(d for d in own if d["name"] == "Stille gåtur")
    new = {**walk, "id": "0b7e9d4e-3333-4c55-9d5e-2f6a0b7c1d3e", "name": "Ny strikkeklub"}
    changed = {**walk, "description": "Nu med kage"}
    r = _upload(c, {"total_items": 2, "contents": [new, changed]})  # an HSDA page
    preview = r.context["preview"]
    assert [i.doc["name"] for i in preview.created()] == ["Ny strikkeklub"]
    assert [i.doc["name"] for i in preview.updated()] == ["Stille gåtur"] and not preview.refused()
    assert not Activity.objects.filter(title="Ny strikkeklub").exists()  # a preview writes nothing
    r = c.post("/activities/import/hsds/", {"confirm": "1"})
    assert r.status_code == 302
    created = Activity.objects.get(title="Ny strikkeklub")
    assert created.partnership == partnership_a  # the importer's partnership
    assert Activity.objects.get(pk=world["walk"].pk).description == "Nu med kage"


def test_the_preview_refuses_another_partnerships_activity(client_for, world):  # noqa: F811
    c = client_for(world["facilitator"])
    far = next(d for d in c.get("/api/v1/directory/hsds/services").json()["contents"]
               if d["name"] == "Gåtur i København")
    r = _upload(c, [{**far, "name": "Overtaget"}, {**far, "id": "0b7e9d4e-4444-4c55-9d5e-2f6a0b7c1d3e",
                                                   "name": "Min egen",
                                                   "organization": {**far["organization"], "name": "Ny forening"}}])
    preview = r.context["preview"]
    assert [i.path for i in preview.refused()] == ["services[0]"], preview.errors
    assert "ikke kan ændre" in preview.refused()[0].errors[0]
    assert b"Import now" not in r.content and "Importér nu".encode() not in r.content  # no button to go on
    assert c.post("/activities/import/hsds/", {"confirm": "1"}).status_code == 200  # nothing pending
    assert not Activity.objects.filter(title__in=["Overtaget", "Min egen"]).exists()
    assert Activity.objects.get(pk=world["far"].pk).title == "Gåtur i København"
