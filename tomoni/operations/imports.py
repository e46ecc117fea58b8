"""Journal and bank-statement imports: CSV (UTF-8, UTF-8 with a BOM, cp932) or .xlsx; all or nothing.

The file is read by the shared import framework (tomoni.core.imports). Every row is checked first and
each problem reported with its row and column in the user's language; only a file without errors is
posted, in one transaction, through services.journal_post_many.

Journal: one row per line, or a debit and a credit on the same row as Yayoi writes them; the rows of one
entry share its number (伝票番号) and date. Bank statement: one row per movement of one bank account; each
becomes an entry against the account named in the row.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tomoni.core import clock
from tomoni.core import imports as frame
from tomoni.core.errors import TomoniError
from tomoni.core.imports import Cells, Checked, Column, ImportFileError, RowError, Table, column_index, read_table
from tomoni.core.models import User
from tomoni.federation.models import Coop
from tomoni.operations import rules, services
from tomoni.operations.models import Account, Department, EntrySource

__all__ = ["ImportFileError", "Outcome", "bank_statement_import", "journal_import", "read_table"]

JOURNAL_COLUMNS: tuple[Column, ...] = (
    Column("entry", gettext_lazy("Entry number"), True, gettext_lazy("Required. Rows of one entry share it."),
           ("伝票番号", "伝票No.", "伝票No", "取引No")),
    Column("date", gettext_lazy("Date"), True, gettext_lazy("Required, e.g. 2015-04-30."),
           ("日付", "取引日付", "取引日")),
    Column("debit_account", gettext_lazy("Debit account"), False, gettext_lazy("Account code."),
           ("借方科目コード", "借方勘定科目コード", "借方勘定科目")),
    Column("debit_department", gettext_lazy("Debit department"), False, gettext_lazy("Centre code."), ("借方部門",)),
    Column("debit_yen", gettext_lazy("Debit (yen)"), False, gettext_lazy("Whole yen."), ("借方金額", "借方金額(円)")),
    Column("credit_account", gettext_lazy("Credit account"), False, gettext_lazy("Account code."),
           ("貸方科目コード", "貸方勘定科目コード", "貸方勘定科目")),
    Column("credit_department", gettext_lazy("Credit department"), False, gettext_lazy("Centre code."), ("貸方部門",)),
    Column("credit_yen", gettext_lazy("Credit (yen)"), False, gettext_lazy("Whole yen."), ("貸方金額", "貸方金額(円)")),
    Column("memo", gettext_lazy("Description"), False, gettext_lazy("Optional."), ("摘要",)),
)  # fmt: skip

BANK_COLUMNS: tuple[Column, ...] = (
    Column("date", gettext_lazy("Date"), True, gettext_lazy("Required, e.g. 2015-04-30."),
           ("日付", "取引日", "年月日")),
    Column("memo", gettext_lazy("Description"), False, gettext_lazy("Optional."), ("摘要", "内容", "お取引内容")),
    Column("deposit_yen", gettext_lazy("Paid in (yen)"), False, gettext_lazy("Whole yen."),
           ("入金", "入金額", "お預り金額", "預入金額")),
    Column("withdrawal_yen", gettext_lazy("Paid out (yen)"), False, gettext_lazy("Whole yen."),
           ("出金", "出金額", "お支払金額", "引出金額")),
    Column("account", gettext_lazy("Other account"), True, gettext_lazy("Required. The account on the other side."),
           ("相手科目", "相手科目コード", "科目コード")),
    Column("department", gettext_lazy("Department"), False, gettext_lazy("Centre code; the head office if empty."),
           ("部門",)),
)  # fmt: skip


@dataclass
class Outcome:
    """What an import did: the entries posted, or the errors row by row (then nothing was saved)."""

    checked: Checked
    entries: int = 0
    numbers: list[int] = field(default_factory=list)


def _yen(cells: Cells, key: str) -> int:
    return frame.whole_number(cells, key, unit="yen") or 0


def _code(cells: Cells, key: str) -> str:
    return frame.code(cells, key)


class _Known:
    def __init__(self, coop: Coop) -> None:
        self.accounts = set(Account.objects.filter(coop=coop).values_list("code", flat=True))
        self.departments = set(Department.objects.filter(coop=coop).values_list("code", flat=True))

    def account(self, cells: Cells, key: str, code: str) -> None:
        if code not in self.accounts:
            cells.error(key, _("There is no account %(code)s in this coop's chart.") % {"code": code})

    def department(self, cells: Cells, key: str, code: str) -> None:
        if code not in self.departments:
            cells.error(key, _("There is no department (centre) %(code)s in this coop's books.") % {"code": code})


def check_journal(*, coop: Coop, table: Table) -> tuple[Checked, list[services.EntryInput]]:
    """Check a journal file; the entries to post, or errors by row."""
    if not table.rows:
        raise ImportFileError(_("The file has no rows below its header."))
    index = column_index(table, JOURNAL_COLUMNS)
    known = _Known(coop)
    checked = Checked(kind="journal")
    groups: OrderedDict[str, dict[str, object]] = OrderedDict()
    today = clock.today()
    for number, row in table.rows:
        cells = Cells(number, row, index, JOURNAL_COLUMNS)
        entry = _code(cells, "entry")
        if not entry:
            cells.error("entry", _("This value is required."))
        day = cells.date("date", required=True, not_after=today)
        sides: list[rules.Line] = []
        for side in ("debit", "credit"):
            account = _code(cells, f"{side}_account")
            amount = _yen(cells, f"{side}_yen")
            department = _code(cells, f"{side}_department") or services.HEAD_OFFICE
            if not account and not amount:
                continue
            if not account:
                cells.error(f"{side}_account", _("Name the account of this amount."))
                continue
            if amount <= 0:
                cells.error(f"{side}_yen", _("Enter an amount of more than ¥0."))
                continue
            known.account(cells, f"{side}_account", account)
            known.department(cells, f"{side}_department", department)
            sides.append(
                rules.Line(account, department, amount, 0)
                if side == "debit"
                else rules.Line(account, department, 0, amount)
            )
        if not sides and not cells.errors:
            cells.error("debit_account", _("The row has neither a debit nor a credit."))
        group = groups.setdefault(entry, {"day": day, "row": number, "lines": [], "memo": cells.raw("memo")})
        if day is not None and group["day"] is not None and day != group["day"]:
            cells.error("date", _("The rows of entry %(entry)s must share one date.") % {"entry": entry})
        if cells.errors:
            checked.errors.extend(cells.errors)
            continue
        group["lines"].extend(sides)  # type: ignore[attr-defined]
    entries: list[services.EntryInput] = []
    for entry, group in groups.items():
        lines: list[rules.Line] = group["lines"]  # type: ignore[assignment]
        try:
            rules.check_balanced(lines)
        except rules.Unbalanced as refused:
            message = services._refusal(str(refused))
            checked.errors.append(RowError(int(str(group["row"])), "entry", f"{entry}: {message}"))
            continue
        entry_day = group["day"]
        assert isinstance(entry_day, dt.date)
        entries.append(services.EntryInput(entry_on=entry_day, lines=lines, memo=str(group["memo"])))
    return checked, entries


def check_bank_statement(
    *, coop: Coop, table: Table, bank_account: str, department: str = services.HEAD_OFFICE
) -> tuple[Checked, list[services.EntryInput]]:
    """Check a bank statement for one bank account; an entry per movement, or errors by row."""
    if not table.rows:
        raise ImportFileError(_("The file has no rows below its header."))
    index = column_index(table, BANK_COLUMNS)
    known = _Known(coop)
    if bank_account not in known.accounts:
        raise ImportFileError(_("There is no account %(code)s in this coop's chart.") % {"code": bank_account})
    checked = Checked(kind="bank")
    entries: list[services.EntryInput] = []
    today = clock.today()
    for number, row in table.rows:
        cells = Cells(number, row, index, BANK_COLUMNS)
        day = cells.date("date", required=True, not_after=today)
        deposit = _yen(cells, "deposit_yen")
        withdrawal = _yen(cells, "withdrawal_yen")
        other = _code(cells, "account")
        where = _code(cells, "department") or department
        if not other:
            cells.error("account", _("This value is required."))
        else:
            known.account(cells, "account", other)
        known.department(cells, "department", where)
        if (deposit > 0) == (withdrawal > 0):
            cells.error("deposit_yen", _("Each row is either paid in or paid out, of more than ¥0."))
        if cells.errors:
            checked.errors.extend(cells.errors)
            continue
        assert day is not None
        amount = deposit or withdrawal
        bank = (
            rules.Line(bank_account, department, amount, 0)
            if deposit
            else rules.Line(bank_account, department, 0, amount)
        )
        other_line = rules.Line(other, where, 0, amount) if deposit else rules.Line(other, where, amount, 0)
        entries.append(services.EntryInput(entry_on=day, lines=[bank, other_line], memo=cells.raw("memo")))
    return checked, entries


def _post(
    *, actor: User | None, coop: Coop, checked: Checked, entries: list[services.EntryInput], source: str, filename: str
) -> Outcome:
    if not checked.ok:
        return Outcome(checked=checked)
    try:
        posted = services.journal_post_many(actor=actor, coop=coop, entries=entries, source=source, reference=filename)
    except TomoniError as refused:
        checked.errors.append(RowError(0, refused.field or "", refused.message))
        return Outcome(checked=checked)
    return Outcome(checked=checked, entries=len(posted), numbers=posted)


def journal_import(*, actor: User | None, coop: Coop, data: bytes, filename: str) -> Outcome:
    """Import a journal file, all or nothing."""
    checked, entries = check_journal(coop=coop, table=read_table(data, filename))
    return _post(actor=actor, coop=coop, checked=checked, entries=entries, source=EntrySource.IMPORT, filename=filename)


def bank_statement_import(
    *, actor: User | None, coop: Coop, data: bytes, filename: str, bank_account: str = "1120"
) -> Outcome:
    """Import a bank statement, all or nothing."""
    checked, entries = check_bank_statement(coop=coop, table=read_table(data, filename), bank_account=bank_account)
    return _post(actor=actor, coop=coop, checked=checked, entries=entries, source=EntrySource.BANK, filename=filename)


def template_csv(kind: str) -> bytes:
    """An empty CSV with the Japanese headers, UTF-8 with a BOM so Excel opens it correctly."""
    return frame.template_csv(JOURNAL_COLUMNS if kind == "journal" else BANK_COLUMNS, japanese=True)
