"""The appropriation rules (Art 76, 77) and the work-engaged dividend split (Art 77(2), 78), without a database."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoni.capital.rules import (
    AppropriationInputs,
    AppropriationProposal,
    AppropriationRatios,
    AppropriationRefused,
    WorkShare,
    appropriation_check,
    appropriation_default,
    appropriation_minimums,
    ceil_yen,
    dividend_set_off,
    dividend_split,
)

ACT = AppropriationRatios()


def minimums(surplus: int, *, loss: int = 0, reserve: int = 0, capital: int = 10_000_000, ratios=ACT):
    return appropriation_minimums(
        AppropriationInputs(
            surplus_yen=surplus, carried_loss_yen=loss, reserve_balance_yen=reserve, total_capital_yen=capital
        ),
        ratios,
    )


# Minimums ------------------------------------------------------------------------------------------------


def test_a_plain_surplus_sets_aside_a_tenth_and_two_twentieths() -> None:
    m = minimums(1_000_000)

    assert (m.reserve_fund_min_yen, m.job_creation_min_yen, m.education_min_yen) == (100_000, 50_000, 50_000)
    assert m.dividend_max_yen == 800_000


def test_minimums_round_up_to_whole_yen() -> None:
    m = minimums(1_001)

    assert (m.reserve_fund_min_yen, m.job_creation_min_yen, m.education_min_yen) == (101, 51, 51)


def test_carried_forward_losses_are_covered_first() -> None:
    m = minimums(1_000_000, loss=400_000)

    assert m.loss_covered_yen == 400_000
    assert m.carried_loss_after_yen == 0
    assert m.surplus_after_losses_yen == 600_000
    assert m.reserve_fund_min_yen == 60_000


def test_a_surplus_smaller_than_the_losses_only_covers_losses() -> None:
    m = minimums(300_000, loss=400_000)

    assert m.loss_covered_yen == 300_000
    assert m.carried_loss_after_yen == 100_000
    assert m.surplus_after_losses_yen == 0
    assert m.reserves_min_yen == 0 and m.dividend_max_yen == 0


def test_a_loss_year_adds_to_the_carried_loss_and_appropriates_nothing() -> None:
    m = minimums(-250_000, loss=100_000)

    assert m.carried_loss_after_yen == 350_000
    assert m.loss_covered_yen == 0 and m.surplus_after_losses_yen == 0
    assert appropriation_default(m) == AppropriationProposal(0, 0, 0, 0)


def test_the_reserve_minimum_stops_at_the_target() -> None:
    # Target: half of ¥10,000,000; the reserve holds ¥4,970,000, so ¥30,000 reaches it.
    m = minimums(1_000_000, reserve=4_970_000)

    assert m.reserve_target_yen == 5_000_000
    assert m.reserve_fund_min_yen == 30_000
    assert m.job_creation_min_yen == 50_000


def test_no_reserve_fund_minimum_once_the_target_is_reached() -> None:
    m = minimums(1_000_000, reserve=6_000_000)

    assert m.reserve_fund_min_yen == 0


def test_the_target_rounds_up_so_it_is_at_least_half_of_capital() -> None:
    assert minimums(10, capital=1_001).reserve_target_yen == 501


def test_the_articles_may_ask_for_more_than_the_act() -> None:
    ratios = AppropriationRatios(reserve_fund_min=Fraction(1, 5), reserve_target=Fraction(1, 1))
    m = minimums(1_000_000, ratios=ratios)

    assert m.reserve_fund_min_yen == 200_000
    assert m.reserve_target_yen == 10_000_000


def test_the_articles_may_not_ask_for_less_than_the_act() -> None:
    with pytest.raises(ValueError):
        AppropriationRatios(reserve_fund_min=Fraction(1, 20))
    with pytest.raises(ValueError):
        AppropriationRatios(reserve_target=Fraction(1, 3))
    with pytest.raises(ValueError):
        AppropriationRatios(job_creation_min=Fraction(1, 30))


@pytest.mark.parametrize("surplus", [1, 2])
def test_a_surplus_of_one_or_two_yen_goes_to_the_reserves_in_the_acts_order(surplus: int) -> None:
    m = minimums(surplus)

    assert m.reserves_min_yen == surplus
    assert m.reserve_fund_min_yen == 1
    assert m.dividend_max_yen == 0


def test_ceil_yen_rounds_up_exact_ratios_only_when_needed() -> None:
    assert ceil_yen(Fraction(100, 1)) == 100
    assert ceil_yen(Fraction(1001, 10)) == 101
    assert ceil_yen(Fraction(0)) == 0


# Checking a proposal -------------------------------------------------------------------------------------


def test_officers_may_propose_more_than_the_minimums_and_carry_the_rest_forward() -> None:
    result = appropriation_check(minimums(1_000_000), AppropriationProposal(200_000, 60_000, 50_000, 600_000))

    assert result.carried_forward_yen == 90_000
    assert result.reserves_yen == 310_000


@pytest.mark.parametrize(
    ("proposal", "field", "article"),
    [
        (AppropriationProposal(99_999, 50_000, 50_000, 0), "reserve_fund_yen", "76(1)"),
        (AppropriationProposal(100_000, 49_999, 50_000, 0), "job_creation_yen", "76(4)"),
        (AppropriationProposal(100_000, 50_000, 49_999, 0), "education_yen", "76(5)"),
    ],
)
def test_a_proposal_below_a_legal_minimum_is_refused_naming_the_article(
    proposal: AppropriationProposal, field: str, article: str
) -> None:
    with pytest.raises(AppropriationRefused) as refused:
        appropriation_check(minimums(1_000_000), proposal)

    assert refused.value.code == "below_minimum"
    assert (refused.value.field, refused.value.article) == (field, article)


def test_a_proposal_beyond_the_surplus_is_refused() -> None:
    with pytest.raises(AppropriationRefused) as refused:
        appropriation_check(minimums(1_000_000), AppropriationProposal(100_000, 50_000, 50_000, 800_001))

    assert refused.value.code == "over_surplus"
    assert refused.value.available_yen == 1_000_000


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(AppropriationRefused) as refused:
        appropriation_check(minimums(1_000_000), AppropriationProposal(100_000, 50_000, 50_000, -1))

    assert refused.value.code == "negative"


def test_no_dividend_while_losses_remain() -> None:
    with pytest.raises(AppropriationRefused):
        appropriation_check(minimums(100_000, loss=200_000), AppropriationProposal(0, 0, 0, 1))


# The split -----------------------------------------------------------------------------------------------


def test_the_pool_is_split_by_minutes_worked() -> None:
    parts = dividend_split(1_000, [WorkShare(1, "A1", 600), WorkShare(2, "A2", 300), WorkShare(3, "A3", 100)])

    assert [p.dividend_yen for p in parts] == [600, 300, 100]


def test_leftover_yen_go_to_the_largest_remainders() -> None:
    # 100 × 1/3 each: 33 each, one yen left over, ties go to the smallest member number.
    parts = dividend_split(100, [WorkShare(3, "C", 60), WorkShare(1, "A", 60), WorkShare(2, "B", 60)])

    assert {p.member_number: p.dividend_yen for p in parts} == {"A": 34, "B": 33, "C": 33}


def test_a_larger_remainder_wins_over_a_smaller_member_number() -> None:
    # 10 × 2/3 = 6.67 and 10 × 1/3 = 3.33: the leftover yen goes to the 2/3 share.
    parts = dividend_split(10, [WorkShare(1, "A", 100), WorkShare(2, "B", 200)])

    assert [p.dividend_yen for p in parts] == [3, 7]


def test_a_member_with_no_work_gets_nothing() -> None:
    parts = dividend_split(1_001, [WorkShare(1, "A", 0), WorkShare(2, "B", 7), WorkShare(3, "C", 3)])

    assert parts[0].dividend_yen == 0
    assert sum(p.dividend_yen for p in parts) == 1_001


def test_weights_multiply_minutes() -> None:
    parts = dividend_split(900, [WorkShare(1, "A", 100, weight=2), WorkShare(2, "B", 100, weight=1)])

    assert [p.dividend_yen for p in parts] == [600, 300]


def test_a_pool_with_no_work_to_split_it_by_is_refused() -> None:
    with pytest.raises(ValueError):
        dividend_split(1, [WorkShare(1, "A", 0)])
    assert dividend_split(0, []) == []


def test_unpaid_capital_is_set_off_first() -> None:
    parts = dividend_set_off(
        dividend_split(1_000, [WorkShare(1, "A", 1), WorkShare(2, "B", 1), WorkShare(3, "C", 2)]),
        {1: 100, 2: 5_000},
    )

    assert [(p.dividend_yen, p.set_off_yen, p.payable_yen) for p in parts] == [
        (250, 100, 150),
        (250, 250, 0),
        (500, 0, 500),
    ]


# Properties ------------------------------------------------------------------------------------------------

yen = st.integers(min_value=0, max_value=10**12)


@given(
    surplus=st.integers(min_value=-(10**12), max_value=10**12),
    loss=yen,
    reserve=yen,
    capital=yen,
    extra=st.tuples(yen, yen, yen),
)
def test_every_reserve_meets_its_minimum_and_the_order_of_art_77_holds(
    surplus: int, loss: int, reserve: int, capital: int, extra: tuple[int, int, int]
) -> None:
    m = minimums(surplus, loss=loss, reserve=reserve, capital=capital)
    base = m.surplus_after_losses_yen

    # Losses first (Art 77(1)): the ratios apply only to what is left after them.
    assert m.loss_covered_yen == (min(loss, surplus) if surplus > 0 else 0)
    assert m.carried_loss_after_yen == loss - m.loss_covered_yen + max(0, -surplus)
    assert base == max(0, surplus - loss)
    shortfall = max(0, m.reserve_target_yen - reserve)
    if base >= 3:
        # Each minimum meets its exact ratio (Art 76(1), (4), (5)), the reserve fund up to its target.
        assert m.reserve_fund_min_yen >= min(Fraction(base, 10), shortfall)
        assert m.reserve_fund_min_yen <= shortfall
        assert m.job_creation_min_yen >= Fraction(base, 20)
        assert m.education_min_yen >= Fraction(base, 20)
    assert m.reserves_min_yen + m.dividend_max_yen == base
    assert m.dividend_max_yen >= 0
    assert m.reserve_target_yen >= Fraction(capital, 2)

    # Any proposal the rules accept keeps the order: reserves at their minimums before a dividend.
    proposal = AppropriationProposal(
        m.reserve_fund_min_yen + extra[0] % (base + 1),
        m.job_creation_min_yen + extra[1] % (base + 1),
        m.education_min_yen,
        extra[2] % (base + 1),
    )
    try:
        result = appropriation_check(m, proposal)
    except AppropriationRefused as refused:
        assert refused.code == "over_surplus"
        return
    assert result.reserve_fund_yen >= m.reserve_fund_min_yen
    assert result.job_creation_yen >= m.job_creation_min_yen
    assert result.education_yen >= m.education_min_yen
    assert result.reserves_yen + result.dividend_pool_yen + result.carried_forward_yen == base
    if result.dividend_pool_yen:
        assert m.carried_loss_after_yen == max(0, -surplus) == 0


@given(
    pool=st.integers(min_value=0, max_value=10**11),
    work=st.lists(
        st.tuples(st.integers(min_value=0, max_value=600_000), st.integers(min_value=0, max_value=5)),
        min_size=1,
        max_size=60,
    ),
    unpaid=st.lists(st.integers(min_value=0, max_value=10**7), min_size=60, max_size=60),
)
def test_dividend_parts_sum_exactly_to_the_pool(pool: int, work: list[tuple[int, int]], unpaid: list[int]) -> None:
    shares = [WorkShare(i, f"M{i:05d}", minutes, weight) for i, (minutes, weight) in enumerate(work)]
    total_units = sum(s.units for s in shares)
    if total_units == 0:
        pool = 0

    parts = dividend_set_off(dividend_split(pool, shares), dict(enumerate(unpaid)))

    assert sum(p.dividend_yen for p in parts) == pool
    for share, part in zip(shares, parts, strict=True):
        if share.units == 0:
            assert part.dividend_yen == 0  # no work, no dividend
        else:
            exact = Fraction(pool * share.units, total_units)
            assert exact - 1 < part.dividend_yen < exact + 1  # within a yen of the exact share
        assert 0 <= part.set_off_yen <= min(part.dividend_yen, unpaid[share.person_id])
        assert part.payable_yen == part.dividend_yen - part.set_off_yen


@given(work=st.lists(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=30), pool=yen)
def test_the_split_does_not_depend_on_the_order_of_the_rows(work: list[int], pool: int) -> None:
    shares = [WorkShare(i, f"M{i:05d}", minutes) for i, minutes in enumerate(work)]

    forwards = {p.person_id: p.dividend_yen for p in dividend_split(pool, shares)}
    backwards = {p.person_id: p.dividend_yen for p in dividend_split(pool, list(reversed(shares)))}

    assert forwards == backwards
