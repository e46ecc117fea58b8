"""Labour-law defaults and the calendar helpers of the roster."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tomoni.work import rules
from tomoni.work.problem import LabourRules, ShiftType

EARLY = ShiftType(id="early", start_minute=7 * 60, length_minutes=9 * 60, break_minutes=60)
LATE = ShiftType(id="late", start_minute=11 * 60, length_minutes=9 * 60, break_minutes=60)
NIGHT = ShiftType(id="night", start_minute=16 * 60, length_minutes=18 * 60, break_minutes=120, is_night=True)


def test_defaults_are_the_acts_limits():
    defaults = rules.default_labour_rules()
    assert defaults.max_minutes_per_day == 480  # Art 32(2)
    assert defaults.max_minutes_per_week == 2400  # Art 32(1)
    assert defaults.max_consecutive_days == 6  # Art 35
    assert defaults.week_starts_on == 6  # Sunday
    assert not defaults.average_weekly_over_period


def test_variable_hours_drop_the_daily_limit_and_average_the_week():
    variable = rules.variable_month_labour_rules()
    assert variable.max_minutes_per_day is None
    assert variable.average_weekly_over_period


def test_period_limit_is_forty_hours_times_days_over_seven():
    assert rules.period_limit_minutes(2400, 28) == 9600
    assert rules.period_limit_minutes(2400, 31) == 10628  # 2400 × 31 / 7 = 10628.57, rounded down
    assert rules.period_limit_minutes(2400, 30) == 10285


def test_break_required_by_article_34():
    assert rules.required_break_minutes(6 * 60) == 0
    assert rules.required_break_minutes(6 * 60 + 1) == 45
    assert rules.required_break_minutes(8 * 60) == 45
    assert rules.required_break_minutes(8 * 60 + 1) == 60
    assert rules.break_is_enough(EARLY)
    assert not rules.break_is_enough(ShiftType(id="x", start_minute=0, length_minutes=9 * 60))


def test_late_night_minutes_of_a_night_shift():
    # 16:00 to 10:00: late night is 22:00 to 05:00, seven hours.
    assert rules.late_night_minutes(NIGHT) == 7 * 60
    assert rules.late_night_minutes(EARLY) == 0


def test_rest_rules_forbid_an_early_after_a_night_but_not_after_a_late():
    pairs = rules.forbidden_successions([EARLY, LATE, NIGHT], rules.default_labour_rules())
    assert ("night", "early") in pairs
    assert ("night", "night") in pairs  # 6 hours between 10:00 and 16:00
    assert ("late", "early") not in pairs  # 20:00 to 07:00 is exactly 11 hours
    assert ("early", "night") not in pairs


def test_explicit_forbidden_successions_are_kept_without_rest_rules():
    d = ShiftType(id="D", start_minute=0, length_minutes=480, forbidden_next=frozenset({"E"}))
    pairs = rules.forbidden_successions([d], LabourRules(min_rest_minutes=None))
    assert pairs == frozenset({("D", "E")})


def test_japanese_holidays_in_golden_week():
    found = rules.holidays_in(dt.date(2026, 5, 1), 31)
    # 3 May Constitution Day, 4 Greenery Day, 5 Children's Day, 6 substitute holiday.
    assert found == frozenset({2, 3, 4, 5})


def test_holidays_across_new_year():
    found = rules.holidays_in(dt.date(2025, 12, 30), 5)
    assert found == frozenset({2})  # 1 January 2026


def test_calendar_week_starts_on_sunday_by_default():
    friday = dt.date(2026, 5, 1)
    assert rules.week_index(friday, 0, 6) == 0
    assert rules.week_index(friday, 1, 6) == 0  # Saturday
    assert rules.week_index(friday, 2, 6) == 1  # Sunday starts week 1


def test_weekend_pairs_saturday_with_the_following_sunday():
    monday = dt.date(2024, 1, 1)
    assert rules.weekend_index(monday, 0) is None
    assert rules.weekend_index(monday, 5) == rules.weekend_index(monday, 6) == 0
    assert rules.weekend_index(monday, 12) == 1


@given(st.integers(min_value=0, max_value=24 * 60), st.integers(min_value=60, max_value=20 * 60))
def test_late_night_minutes_never_exceed_the_shift(start, length):
    shift = ShiftType(id="s", start_minute=start, length_minutes=length)
    assert 0 <= rules.late_night_minutes(shift) <= length


@given(st.integers(min_value=1, max_value=60))
def test_period_limit_never_exceeds_the_weekly_average(days):
    assert rules.period_limit_minutes(2400, days) * 7 <= 2400 * days
