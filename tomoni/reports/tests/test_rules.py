"""The start page's rules: what is news, what comes first."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from tomoni.reports import rules

TODAY = dt.date(2015, 3, 20)


def test_an_answer_is_news_for_fourteen_days_and_not_before_it_happened() -> None:
    assert rules.is_news(TODAY, TODAY)
    assert rules.is_news(TODAY - dt.timedelta(days=13), TODAY)
    assert not rules.is_news(TODAY - dt.timedelta(days=14), TODAY)
    assert not rules.is_news(TODAY + dt.timedelta(days=1), TODAY)
    assert not rules.is_news(None, TODAY)


def test_the_window_includes_both_ends() -> None:
    assert rules.window(TODAY, 7) == (TODAY, dt.date(2015, 3, 27))


def test_a_year_end_is_open_until_its_appropriation_is_decided() -> None:
    assert rules.year_end_open(2014, [2012, 2013])
    assert not rules.year_end_open(2014, [2014])


reminders = st.builds(
    rules.Reminder,
    kind=st.sampled_from(["vote", "meeting", "swap_to_decide", "compliance"]),
    due=st.none() | st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2016, 12, 31)),
    must_act=st.booleans(),
)


@given(st.lists(reminders, max_size=30))
def test_what_must_be_done_comes_before_what_is_for_information(items: list[rules.Reminder]) -> None:
    ordered = rules.ordered(items)
    assert sorted(ordered, key=id) == sorted(items, key=id)
    acts = [r.must_act for r in ordered]
    assert acts == sorted(acts, reverse=True)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.must_act == later.must_act:
            assert (earlier.due or dt.date.max) <= (later.due or dt.date.max)
