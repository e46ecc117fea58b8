"""The audit log as CSV (every cell formula-safe, through tomoni.core.exports) and as PDF (every value escaped)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from tomoni.core.exports import csv_writer
from tomoni.core.imports import BOM
from tomoni.core.pdf import GOTHIC, MINCHO, a4_document, body_style, heading_style, paragraph_text
from tomoni.reports.audit.selectors import AuditRow

# A PDF is for reading and printing: past this many events the auditor narrows the filters or takes the CSV.
PDF_MAX_EVENTS = 2_000


def _when(row: AuditRow) -> str:
    return timezone.localtime(row.event.occurred_at).strftime("%Y-%m-%d %H:%M:%S")


def csv_header() -> list[str]:
    return [_("When"), _("Who"), _("What"), _("Kind"), _("Action code"), _("Record"), _("Import")]


def csv_lines(rows: Iterable[AuditRow]) -> Iterator[str]:
    """The log as CSV text, a few lines at a time (UTF-8 with a BOM first, for Excel)."""

    class Line:
        value = ""

        def write(self, text: str) -> None:
            self.value += text

    line = Line()
    writer = csv_writer(line, lineterminator="\r\n")
    writer.writerow(csv_header())
    yield BOM + line.value
    for row in rows:
        line.value = ""
        event = row.event
        record = f"{event.object_type}#{event.object_id}" if event.object_id else event.object_type
        writer.writerow([_when(row), row.actor, row.sentence, row.kind, event.action, record, row.import_job_id or ""])
        yield line.value


def audit_pdf(rows: list[AuditRow], *, coop_name: str, total: int, filters_words: str) -> bytes:
    """The selected events as a printable table: when, who, what (Japanese fonts, values escaped)."""
    buffer = io.BytesIO()
    document = a4_document(buffer, title=_("Audit log"), author=coop_name, wide=True, margin_mm=12)
    heading = heading_style(15, 20, 4)
    body = body_style(9, 12)
    story = [
        Paragraph(paragraph_text(_("Audit log: %(coop)s") % {"coop": coop_name}), heading),
        Paragraph(
            paragraph_text(
                _("Printed on %(day)s. %(filters)s")
                % {"day": date_format(timezone.localdate(), "DATE_FORMAT"), "filters": filters_words}
            ),
            body,
        ),
    ]
    if total > len(rows):
        story.append(
            Paragraph(
                paragraph_text(
                    _("The newest %(shown)s of %(total)s events; narrow the filters or take the CSV for all of them.")
                    % {"shown": len(rows), "total": total}
                ),
                body,
            )
        )
    story.append(Spacer(1, 4 * mm))
    table_rows: list[list[object]] = [[_("When"), _("Who"), _("What")]]
    for row in rows:
        table_rows.append(
            [_when(row), Paragraph(paragraph_text(row.actor), body), Paragraph(paragraph_text(row.sentence), body)]
        )
    if len(table_rows) == 1:
        table_rows.append([_("No events are recorded."), "", ""])
    table = Table(table_rows, colWidths=[36 * mm, 70 * mm, 167 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), MINCHO),
                ("FONTNAME", (0, 0), (-1, 0), GOTHIC),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899aa")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()
