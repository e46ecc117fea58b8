"""A funder's report out of Tomoni: PDF (Japanese CID fonts, no font file) and Excel, with a chart each.

Every value a person typed (a programme's, a funder's or a cohort's name) is escaped for reportlab's
markup in the PDF and made formula-safe in Excel: a cell starting with =, +, -, @, a tab or a carriage
return is written as text with a leading apostrophe, so opening the file never runs it.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tomoni.core.money import format_yen
from tomoni.inclusion import rules
from tomoni.inclusion.impact import STEP_NAMES, FunderReport

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

STEP_LABELS = {
    "referred": gettext_lazy("Referred"),
    "started": gettext_lazy("Started"),
    "completed": gettext_lazy("Completed"),
    "certified": gettext_lazy("Certified"),
    "placed": gettext_lazy("Placed"),
    "employed": gettext_lazy("Employed"),
    "in_work_6m": gettext_lazy("In work at 6 months"),
    "in_work_12m": gettext_lazy("In work at 12 months"),
    "members": gettext_lazy("Became members"),
}


def formula_safe(value: object) -> object:
    """A text cell that Excel would read as a formula, as plain text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (GOTHIC, MINCHO):
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def _period(report: FunderReport) -> str:
    agreement = report.agreement
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(agreement.starts_on, "DATE_FORMAT"),
        "end": formats.date_format(agreement.ends_on, "DATE_FORMAT"),
    }


def _target_rows(report: FunderReport) -> list[list[str]]:
    rows = [[_("Target"), _("Agreed"), _("Achieved")]]
    for target in report.targets:
        achieved = rules.SUPPRESSED if target.achieved is None else f"{target.achieved:,}"
        rows.append([str(STEP_LABELS[target.step]), f"{target.target:,}", achieved])
    return rows


def _chart(report: FunderReport) -> Drawing:
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 15 * mm, 10 * mm, 145 * mm, 45 * mm
    chart.data = [
        [t.target for t in report.targets],
        [t.achieved or 0 for t in report.targets],
    ]
    chart.categoryAxis.categoryNames = [str(STEP_LABELS[t.step]) for t in report.targets]
    chart.categoryAxis.labels.fontName = MINCHO
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#8899aa")
    chart.bars[1].fillColor = colors.HexColor("#1f5f8b")
    drawing.add(chart)
    return drawing


def funder_pdf(report: FunderReport, *, coop_name: str) -> bytes:
    """The funder's report (実績報告書): the agreement, targets against achievements, a chart, and cohorts."""
    _fonts()
    agreement = report.agreement
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Report to the funder"),
        author=coop_name,
    )
    heading = ParagraphStyle("heading", fontName=GOTHIC, fontSize=16, leading=22, spaceAfter=6)
    body = ParagraphStyle("body", fontName=MINCHO, fontSize=10, leading=15)
    story = [
        Paragraph(escape(_("Report to the funder")), heading),
        Paragraph(escape(f"{agreement.funder.name} / {agreement.programme.name}"), body),
        Paragraph(
            escape(
                _("%(coop)s. Agreement %(reference)s, %(period)s, %(amount)s. Figures as of %(day)s.")
                % {
                    "coop": coop_name,
                    "reference": agreement.reference or "-",
                    "period": _period(report),
                    "amount": format_yen(agreement.amount_yen),
                    "day": formats.date_format(report.impact.as_of, "DATE_FORMAT"),
                }
            ),
            body,
        ),
        Paragraph(
            escape(
                _(
                    "Only people who consented to sharing with the funder are counted. "
                    "Groups of fewer than 5 people show “—”."
                )
            ),
            body,
        ),
        Spacer(1, 4 * mm),
        _table(_target_rows(report), widths=[70 * mm, 30 * mm, 30 * mm]),
        Spacer(1, 4 * mm),
        _chart(report),
        Spacer(1, 4 * mm),
    ]
    rows = [[_("Cohort"), *[str(STEP_LABELS[s]) for s in STEP_NAMES]]]
    for row in report.impact.rows:
        rows.append([row.label, *row.cells])
    rows.append([_("Total"), *report.impact.total.cells])
    story.append(_table(rows, widths=[52 * mm] + [23 * mm] * len(STEP_NAMES), repeat=True))
    document.build(story)
    return buffer.getvalue()


def _table(rows: list[list[str]], *, widths: list[float], repeat: bool = False) -> Table:
    style = ParagraphStyle("cell", fontName=MINCHO, fontSize=8, leading=10)
    cells = [[Paragraph(escape(c), style) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if repeat else 0)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899aa")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def funder_xlsx(report: FunderReport, *, coop_name: str) -> bytes:
    """The funder's report as an Excel workbook: targets with a chart, and the cohorts."""
    agreement = report.agreement
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    targets_sheet: Worksheet = sheet
    sheet.title = _("Targets")
    for line in (
        [_("Report to the funder")],
        [formula_safe(coop_name)],
        [formula_safe(agreement.funder.name), formula_safe(agreement.programme.name)],
        [_("Period"), _period(report)],
        [_("Amount (yen)"), agreement.amount_yen],
        [_("Figures as of"), report.impact.as_of],
        [],
    ):
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=14)
    header = sheet.max_row + 1
    for row in _target_rows(report):
        # Suppressed counts stay as "—" text: a chart then shows no bar rather than a number.
        sheet.append([formula_safe(c) if not c.replace(",", "").isdigit() else int(c.replace(",", "")) for c in row])
    chart = BarChart()
    chart.title = _("Targets and achievements")
    data = Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=header + len(report.targets))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + len(report.targets)))
    targets_sheet.add_chart(chart, f"E{header}")
    sheet.column_dimensions["A"].width = 28
    cohorts = book.create_sheet(_("Cohorts"))
    cohorts.append([_("Cohort"), *[str(STEP_LABELS[s]) for s in STEP_NAMES]])
    for impact_row in [*report.impact.rows, report.impact.total]:
        label = impact_row.label if impact_row.key is not None else _("Total")
        values = [impact_row.value(s) for s in STEP_NAMES]
        cohorts.append([formula_safe(label), *[rules.SUPPRESSED if v is None else v for v in values]])
    for cell in cohorts[1]:
        cell.font = Font(bold=True)
    cohorts.column_dimensions["A"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
