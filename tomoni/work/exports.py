"""Rosters out of Tomoni: a member's shifts as an iCalendar file, a centre's month as CSV or Excel.

CSV is UTF-8 with a byte-order mark so Excel in Japan opens it without garbling; times are local
(Asia/Tokyo) and minutes are whole numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tomoni.core.exports import csv_writer, sheet_append
from tomoni.work.models import Assignment
from tomoni.work.selectors import Board

BOM = "\ufeff"
PRODID = "-//Tomoni//Roster//JA"


def _local(day: dt.date, start: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, start, tzinfo=ZoneInfo(settings.TIME_ZONE))


def calendar_ics(assignments: Iterable[Assignment], *, name: str, host: str = "tomoni") -> bytes:
    """The shifts as iCalendar events (one per shift, in local time), for a phone's calendar."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", " ".join(name.split()))  # one line, whatever a name held before names were checked
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    for a in assignments:
        shift = a.shift_type
        start = _local(a.on_date, shift.starts_at)
        event = icalendar.Event()
        event.add("uid", f"assignment-{a.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=shift.length_minutes))
        event.add("summary", f"{shift.code} {shift.name}")
        event.add("location", a.roster.centre.name)
        event.add(
            "description",
            _("%(shift)s at %(centre)s, %(minutes)d minutes of work.")
            % {"shift": shift.name, "centre": a.roster.centre.name, "minutes": shift.worked_minutes},
        )
        cal.add_component(event)
    return bytes(cal.to_ical())


def _header(board: Board) -> list[str]:
    return [_("Member"), *[f"{d.date:%Y-%m-%d}" for d in board.days], _("Planned minutes"), _("Contracted minutes")]


def _rows(board: Board) -> list[list[str | int]]:
    return [
        [
            row.person.full_name,
            *[cell.shift_type.code if cell is not None else "" for cell in row.cells],
            row.planned_minutes,
            row.contracted_minutes,
        ]
        for row in board.rows
    ]


def roster_csv(board: Board) -> bytes:
    """The month as a grid (a member a line, a day a column, the shift code in each cell), UTF-8 with BOM."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv_writer(out, lineterminator="\r\n")
    writer.writerow(_header(board))
    writer.writerows(_rows(board))
    writer.writerow([])
    writer.writerow([_("Shift"), _("Name"), _("Starts at"), _("Length in minutes"), _("Break in minutes")])
    for shift in board.shift_types:
        writer.writerow([shift.code, shift.name, f"{shift.starts_at:%H:%M}", shift.length_minutes, shift.break_minutes])
    return out.getvalue().encode("utf-8")


def roster_xlsx(board: Board) -> bytes:
    """The month as an Excel workbook: the grid coloured by shift (codes kept), and the shift types."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{board.roster.month:%Y-%m}"
    sheet_append(sheet, _header(board))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fills = {s.pk: PatternFill("solid", fgColor=s.colour.lstrip("#").upper()) for s in board.shift_types}
    for index, (values, row) in enumerate(zip(_rows(board), board.rows, strict=True), start=2):
        sheet_append(sheet, values)
        for day_index, assignment in enumerate(row.cells):
            if assignment is not None:
                target = sheet.cell(row=index, column=day_index + 2)
                target.fill = fills.get(assignment.shift_type_id, PatternFill())
                target.alignment = Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 16
    for column in range(2, len(board.days) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 5
    sheet.freeze_panes = "B2"
    shifts = book.create_sheet(_("Shift types"))
    sheet_append(
        shifts, [_("Shift"), _("Name"), _("Starts at"), _("Length in minutes"), _("Break in minutes"), _("Night shift")]
    )
    for shift in board.shift_types:
        sheet_append(
            shifts,
            [
                shift.code,
                shift.name,
                f"{shift.starts_at:%H:%M}",
                shift.length_minutes,
                shift.break_minutes,
                _("yes") if shift.is_night else _("no"),
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
