"""The books' rules as pure functions: balance, reversal, sections, the statements, the filing deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomoni.operations import rules

amounts = st.integers(min_value=1, max_value=10**12)


@st.composite
def balanced_entries(draw: st.DrawFn) -> list[rules.Line]:
    debits = draw(st.lists(amounts, min_size=1, max_size=6))
    total = sum(debits)
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), max_size=4, unique=True))) if total > 1 else []
    credits = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return [rules.Line("1130", "a", debit_yen=d) for d in debits] + [
        rules.Line("4110", "a", credit_yen=c) for c in credits
    ]


@given(balanced_entries())
def test_every_balanced_entry_is_accepted_and_its_reversal_cancels_it(lines: list[rules.Line]) -> None:
    total = rules.check_balanced(lines)
    assert total == sum(line.debit_yen for line in lines)
    reversal = rules.reversed_lines(lines)
    assert rules.check_balanced(reversal) == total
    assert sum(ln.debit_yen - ln.credit_yen for ln in lines + reversal) == 0


@given(balanced_entries(), st.integers(min_value=1, max_value=1000))
def test_an_entry_off_by_any_yen_is_refused(lines: list[rules.Line], off: int) -> None:
    broken = [*lines[:-1], rules.Line("4110", "a", credit_yen=lines[-1].credit_yen + off)]
    with pytest.raises(rules.Unbalanced, match="unequal"):
        rules.check_balanced(broken)


def test_one_line_a_zero_line_or_a_line_on_both_sides_is_refused() -> None:
    with pytest.raises(rules.Unbalanced, match="too_few_lines"):
        rules.check_balanced([rules.Line("1130", "a", debit_yen=1)])
    with pytest.raises(rules.Unbalanced, match="one_side"):
        rules.check_balanced([rules.Line("1130", "a"), rules.Line("4110", "a")])
    with pytest.raises(rules.Unbalanced, match="one_side"):
        rules.check_balanced([rules.Line("1130", "a", 5, 5), rules.Line("4110", "a", 0, 0)])
    with pytest.raises(rules.Unbalanced, match="one_side"):
        rules.check_balanced([rules.Line("1130", "a", -5, 0), rules.Line("4110", "a", 0, -5)])


def test_the_chart_has_every_section_of_article_34_and_unique_codes() -> None:
    sections = {account.section for account in rules.STANDARD_CHART}
    assert set(rules.PL_SECTIONS) <= sections
    codes = [account.code for account in rules.STANDARD_CHART]
    assert len(codes) == len(set(codes))
    assert rules.SECTION_NAMES_JA["levies"] == "賦課金等収入"


def test_periods_and_fiscal_years_turn_in_april() -> None:
    assert rules.period_of(dt.date(2016, 3, 31)) == 201603
    assert rules.fiscal_year_of_period(201603) == 2015
    assert rules.fiscal_year_of_period(201604) == 2016
    assert rules.periods_of_fiscal_year(2015)[0] == 201504 and rules.periods_of_fiscal_year(2015)[-1] == 201603


@given(st.dictionaries(st.sampled_from(rules.PL_SECTIONS), st.integers(0, 10**12)))
def test_the_profit_and_loss_steps_end_in_revenue_less_expenses(sections: dict[str, int]) -> None:
    pl = rules.profit_and_loss(sections)
    assert pl.surplus_yen == rules.surplus_from_sections(sections)
    assert pl.gross_surplus_yen == pl.business_revenue_yen + pl.levies_yen - pl.business_expenses_yen


@given(st.integers(0, 10**12), st.integers(1, 12))
def test_a_yearly_budget_splits_into_months_that_sum_to_it(total: int, parts: int) -> None:
    split = rules.split_evenly(total, parts)
    assert sum(split) == total and len(split) == parts and max(split) - min(split) <= 1


def test_the_filing_is_due_two_weeks_after_the_general_meeting() -> None:
    assert rules.filing_due_on(dt.date(2016, 6, 25)) == dt.date(2016, 7, 9)
    due = dt.date(2016, 7, 9)
    assert rules.filing_reminder_due(due_on=due, today=dt.date(2016, 7, 1), filed=False) is None
    assert rules.filing_reminder_due(due_on=due, today=dt.date(2016, 7, 2), filed=False) == "due_soon"
    assert rules.filing_reminder_due(due_on=due, today=due, filed=False) == "due_soon"
    assert rules.filing_reminder_due(due_on=due, today=dt.date(2016, 7, 10), filed=False) == "overdue"
    assert rules.filing_reminder_due(due_on=due, today=dt.date(2016, 7, 10), filed=True) is None
    assert rules.filing_authority(False) == "governor" and rules.filing_authority(True) == "minister"


@settings(max_examples=60, deadline=None)
@given(
    turnover=st.integers(0, 10**11),
    surplus=st.integers(-(10**10), 10**10),
    opened=st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2016, 3, 31)), max_size=4),
    seed=st.integers(0, 2**32),
)
def test_a_replica_year_balances_and_makes_exactly_the_surplus_capital_appropriates(
    turnover: int, surplus: int, opened: list[dt.date], seed: int
) -> None:
    """The year's surplus in the profit and loss is the surplus the capital context appropriates: the replica's
    books of a coop's year, whatever its turnover, centres and appropriated surplus (or loss)."""
    import random

    from tomoni.federation.models import Centre, Coop
    from tomoni.operations import replica

    centres = [Centre(pk=i + 1, code=f"c{i}", opened_on=day) for i, day in enumerate(opened)]
    entries = replica._coop_year(
        coop=Coop(), fiscal_year=2015, turnover=turnover, centres=centres, lines_of={}, fixed_sales={},
        surplus_yen=surplus, rng=random.Random(seed),
    )  # fmt: skip
    section = {a.code: a.section for a in rules.STANDARD_CHART}
    found = 0
    for entry in entries:
        rules.check_balanced(entry.lines)
        for line in entry.lines:
            if section[line.account] in rules.PL_SECTIONS:
                found += line.credit_yen - line.debit_yen  # revenue less expenses
    assert found == surplus
