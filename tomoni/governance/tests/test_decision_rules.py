"""Pure rules of proposals, decisions and minutes (rules_voice): no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tomoni.governance.voice import rules

DAY = dt.date(2015, 3, 31)


def test_a_decision_due_yesterday_and_not_done_is_overdue() -> None:
    assert rules.decision_is_overdue(due_on=DAY - dt.timedelta(days=1), status="open", today=DAY)
    assert rules.decision_is_overdue(due_on=DAY - dt.timedelta(days=1), status="in_progress", today=DAY)


def test_a_decision_due_today_or_done_is_not_overdue() -> None:
    assert not rules.decision_is_overdue(due_on=DAY, status="open", today=DAY)
    assert not rules.decision_is_overdue(due_on=DAY - dt.timedelta(days=10), status="done", today=DAY)


def test_a_proposal_is_settled_once() -> None:
    assert rules.proposal_may_be_settled("open")
    for status in ("on_agenda", "answered", "declined"):
        assert not rules.proposal_may_be_settled(status)


def test_support_comes_from_others_while_open() -> None:
    assert rules.proposal_may_be_supported(status="open", supporter_id=2, raiser_id=1)
    assert not rules.proposal_may_be_supported(status="open", supporter_id=1, raiser_id=1)
    assert not rules.proposal_may_be_supported(status="answered", supporter_id=2, raiser_id=1)


def test_minutes_are_complete_when_the_chair_and_every_signatory_signed() -> None:
    assert rules.minutes_complete(roles_signed=[("chair", True), ("minute_taker", True)])
    assert not rules.minutes_complete(roles_signed=[("chair", True), ("minute_taker", False)])
    assert not rules.minutes_complete(roles_signed=[("minute_taker", True)])
    assert not rules.minutes_complete(roles_signed=[])


blocks = st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=3), max_size=8)


@given(blocks)
def test_the_digest_is_stable_and_64_hex(value: list[list[str]]) -> None:
    digest = rules.minutes_digest(value)
    assert digest == rules.minutes_digest([list(b) for b in value])
    assert len(digest) == 64 and int(digest, 16) >= 0


@given(blocks, st.text(min_size=1, max_size=5))
def test_any_change_to_the_text_changes_the_digest(value: list[list[str]], extra: str) -> None:
    changed = [*value, ["para", extra]]
    assert rules.minutes_digest(changed) != rules.minutes_digest(value)


@given(st.lists(st.tuples(st.sampled_from(["open", "on_agenda", "answered", "declined"]), st.integers(0, 50))))
def test_the_opinion_tally_accounts_for_every_proposal(proposals: list[tuple[str, int]]) -> None:
    tally = rules.opinion_tally(proposals=proposals, centre_meetings=2, round_tables=1)
    assert tally.raised == len(proposals)
    assert tally.open + tally.on_agenda + tally.answered + tally.declined == tally.raised
    assert tally.supports == sum(s for _, s in proposals)
    assert tally.supported <= tally.raised
