"""Whole yen, fiscal years (April to March), months and ages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tomoni.core.money import age_on, fiscal_year_bounds, fiscal_year_of, format_yen, month_bounds, round_yen

# round_yen -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.5"), 0),
        (Decimal("1.5"), 2),
        (Decimal("2.5"), 2),
        (Decimal("3.5"), 4),
        (Decimal("2.5000001"), 3),
        (Decimal("2.4999999"), 2),
        (Decimal("-2.5"), -2),
        (Decimal("-3.5"), -4),
        (Fraction(5, 2), 2),
        (Fraction(7, 2), 4),
        (Fraction(1, 3), 0),
        (Fraction(2, 3), 1),
        (Fraction(-7, 2), -4),
        (Decimal(1234), 1234),
        (1234, 1234),
    ],
)
def test_round_yen_rounds_half_to_even(value: Decimal | Fraction | int, expected: int) -> None:
    assert round_yen(value) == expected


def test_round_yen_is_exact_beyond_decimal_precision() -> None:
    # 28 significant digits is Decimal's default; a naive division or quantize would go wrong here.
    huge = 10**40
    assert round_yen(Fraction(2 * huge + 1, 2)) == huge  # k + 1/2 with k even stays at k
    assert round_yen(Fraction(2 * huge + 3, 2)) == huge + 2  # k + 1/2 with k odd goes up
    assert round_yen(Decimal(huge) + Decimal("0.5")) == huge


@pytest.mark.parametrize("value", [2.5, 0.1, True])
def test_round_yen_refuses_floats_and_booleans(value: object) -> None:
    with pytest.raises(TypeError):
        round_yen(value)  # type: ignore[arg-type]


@given(st.integers(), st.integers(min_value=1, max_value=10**12))
def test_round_yen_is_within_half_a_yen_and_breaks_ties_to_even(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    rounded = round_yen(value)
    error = abs(value - rounded)
    assert error <= Fraction(1, 2)
    if error == Fraction(1, 2):
        assert rounded % 2 == 0


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**15), max_value=10**15))
def test_round_yen_agrees_for_decimals_and_fractions(value: Decimal) -> None:
    assert round_yen(value) == round_yen(Fraction(value))


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(min_value=1, max_value=1000))
def test_round_yen_of_a_whole_amount_is_that_amount(amount_yen: int, parts: int) -> None:
    assert round_yen(Fraction(amount_yen * parts, parts)) == amount_yen


def test_format_yen_groups_thousands() -> None:
    assert format_yen(0) == "¥0"
    assert format_yen(33_500_000_000) == "¥33,500,000,000"
    assert format_yen(-1234) == "-¥1,234"


# Fiscal years ----------------------------------------------------------------------------------------


def test_march_31_belongs_to_the_fiscal_year_that_began_the_april_before() -> None:
    assert fiscal_year_of(dt.date(2015, 3, 31)) == 2014


def test_april_1_begins_a_new_fiscal_year() -> None:
    assert fiscal_year_of(dt.date(2015, 4, 1)) == 2015


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(dt.date(2015, 1, 1), 2014), (dt.date(2014, 12, 31), 2014), (dt.date(2015, 12, 31), 2015)],
)
def test_the_calendar_year_turns_inside_a_fiscal_year(day: dt.date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_2014_runs_from_april_2014_to_march_2015() -> None:
    assert fiscal_year_bounds(2014) == (dt.date(2014, 4, 1), dt.date(2015, 3, 31))


def test_a_fiscal_year_spanning_a_leap_february_has_366_days() -> None:
    first, last = fiscal_year_bounds(2015)  # holds 2016-02-29
    assert (last - first).days + 1 == 366


DAYS = st.dates(min_value=dt.date(1, 4, 1), max_value=dt.date(9998, 12, 31))


@given(DAYS)
def test_every_day_lies_within_the_bounds_of_its_fiscal_year(day: dt.date) -> None:
    first, last = fiscal_year_bounds(fiscal_year_of(day))
    assert first <= day <= last
    assert (first.month, first.day, last.month, last.day) == (4, 1, 3, 31)


@given(st.integers(min_value=1, max_value=9997))  # the year after 9998年度 ends past the calendar
def test_fiscal_years_follow_one_another_without_gap_or_overlap(fiscal_year: int) -> None:
    _, last = fiscal_year_bounds(fiscal_year)
    following_first, _ = fiscal_year_bounds(fiscal_year + 1)
    assert following_first - last == dt.timedelta(days=1)
    assert fiscal_year_of(last) == fiscal_year
    assert fiscal_year_of(following_first) == fiscal_year + 1


# Months ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "last_day"),
    [
        (dt.date(2024, 2, 10), 29),  # leap year
        (dt.date(2023, 2, 10), 28),
        (dt.date(2000, 2, 1), 29),  # divisible by 400: leap
        (dt.date(1900, 2, 28), 28),  # divisible by 100: not leap
        (dt.date(2016, 2, 29), 29),
        (dt.date(2015, 4, 30), 30),
        (dt.date(2015, 3, 1), 31),
    ],
)
def test_month_bounds_know_the_length_of_february(day: dt.date, last_day: int) -> None:
    first, last = month_bounds(day)
    assert first == day.replace(day=1)
    assert last == day.replace(day=last_day)


def test_month_bounds_work_at_the_ends_of_the_calendar() -> None:
    assert month_bounds(dt.date(2015, 12, 15)) == (dt.date(2015, 12, 1), dt.date(2015, 12, 31))
    assert month_bounds(dt.date(9999, 12, 31)) == (dt.date(9999, 12, 1), dt.date(9999, 12, 31))
    assert month_bounds(dt.date(1, 1, 1)) == (dt.date(1, 1, 1), dt.date(1, 1, 31))


@given(st.dates())
def test_month_bounds_hold_the_day_and_meet_the_neighbouring_months(day: dt.date) -> None:
    first, last = month_bounds(day)
    assert first <= day <= last
    assert first.day == 1 and (first.year, first.month) == (day.year, day.month)
    assert (last.year, last.month) == (day.year, day.month)
    if last < dt.date.max:
        assert (last + dt.timedelta(days=1)).day == 1


# Ages ------------------------------------------------------------------------------------------------


def test_a_person_turns_a_year_older_on_their_birthday() -> None:
    born = dt.date(1955, 3, 31)
    assert age_on(born, dt.date(2015, 3, 30)) == 59
    assert age_on(born, dt.date(2015, 3, 31)) == 60


def test_someone_born_on_29_february_turns_older_on_1_march_in_common_years() -> None:
    born = dt.date(1956, 2, 29)
    assert age_on(born, dt.date(2015, 2, 28)) == 58
    assert age_on(born, dt.date(2015, 3, 1)) == 59


def test_someone_born_on_29_february_turns_older_on_29_february_in_leap_years() -> None:
    born = dt.date(1956, 2, 29)
    assert age_on(born, dt.date(2016, 2, 28)) == 59
    assert age_on(born, dt.date(2016, 2, 29)) == 60


def test_a_newborn_is_zero_on_the_day_of_birth() -> None:
    assert age_on(dt.date(2015, 3, 31), dt.date(2015, 3, 31)) == 0


BIRTHS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31))


@given(BIRTHS, st.integers(min_value=0, max_value=120))
def test_on_each_birthday_the_age_is_the_years_since_birth(born: dt.date, years: int) -> None:
    assume(not (born.month == 2 and born.day == 29))
    birthday = born.replace(year=born.year + years)
    assert age_on(born, birthday) == years
    if years > 0:
        assert age_on(born, birthday - dt.timedelta(days=1)) == years - 1


@given(BIRTHS, st.integers(min_value=0, max_value=40_000), st.integers(min_value=1, max_value=400))
def test_age_never_falls_and_grows_at_most_a_year_per_year(born: dt.date, offset: int, step: int) -> None:
    day = born + dt.timedelta(days=offset)
    later = day + dt.timedelta(days=step)
    assert 0 <= age_on(born, day) <= age_on(born, later) <= age_on(born, day) + 2
    assert age_on(born, later) - age_on(born, day) <= step // 365 + 1


def test_a_span_covers_its_first_day_but_not_its_end() -> None:
    from tomoni.core.money import span_covers

    start, end = dt.date(2015, 4, 1), dt.date(2016, 4, 1)
    assert span_covers(start, end, start)
    assert span_covers(start, end, dt.date(2016, 3, 31))
    assert not span_covers(start, end, end)
    assert not span_covers(start, end, dt.date(2015, 3, 31))
    assert span_covers(start, None, dt.date(2099, 1, 1))
