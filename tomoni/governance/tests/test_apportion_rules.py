"""Delegate seats apportioned to constituencies by largest remainder (rules.apportion_seats)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoni.governance.rules import apportion_seats

# Constituencies' members, at least one of them with members (built so, not filtered: no rejected draws).
member_counts = st.tuples(
    st.integers(min_value=1, max_value=5000),
    st.lists(st.integers(min_value=0, max_value=5000), max_size=29),
    st.integers(min_value=0, max_value=29),
).map(lambda parts: [*parts[1][: parts[2]], parts[0], *parts[1][parts[2] :]])


def test_seats_follow_the_members_when_the_quotas_are_whole() -> None:
    assert apportion_seats(total=6, members={1: 100, 2: 200, 3: 300}) == {1: 1, 2: 2, 3: 3}


def test_the_leftover_seats_go_to_the_largest_remainders() -> None:
    # Quotas 4.2, 3.5 and 2.3 of 10 seats: whole parts 4, 3, 2, and the one seat left goes to the 0.5.
    assert apportion_seats(total=10, members={"north": 42, "east": 35, "west": 23}) == {
        "north": 4,
        "east": 4,
        "west": 2,
    }


def test_equal_remainders_go_to_the_larger_constituency_then_the_earlier_one() -> None:
    # One seat for two constituencies of 10: both remainders are 0.5, so the earlier one.
    assert apportion_seats(total=1, members={"a": 10, "b": 10}) == {"a": 1, "b": 0}
    # Three seats for 1 and 3 members: quotas 0.75 and 2.25; the seat left goes to the 0.75.
    assert apportion_seats(total=3, members={"small": 1, "large": 3}) == {"small": 1, "large": 2}
    # Two seats for 1 and 3 members: quotas 0.5 and 1.5, equal remainders: the larger constituency.
    assert apportion_seats(total=2, members={"small": 1, "large": 3}) == {"small": 0, "large": 2}
    # Two seats for 1, 1 and 2 members: quotas 0.5, 0.5 and 1; the seat left goes to the first 0.5.
    assert apportion_seats(total=2, members={"x": 1, "y": 1, "z": 2}) == {"x": 1, "y": 0, "z": 1}


def test_a_constituency_without_members_gets_no_seat() -> None:
    assert apportion_seats(total=5, members={1: 0, 2: 7, 3: 3}) == {1: 0, 2: 4, 3: 1}


def test_the_minimum_comes_first_and_the_rest_by_members() -> None:
    # Each of three constituencies gets 1; the 7 left are shared 6 : 1 : 0 of 600, 80 and 20 members.
    seats = apportion_seats(total=10, members={"big": 600, "mid": 80, "tiny": 20}, minimum=1)
    assert seats == {"big": 7, "mid": 2, "tiny": 1}


def test_impossible_apportionments_are_refused() -> None:
    with pytest.raises(ValueError):
        apportion_seats(total=3, members={1: 0, 2: 0})
    with pytest.raises(ValueError):
        apportion_seats(total=2, members={1: 5, 2: 5, 3: 5}, minimum=1)
    with pytest.raises(ValueError):
        apportion_seats(total=-1, members={1: 5})


def test_no_seats_and_no_members_is_no_seats() -> None:
    assert apportion_seats(total=0, members={1: 0, 2: 0}) == {1: 0, 2: 0}


@given(total=st.integers(min_value=0, max_value=500), counts=member_counts)
def test_the_seats_always_sum_to_the_total(total: int, counts: list[int]) -> None:
    seats = apportion_seats(total=total, members=dict(enumerate(counts)))
    assert sum(seats.values()) == total
    assert set(seats) == set(range(len(counts)))


@given(total=st.integers(min_value=0, max_value=500), counts=member_counts)
def test_each_gets_its_quota_rounded_down_or_up(total: int, counts: list[int]) -> None:
    """The quota rule: every constituency gets the whole part of its exact share, or one more."""
    seats = apportion_seats(total=total, members=dict(enumerate(counts)))
    whole = sum(counts)
    for key, count in enumerate(counts):
        quota = Fraction(total * count, whole)
        assert quota - 1 < seats[key] < quota + 1
        if count == 0:
            assert seats[key] == 0


@given(
    total=st.integers(min_value=0, max_value=500),
    counts=member_counts,
    minimum=st.integers(min_value=0, max_value=3),
)
def test_with_a_minimum_every_constituency_with_members_gets_it(total: int, counts: list[int], minimum: int) -> None:
    voters = sum(1 for count in counts if count > 0)
    if minimum * voters > total:
        with pytest.raises(ValueError):
            apportion_seats(total=total, members=dict(enumerate(counts)), minimum=minimum)
        return
    seats = apportion_seats(total=total, members=dict(enumerate(counts)), minimum=minimum)
    assert sum(seats.values()) == total
    for key, count in enumerate(counts):
        assert seats[key] >= minimum if count > 0 else seats[key] == 0


@given(total=st.integers(min_value=1, max_value=300), counts=member_counts)
def test_more_members_never_means_fewer_seats(total: int, counts: list[int]) -> None:
    """Within one apportionment, a larger constituency never gets fewer seats than a smaller one."""
    seats = apportion_seats(total=total, members=dict(enumerate(counts)))
    for a, count_a in enumerate(counts):
        for b, count_b in enumerate(counts):
            if count_a > count_b:
                assert seats[a] >= seats[b]


@given(total=st.integers(min_value=0, max_value=300), counts=member_counts)
def test_the_same_members_always_give_the_same_seats(total: int, counts: list[int]) -> None:
    members = dict(enumerate(counts))
    assert apportion_seats(total=total, members=members) == apportion_seats(total=total, members=dict(members))
