"""Import activities from a spreadsheet (Excel .xlsx or CSV) — how associations and volunteer centres keep lists.

One row per activity; the first row names the columns, by the labels of the template (Danish or English) or by the
field names. Every row is checked with the same form as the activity editor, so the messages are the ones people
know; all rows are checked before anything is written, and either every row is imported or none is.

    read_rows(name, data) -> list[dict]          rows of text from a .xlsx or .csv file (ImportProblem if unreadable
                                                 or larger than MAX_ROWS / MAX_CELLS / MAX_SHARED_STRINGS)
    import_rows(user, rows) -> int               number of activities created (ImportProblem with all problems)
    template_workbook() -> bytes                 an .xlsx with the columns, an example row and a help sheet
"""
from __future__ import annotations

import csv
import io
from datetime import time

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobyg.audit.services import record
from brobyg.core.spreadsheets import workbook_bytes

from .models import Activity, Category, Schedule
from .services import home_partnership, owner_organisations, refresh_derived

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Limits checked before a workbook is handed to openpyxl, which would otherwise unpack and hold everything: a
# 121 KB .xlsx with 2 million tiny shared strings took one request 69.6 s and 333 MB. Generous for a list of
# activities (MAX_ROWS rows of the template's 24 columns are 120,000 cells).
MAX_CELLS = 250_000
MAX_SHARED_STRINGS = 250_000
MAX_UNPACKED = 64 * 1024 * 1024  # all parts of the workbook together, as declared in the zip (enforced on reading)
MAX_PARTS = 200

# (column key, label) in template order. Keys are the activity's field names, plus organisation / categories /
# weekday / start / end which are turned into what the form expects.
COLUMNS = [
    ("title", gettext_lazy("Title")),
    ("organisation", gettext_lazy("Organisation")),
    ("description", gettext_lazy("Description")),
    ("categories", gettext_lazy("Categories")),
    ("inclusion", gettext_lazy("Kind of community")),
    ("status", gettext_lazy("Status")),
    ("address", gettext_lazy("Address")),
    ("postcode", gettext_lazy("Postcode")),
    ("weekday", gettext_lazy("Weekday")),
    ("start", gettext_lazy("Starts")),
    ("end", gettext_lazy("Ends")),
    ("entrance", gettext_lazy("Entrance")),
    ("meeting_place", gettext_lazy("Meeting place")),
    ("receiver", gettext_lazy("Who receives newcomers")),
    ("has_host", gettext_lazy("Host")),
    ("companion_welcome", gettext_lazy("Companion welcome")),
    ("price_type", gettext_lazy("Price")),
    ("price_amount", gettext_lazy("Amount (DKK)")),
    ("capacity", gettext_lazy("Capacity")),
    ("open_places", gettext_lazy("Open places")),
    ("wheelchair", gettext_lazy("Wheelchair access")),
    ("contact_name", gettext_lazy("Contact person")),
    ("contact_email", gettext_lazy("Contact e-mail")),
    ("contact_phone", gettext_lazy("Contact phone")),
    ("audience", gettext_lazy("Who may join")),
    ("volunteer_role", gettext_lazy("Volunteer role")),
]
BOOLEAN = {"has_host", "companion_welcome", "wheelchair", "volunteer_role"}
YES = {"ja", "j", "yes", "y", "x", "1", "true", "sand"}
NO = {"nej", "n", "no", "0", "false", "falsk", ""}


class ImportProblem(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _labels() -> dict[str, str]:
    """Every accepted column heading (field name, English and Danish label), lower-case → key."""
    out = {}
    for key, label in COLUMNS:
        out[key] = key
        for lang in ("en", "da"):
            with translation.override(lang):
                out[str(label).strip().lower()] = key
    return out


def _weekdays() -> dict[str, int]:
    out = {}
    for day in Schedule.Weekday:
        for lang in ("en", "da"):
            with translation.override(lang):
                out[str(day.label).lower()] = day.value
                out[str(day.label).lower()[:3]] = day.value
    return out


def read_rows(name: str, data: bytes) -> list[dict]:
    if len(data) > MAX_BYTES:
        raise ImportProblem([_("The file is too large. The limit is 5 MB.")])
    if name.lower().endswith(".xlsx"):
        table = _xlsx(data)
    elif name.lower().endswith((".csv", ".txt")):
        table = _csv(data)
    else:
        raise ImportProblem([_("Use an Excel file (.xlsx) or a CSV file (.csv).")])
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ImportProblem([_("The file is empty.")])
    labels = _labels()
    header = [labels.get(cell.strip().lower()) for cell in table[0]]
    unknown = [cell for cell, key in zip(table[0], header) if cell.strip() and key is None]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(columns)s. Use the headings of the template.")
                        % {"columns": ", ".join(unknown)})
    if "title" not in header:
        problems.append(_("The column 'Title' is missing."))
    if len(table) - 1 > MAX_ROWS:
        problems.append(_("At most %(n)d rows can be imported at a time.") % {"n": MAX_ROWS})
    if problems:
        raise ImportProblem(problems)
    return [{key: cell.strip() for key, cell in zip(header, row) if key} for row in table[1:]]


def _too_big() -> ImportProblem:
    return ImportProblem([_("The file has too many rows, cells or texts to be imported at once (at most %(rows)d "
                            "rows and %(cells)d cells). Split it into smaller files.")
                          % {"rows": MAX_ROWS, "cells": MAX_CELLS}])


class _OverLimit(Exception):
    pass


def _over_limits(part, limits: dict[str, int]) -> bool:
    """Stream an XML part through expat and count the elements named in ``limits`` (any namespace); True as soon
    as one of them is more than its limit. No tree is built, so memory stays flat; a DOCTYPE (never in a real
    workbook, the way to entity bombs) is refused."""
    from xml.parsers import expat

    counts = dict.fromkeys(limits, 0)

    def start(name, _attrs):
        local = name.rsplit(" ", 1)[-1]
        if local in counts:
            counts[local] += 1
            if counts[local] > limits[local]:
                raise _OverLimit

    def doctype(*_args):
        raise ValueError("DOCTYPE in a workbook part")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := part.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _OverLimit:
        return True
    return False


def _check_xlsx(data: bytes) -> None:
    """Refuse a workbook that would unpack to more than the limits, before openpyxl parses any of it."""
    import zipfile

    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        parts = book.infolist()
        if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
            raise _too_big()
        for part in parts:
            name = part.filename.lower()
            if name.endswith("sharedstrings.xml"):
                limits = {"si": MAX_SHARED_STRINGS}
            elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                limits = {"c": MAX_CELLS, "row": MAX_ROWS + 1}
            else:
                continue
            with book.open(part) as handle:
                if _over_limits(handle, limits):
                    raise _too_big()
    except ImportProblem:
        raise
    except Exception:  # noqa: BLE001 - not a zip, broken XML, a lying size header: the same plain answer
        raise ImportProblem([_("The file could not be read as an Excel workbook.")]) from None


def _xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx(data)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same plain answer
        raise ImportProblem([_("The file could not be read as an Excel workbook.")]) from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Danish Windows saves CSV as cp1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise ImportProblem([_("The file could not be read as text.")])
    if "\x00" in text:
        raise ImportProblem([_("The file could not be read as text.")])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Danish Excel uses semicolons
    rows, cells = [], 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):  # read row by row and stop at the limits
            rows.append(row)
            cells += len(row)
            if cells > MAX_CELLS:
                raise _too_big()
            if len(rows) > MAX_ROWS + 1:
                break  # read_rows says how many rows are allowed
        return rows
    except csv.Error as exc:
        raise ImportProblem([_("The CSV file is not well-formed: %(error)s") % {"error": exc}]) from None


def _choice(value: str, choices) -> str:
    wanted = value.strip().lower()
    for v, label in choices:
        for lang in ("en", "da"):
            with translation.override(lang):
                if wanted in (str(v).lower(), str(label).lower()):
                    return v
    return value


def _row_data(user, row: dict, organisations: dict, categories: dict, weekdays: dict, line: int):
    """(form data, schedule or None, problems) for one row."""
    problems = []
    data = {k: v for k, v in row.items() if k not in {"organisation", "categories", "weekday", "start", "end"}}
    org_name = row.get("organisation", "")
    if org_name:
        org = organisations.get(org_name.lower())
        if org is None:
            problems.append(_("Row %(line)d, Organisation: '%(name)s' is not an organisation you can add activities "
                              "for.") % {"line": line, "name": org_name[:80]})
        else:
            data["organisation"] = org.pk
    elif len(organisations) == 1:
        data["organisation"] = next(iter(organisations.values())).pk
    else:
        problems.append(_("Row %(line)d, Organisation: say which organisation the activity belongs to.")
                        % {"line": line})
    if "organisation" in data:  # kept in the partnership in which the user acts for the organisation
        data["partnership"] = home_partnership(user, data["organisation"])
    cats = []
    for name in filter(None, (c.strip().lower() for c in row.get("categories", "").split(","))):
        if name in categories:
            cats.append(categories[name])
        else:
            problems.append(_("Row %(line)d, Categories: unknown category '%(name)s'.")
                            % {"line": line, "name": name[:80]})
    data["categories"] = cats
    for key in BOOLEAN:
        value = row.get(key, "").strip().lower()
        if value in YES:
            data[key] = "on"
        elif value in NO:
            data.pop(key, None)
        else:
            problems.append(_("Row %(line)d, %(column)s: write 'ja' or 'nej'.")
                            % {"line": line, "column": dict(COLUMNS)[key]})
    data["inclusion"] = _choice(row.get("inclusion") or Activity.Inclusion.ORDINARY, Activity.Inclusion.choices)
    data["status"] = _choice(row.get("status") or Activity.Status.DRAFT, Activity.Status.choices)
    data["audience"] = _choice(row.get("audience") or Activity.Audience.EVERYONE, Activity.Audience.choices)
    data["price_type"] = _choice(row.get("price_type") or Activity.PriceType.FREE, Activity.PriceType.choices)
    data["languages"] = row.get("languages") or "da"
    data["payment_method"] = Activity.PaymentMethod.NONE if data["price_type"] == Activity.PriceType.FREE \
        else Activity.PaymentMethod.CASH  # the editor asks; a spreadsheet row starts with the common case
    schedule = None
    day = row.get("weekday", "").strip().lower()
    if day:
        if day not in weekdays:
            problems.append(_("Row %(line)d, Weekday: write a weekday such as 'tirsdag'.") % {"line": line})
        else:
            try:
                start = _time(row.get("start", ""))
                end = _time(row["end"]) if row.get("end") else None
                schedule = (weekdays[day], start, end)
            except ValueError:
                problems.append(_("Row %(line)d, Starts/Ends: write times as 16:30.") % {"line": line})
    return data, schedule, problems


def _time(text: str) -> time:
    text = text.strip().replace(".", ":")
    hours, _sep, minutes = text.partition(":")
    return time(int(hours), int(minutes or 0))


def import_rows(user, rows: list[dict]) -> int:
    from .forms import ActivityForm

    if not rows:
        raise ImportProblem([_("The file has no rows below the headings.")])
    organisations = {o.name.lower(): o for o in owner_organisations(user)}
    categories = {}
    for c in Category.objects.all():
        categories[c.slug.lower()] = c.pk
        categories[str(c.name).lower()] = c.pk
    weekdays = _weekdays()
    forms, problems = [], []
    for line, row in enumerate(rows, start=2):
        data, schedule, row_problems = _row_data(user, row, organisations, categories, weekdays, line)
        problems += row_problems
        form = ActivityForm(data=data, user=user)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else _("Row")
                problems += [_("Row %(line)d, %(column)s: %(error)s") % {"line": line, "column": label, "error": e}
                             for e in errors]
        forms.append((form, schedule))
    if problems:
        raise ImportProblem(problems)
    with transaction.atomic():
        for form, schedule in forms:
            activity = form.save()
            if schedule:
                Schedule.objects.create(activity=activity, weekday=schedule[0], start_time=schedule[1],
                                        end_time=schedule[2])
            refresh_derived(activity)
        record(user, "activity.import", None, partnership=None, detail=f"{len(forms)} activities")
    return len(forms)


def template_workbook() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Activities")
    sheet.append([str(label) for _key, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = {"title": _("Walk and talk"), "organisation": "", "description": _("We walk for an hour and have "
               "coffee afterwards."), "categories": "", "inclusion": str(Activity.Inclusion.ORDINARY.label),
               "status": str(Activity.Status.DRAFT.label), "address": "Søndergade 1", "postcode": "8000",
               "weekday": str(Schedule.Weekday.choices[1][1]), "start": "10:00", "end": "11:30",
               "entrance": _("The main door"), "meeting_place": _("By the fountain"), "receiver": "Hanne",
               "has_host": _("yes"), "companion_welcome": _("yes"), "price_type": str(Activity.PriceType.FREE.label),
               "price_amount": "", "capacity": "20", "open_places": "5", "wheelchair": _("no"),
               "contact_name": "Hanne", "contact_email": "hanne@example.org", "contact_phone": "",
               "audience": str(Activity.Audience.EVERYONE.label), "volunteer_role": _("no")}
    sheet.append([example.get(key, "") for key, _label in COLUMNS])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 2)
    help_sheet = book.create_sheet(_("Help"))
    help_sheet.append([_("One row per activity. Keep the headings in the first row. Delete the example row.")])
    help_sheet.append([_("Categories"), ", ".join(str(c.name) for c in Category.objects.order_by("name"))])
    help_sheet.append([_("Yes/no columns"), _("write 'ja' or 'nej'")])
    help_sheet.append([_("Times"), "16:30"])
    return workbook_bytes(book)


__all__ = ["ImportProblem", "read_rows", "import_rows", "template_workbook", "COLUMNS"]
