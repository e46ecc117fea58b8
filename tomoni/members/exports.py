"""The member register as CSV and Excel: every cell formula-safe through tomoni.core.exports."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tomoni.core.exports import csv_writer, sheet_append
from tomoni.core.imports import BOM
from tomoni.members.models import Membership, MembershipKind, MembershipStatus


def header() -> list[str]:
    return [
        _("Member number"),
        _("Name"),
        _("Reading"),
        _("Kind"),
        _("Status"),
        _("Home centre"),
        _("Joined"),
        _("Left"),
        _("Postal code"),
        _("Address"),
    ]


def values(membership: Membership) -> list[object]:
    person = membership.person
    return [
        membership.member_number,
        person.full_name,
        person.full_name_kana,
        str(MembershipKind(membership.kind).label),
        str(MembershipStatus(membership.status).label),
        membership.centre.name if membership.centre else "",
        membership.joined_on.isoformat(),
        membership.left_on.isoformat() if membership.left_on else "",
        person.postal_code,
        person.address,
    ]


def register_csv(rows: Iterable[Membership]) -> Iterator[bytes]:
    """The register as CSV, a line at a time (UTF-8 with a BOM first, for Excel)."""

    class Line:
        value = ""

        def write(self, text: str) -> None:
            self.value += text

    line = Line()
    writer = csv_writer(line, lineterminator="\r\n")
    writer.writerow(header())
    yield (BOM + line.value).encode("utf-8")
    for membership in rows:
        line.value = ""
        writer.writerow(values(membership))
        yield line.value.encode("utf-8")


def register_xlsx(rows: Iterable[Membership], *, title: str) -> bytes:
    """The register as an Excel workbook, one membership a line."""
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet_append(sheet, header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for membership in rows:
        sheet_append(sheet, values(membership))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
