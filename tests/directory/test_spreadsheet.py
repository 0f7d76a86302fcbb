"""Activities from a spreadsheet: Excel and Danish CSV, all or nothing, clear messages, only own organisations."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from brobyg.audit.models import AuditEntry
from brobyg.directory import spreadsheet
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Role

HEAD = "Titel;Organisation;Postnummer;Ugedag;Starter;Slutter;Vært;Pris;Beløb (kr.)\n"


@pytest.fixture
def association_a(make_user, partnership_a, org_a):
    return make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="assoc_a")


def csv_file(text, name="aktiviteter.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_headings_are_the_danish_labels_of_the_template():
    labels = spreadsheet._labels()
    assert labels["titel"] == "title" and labels["postnummer"] == "postcode" and labels["title"] == "title"
    assert HEAD.strip().split(";")[-1].lower() in labels


def test_danish_excel_csv_is_imported_with_schedule(client_for, association_a, org_a):
    text = HEAD + "Strikkecafé;Forening A;8000;tirsdag;14:00;16.30;ja;Gratis;\n" \
                  "Gåtur;;8000;Ons;10;;nej;Betaling;20\n"
    response = client_for(association_a).post(reverse("directory:import"), {"file": csv_file(text, encoding="cp1252")})
    assert response.status_code == 302
    knit = Activity.objects.get(title="Strikkecafé")
    assert knit.organisation == org_a and knit.has_host and knit.status == Activity.Status.DRAFT
    schedule = knit.schedules.get()
    assert (schedule.weekday, schedule.start_time.strftime("%H:%M"), schedule.end_time.strftime("%H:%M")) == \
        (1, "14:00", "16:30")
    walk = Activity.objects.get(title="Gåtur")
    assert walk.price_type == "fee" and walk.price_amount == 20 and walk.schedules.get().weekday == 2
    assert AuditEntry.objects.filter(action="activity.import").exists()


def test_any_bad_row_imports_nothing_and_says_what_to_fix(client_for, association_a):
    text = HEAD + "Strikkecafé;Forening A;8000;tirsdag;14:00;;ja;Gratis;\n" \
                  ";Forening A;0001;blursdag;25:00;;måske;Betaling;\n" \
                  "Skak;Forening B;8000;;;;nej;Gratis;\n"
    response = client_for(association_a).post(reverse("directory:import"), {"file": csv_file(text)})
    assert response.status_code == 200
    problems = "\n".join(response.context["problems"])
    assert "Række 3" in problems or "Row 3" in problems
    for fragment in ("Række 3, Postnummer", "Forening B", "ja", "tirsdag", "Række 3, Titel"):
        assert fragment in problems, fragment
    assert not Activity.objects.exists()


def test_excel_template_round_trip(client_for, association_a):
    client = client_for(association_a)
    response = client.get(reverse("directory:import_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    sheet.cell(row=2, column=2, value="Forening A")
    sheet.append(["Fællesspisning", "Forening A"] + [None] * 5 + ["8000"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("liste.xlsx", out.getvalue())
    response = client.post(reverse("directory:import"), {"file": upload})
    assert response.status_code == 302, response.context and response.context["problems"]
    assert Activity.objects.count() == 2


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _workbook(strings_padding: bytes = b"", rows_padding: bytes = b"") -> bytes:
    """A hand-made .xlsx with shared strings (as Excel writes them): the headings and one activity, plus padding."""
    import zipfile

    texts = ["Titel", "Organisation", "Postnummer", "Gåtur", "Forening A", "8000"]
    cells = lambda row, first: "".join(f'<c r="{col}{row}" t="s"><v>{first + i}</v></c>'  # noqa: E731
                                       for i, col in enumerate("ABC"))
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{REL}/officeDocument"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Ark1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells(1, 0)}</row>'
                                     f'<row r="2">{cells(2, 3)}</row>').encode() + rows_padding
        + b"</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">'.encode()
        + "".join(f"<si><t>{t}</t></si>" for t in texts).encode() + strings_padding + b"</sst>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data if isinstance(data, bytes) else data.encode())
    return out.getvalue()


def test_the_hand_made_workbook_without_padding_is_read():
    assert spreadsheet.read_rows("a.xlsx", _workbook()) == [
        {"title": "Gåtur", "organisation": "Forening A", "postcode": "8000"}]


@pytest.mark.parametrize("name, content", [
    ("2 million shared strings", lambda: _workbook(strings_padding=b"<si><t>a</t></si>" * 2_000_000)),
    ("a million cells", lambda: _workbook(rows_padding=b'<row r="3">' + b"<c><v>1</v></c>" * 1_000_000 + b"</row>")),
    ("100,000 rows", lambda: _workbook(rows_padding=b"<row/>" * 100_000)),
    ("a CSV of 300,000 cells", lambda: (HEAD + "a;" * 300_000 + "\n").encode()),
])
def test_a_spreadsheet_bomb_is_refused_quickly_and_writes_nothing(name, content, client_for, association_a):
    import time

    data = content()
    assert len(data) < spreadsheet.MAX_BYTES
    filename = "aktiviteter.csv" if "CSV" in name else "aktiviteter.xlsx"
    started = time.monotonic()
    response = client_for(association_a).post(reverse("directory:import"),
                                              {"file": SimpleUploadedFile(filename, data)})
    seconds = time.monotonic() - started
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "for mange rækker, celler eller tekster" in "\n".join(response.context["problems"])
    assert seconds < 5, f"{name}: {seconds:.1f} s"


def test_other_organisations_and_other_roles_are_refused(client_for, make_user, partnership_a, partnership_b, org_a,
                                                         org_b):
    referrer = make_user(Role.REFERRER, partnership_a, org_a)
    assert client_for(referrer).get(reverse("directory:import")).status_code == 403
    other = make_user(Role.ASSOCIATION_CONTACT, partnership_b, org_b)
    response = client_for(other).post(reverse("directory:import"),
                                      {"file": csv_file(HEAD + "Skak;Forening A;8000;;;;nej;Gratis;\n")})
    assert response.status_code == 200 and "Forening A" in "\n".join(response.context["problems"])
    assert not Activity.objects.exists()


@pytest.mark.parametrize("name, data, expected", [
    ("liste.pdf", b"%PDF-1.4", "Excel"),
    ("liste.xlsx", b"not a zip", "Excel"),
    ("liste.csv", b"", "empty"),
    ("liste.csv", "Navn;Farve\nx;y\n".encode(), "Navn"),
    ("liste.csv", b"\x00\x01\x02", "text"),
])
def test_unreadable_files_get_a_plain_answer(name, data, expected, association_a):
    with pytest.raises(spreadsheet.ImportProblem) as failed:
        spreadsheet.read_rows(name, data)
    assert expected.lower() in " ".join(failed.value.problems).lower() or failed.value.problems


def test_command_line_import(tmp_path, association_a):
    path = tmp_path / "a.csv"
    path.write_text(HEAD + "Strikkecafé;Forening A;8000;;;;nej;Gratis;\n", encoding="utf-8")
    call_command("import-activities", str(path), user="assoc_a", stdout=io.StringIO())
    assert Activity.objects.filter(title="Strikkecafé").exists()
    path.write_text(HEAD + ";Forening A;8000;;;;nej;Gratis;\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import-activities", str(path), user="assoc_a")
    assert Activity.objects.count() == 1


CELL = st.one_of(st.text(max_size=30), st.sampled_from(["", "ja", "nej", "8000", "0001", "tirsdag", "25:61", "-3",
                                                         "Forening A", "Gratis", "Betaling", "<script>", "1e9"]))


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELL, min_size=9, max_size=9), min_size=1, max_size=4))
def test_any_table_either_imports_completely_or_not_at_all(association_a, rows):
    text = HEAD + "".join(";".join(c.replace(";", ",").replace("\n", " ").replace("\r", " ").replace('"', "'")
                                   for c in row) + "\n" for row in rows)
    before = Activity.objects.count()
    try:
        count = spreadsheet.import_rows(association_a, spreadsheet.read_rows("x.csv", text.encode()))
    except spreadsheet.ImportProblem as failed:
        assert failed.problems and all(isinstance(p, str) for p in failed.problems)
        assert Activity.objects.count() == before
    else:
        assert Activity.objects.count() == before + count
