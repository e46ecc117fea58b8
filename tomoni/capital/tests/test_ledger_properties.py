"""Property tests of the ledger rules (hypothesis): the share cap, balances as sums, refunds within holdings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomoni.capital import rules
from tomoni.capital.ledger import selectors, services
from tomoni.capital.models import CapitalEntry
from tomoni.capital.tests.factories import member
from tomoni.core.errors import TomoniError
from tomoni.testing import World

DAY = dt.date(2015, 3, 31)
SHARE = 50_000


@given(
    holding=st.integers(0, 10_000),
    total=st.integers(1, 40_000),
    members=st.integers(0, 500),
    percent=st.integers(1, 25),
    approved=st.booleans(),
)
def test_the_cap_is_exact_integer_arithmetic(
    holding: int, total: int, members: int, percent: int, approved: bool
) -> None:
    allowed = rules.within_cap(
        holding_after=holding, total_shares_after=total, member_count=members, cap_percent=percent,
        exception_percent=35, no_cap_up_to_members=3, general_meeting_approved=approved,
    )  # fmt: skip
    limit = 35 if approved else percent
    assert allowed == (members <= 3 or holding * 100 <= total * limit)


@given(
    shares=st.integers(1, 50),
    paid_fraction=st.integers(0, 100),
    leaving=st.integers(0, 50),
    policy=st.sampled_from(["whole", "par_or_less", "part"]),
    percent=st.integers(0, 100),
)
def test_shares_that_leave_carry_no_more_than_was_paid_and_refunds_no_more_than_that(
    shares: int, paid_fraction: int, leaving: int, policy: str, percent: int
) -> None:
    leaving = min(leaving, shares)
    holding = rules.Holding(shares, shares * SHARE, shares * SHARE * paid_fraction // 100)
    paid = rules.paid_with_shares(holding, leaving, SHARE)
    subscribed = rules.subscribed_with_shares(holding, leaving, SHARE)
    remaining = holding.plus(shares=-leaving, subscribed_yen=-subscribed, paid_yen=-paid)
    assert 0 <= paid <= min(holding.paid_yen, subscribed)
    assert remaining.is_sound
    refund = rules.refund_amount(paid_yen=paid, shares=leaving, share_value_yen=SHARE, policy=policy, percent=percent)
    assert 0 <= refund <= paid


@given(notice_on=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)), days=st.integers(0, 400))
def test_withdrawal_is_a_year_end_after_the_notice(notice_on: dt.date, days: int) -> None:
    effective = rules.withdrawal_effective_on(notice_on=notice_on, notice_days=days, at_fiscal_year_end=True)
    assert (effective.month, effective.day) == (3, 31)
    assert notice_on + dt.timedelta(days=days) <= effective < notice_on + dt.timedelta(days=days + 366)


OPERATION = st.tuples(
    st.sampled_from(["subscribe", "pay", "transfer", "refund", "reverse"]),
    st.integers(0, 5),  # who
    st.integers(0, 5),  # to whom
    st.integers(1, 6),  # shares
    st.integers(1, 200_000),  # yen
)


@pytest.mark.django_db
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=25))
def test_any_sequence_of_operations_keeps_the_ledger_sound(world: World, operations: list[Any]) -> None:
    """Whatever is attempted: no transfer takes anyone above the cap, no refund beyond holdings, balances
    are the sums of the entries, and the chain verifies."""
    with transaction.atomic():
        people = [member(world.cwc, f"H{i}") for i in range(6)]
        services.capital_opening_balances_load(
            actor=None, coop=world.cwc, source="t", balances=[services.OpeningBalance(p.pk, 1, 0, DAY) for p in people]
        )
        for kind, who, whom, shares, yen in operations:
            person, other = people[who], people[whom]
            before = selectors.holding_of(person=person, as_of=DAY)
            try:
                with transaction.atomic():
                    if kind == "subscribe":
                        services.capital_subscribe(actor=None, person=person, shares=shares, effective_on=DAY)
                    elif kind == "pay":
                        services.capital_pay(
                            actor=None, person=person, amount_yen=yen, method="lump_sum", effective_on=DAY
                        )
                    elif kind == "transfer":
                        services.capital_transfer(
                            actor=None, from_person=person, to_person=other, shares=shares, effective_on=DAY
                        )
                        total = CapitalEntry.objects.filter(coop=world.cwc).aggregate(s=Sum("shares"))["s"]
                        received = selectors.holding_of(person=other, as_of=DAY).shares
                        assert received * 100 <= total * 25
                    elif kind == "refund":
                        services.capital_refund(actor=None, person=person, shares=shares, effective_on=DAY)
                        assert shares <= before.shares
                    else:
                        last = (
                            CapitalEntry.objects.filter(coop=world.cwc, person=person).exclude(kind="reversal").last()
                        )
                        if last is not None:
                            services.capital_reverse(actor=None, entry=last, effective_on=DAY, memo="訂正")
            except TomoniError:
                pass
        for person in people:
            holding = selectors.holding_of(person=person, as_of=DAY)
            sums = CapitalEntry.objects.filter(person=person).aggregate(
                s=Sum("shares"), sub=Sum("subscribed_yen"), paid=Sum("paid_yen")
            )
            assert holding == rules.Holding(sums["s"] or 0, sums["sub"] or 0, sums["paid"] or 0)
            assert holding.is_sound
        assert selectors.ledger_verify(coop=world.cwc).broken is None
        transaction.set_rollback(True)
