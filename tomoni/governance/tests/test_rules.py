"""The Act's thresholds of meeting and voting, at every edge."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoni.governance import rules

ORDINARY = rules.ordinary_threshold()
SPECIAL = rules.special_threshold()


def result(on_roll, f, a, ab, threshold=ORDINARY):
    return rules.resolution_result(on_roll=on_roll, votes_for=f, against=a, abstaining=ab, threshold=threshold)


# Ordinary resolution (Art 64) ------------------------------------------------------------------------------------


def test_ordinary_passes_with_one_more_than_half():
    r = result(100, 26, 25, 0)
    assert r.passed is True and r.present == 51 and r.quorum_met


def test_ordinary_tie_is_left_to_the_chair():
    r = result(100, 30, 30, 0)
    assert r.tie and r.passed is None


def test_ordinary_one_short_of_majority_fails():
    r = result(100, 29, 31, 0)
    assert r.passed is False and not r.tie


def test_abstentions_count_as_present_so_they_weigh_against():
    # 30 for, 20 against, 11 abstaining: 30 of 61 present is not a majority.
    r = result(100, 30, 20, 11)
    assert r.present == 61 and r.passed is False
    # 31 for, 20 against, 10 abstaining: 31 of 61 is.
    assert result(100, 31, 20, 10).passed is True


def test_for_equal_to_against_plus_abstentions_is_a_tie():
    r = result(100, 30, 20, 10)
    assert r.tie and r.passed is None


def test_ordinary_without_quorum_fails_even_if_unanimous():
    r = result(100, 49, 0, 0)
    assert not r.quorum_met and r.passed is False


def test_ordinary_quorum_exactly_half_is_enough():
    r = result(100, 50, 0, 0)
    assert r.quorum_met and r.passed is True


def test_nobody_present_fails():
    r = result(10, 0, 0, 0)
    assert r.passed is False and not r.tie


# Special resolution (Art 65) -------------------------------------------------------------------------------------


def test_special_passes_at_exactly_two_thirds_with_exactly_half_present():
    r = result(120, 40, 20, 0, SPECIAL)
    assert r.present == 60 and r.quorum_met and r.majority_met and r.passed is True


def test_special_one_vote_short_of_two_thirds_fails():
    r = result(120, 39, 21, 0, SPECIAL)
    assert r.quorum_met and not r.majority_met and r.passed is False


def test_special_fails_its_quorum_with_one_member_short_of_half():
    r = result(120, 59, 0, 0, SPECIAL)
    assert r.present == 59 and not r.quorum_met and r.passed is False


def test_special_quorum_on_an_odd_roll_needs_the_half_rounded_up():
    assert not result(101, 50, 0, 0, SPECIAL).quorum_met
    assert result(101, 51, 0, 0, SPECIAL).quorum_met


def test_special_never_ties():
    r = result(10, 4, 4, 0, SPECIAL)
    assert not r.tie and r.passed is False


def test_special_abstentions_weigh_against():
    # 40 for of 61 present is below 2/3 (40.67 needed).
    assert result(120, 40, 20, 1, SPECIAL).passed is False


def test_articles_may_raise_the_special_majority():
    three_quarters = rules.special_threshold(majority=Fraction(3, 4))
    assert result(100, 45, 15, 0, three_quarters).passed is True
    assert result(100, 44, 16, 0, three_quarters).passed is False


def test_counts_above_the_roll_are_refused():
    with pytest.raises(ValueError):
        result(10, 6, 5, 0)


@given(
    on_roll=st.integers(1, 500),
    f=st.integers(0, 500),
    a=st.integers(0, 500),
    ab=st.integers(0, 500),
)
def test_resolution_outcome_matches_the_arithmetic(on_roll, f, a, ab):
    if f + a + ab > on_roll:
        return
    present = f + a + ab
    ordinary = result(on_roll, f, a, ab)
    special = result(on_roll, f, a, ab, SPECIAL)
    assert ordinary.quorum_met == (2 * present >= on_roll)
    if ordinary.passed is not None:
        assert ordinary.passed == (2 * present >= on_roll and 2 * f > present)
    else:
        assert 2 * f == present
    assert special.passed == (2 * present >= on_roll and 3 * f >= 2 * present and present > 0)


# Elections -------------------------------------------------------------------------------------------------------


def test_election_fills_the_seats_with_the_most_votes():
    r = rules.election_result(candidate_ids=[1, 2, 3, 4], marks={1: 10, 2: 7, 3: 12, 4: 3}, seats=2)
    assert r.elected == (3, 1) and r.tied == ()


def test_election_tie_across_the_last_seat_goes_to_lot():
    r = rules.election_result(candidate_ids=[1, 2, 3], marks={1: 10, 2: 7, 3: 7}, seats=2)
    assert r.elected == (1,) and r.tied == (2, 3) and r.seats_left_for_lot == 1


def test_election_tie_within_the_seats_needs_no_lot():
    r = rules.election_result(candidate_ids=[1, 2, 3], marks={1: 7, 2: 7, 3: 1}, seats=2)
    assert set(r.elected) == {1, 2} and r.tied == ()


def test_candidate_with_no_vote_is_not_elected():
    r = rules.election_result(candidate_ids=[1, 2], marks={1: 3}, seats=2)
    assert r.elected == (1,)


def test_ballot_marks_at_most_the_seats_distinct_candidates():
    assert rules.marks_valid(marked=[1, 2], candidate_ids=[1, 2, 3], seats=2)
    assert not rules.marks_valid(marked=[1, 2, 3], candidate_ids=[1, 2, 3], seats=2)
    assert not rules.marks_valid(marked=[1, 1], candidate_ids=[1, 2, 3], seats=2)
    assert not rules.marks_valid(marked=[9], candidate_ids=[1, 2, 3], seats=2)


@given(st.dictionaries(st.integers(1, 20), st.integers(0, 50), min_size=1), st.integers(1, 5))
def test_election_never_elects_more_than_the_seats(marks, seats):
    ids = sorted(marks)
    r = rules.election_result(candidate_ids=ids, marks=marks, seats=seats)
    assert len(r.elected) + r.seats_left_for_lot <= seats
    assert len(r.elected) <= seats
    assert r.seats_left_for_lot < len(r.tied) or not r.tied


# Notice, delegates, proxies, the voting window --------------------------------------------------------------------


def test_notice_of_exactly_ten_days_is_enough_and_nine_is_not():
    day = dt.date(2015, 6, 1)
    assert rules.notice_ok(convened_on=day, meeting_on=day + dt.timedelta(days=10), notice_days=10)
    assert not rules.notice_ok(convened_on=day, meeting_on=day + dt.timedelta(days=9), notice_days=10)
    assert rules.earliest_meeting_day(convened_on=day, notice_days=10) == dt.date(2015, 6, 11)


def test_delegate_meeting_only_above_two_hundred_members():
    assert not rules.delegate_meeting_allowed(200)
    assert rules.delegate_meeting_allowed(201)


def test_proxy_limit():
    assert rules.proxy_within_limit(held=1, limit=1)
    assert not rules.proxy_within_limit(held=2, limit=1)


def test_voting_window_includes_the_opening_and_excludes_the_close():
    opens = dt.datetime(2015, 6, 1, 9, tzinfo=dt.UTC)
    closes = opens + dt.timedelta(hours=1)
    assert rules.voting_open(now=opens, opens_at=opens, closes_at=closes)
    assert not rules.voting_open(now=closes, opens_at=opens, closes_at=closes)


def test_live_quorum_figure():
    assert rules.live_quorum(present=50, on_roll=101, quorum=Fraction(1, 2)) == (50, 51, False)
    assert rules.live_quorum(present=51, on_roll=101, quorum=Fraction(1, 2)) == (51, 51, True)
