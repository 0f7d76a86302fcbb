"""Excel and PDF exports of the dashboard (formative and summative evaluation, 003 §6). Both carry only shown
values: every figure has passed the disclosure rule (core.stats) in ``services.dashboard``."""
from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.core.spreadsheets import workbook_bytes as spreadsheet_bytes
from brobyg.core.sources import readable

from . import services


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def workbook_bytes(partnership, start=None, end=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = services.dashboard(partnership, start, end)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Indicators")[:31]
    bold = Font(bold=True)
    ws.append([partnership.project_name or partnership.name])
    ws.append([_("Period"), str(data["start"] or "–"), str(data["end"] or "–")])
    ws.append([data["rule"]])
    ws.append([])
    ws.append([_("Level"), _("Indicator"), _("Value"), _("Source")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for level in data["levels"]:
        for row in level["rows"]:
            value = row["value"] if isinstance(row["value"], (int, float)) and row["unit"] == "count" else row["shown"]
            ws.append([str(level["label"]), str(row["label"]), value, readable(row["source"])])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 52
    ws.column_dimensions["C"].width = 18

    charts = wb.create_sheet(_("Charts")[:31])
    charts.append([_("Referrals per month")])
    for bar in data["referrals_by_month"]:
        charts.append([bar["label"], bar["value"] if bar["value"] is not None else bar["shown"]])
    charts.append([])
    charts.append([_("Citizen paths by stage")])
    for bar in data["journeys_by_stage"]:
        charts.append([str(bar["label"]), bar["value"] if bar["value"] is not None else bar["shown"]])

    trend = services.initiatives_trend(partnership, end)
    if trend:
        charts.append([])
        charts.append([_("Citizens' initiatives per quarter")])
        charts.append([_("Quarter"), _("Ideas received"), _("Ideas started"), _("Level changes"), _("Stories")])
        for cell in charts[charts.max_row]:
            cell.font = bold
        for row in trend:
            charts.append([row["label"]] + [row[k] for k in ("ideas", "started", "level_changes", "stories")])

    m = data["measures"]
    net = wb.create_sheet(_("Network")[:31])
    if m:
        o = m["overall"]
        net.append([_("Round"), data["round"].title])
        for label, value in [(_("Actors"), o["actors"]), (_("Ties"), o["ties"]), (_("Density"), o["density"]),
                             (_("Degree centralisation"), o["centralisation"]), (_("Reciprocity"), o["reciprocity"]),
                             (_("Isolated actors"), len(o["isolates"])),
                             (_("Ties across sectors"), o["cross_sector_ties"]), (_("Mean trust"), o["trust"]),
                             (_("Mean value"), o["value"])]:
            net.append([label, round(value, 3) if isinstance(value, float) else value])
        net.append([])
        net.append([_("Actor"), _("Sector"), _("Degree"), _("Betweenness"), _("Trust"), _("Value")])
        for cell in net[net.max_row]:
            cell.font = bold
        for a in sorted(m["actors"].values(), key=lambda a: a["label"]):
            net.append([a["label"], a["sector"], a["degree"], round(a["betweenness"], 3),
                        round(a["trust"], 2) if a["trust"] is not None else None,
                        round(a["value"], 2) if a["value"] is not None else None])
        net.column_dimensions["A"].width = 40
    else:
        net.append([_("No network survey has been answered yet.")])
    return spreadsheet_bytes(wb)


def _photo_uri(story) -> str:
    """A story's photo as a data URI for the report, only when the people in it agreed (004 Part 2)."""
    if not (story.photo and story.photo_consent):
        return ""
    try:
        with story.photo.open("rb") as handle:
            return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode()
    except (FileNotFoundError, OSError):
        return ""


def pdf_report(request, partnership, start=None, end=None) -> tuple[bytes, int]:
    """The PDF report and how many success stories it carries (for the audit entry)."""
    from django.contrib.staticfiles import finders
    from weasyprint import HTML

    from . import indicators

    with indicators.shared_work():  # the diagrams read the dashboard's protected figures, not a second time
        return _pdf_report(request, partnership, start, end, HTML, finders)


def _pdf_report(request, partnership, start, end, HTML, finders) -> tuple[bytes, int]:
    data = services.dashboard(partnership, start, end)
    stories = [{"story": s, "photo": _photo_uri(s)}
               for s in services.shared_stories(getattr(request, "user", None), partnership, start, end)]
    network_img = _svg_data_uri(services.network_svg(data["measures"])) if data["measures"] else ""
    diagrams = [{"intervention": i["intervention"], "img": _svg_data_uri(services.toc_svg(
        i["intervention"], services.element_values(i["intervention"], start, end)))} for i in data["interventions"]]
    html = render_to_string("evaluation/report.html", {
        "partnership": partnership, "data": data, "network_img": network_img, "diagrams": diagrams,
        "made": timezone.localtime(), "trend": services.initiatives_trend(partnership, end), "stories": stories},
        request=request)
    css = finders.find("evaluation/report.css")
    return HTML(string=html).write_pdf(stylesheets=[css] if css else None), len(stories)
