"""The ledger refuses change at the database, and the verify command names a row altered behind its back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tomoni.capital.ledger import selectors, services
from tomoni.capital.models import CapitalEntry, ReserveKind
from tomoni.capital.tests.factories import DAY, capital
from tomoni.core.db import append_only_sql
from tomoni.testing import World

pytestmark = pytest.mark.django_db
TABLE = "capital_capitalentry"


def _ledger(world: World) -> list[CapitalEntry]:
    capital(world.member_person, 2, 60_000)
    capital(world.nara_person, 1)
    services.capital_reserve_post(
        actor=None, coop=world.cwc, effective_on=DAY, memo="積立|memo 1:2",
        postings=[services.ReservePosting(ReserveKind.RESERVE_FUND, 1_000)],
    )  # fmt: skip
    return list(CapitalEntry.objects.filter(coop=world.cwc).order_by("sequence"))


def test_a_raw_update_of_a_ledger_row_fails(world: World) -> None:
    entry = _ledger(world)[1]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET paid_yen = 1 WHERE id = %s", [entry.pk])  # noqa: S608
    entry.refresh_from_db()
    assert entry.paid_yen == 60_000


def test_a_raw_delete_of_a_ledger_row_fails(world: World) -> None:
    entry = _ledger(world)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])  # noqa: S608
    assert CapitalEntry.objects.filter(pk=entry.pk).exists()


def test_the_orm_cannot_update_or_delete_either(world: World) -> None:
    _ledger(world)
    with pytest.raises(DatabaseError), transaction.atomic():
        CapitalEntry.objects.filter(coop=world.cwc).update(memo="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        CapitalEntry.objects.filter(coop=world.cwc).delete()


def _without_triggers(sql: str, params: list[Any]) -> None:
    drop, create = append_only_sql(connection.vendor, TABLE)[1], append_only_sql(connection.vendor, TABLE)[0]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in create:
            cursor.execute(statement)


def test_an_intact_ledger_verifies(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _ledger(world)
    call_command("capital_verify", "--coop", "cwc")
    assert "chain intact" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("column", "value"),
    [("paid_yen", 50_000), ("memo", "書き換え"), ("effective_on", "2015-03-30"), ("person_id", None)],
)
def test_with_the_triggers_removed_an_altered_row_is_named(
    world: World, capsys: pytest.CaptureFixture[str], column: str, value: object
) -> None:
    entries = _ledger(world)
    target = entries[1] if column != "memo" else entries[-1]
    if column == "person_id":
        target, value = entries[0], world.nara_person.pk
    _without_triggers(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, target.pk])  # noqa: S608
    report = selectors.ledger_verify(coop=world.cwc)
    assert report.broken is not None
    assert (report.broken.sequence, report.broken.entry_id) == (target.sequence, target.pk)
    with pytest.raises(SystemExit) as exit_info:
        call_command("capital_verify", "--coop", "cwc")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert f"sequence {target.sequence}" in out and f"entry id {target.pk}" in out


def test_a_row_whose_hash_was_recomputed_breaks_the_next_link(world: World) -> None:
    entries = _ledger(world)
    _without_triggers(f"UPDATE {TABLE} SET entry_hash = %s WHERE id = %s", ["f" * 64, entries[0].pk])  # noqa: S608
    report = selectors.ledger_verify(coop=world.cwc)
    assert report.broken is not None and report.broken.sequence == 1
    assert "entry_hash" in report.broken.problem


def test_a_deleted_last_row_is_found_by_the_chain_head(world: World) -> None:
    entries = _ledger(world)
    _without_triggers(f"DELETE FROM {TABLE} WHERE id = %s", [entries[-1].pk])  # noqa: S608
    report = selectors.ledger_verify(coop=world.cwc)
    assert report.broken is not None and report.broken.sequence == entries[-1].sequence


def test_a_deleted_middle_row_is_a_gap(world: World) -> None:
    entries = _ledger(world)
    _without_triggers(f"DELETE FROM {TABLE} WHERE id = %s", [entries[2].pk])  # noqa: S608
    report = selectors.ledger_verify(coop=world.cwc)
    assert report.broken is not None
    assert (report.broken.sequence, report.broken.entry_id) == (3, entries[3].pk)


def test_the_other_coops_chain_is_not_affected(world: World) -> None:
    entries = _ledger(world)
    capital(world.other_person, 1)
    _without_triggers(f"UPDATE {TABLE} SET shares = 9 WHERE id = %s", [entries[0].pk])  # noqa: S608
    assert selectors.ledger_verify(coop=world.other).broken is None


def test_the_sql_canonical_form_matches_the_python_one_for_every_kind(world: World) -> None:
    capital(world.member_person, 3, 70_000)
    capital(world.nara_person, 1)
    services.capital_transfer(
        actor=None, from_person=world.member_person, to_person=world.nara_person, shares=1, effective_on=DAY,
        approval_ref="総会|承認 1:1", memo="引継ぎ🌸",
    )  # fmt: skip
    payment = services.capital_pay(
        actor=world.officer, person=world.member_person, amount_yen=1, method="payroll", effective_on=DAY, memo=""
    )
    services.capital_reverse(actor=world.officer, entry=payment, effective_on=DAY, memo="訂正")
    services.capital_dividend_set_off(
        actor=None, coop=world.cwc, set_offs=[services.SetOff(world.member_person.pk, 5)], effective_on=DAY,
        appropriation_ref="FY2014",
    )  # fmt: skip
    services.capital_withdrawal_notify(actor=None, person=world.nara_person, notice_on=DAY.replace(year=2014))
    services.capital_refund(actor=None, person=world.nara_person, shares=2, effective_on=DAY)
    report = selectors.ledger_verify(coop=world.cwc)
    assert report.broken is None and report.entries == CapitalEntry.objects.filter(coop=world.cwc).count()


@pytest.mark.parametrize("microsecond", [0, 480_000, 10, 123_456, 999_999])
def test_the_sql_form_matches_for_any_instant(world: World, monkeypatch: pytest.MonkeyPatch, microsecond: int) -> None:
    import datetime as dt

    from tomoni.core import clock

    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2015, 3, 31, 9, 5, 7, microsecond, tzinfo=dt.UTC))
    capital(world.member_person, 1)
    assert selectors.ledger_verify(coop=world.cwc).broken is None
