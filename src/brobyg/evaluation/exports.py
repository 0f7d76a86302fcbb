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


# Excel number formats per indicator unit: the cell holds the number, the format shows it as the dashboard does.
NUMBER_FORMATS = {"count": "0", "share": "0%", "days": "0", "score": "0.00", "change": "+0.0;-0.0;0.0"}


def _definitions() -> dict[str, str]:
    return {
        "count": _("A number counted in the period (by the date each record was made or changed). Counts of "
                   "people from 1 to %(top)s, and counts from which they could be worked out, are hidden."),
        "share": _("A share between 0 and 1, shown as per cent."),
        "days": _("A mean number of days per citizen path; shown only when at least %(k)s paths count."),
        "score": _("A mean of the answers on the scale named in the indicator."),
        "change": _("The mean change per person between the first and the latest measurement in the period; shown "
                    "only when at least %(k)s people were measured twice."),
    }


def workbook_bytes(partnership, start=None, end=None) -> bytes:
    """The dashboard as a workbook a person can calculate with: numbers as numbers with number formats, dates as
    dates, Danish labels, real charts, a sheet per level and one that says how each figure is made. Values are the
    dashboard's (``services.dashboard``: the disclosure rule has been applied); a hidden value is an empty cell
    with the dashboard's text beside it."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    from brobyg.partnerships.models import Sector

    data = services.dashboard(partnership, start, end)
    k = data["small_count"]
    wb = Workbook()
    bold = Font(bold=True)

    def heading(ws, *labels):
        ws.append(list(labels))
        for cell in ws[ws.max_row]:
            cell.font = bold

    def indicator_rows(ws, levels, with_level):
        heading(ws, *([_("Level")] if with_level else []), _("Indicator"), _("Value"), _("As shown"), _("Source"))
        for level in levels:
            for row in level["rows"]:
                value = row["value"] if isinstance(row["value"], (int, float)) else None
                ws.append(([str(level["label"])] if with_level else []) +
                          [str(row["label"]), value, str(row["shown"]), readable(row["source"])])
                cell = ws.cell(row=ws.max_row, column=3 if with_level else 2)
                cell.number_format = NUMBER_FORMATS.get(row["unit"], "General")
        ws.column_dimensions["A"].width = 24 if with_level else 52
        ws.column_dimensions["B"].width = 52 if with_level else 14

    ws = wb.active
    ws.title = _("Indicators")[:31]
    ws.append([partnership.project_name or partnership.name])
    ws.append([_("Period"), data["start"], data["end"]] if data["start"] or data["end"] else
              [_("Period"), _("all data up to"), timezone.localdate()])
    for cell in ws[ws.max_row][1:]:
        if not isinstance(cell.value, str):
            cell.number_format = "DD-MM-YYYY"
    ws.append([data["rule"]])
    ws.append([])
    indicator_rows(ws, data["levels"], with_level=True)

    charts = wb.create_sheet(_("Charts")[:31])

    def bar_chart(title, bars, anchor):
        first = charts.max_row + (2 if charts.max_row > 1 else 0)
        charts.cell(row=first, column=1, value=title).font = bold
        for i, bar in enumerate(bars, start=1):
            charts.cell(row=first + i, column=1, value=str(bar["label"]))
            charts.cell(row=first + i, column=2, value=bar["value"])  # None: hidden (fewer than k) → empty
            charts.cell(row=first + i, column=3, value=bar["shown"])
        if bars:
            chart = BarChart()
            chart.title, chart.legend = title, None
            chart.add_data(Reference(charts, min_col=2, min_row=first + 1, max_row=first + len(bars)))
            chart.set_categories(Reference(charts, min_col=1, min_row=first + 1, max_row=first + len(bars)))
            charts.add_chart(chart, anchor)

    bar_chart(_("Referrals per month"), data["referrals_by_month"], "E2")
    bar_chart(_("Citizen paths by stage"), data["journeys_by_stage"], "E20")

    trend = services.initiatives_trend(partnership, end)
    if trend:
        charts.append([])
        charts.append([_("Citizens' initiatives per quarter")])
        heading(charts, _("Quarter"), _("Ideas received"), _("Ideas started"), _("Level changes"), _("Stories"))
        for row in trend:
            charts.append([row["label"]] + [row[key] for key in ("ideas", "started", "level_changes", "stories")])
    charts.column_dimensions["A"].width = 28

    for level in data["levels"]:
        indicator_rows(wb.create_sheet(str(level["label"])[:31]), [level], with_level=False)

    m = data["measures"]
    net = wb.create_sheet(_("Network")[:31])
    sectors = dict(Sector.choices)
    if m:
        o = m["overall"]
        net.append([_("Round"), data["round"].title])
        for label, value, fmt in [
                (_("Actors"), o["actors"], "0"), (_("Ties"), o["ties"], "0"), (_("Density"), o["density"], "0%"),
                (_("Degree centralisation"), o["centralisation"], "0.000"),
                (_("Reciprocity"), o["reciprocity"], "0%"), (_("Isolated actors"), len(o["isolates"]), "0"),
                (_("Ties across sectors"), o["cross_sector_ties"], "0"), (_("Mean trust"), o["trust"], "0.00"),
                (_("Mean value"), o["value"], "0.00")]:
            net.append([label, value])
            net.cell(row=net.max_row, column=2).number_format = fmt
        net.append([])
        heading(net, _("Actor"), _("Sector"), _("Degree"), _("Betweenness"), _("Trust"), _("Value"))
        for a in sorted(m["actors"].values(), key=lambda a: a["label"]):
            net.append([a["label"], str(sectors.get(a["sector"], a["sector"])), a["degree"], a["betweenness"],
                        a["trust"], a["value"]])
            for column, fmt in ((4, "0.000"), (5, "0.00"), (6, "0.00")):
                net.cell(row=net.max_row, column=column).number_format = fmt
        net.column_dimensions["A"].width = 40
        net.column_dimensions["B"].width = 24
        ties = wb.create_sheet(_("Ties")[:31])
        _ties_sheet(ties, data["round"], heading)
    else:
        net.append([_("No network survey has been answered yet.")])

    definitions = wb.create_sheet(_("Definitions")[:31])
    texts = _definitions()
    heading(definitions, _("Indicator"), _("Level"), _("How it is computed"), _("Source"))
    for level in data["levels"]:
        for row in level["rows"]:
            definitions.append([str(row["label"]), str(level["label"]),
                                texts.get(row["unit"], "") % {"top": k - 1, "k": k}, row["source"]])
    definitions.append([])
    definitions.append([_("Period"), _("A figure counts what happened from the first to the last day of the "
                                       "period, both included; without a period, everything up to today.")])
    definitions.column_dimensions["A"].width = 52
    definitions.column_dimensions["C"].width = 90
    return spreadsheet_bytes(wb)


def _ties_sheet(ws, rnd, heading) -> None:
    """Every answered tie of the round: who said it, about whom, how often, what they do together, trust, value."""
    from .models import Frequency, Tie, TieKind

    kinds, frequencies = dict(TieKind.choices), dict(Frequency.choices)
    heading(ws, _("Answered by"), _("About"), _("Works together"), _("How often?"), _("What do you do together?"),
            _("Trust"), _("Value"))
    for tie in (Tie.objects.filter(round=rnd).select_related("source__organisation", "target__organisation")
                .order_by("source__organisation__name", "target__organisation__name")):
        works = _("Yes") if tie.works_together else (_("No") if tie.knows_target else _("Does not know them"))
        ws.append([tie.source.organisation.name, tie.target.organisation.name, str(works),
                   str(frequencies.get(tie.frequency, "")) if tie.frequency else None,
                   ", ".join(str(kinds.get(k, k)) for k in tie.kinds.split(",") if k) or None, tie.trust, tie.value])
        for column in (6, 7):
            ws.cell(row=ws.max_row, column=column).number_format = "0.00"
    for column, width in zip("ABCDE", (36, 36, 16, 26, 50)):
        ws.column_dimensions[column].width = width


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
