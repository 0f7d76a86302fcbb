"""Writing spreadsheets others will open: the one rule against formula injection (CSV/formula injection, OWASP).

A text that starts with = + - @, a tab or a carriage return is run as a formula by Excel, LibreOffice or Google
Sheets when the file is opened (a volunteer who signs up as ``=HYPERLINK(...)`` would otherwise plant a live
link in the coordinator's export). Every Excel export is saved with :func:`save_workbook` and every CSV row written
through :func:`csv_row`:

- in .xlsx such a text is stored as a text cell marked "quote prefix", so it is shown exactly as typed and stays
  text when the cell is edited (our exports never contain real formulas);
- in .csv, where there are no cell types, it gets a leading apostrophe.
"""
from __future__ import annotations

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(RISKY_STARTS)


def csv_row(values) -> list:
    """A row for ``csv.writer`` with every risky text neutralised."""
    return ["'" + v if is_risky(v) else v for v in values]


def neutralise(workbook) -> int:
    """Make every risky text in every sheet a plain text cell; returns how many were changed."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_risky(cell.value):
                    cell.data_type = "s"  # openpyxl took a leading "=" for a formula
                    cell.quotePrefix = True
                    changed += 1
    return changed


def save_workbook(workbook, target) -> None:
    """Neutralise, then save to ``target`` (a path, a file object or an HttpResponse)."""
    neutralise(workbook)
    workbook.save(target)


def workbook_bytes(workbook) -> bytes:
    from io import BytesIO

    out = BytesIO()
    save_workbook(workbook, out)
    return out.getvalue()
