"""A member's capital statement as PDF, with Japanese text in reportlab's built-in CID fonts (no font file)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from tomoni.capital.ledger.selectors import RegisterRow, Statement
from tomoni.capital.models import EntryKind, PaymentMethod
from tomoni.core.money import format_yen
from tomoni.core.pdf import GOTHIC, MINCHO, a4_document, body_style, heading_style, paragraph_text


def entry_label(kind: str, method: str = "") -> str:
    label = str(EntryKind(kind).label)
    if kind == EntryKind.PAYMENT and method:
        return f"{label} ({PaymentMethod(method).label})"
    return label


def statement_pdf(statement: Statement, *, coop_name: str) -> bytes:
    """The statement (出資金明細書): who, as of when, the holding, and every entry with running balances."""
    buffer = io.BytesIO()
    document = a4_document(buffer, title=_("Capital statement"), author=coop_name)
    heading = heading_style(16, 22, 6)
    body = body_style(10, 15)
    holding = statement.holding
    person = statement.person
    story = [
        Paragraph(paragraph_text(_("Capital statement")), heading),
        Paragraph(paragraph_text(coop_name), body),
        Paragraph(
            paragraph_text(
                _("%(name)s (member number %(number)s), as of %(day)s")
                % {
                    "name": person.full_name,
                    "number": statement.member_number or "-",
                    "day": formats.date_format(statement.as_of, "DATE_FORMAT"),
                }
            ),
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    summary = [
        [_("Shares held"), _("Subscribed capital"), _("Paid"), _("Unpaid")],
        [
            str(holding.shares),
            format_yen(holding.subscribed_yen),
            format_yen(holding.paid_yen),
            format_yen(holding.unpaid_yen),
        ],
    ]
    story.append(_table(summary, widths=[40 * mm, 45 * mm, 45 * mm, 45 * mm]))
    story.append(Spacer(1, 6 * mm))
    rows = [[_("Date"), _("Entry"), _("Shares"), _("Paid"), _("Shares held"), _("Unpaid")]]
    for line in statement.lines:
        entry = line.entry
        rows.append(
            [
                entry.effective_on.isoformat(),
                entry_label(entry.kind, entry.payment_method),
                f"{entry.shares:+d}" if entry.shares else "",
                format_yen(entry.paid_yen) if entry.paid_yen else "",
                str(line.holding.shares),
                format_yen(line.holding.unpaid_yen),
            ]
        )
    if len(rows) == 1:
        rows.append([_("No entries yet."), "", "", "", "", ""])
    story.append(_table(rows, widths=[24 * mm, 55 * mm, 18 * mm, 28 * mm, 22 * mm, 28 * mm], repeat=True))
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            paragraph_text(
                _("One share is %(value)s. Capital earns no dividend; the surplus is shared by work engaged (Art 77).")
                % {"value": format_yen(statement.share_value_yen)}
            ),
            body,
        )
    )
    document.build(story)
    return buffer.getvalue()


def member_roll_pdf(rows: list[RegisterRow], *, coop_name: str, as_of: dt.date) -> bytes:
    """The roll of members (組合員名簿) to print, as of a day: each member's name and address, the day they joined,
    their shares and the capital paid (the fields a co-operative's roll of members holds under the Japanese
    co-operative Acts; the worker co-operatives Act's own list was not checked against its text here)."""
    buffer = io.BytesIO()
    document = a4_document(buffer, title=_("Roll of members"), author=coop_name, wide=True, margin_mm=12)
    heading = heading_style(16, 22, 6)
    body = body_style(9, 12)
    story = [
        Paragraph(paragraph_text(_("Roll of members")), heading),
        Paragraph(
            paragraph_text(
                _("%(coop)s, as of %(day)s") % {"coop": coop_name, "day": formats.date_format(as_of, "DATE_FORMAT")}
            ),
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    table_rows: list[list[object]] = [
        [_("Member number"), _("Name"), _("Address"), _("Joined"), _("Shares held"), _("Paid")]
    ]
    for row in rows:
        name = f"{row.name}\n{row.name_kana}" if row.name_kana else row.name
        address = f"〒{row.postal_code} {row.address}" if row.postal_code else row.address
        table_rows.append(
            [
                row.member_number,
                Paragraph(paragraph_text(name), body),
                Paragraph(paragraph_text(address), body),
                row.joined_on.isoformat() if row.joined_on else "",
                str(row.holding.shares),
                format_yen(row.holding.paid_yen),
            ]
        )
    if len(table_rows) == 1:
        table_rows.append([_("No entries yet."), "", "", "", "", ""])
    story.append(_table(table_rows, widths=[26 * mm, 50 * mm, 110 * mm, 24 * mm, 22 * mm, 30 * mm], repeat=True))
    document.build(story)
    return buffer.getvalue()


def _table(rows: Sequence[Sequence[object]], *, widths: list[float], repeat: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if repeat else 0)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), MINCHO),
                ("FONTNAME", (0, 0), (-1, 0), GOTHIC),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899aa")),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table
