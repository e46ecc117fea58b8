"""Journal and bank-statement imports (all or nothing, errors by row in the user's language) and the exports,
read back."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from tomoni.operations import exports, imports, rules, services
from tomoni.operations.models import JournalEntry
from tomoni.testing import World

pytestmark = pytest.mark.django_db

JOURNAL = (
    "伝票番号,日付,借方科目コード,借方部門,借方金額,貸方科目コード,貸方部門,貸方金額,摘要\r\n"
    "1,2015/04/30,1130,ajisai,300000,4110,ajisai,300000,4月分介護報酬\r\n"
    "2,2015/04/30,5110,ajisai,200000,,,,4月分給与\r\n"
    "2,2015/04/30,5120,ajisai,20000,1120,ajisai,220000,\r\n"
)


def test_a_cp932_journal_is_imported_in_one_go(books: World) -> None:
    outcome = imports.journal_import(
        actor=books.officer, coop=books.cwc, data=JOURNAL.encode("cp932"), filename="j.csv"
    )
    assert outcome.checked.ok and outcome.entries == 2
    assert JournalEntry.objects.filter(coop=books.cwc, source="import").count() == 2


def test_a_utf8_journal_with_a_bom_and_an_xlsx_journal_are_read_too(books: World) -> None:
    outcome = imports.journal_import(
        actor=books.officer, coop=books.cwc, data=("\ufeff" + JOURNAL).encode("utf-8"), filename="j.csv"
    )
    assert outcome.entries == 2
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in csv.reader(io.StringIO(JOURNAL)):
        sheet.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = imports.journal_import(actor=books.officer, coop=books.cwc, data=buffer.getvalue(), filename="j.xlsx")
    assert outcome.entries == 2


def test_bad_rows_are_reported_in_japanese_and_nothing_is_saved(books: World) -> None:
    bad = JOURNAL + "3,2015/04/30,9999,nowhere,100,4110,ajisai,90,\r\n"
    with translation.override("ja"):
        outcome = imports.journal_import(
            actor=books.officer, coop=books.cwc, data=bad.encode("cp932"), filename="j.csv"
        )
    assert not outcome.checked.ok and outcome.entries == 0
    messages = " ".join(e.message for e in outcome.checked.errors)
    assert "9999" in messages and "nowhere" in messages
    assert any(e.row == 5 for e in outcome.checked.errors)
    assert not JournalEntry.objects.exists()


def test_an_unbalanced_entry_in_a_file_is_refused(books: World) -> None:
    bad = (
        "伝票番号,日付,借方科目コード,借方部門,借方金額,貸方科目コード,貸方部門,貸方金額\r\n"
        "7,2015/04/30,1130,ajisai,100,4110,ajisai,99\r\n"
    )
    outcome = imports.journal_import(actor=books.officer, coop=books.cwc, data=bad.encode(), filename="j.csv")
    assert not outcome.checked.ok
    assert not JournalEntry.objects.exists()


def test_a_posting_into_a_closed_month_by_import_is_refused(books: World) -> None:
    services.period_close(actor=books.officer, coop=books.cwc, period=201504)
    outcome = imports.journal_import(actor=books.officer, coop=books.cwc, data=JOURNAL.encode(), filename="j.csv")
    assert not outcome.checked.ok and not JournalEntry.objects.exists()


def test_a_bank_statement_becomes_one_entry_a_row(books: World) -> None:
    data = (
        "日付,摘要,入金,出金,相手科目,部門\r\n"
        "2015/05/10,市委託料,500000,,1130,ajisai\r\n"
        "2015/05/25,家賃,,80000,5160,ajisai\r\n"
    )
    outcome = imports.bank_statement_import(
        actor=books.officer, coop=books.cwc, data=data.encode("cp932"), filename="b.csv"
    )
    assert outcome.entries == 2
    bad = "日付,摘要,入金,出金,相手科目\r\n2015/05/10,両方,5,5,1130\r\n"
    outcome = imports.bank_statement_import(actor=books.officer, coop=books.cwc, data=bad.encode(), filename="b.csv")
    assert not outcome.checked.ok and JournalEntry.objects.count() == 2


def _post_sample(world: World) -> None:
    services.journal_post(
        actor=None,
        coop=world.cwc,
        entry_on=dt.date(2015, 4, 30),
        lines=[rules.Line("1130", "ajisai", debit_yen=300_000), rules.Line("4110", "ajisai", credit_yen=300_000)],
        memo='=HYPERLINK("x") 4月分',
    )
    services.journal_post(
        actor=None,
        coop=world.cwc,
        entry_on=dt.date(2015, 5, 31),
        lines=[
            rules.Line("5110", "ajisai", debit_yen=200_000),
            rules.Line("5120", "ajisai", debit_yen=20_000),
            rules.Line("6130", services.HEAD_OFFICE, debit_yen=5_000),
            rules.Line("1120", "ajisai", credit_yen=225_000),
        ],
    )


def _totals(rows: list[list[str]], debit: int, credit: int) -> tuple[int, int]:
    return sum(int(r[debit] or 0) for r in rows), sum(int(r[credit] or 0) for r in rows)


def test_the_yayoi_export_reads_back_with_its_flags_and_balances(books: World) -> None:
    _post_sample(books)
    data = exports.journal_export(coop=books.cwc, fiscal_year=2015, fmt="yayoi")
    rows = list(csv.reader(io.StringIO(data.decode("cp932"))))
    assert all(len(r) == 25 for r in rows)
    assert [r[0] for r in rows] == ["2000", "2110", "2100", "2101"]
    assert rows[0][4] == "事業未収金" and rows[0][10] == "介護事業収益" and rows[0][8] == "300000"
    assert rows[0][16].startswith("'=")  # a formula is written as text
    assert _totals(rows, 8, 14) == (525_000, 525_000)


def test_the_freee_and_money_forward_exports_read_back_and_balance(books: World) -> None:
    _post_sample(books)
    freee = list(
        csv.reader(
            io.StringIO(exports.journal_export(coop=books.cwc, fiscal_year=2015, fmt="freee").decode("utf-8-sig"))
        )
    )
    assert tuple(freee[0]) == exports.FREEE_COLUMNS
    assert _totals(freee[1:], 7, 13) == (525_000, 525_000)
    assert freee[1][4] == "1130"
    mf = list(
        csv.reader(
            io.StringIO(exports.journal_export(coop=books.cwc, fiscal_year=2015, fmt="moneyforward").decode("cp932"))
        )
    )
    assert tuple(mf[0]) == exports.MF_COLUMNS
    assert _totals(mf[1:], 8, 16) == (525_000, 525_000)
    assert {r[0] for r in mf[1:]} == {"1", "2"}
