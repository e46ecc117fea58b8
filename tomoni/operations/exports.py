"""The journal in the import formats of Japanese accounting software: 弥生会計, freee and Money Forward.

Columns and their public sources are listed in docs/books.md. Consumption tax is not kept by these books,
so every tax category is written as 対象外 (out of scope) with no tax amount. A compound entry is written
as rows pairing its debit and credit lines in order; a side with no line left is blank with amount 0.
Text that a spreadsheet would read as a formula (starting with = + - @) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from tomoni.federation.models import Coop
from tomoni.operations.models import JournalEntry, JournalLine

YAYOI_COLUMNS = (
    "識別フラグ", "伝票No.", "決算", "取引日付", "借方勘定科目", "借方補助科目", "借方部門", "借方税区分", "借方金額",
    "借方税金額", "貸方勘定科目", "貸方補助科目", "貸方部門", "貸方税区分", "貸方金額", "貸方税金額", "摘要", "番号",
    "期日", "タイプ", "生成元", "仕訳メモ", "付箋1", "付箋2", "調整",
)  # fmt: skip
FREEE_COLUMNS = (
    "日付", "伝票番号", "決算整理仕訳", "借方勘定科目", "借方科目コード", "借方部門", "借方税区分", "借方金額",
    "借方税額", "貸方勘定科目", "貸方科目コード", "貸方部門", "貸方税区分", "貸方金額", "貸方税額", "摘要",
)  # fmt: skip
MF_COLUMNS = (
    "取引No", "取引日", "借方勘定科目", "借方補助科目", "借方部門", "借方取引先", "借方税区分", "借方インボイス",
    "借方金額(円)", "借方税額", "貸方勘定科目", "貸方補助科目", "貸方部門", "貸方取引先", "貸方税区分",
    "貸方インボイス", "貸方金額(円)", "貸方税額", "摘要", "仕訳メモ", "タグ", "MF仕訳タイプ", "決算整理仕訳",
    "作成日時", "作成者", "最終更新日時", "最終更新者",
)  # fmt: skip
OUT_OF_SCOPE = "対象外"
FORMATS = {"yayoi": "cp932", "freee": "utf-8-sig", "moneyforward": "cp932"}


def safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@dataclass(frozen=True)
class Side:
    account: str
    department: str
    amount_yen: int


@dataclass(frozen=True)
class Row:
    """One row of an export: an entry's number and date, a debit side and a credit side (either may be empty)."""

    number: int
    day: dt.date
    memo: str
    debit: Side | None
    credit: Side | None
    position: str  # "only", "first", "middle", "last"


def rows_of(*, coop: Coop, start: dt.date, end: dt.date) -> Iterator[Row]:
    """The journal between two days, entry by entry, debit and credit lines paired in order."""
    entries = {
        e.pk: e
        for e in JournalEntry.objects.filter(coop=coop, entry_on__range=(start, end)).only(
            "pk", "number", "entry_on", "memo"
        )
    }
    lines = (
        JournalLine.objects.filter(coop=coop, entry_id__in=entries)
        .order_by("entry_id", "pk")
        .values_list("entry_id", "account__name", "department__name", "debit_yen", "credit_yen")
    )
    current: int | None = None
    debits: list[Side] = []
    credits: list[Side] = []

    def flush(entry: JournalEntry) -> Iterator[Row]:
        count = max(len(debits), len(credits))
        for i in range(count):
            position = "only" if count == 1 else "first" if i == 0 else "last" if i == count - 1 else "middle"
            yield Row(
                number=entry.number,
                day=entry.entry_on,
                memo=entry.memo,
                debit=debits[i] if i < len(debits) else None,
                credit=credits[i] if i < len(credits) else None,
                position=position,
            )

    for entry_id, account, department, debit, credit in lines.iterator(chunk_size=5000):
        if entry_id != current:
            if current is not None:
                yield from flush(entries[current])
            current, debits, credits = entry_id, [], []
        if debit:
            debits.append(Side(account, department, debit))
        else:
            credits.append(Side(account, department, credit))
    if current is not None:
        yield from flush(entries[current])


def _side(side: Side | None) -> tuple[str, str, int]:
    return (safe(side.account), safe(side.department), side.amount_yen) if side else ("", "", 0)


YAYOI_FLAGS = {"only": "2000", "first": "2110", "middle": "2100", "last": "2101"}


def yayoi(rows: Iterator[Row]) -> bytes:
    """弥生インポート形式 (弥生会計 05 以降): no header, cp932, CRLF.

    識別フラグ 2000 marks an entry on one row; 2110, 2100 and 2101 the first, middle and last rows of a compound one.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        d_account, d_department, d_amount = _side(row.debit)
        c_account, c_department, c_amount = _side(row.credit)
        writer.writerow(
            [
                YAYOI_FLAGS[row.position],
                row.number if row.position in {"only", "first"} else "",
                "",
                row.day.strftime("%Y/%m/%d"),
                d_account,
                "",
                d_department,
                OUT_OF_SCOPE if row.debit else "",
                d_amount,
                "",
                c_account,
                "",
                c_department,
                OUT_OF_SCOPE if row.credit else "",
                c_amount,
                "",
                safe(row.memo),
                "",
                "",
                0,
                "",
                "",
                0,
                0,
                "no",
            ]
        )
    return buffer.getvalue().encode("cp932", errors="replace")


def freee(rows: Iterator[Row], codes: dict[str, str]) -> bytes:
    """freee 仕訳インポート (汎用形式, 借方・貸方の列が分かれた形): header, UTF-8 with a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FREEE_COLUMNS)
    for row in rows:
        d_account, d_department, d_amount = _side(row.debit)
        c_account, c_department, c_amount = _side(row.credit)
        writer.writerow(
            [
                row.day.strftime("%Y/%m/%d"),
                row.number,
                "",
                d_account,
                codes.get(row.debit.account, "") if row.debit else "",
                d_department,
                OUT_OF_SCOPE if row.debit else "",
                d_amount if row.debit else "",
                "",
                c_account,
                codes.get(row.credit.account, "") if row.credit else "",
                c_department,
                OUT_OF_SCOPE if row.credit else "",
                c_amount if row.credit else "",
                "",
                safe(row.memo),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def moneyforward(rows: Iterator[Row]) -> bytes:
    """Money Forward クラウド会計 仕訳帳インポート: header, cp932; rows of one entry share 取引No and 取引日."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MF_COLUMNS)
    for row in rows:
        d_account, d_department, d_amount = _side(row.debit)
        c_account, c_department, c_amount = _side(row.credit)
        writer.writerow(
            [
                row.number,
                row.day.strftime("%Y/%m/%d"),
                d_account,
                "",
                d_department,
                "",
                OUT_OF_SCOPE if row.debit else "",
                "",
                d_amount if row.debit else "",
                "",
                c_account,
                "",
                c_department,
                "",
                OUT_OF_SCOPE if row.credit else "",
                "",
                c_amount if row.credit else "",
                "",
                safe(row.memo),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return buffer.getvalue().encode("cp932", errors="replace")


def journal_export(*, coop: Coop, fiscal_year: int, fmt: str) -> bytes:
    """A fiscal year's journal in one of the formats: yayoi, freee or moneyforward."""
    start, end = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
    rows = rows_of(coop=coop, start=start, end=end)
    if fmt == "yayoi":
        return yayoi(rows)
    if fmt == "freee":
        from tomoni.operations.models import Account

        return freee(rows, dict(Account.objects.filter(coop=coop).values_list("name", "code")))
    if fmt == "moneyforward":
        return moneyforward(rows)
    raise ValueError(f"unknown format {fmt!r}")
