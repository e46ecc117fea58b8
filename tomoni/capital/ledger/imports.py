"""Opening capital balances from CSV or Excel, all or nothing, with row-by-row errors in the user's language.

The file is read by the shared import framework (tomoni.core.imports: UTF-8, UTF-8 with a BOM,
cp932, .xlsx); each row names a member by member number and gives shares subscribed and capital paid
as of a day. Every row is checked before anything is saved; the service
`capital_opening_balances_load` then records the whole file in one transaction.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tomoni.capital.ledger.selectors import capital_settings_of, holdings_by_person
from tomoni.capital.ledger.services import OpeningBalance
from tomoni.capital.models import PaymentMethod
from tomoni.core import clock
from tomoni.core import imports as frame
from tomoni.core.imports import Cells, Checked, Column, ImportFileError, Table, column_index, read_table
from tomoni.federation.models import Coop
from tomoni.members.models import Membership

__all__ = ["COLUMNS", "ImportFileError", "check_file", "read_table", "template_csv", "validate_opening_balances"]

KIND = "capital_opening"

COLUMNS: tuple[Column, ...] = (
    Column(
        "member_number",
        gettext_lazy("Member number"),
        True,
        gettext_lazy("Required. A member of this coop."),
        ("組合員番号", "会員番号"),
    ),
    Column(
        "shares",
        gettext_lazy("Shares"),
        True,
        gettext_lazy("Required. Shares subscribed, a whole number."),
        ("口数", "出資口数"),
    ),
    Column(
        "paid_yen",
        gettext_lazy("Paid (yen)"),
        True,
        gettext_lazy("Required. Capital paid so far, in whole yen."),
        ("払込済額", "払込額", "払込済出資金"),
    ),
    Column(
        "effective_on",
        gettext_lazy("As of"),
        True,
        gettext_lazy("Required. The day of the balance, e.g. 2015-03-31."),
        ("基準日", "日付"),
    ),
    Column(
        "payment_method",
        gettext_lazy("Payment method"),
        False,
        gettext_lazy("Optional: lump_sum, instalment or payroll."),
        ("払込方法",),
    ),
)


def _whole_number(cells: Cells, key: str) -> int | None:
    return frame.whole_number(cells, key, required=True)


def _method(value: str) -> str | None:
    wanted = unicodedata.normalize("NFKC", value).strip().lower()
    if not wanted:
        return PaymentMethod.LUMP_SUM
    for code, label in PaymentMethod.choices:
        if wanted in {code, str(label).lower()}:
            return str(code)
    return None


def validate_opening_balances(*, coop: Coop, table: Table) -> Checked:
    """Check every row against the coop's register and the articles; nothing is saved here."""
    index = column_index(table, COLUMNS)
    settings = capital_settings_of(coop=coop)
    numbers = dict(Membership.objects.filter(coop=coop).values_list("member_number", "person_id"))
    checked = Checked(kind=KIND)
    today, seen = clock.today(), dict[int, int]()
    held = {pid for pid, h in holdings_by_person(coop=coop, as_of=today).items() if h.shares or h.subscribed_yen}
    for number, row in table.rows:
        cells = Cells(number, row, index, COLUMNS)
        member_number = frame.code(cells, "member_number")
        person_id = numbers.get(member_number)
        if not member_number:
            cells.error("member_number", _("This value is required."))
        elif person_id is None:
            cells.error(
                "member_number", _("No member of this coop has the number %(number)s.") % {"number": member_number}
            )
        elif person_id in seen:
            cells.error(
                "member_number",
                _("Member %(number)s already appears in row %(row)s.")
                % {"number": member_number, "row": seen[person_id]},
            )
        elif person_id in held:
            cells.error(
                "member_number",
                _("Member %(number)s already has capital in the ledger; record changes on their page.")
                % {"number": member_number},
            )
        shares = _whole_number(cells, "shares")
        paid = _whole_number(cells, "paid_yen")
        day = cells.date("effective_on", required=True, not_after=today)
        method = _method(cells.raw("payment_method"))
        if method is None:
            cells.error("payment_method", _("Write lump_sum, instalment or payroll."))
        if shares is not None and shares < settings.minimum_shares:
            cells.error("shares", _("A member holds at least %(count)s shares.") % {"count": settings.minimum_shares})
        if shares is not None and paid is not None and paid > shares * settings.share_value_yen:
            cells.error(
                "paid_yen",
                _("%(paid)s yen is more than the %(subscribed)s yen of %(shares)s shares.")
                % {"paid": f"{paid:,}", "subscribed": f"{shares * settings.share_value_yen:,}", "shares": shares},
            )
        if cells.errors:
            checked.errors.extend(cells.errors)
            continue
        assert person_id is not None and shares is not None and paid is not None and day is not None
        seen[person_id] = number
        checked.rows.append(
            OpeningBalance(
                person_id=person_id, shares=shares, paid_yen=paid, effective_on=day, payment_method=method or ""
            )
        )
    if not table.rows:
        raise ImportFileError(_("The file has no rows below its header."))
    return checked


def check_file(*, coop: Coop, data: bytes, filename: str) -> Checked:
    """Read and check a file; ImportFileError if it cannot be read as a whole."""
    return validate_opening_balances(coop=coop, table=read_table(data, filename))


def template_csv() -> bytes:
    """An empty CSV with the headers, UTF-8 with a BOM so Excel opens it correctly."""
    return frame.template_csv(COLUMNS)
