"""The capital ledger's services: subscription, payment, transfer, refund, reversal, set-off, reserves."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from django.utils import translation

from tomoni.capital.ledger import selectors, services
from tomoni.capital.models import CapitalEntry, EntryKind, PaymentMethod, ReserveKind, WithdrawalStatus
from tomoni.capital.rules import Holding
from tomoni.capital.tests.factories import DAY, capital, member
from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The refusals are matched by their English text (the Japanese catalogue is checked elsewhere)."""
    with translation.override("en"):
        yield


SHARE = 50_000


def test_a_subscription_records_capital_owed_at_par(world: World) -> None:
    entry = services.capital_subscribe(actor=world.officer, person=world.member_person, shares=2, effective_on=DAY)
    assert (entry.sequence, entry.shares, entry.subscribed_yen, entry.paid_yen) == (1, 2, 2 * SHARE, 0)
    assert selectors.holding_of(person=world.member_person, as_of=DAY) == Holding(2, 100_000, 0)
    assert AuditEvent.objects.filter(action="capital.entry.recorded", actor=world.officer).count() == 1


def test_payments_by_instalment_reduce_the_unpaid_capital(world: World) -> None:
    capital(world.member_person, 2, 0)
    services.capital_pay(
        actor=world.officer, person=world.member_person, amount_yen=30_000, method=PaymentMethod.INSTALMENT,
        effective_on=DAY,
    )  # fmt: skip
    services.capital_pay(
        actor=world.officer, person=world.member_person, amount_yen=20_000, method=PaymentMethod.PAYROLL,
        effective_on=DAY,
    )  # fmt: skip
    assert selectors.holding_of(person=world.member_person, as_of=DAY).unpaid_yen == 50_000
    assert selectors.unpaid_capital_by_person(coop=world.cwc, as_of=DAY) == {world.member_person.pk: 50_000}


def test_a_payment_beyond_the_unpaid_capital_is_refused_and_nothing_recorded(world: World) -> None:
    capital(world.member_person, 1, 40_000)
    before = CapitalEntry.objects.count()
    with pytest.raises(TomoniError, match="unpaid"):
        services.capital_pay(
            actor=world.officer, person=world.member_person, amount_yen=10_001, method="lump_sum", effective_on=DAY
        )
    assert CapitalEntry.objects.count() == before


def test_an_outsider_may_not_write_the_ledger(world: World) -> None:
    for actor in (world.outsider, world.manager, world.member, world.staff, world.auditor):
        with pytest.raises(TomoniError):
            services.capital_subscribe(actor=actor, person=world.member_person, shares=1, effective_on=DAY)
    assert not CapitalEntry.objects.exists()


def test_entries_are_chained_by_hash(world: World) -> None:
    capital(world.member_person, 1)
    capital(world.nara_person, 2)
    entries = list(CapitalEntry.objects.filter(coop=world.cwc).order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    report = selectors.ledger_verify(coop=world.cwc)
    assert (report.entries, report.broken) == (4, None)


def test_each_coop_has_its_own_chain(world: World) -> None:
    capital(world.member_person, 1)
    capital(world.other_person, 1)
    assert CapitalEntry.objects.get(coop=world.other, kind=EntryKind.SUBSCRIPTION).sequence == 1


def test_a_transfer_moves_shares_with_their_paid_capital(world: World) -> None:
    capital(world.member_person, 3, 100_000)
    capital(world.nara_person, 1)
    out, into = services.capital_transfer(
        actor=world.officer, from_person=world.member_person, to_person=world.nara_person, shares=1, effective_on=DAY
    )
    assert into.paired_with == out
    assert selectors.holding_of(person=world.member_person, as_of=DAY) == Holding(2, 100_000, 50_000)
    assert selectors.holding_of(person=world.nara_person, as_of=DAY) == Holding(2, 100_000, 100_000)


def test_a_transfer_over_the_cap_is_refused_and_the_exception_needs_approval(world: World) -> None:
    people = [member(world.cwc, f"C10{i}") for i in range(6)]
    rows = [services.OpeningBalance(p.pk, 3, 3 * SHARE, DAY) for p in people]
    rows += [services.OpeningBalance(p.pk, 1, SHARE, DAY) for p in (world.member_person, world.nara_person)]
    services.capital_opening_balances_load(actor=None, coop=world.cwc, balances=rows, source="test")
    # 20 shares, 8 members: the cap is 5 shares (25%), 7 with the general meeting's approval (35%).
    with pytest.raises(TomoniError, match="25%"):
        services.capital_transfer(
            actor=world.officer, from_person=people[0], to_person=people[1], shares=3, effective_on=DAY
        )
    services.capital_transfer(
        actor=world.officer, from_person=people[0], to_person=people[1], shares=3, effective_on=DAY,
        approval_ref="2015年度通常総会 第3号議案",
    )  # fmt: skip
    assert selectors.holding_of(person=people[1], as_of=DAY).shares == 6
    with pytest.raises(TomoniError, match="35%"):
        services.capital_transfer(
            actor=world.officer, from_person=people[2], to_person=people[1], shares=3, effective_on=DAY,
            approval_ref="総会承認",
        )  # fmt: skip


def test_withdrawal_takes_effect_at_the_fiscal_year_end_after_the_notice(world: World) -> None:
    capital(world.member_person, 2)
    notice = services.capital_withdrawal_notify(
        actor=world.officer, person=world.member_person, notice_on=dt.date(2015, 1, 10)
    )
    # 90 days after 10 January 2015 is 10 April 2015, in fiscal 2015: effective 31 March 2016.
    assert notice.effective_on == dt.date(2016, 3, 31)
    with pytest.raises(TomoniError, match="2016-03-31"):
        services.capital_refund(actor=world.officer, person=world.member_person, shares=2, effective_on=DAY)
    entry = services.capital_refund(
        actor=world.officer, person=world.member_person, shares=2, effective_on=dt.date(2016, 3, 31)
    )
    assert (entry.shares, entry.paid_yen, entry.refund_yen) == (-2, -100_000, 100_000)
    notice.refresh_from_db()
    assert notice.status == WithdrawalStatus.REFUNDED
    # The history stays: the statement still lists every entry.
    assert len(selectors.statement_for(person=world.member_person, as_of=dt.date(2016, 3, 31)).lines) == 3


def test_a_refund_beyond_holdings_is_refused(world: World) -> None:
    capital(world.member_person, 2)
    with pytest.raises(TomoniError, match="holds only 2"):
        services.capital_refund(actor=world.officer, person=world.member_person, shares=3, effective_on=DAY)
    assert CapitalEntry.objects.count() == 2


def test_a_partial_refund_policy_pays_back_a_percentage(world: World) -> None:
    services.capital_settings_update(actor=world.officer, coop=world.cwc, refund_policy="part", refund_percent=80)
    capital(world.member_person, 1)
    services.capital_withdrawal_notify(actor=world.officer, person=world.member_person, notice_on=dt.date(2014, 4, 1))
    entry = services.capital_refund(actor=world.officer, person=world.member_person, shares=1, effective_on=DAY)
    assert (entry.paid_yen, entry.refund_yen) == (-50_000, 40_000)


def test_a_reversal_points_back_and_restores_the_balance(world: World) -> None:
    capital(world.member_person, 2, 0)
    payment = services.capital_pay(
        actor=world.officer, person=world.member_person, amount_yen=60_000, method="lump_sum", effective_on=DAY
    )
    (reversal,) = services.capital_reverse(actor=world.officer, entry=payment, effective_on=DAY, memo="二重入力")
    assert (reversal.kind, reversal.reverses, reversal.paid_yen) == (EntryKind.REVERSAL, payment, -60_000)
    assert selectors.holding_of(person=world.member_person, as_of=DAY).paid_yen == 0
    with pytest.raises(TomoniError, match="already"):
        services.capital_reverse(actor=world.officer, entry=payment, effective_on=DAY, memo="again")


def test_reversing_a_transfer_reverses_both_halves(world: World) -> None:
    capital(world.member_person, 2)
    capital(world.nara_person, 1)
    out, into = services.capital_transfer(
        actor=world.officer, from_person=world.member_person, to_person=world.nara_person, shares=1, effective_on=DAY
    )
    reversals = services.capital_reverse(actor=world.officer, entry=into, effective_on=DAY, memo="誤り")
    assert {r.reverses_id for r in reversals} == {out.pk, into.pk}
    assert selectors.holding_of(person=world.member_person, as_of=DAY) == Holding(2, 100_000, 100_000)


def test_dividend_set_off_pays_unpaid_capital_up_to_what_is_unpaid(world: World) -> None:
    capital(world.member_person, 2, 30_000)
    entries = services.capital_dividend_set_off(
        actor=None, coop=world.cwc, set_offs=[services.SetOff(world.member_person.pk, 12_345)],
        effective_on=DAY, appropriation_ref="FY2014",
    )  # fmt: skip
    assert entries[0].kind == EntryKind.DIVIDEND_SET_OFF and entries[0].reference == "FY2014"
    assert selectors.unpaid_capital_by_person(coop=world.cwc, as_of=DAY) == {world.member_person.pk: 57_655}
    with pytest.raises(TomoniError, match="Art 78"):
        services.capital_dividend_set_off(
            actor=None, coop=world.cwc, set_offs=[services.SetOff(world.member_person.pk, 57_656)],
            effective_on=DAY, appropriation_ref="FY2014",
        )  # fmt: skip
    with pytest.raises(TomoniError):
        services.capital_dividend_set_off(
            actor=None, coop=world.cwc, set_offs=[services.SetOff(world.other_person.pk, 1)],
            effective_on=DAY, appropriation_ref="FY2014",
        )  # fmt: skip


def test_reserve_postings_are_coop_level_and_never_go_below_zero(world: World) -> None:
    services.capital_reserve_post(
        actor=world.officer, coop=world.cwc, effective_on=DAY, memo="FY2014",
        postings=[services.ReservePosting(ReserveKind.RESERVE_FUND, 1_000_000),
                  services.ReservePosting(ReserveKind.EDUCATION, 50_000)],
    )  # fmt: skip
    assert selectors.reserve_balances(coop=world.cwc, as_of=DAY) == {
        "reserve_fund": 1_000_000, "job_creation": 0, "education": 50_000,
    }  # fmt: skip
    with pytest.raises(TomoniError, match="below zero"):
        services.capital_reserve_post(
            actor=world.officer, coop=world.cwc, effective_on=DAY,
            postings=[services.ReservePosting(ReserveKind.JOB_CREATION, -1)],
        )  # fmt: skip
    assert AuditEvent.objects.filter(action="capital.reserve.posted").count() == 1


def test_a_subscription_beyond_the_cap_is_refused_but_the_minimum_never_is(world: World) -> None:
    people = [member(world.cwc, f"C10{i}") for i in range(3)]
    for person in people:
        capital(person, 1)
    capital(world.member_person, 1)
    capital(world.nara_person, 1)
    # 5 members, 5 shares: a 2nd share for one member makes 2 of 6, above 25%.
    with pytest.raises(TomoniError, match="Art 9"):
        services.capital_subscribe(actor=world.officer, person=people[0], shares=1, effective_on=DAY)


def test_admission_completes_when_the_subscription_is_paid(world: World) -> None:
    capital(world.member_person, 1, 20_000)
    assert not selectors.admission_complete(person=world.member_person, as_of=DAY)
    services.capital_pay(actor=None, person=world.member_person, amount_yen=30_000, method="lump_sum", effective_on=DAY)
    assert selectors.admission_complete(person=world.member_person, as_of=DAY)


def test_settings_keep_the_act_floors(world: World) -> None:
    with pytest.raises(TomoniError, match="25%"):
        services.capital_settings_update(actor=world.officer, coop=world.cwc, share_cap_percent=30)
    with pytest.raises(TomoniError, match="1/10"):
        services.capital_settings_update(
            actor=world.officer, coop=world.cwc, reserve_fund_min_numerator=1, reserve_fund_min_denominator=11
        )
    settings = services.capital_settings_update(actor=world.officer, coop=world.cwc, withdrawal_notice_days=60)
    assert settings.withdrawal_notice_days == 60
    assert AuditEvent.objects.filter(action="capital.settings.updated").count() == 1


def test_opening_balances_load_in_bulk_with_one_audit_event(world: World) -> None:
    rows = [
        services.OpeningBalance(world.member_person.pk, 2, 60_000, DAY),
        services.OpeningBalance(world.nara_person.pk, 1, 50_000, DAY),
    ]
    assert services.capital_opening_balances_load(actor=world.officer, coop=world.cwc, balances=rows, source="t") == 4
    assert selectors.ledger_verify(coop=world.cwc).broken is None
    assert AuditEvent.objects.filter(action="capital.opening_balances.loaded").count() == 1
