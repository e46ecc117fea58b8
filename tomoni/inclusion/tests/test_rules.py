"""The rules of work integration at their boundaries, and their properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoni.inclusion import rules

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def test_a_month_later_is_the_same_day() -> None:
    assert rules.add_months(dt.date(2015, 1, 15), 1) == dt.date(2015, 2, 15)


def test_a_month_later_stops_at_a_shorter_months_end() -> None:
    assert rules.add_months(dt.date(2015, 8, 31), 6) == dt.date(2016, 2, 29)
    assert rules.add_months(dt.date(2014, 8, 31), 6) == dt.date(2015, 2, 28)


def test_months_cross_the_year() -> None:
    assert rules.add_months(dt.date(2014, 11, 30), 3) == dt.date(2015, 2, 28)


@given(days, st.integers(min_value=0, max_value=240))
def test_adding_months_never_goes_back_and_lands_in_the_right_month(day: dt.date, months: int) -> None:
    later = rules.add_months(day, months)

    assert later >= day
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day


def test_a_review_falls_due_after_the_plans_interval() -> None:
    assert rules.review_due_on(last_on=dt.date(2015, 4, 1), every_months=3) == dt.date(2015, 7, 1)
    assert rules.review_due_on(last_on=dt.date(2015, 4, 1), every_months=6) == dt.date(2015, 10, 1)


def test_a_review_interval_outside_the_choices_is_refused() -> None:
    with pytest.raises(ValueError, match="review interval"):
        rules.review_due_on(last_on=dt.date(2015, 4, 1), every_months=4)


def test_a_review_is_overdue_only_the_day_after_it_was_due() -> None:
    due = dt.date(2015, 7, 1)

    assert not rules.review_overdue(due_on=due, today=due)
    assert rules.review_overdue(due_on=due, today=due + dt.timedelta(days=1))


def test_the_six_month_follow_up_window_is_thirty_days_either_side() -> None:
    opens, closes = rules.follow_up_window(placed_on=dt.date(2015, 1, 10), months=6)

    assert opens == dt.date(2015, 6, 10)
    assert closes == dt.date(2015, 8, 9)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2015, 6, 9), "not_yet"),
        (dt.date(2015, 6, 10), "open"),
        (dt.date(2015, 8, 9), "open"),
        (dt.date(2015, 8, 10), "overdue"),
    ],
)
def test_a_follow_up_opens_and_closes_on_its_windows_edges(today: dt.date, state: str) -> None:
    assert rules.follow_up_state(placed_on=dt.date(2015, 1, 10), months=6, today=today, done_on=None) == state


def test_a_follow_up_done_is_done_whatever_the_day() -> None:
    state = rules.follow_up_state(
        placed_on=dt.date(2015, 1, 10), months=12, today=dt.date(2020, 1, 1), done_on=dt.date(2016, 1, 10)
    )

    assert state == "done"


def test_only_six_and_twelve_month_follow_ups_exist() -> None:
    with pytest.raises(ValueError, match="follow-ups"):
        rules.follow_up_due_on(placed_on=dt.date(2015, 1, 1), months=3)


@given(days, st.sampled_from(rules.FOLLOW_UP_MONTHS), st.integers(min_value=-400, max_value=400))
def test_a_contact_counts_exactly_when_it_is_inside_the_window(placed: dt.date, months: int, offset: int) -> None:
    due = rules.follow_up_due_on(placed_on=placed, months=months)
    contact = due + dt.timedelta(days=offset)

    counts = rules.follow_up_counts(placed_on=placed, months=months, contact_on=contact)

    assert counts == (abs(offset) <= rules.FOLLOW_UP_TOLERANCE_DAYS)


def test_a_course_is_completed_when_every_unit_has_its_minutes() -> None:
    required = {1: 240, 2: 180}

    assert rules.course_completed(attended={1: 240, 2: 180}, required=required)
    assert not rules.course_completed(attended={1: 240, 2: 179}, required=required)


def test_extra_hours_in_one_unit_do_not_make_up_for_another() -> None:
    required = {1: 240, 2: 180}

    assert not rules.course_completed(attended={1: 600, 2: 0}, required=required)
    assert rules.credited_minutes(attended={1: 600, 2: 0}, required=required) == 240


def test_a_course_without_units_is_never_completed() -> None:
    assert not rules.course_completed(attended={}, required={})


@given(
    st.dictionaries(st.integers(1, 5), st.integers(1, 600), min_size=1),
    st.dictionaries(st.integers(1, 8), st.integers(0, 900)),
)
def test_credited_minutes_never_exceed_what_is_required_and_reach_it_on_completion(
    required: dict[int, int], attended: dict[int, int]
) -> None:
    credited = rules.credited_minutes(attended=attended, required=required)

    assert 0 <= credited <= sum(required.values())
    assert rules.course_completed(attended=attended, required=required) == (credited == sum(required.values()))


def test_a_consent_holds_from_the_day_given() -> None:
    given_on = dt.date(2015, 4, 1)

    assert not rules.consent_valid(given_on=given_on, on=given_on - dt.timedelta(days=1))
    assert rules.consent_valid(given_on=given_on, on=given_on)


def test_a_consent_ends_on_the_day_it_is_withdrawn() -> None:
    given_on, withdrawn = dt.date(2015, 4, 1), dt.date(2015, 9, 1)

    assert rules.consent_valid(given_on=given_on, on=dt.date(2015, 8, 31), withdrawn_on=withdrawn)
    assert not rules.consent_valid(given_on=given_on, on=withdrawn, withdrawn_on=withdrawn)


def test_a_consent_ends_on_the_day_it_expires() -> None:
    given_on, expires = dt.date(2015, 4, 1), dt.date(2016, 4, 1)

    assert rules.consent_valid(given_on=given_on, on=dt.date(2016, 3, 31), expires_on=expires)
    assert not rules.consent_valid(given_on=given_on, on=expires, expires_on=expires)


@given(days, days, st.none() | days, st.none() | days)
def test_a_consent_is_valid_only_between_given_and_withdrawn_or_expired(
    given_on: dt.date, on: dt.date, withdrawn: dt.date | None, expires: dt.date | None
) -> None:
    valid = rules.consent_valid(given_on=given_on, on=on, withdrawn_on=withdrawn, expires_on=expires)

    ends = [d for d in (withdrawn, expires) if d is not None]
    assert valid == (given_on <= on and all(on < end for end in ends))


@pytest.mark.parametrize(("count", "shown"), [(0, "—"), (4, "—"), (5, "5"), (1234, "1,234")])
def test_groups_of_fewer_than_five_show_a_dash(count: int, shown: str) -> None:
    assert rules.shown(count) == shown


@given(st.integers(min_value=0, max_value=10**6))
def test_a_suppressed_count_is_never_below_five(count: int) -> None:
    value = rules.suppressed(count)

    assert value is None or value >= rules.SMALL_GROUP
    assert (value is None) == (count < rules.SMALL_GROUP)


def test_special_care_records_expire_five_years_after_the_file_closes() -> None:
    closed = dt.date(2015, 3, 31)

    assert not rules.retention_expired(kind="plan", closed_on=closed, today=dt.date(2020, 3, 30))
    assert rules.retention_expired(kind="plan", closed_on=closed, today=dt.date(2020, 3, 31))
    assert not rules.retention_expired(kind="plan", closed_on=None, today=dt.date(2099, 1, 1))


def test_a_closed_file_is_anonymised_after_its_retention() -> None:
    closed = dt.date(2015, 3, 31)

    assert not rules.anonymise_due(closed_on=closed, today=dt.date(2020, 3, 30))
    assert rules.anonymise_due(closed_on=closed, today=dt.date(2020, 3, 31))
