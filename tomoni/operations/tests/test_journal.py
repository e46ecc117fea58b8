"""Posting to the journal: balanced entries only, append-only, closed months, reversals, summaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.operations import rules, services
from tomoni.operations.models import ClosedPeriod, JournalEntry, JournalLine, MonthlySummary
from tomoni.testing import World

pytestmark = pytest.mark.django_db

DAY = dt.date(2015, 4, 30)


def sale(amount: int = 100_000, centre: str = "ajisai") -> list[rules.Line]:
    return [rules.Line("1130", centre, debit_yen=amount), rules.Line("4110", centre, credit_yen=amount)]


def test_a_balanced_entry_is_posted_with_a_number_and_an_audit_event(books: World) -> None:
    entry = services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(), memo="4月分介護報酬")
    assert entry.number == 1
    assert entry.period == 201504 and entry.fiscal_year == 2015
    assert entry.total_yen == 100_000 and entry.line_count == 2
    assert AuditEvent.objects.filter(action="operations.entry.posted", object_id=str(entry.pk)).exists()
    second = services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(5))
    assert second.number == 2


def test_the_monthly_summary_is_kept_current_in_the_same_transaction(books: World) -> None:
    services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(100_000))
    services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(20_000))
    row = MonthlySummary.objects.get(coop=books.cwc, period=201504, account__code="4110")
    assert (row.debit_yen, row.credit_yen, row.section) == (0, 120_000, "business_revenue")


@pytest.mark.parametrize(
    "lines",
    [
        [rules.Line("1130", "ajisai", debit_yen=100), rules.Line("4110", "ajisai", credit_yen=99)],
        [rules.Line("1130", "ajisai", debit_yen=100)],
        [rules.Line("1130", "ajisai", debit_yen=100, credit_yen=100), rules.Line("4110", "ajisai", credit_yen=0)],
    ],
    ids=["unequal", "one line", "both sides"],
)
def test_an_unbalanced_entry_is_refused_in_plain_words_and_nothing_is_saved(
    books: World, lines: list[rules.Line]
) -> None:
    with pytest.raises(TomoniError):
        services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=lines)
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()
    assert not MonthlySummary.objects.exists()


def test_an_unknown_account_or_department_is_refused(books: World) -> None:
    with pytest.raises(TomoniError, match="9999"):
        services.journal_post(
            actor=books.officer,
            coop=books.cwc,
            entry_on=DAY,
            lines=[rules.Line("9999", "ajisai", debit_yen=1), rules.Line("4110", "ajisai", credit_yen=1)],
        )
    with pytest.raises(TomoniError, match="nowhere"):
        services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(1, centre="nowhere"))
    # Another coop's centre is not a department of CWC's books.
    with pytest.raises(TomoniError):
        services.journal_post(
            actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(1, centre=books.other_centre.code)
        )


def test_only_the_coops_officers_post(books: World) -> None:
    for user in (books.member, books.auditor, books.outsider, books.manager):
        with pytest.raises(TomoniError):
            services.journal_post(actor=user, coop=books.cwc, entry_on=DAY, lines=sale())
    assert not JournalEntry.objects.exists()


def _raw_insert(coop_id: int, entry_id: int, lines: list[tuple[int, int, int, int]], total: int) -> None:
    """Write lines and an entry straight into the tables, past the services."""
    with connection.cursor() as cursor:
        for account_id, department_id, debit, credit in lines:
            cursor.execute(
                "INSERT INTO operations_journalline (entry_id, coop_id, period, account_id, department_id, debit_yen,"
                " credit_yen, memo) VALUES (%s, %s, 201504, %s, %s, %s, %s, '')",
                [entry_id, coop_id, account_id, department_id, debit, credit],
            )
        cursor.execute(
            "INSERT INTO operations_journalentry (id, coop_id, number, entry_on, period, fiscal_year, memo, source,"
            " line_count, total_yen, recorded_at) VALUES (%s, %s, %s, '2015-04-30', 201504, 2015, '', 'manual', %s,"
            " %s, '2015-04-30 00:00:00+00:00')",
            [entry_id, coop_id, 1000 + entry_id, len(lines), total],
        )


def _ids(world: World) -> tuple[int, int, int]:
    from tomoni.operations.models import Account, Department

    return (
        Account.objects.get(coop=world.cwc, code="1130").pk,
        Account.objects.get(coop=world.cwc, code="4110").pk,
        Department.objects.get(coop=world.cwc, code="ajisai").pk,
    )


def test_the_database_refuses_an_unbalanced_entry_written_past_the_services(books: World) -> None:
    receivable, revenue, ajisai = _ids(books)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        _raw_insert(books.cwc.pk, 900_001, [(receivable, ajisai, 100, 0), (revenue, ajisai, 0, 90)], 100)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        _raw_insert(books.cwc.pk, 900_002, [(receivable, ajisai, 100, 0)], 100)


def test_the_database_accepts_a_balanced_entry_and_then_refuses_a_late_line(books: World) -> None:
    receivable, revenue, ajisai = _ids(books)
    _raw_insert(books.cwc.pk, 900_003, [(receivable, ajisai, 100, 0), (revenue, ajisai, 0, 100)], 100)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO operations_journalline (entry_id, coop_id, period, account_id, department_id, debit_yen,"
            " credit_yen, memo) VALUES (900003, %s, 201504, %s, %s, 5, 0, '')",
            [books.cwc.pk, receivable, ajisai],
        )


def test_lines_without_their_entry_cannot_be_committed(books: World) -> None:
    receivable, _revenue, ajisai = _ids(books)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO operations_journalline (entry_id, coop_id, period, account_id, department_id, debit_yen,"
                " credit_yen, memo) VALUES (900004, %s, 201504, %s, %s, 5, 0, '')",
                [books.cwc.pk, receivable, ajisai],
            )
        connection.check_constraints()  # what the commit does with the deferred foreign key


def test_entries_and_lines_are_append_only(books: World) -> None:
    entry = services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale())
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo="changed")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        JournalLine.objects.filter(entry=entry).update(debit_yen=1)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        JournalLine.objects.filter(entry=entry).delete()


def test_a_closed_month_refuses_postings_in_the_service_and_in_the_database(books: World) -> None:
    services.period_close(actor=books.officer, coop=books.cwc, period=201504)
    with pytest.raises(TomoniError, match=r"2015.04"):
        services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale())
    receivable, revenue, ajisai = _ids(books)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        _raw_insert(books.cwc.pk, 900_005, [(receivable, ajisai, 100, 0), (revenue, ajisai, 0, 100)], 100)
    with pytest.raises(TomoniError):
        services.period_close(actor=books.officer, coop=books.cwc, period=201504)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        ClosedPeriod.objects.filter(coop=books.cwc).delete()


def test_a_member_cannot_close_a_month(books: World) -> None:
    with pytest.raises(TomoniError):
        services.period_close(actor=books.member, coop=books.cwc, period=201504)


def test_a_wrong_entry_is_corrected_by_a_reversal_in_an_open_month(books: World) -> None:
    entry = services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale(70_000))
    services.period_close(actor=books.officer, coop=books.cwc, period=201504)
    reversal = services.journal_reverse(actor=books.officer, entry=entry, entry_on=dt.date(2015, 5, 1))
    assert reversal.reverses_id == entry.pk and reversal.period == 201505
    sides = {(ln.account.code, ln.debit_yen, ln.credit_yen) for ln in reversal.lines.select_related("account")}
    assert sides == {("1130", 0, 70_000), ("4110", 70_000, 0)}
    with pytest.raises(TomoniError):
        services.journal_reverse(actor=books.officer, entry=entry, entry_on=dt.date(2015, 5, 2))
    with pytest.raises(TomoniError):
        services.journal_reverse(actor=books.officer, entry=reversal, entry_on=dt.date(2015, 5, 2))
    totals = {
        (r.period, r.debit_yen, r.credit_yen)
        for r in MonthlySummary.objects.filter(coop=books.cwc, account__code="4110")
    }
    assert totals == {(201504, 0, 70_000), (201505, 70_000, 0)}


def test_a_reversal_into_a_closed_month_is_refused(books: World) -> None:
    entry = services.journal_post(actor=books.officer, coop=books.cwc, entry_on=DAY, lines=sale())
    services.period_close(actor=books.officer, coop=books.cwc, period=201504)
    with pytest.raises(TomoniError):
        services.journal_reverse(actor=books.officer, entry=entry, entry_on=DAY)
    assert JournalEntry.objects.count() == 1
