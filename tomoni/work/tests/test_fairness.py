"""Fairness figures: exact rates, spread and Gini."""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from tomoni.work import fairness
from tomoni.work.problem import Assignment, History, Member, Problem, ShiftType, Wish, WishKind

NIGHT = ShiftType(id="night", start_minute=16 * 60, length_minutes=18 * 60, break_minutes=120, is_night=True)
DAY = ShiftType(id="day", start_minute=9 * 60, length_minutes=9 * 60, break_minutes=60)
MONDAY = dt.date(2026, 5, 4)  # a holiday (Greenery Day)


def test_gini_of_equal_values_is_zero():
    assert fairness.gini([3, 3, 3]) == 0
    assert fairness.gini([]) == 0
    assert fairness.gini([0, 0]) == 0


def test_gini_of_one_holding_everything():
    # n values, one non-zero: Gini = (n − 1) / n.
    assert fairness.gini([0, 0, 0, 4]) == Fraction(3, 4)


def test_gini_known_value():
    # Mean absolute difference of (1, 2, 3) over ordered pairs is 8/9; divided by twice the mean (4): 2/9.
    assert fairness.gini([1, 2, 3]) == Fraction(2, 9)


@given(st.lists(st.fractions(min_value=0, max_value=100), min_size=1, max_size=30))
def test_gini_is_between_zero_and_one(values):
    g = fairness.gini(values)
    assert 0 <= g < 1


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=30), st.integers(min_value=1, max_value=9))
def test_gini_does_not_change_with_scale(values, factor):
    assert fairness.gini(values) == fairness.gini([v * factor for v in values])


def test_rates_are_normalised_by_contracted_minutes_and_carry_history():
    problem = Problem(
        start_date=MONDAY,
        days=7,
        shift_types=(NIGHT, DAY),
        members=(
            Member("full", contracted_minutes=2400, history=History(nights=2, contracted_minutes=2400)),
            Member("half", contracted_minutes=1200, history=History(nights=0, contracted_minutes=1200)),
            Member("excused", contracted_minutes=2400, no_nights=True),
        ),
        holidays=frozenset({0}),
        wishes=(Wish("half", 5, WishKind.DAY_OFF), Wish("half", 6, WishKind.WANT, "day")),
    )
    roster = [
        Assignment("full", 0, "night"),
        Assignment("half", 2, "night"),
        Assignment("half", 5, "day"),  # Saturday: a weekend, and a day-off wish broken
        Assignment("excused", 6, "day"),
    ]
    report = fairness.report(problem, roster)
    rows = {row.member_id: row for row in report.members}
    assert rows["full"].nights == 3 and rows["full"].contracted_minutes == 4800
    assert rows["full"].nights_rate == Fraction(3 * 2400, 4800)  # 1.5 nights per 40-hour week
    assert rows["half"].nights_rate == Fraction(1 * 2400, 2400)
    assert rows["full"].holidays == 1
    assert rows["half"].weekends == 1 and rows["excused"].weekends == 1
    assert (rows["half"].wishes, rows["half"].wishes_honoured) == (2, 0)
    assert rows["half"].worked_minutes == 960 + 480
    # The member excused from nights is left out of the nights spread.
    assert report.nights.max_minus_min == Fraction(1, 2)
    assert report.nights.gini == fairness.gini([Fraction(3, 2), Fraction(1)])
    assert report.wishes_honoured.max_minus_min == 0


def test_members_without_contracted_minutes_have_no_rate():
    problem = Problem(start_date=MONDAY, days=1, shift_types=(DAY,), members=(Member("a"),))
    report = fairness.report(problem, [Assignment("a", 0, "day")])
    assert report.members[0].nights_rate is None
    assert report.nights.max_minus_min == 0
