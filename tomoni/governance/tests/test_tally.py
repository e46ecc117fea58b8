"""The tally: deterministic, one GROUP BY, every figure the minutes need; ties resolved by the chair."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tomoni.core.errors import TomoniError
from tomoni.governance.models import Candidate
from tomoni.governance.tests.factories import add_members, close, in_session, open_motion
from tomoni.governance.voting import services


def vote_all(motion, users_choices):
    for user, choice in users_choices:
        services.vote_cast(actor=user, motion=motion, choice=choice)


def test_ordinary_tally_gives_every_figure(world):
    users = [u for _p, u in add_members(world, 8)] + [world.member]  # 10 on the roll
    motion = open_motion(world)
    vote_all(motion, zip(users[:7], ["for"] * 4 + ["against"] * 2 + ["abstain"], strict=True))
    m = close(world, motion)
    assert (m.on_roll_count, m.present_count, m.for_count, m.against_count, m.abstain_count) == (10, 7, 4, 2, 1)
    assert m.quorum_met and m.passed is True and "1/2" in m.threshold_text


def test_tally_is_refused_while_voting_is_open_and_only_once(world):
    motion = open_motion(world)
    with pytest.raises(TomoniError):
        services.motion_tally(actor=world.officer, motion=motion)
    m = close(world, motion)
    with pytest.raises(TomoniError):
        services.motion_tally(actor=world.officer, motion=m)


def test_special_resolution_that_fails_its_quorum(world):
    users = [u for _p, u in add_members(world, 8)]  # 10 on the roll, 4 vote
    motion = open_motion(world, kind="special")
    vote_all(motion, [(u, "for") for u in users[:4]])
    m = close(world, motion)
    assert m.present_count == 4 and not m.quorum_met and m.passed is False


def test_special_resolution_at_exactly_two_thirds_passes(world):
    users = [u for _p, u in add_members(world, 7)]  # 9 on the roll, 6 vote: 4 for, 2 against
    motion = open_motion(world, kind="special")
    vote_all(motion, zip(users[:6], ["for"] * 4 + ["against"] * 2, strict=False))
    m = close(world, motion)
    assert m.quorum_met and m.passed is True


def test_ordinary_tie_awaits_the_chairs_decision(world):
    users = [u for _p, u in add_members(world, 4)]
    motion = open_motion(world)
    vote_all(motion, zip(users, ["for", "for", "against", "against"], strict=False))
    m = close(world, motion)
    assert m.tie and m.passed is None
    with pytest.raises(TomoniError):
        services.motion_tie_resolve(actor=world.officer, motion=m, note="")
    m = services.motion_tie_resolve(actor=world.officer, motion=m, note="議長が可決と決した", outcome="passed")
    assert m.passed is True and m.tie_outcome == "passed"


def test_election_tie_for_the_last_seat_is_resolved_by_recorded_lot(world):
    people_users = add_members(world, 5)
    candidates = [p for p, _u in people_users[:3]]
    motion = open_motion(world, kind="election", seats=2, candidates=candidates)
    c1, c2, c3 = motion.candidates.order_by("order")
    voters = [u for _p, u in people_users] + [world.member]
    marks = [[c1.pk, c2.pk], [c1.pk, c3.pk], [c1.pk], [c2.pk], [c3.pk], []]
    for user, marked in zip(voters, marks, strict=False):
        services.vote_cast(actor=user, motion=motion, candidate_ids=marked, choice="abstain" if not marked else "")
    m = close(world, motion)
    assert m.tie and m.passed is None and m.abstain_count == 1 and m.present_count == 6
    assert Candidate.objects.get(pk=c1.pk).elected is True
    with pytest.raises(TomoniError):
        services.motion_tie_resolve(actor=world.officer, motion=m, note="くじ", elected_candidate_ids=[c1.pk])
    m = services.motion_tie_resolve(
        actor=world.officer, motion=m, note="議長が立会人2名の前でくじを引いた", elected_candidate_ids=[c3.pk]
    )
    elected = set(Candidate.objects.filter(motion=m, elected=True).values_list("pk", flat=True))
    assert elected == {c1.pk, c3.pk} and m.passed is True


def test_tally_counts_with_one_group_by(world):
    users = [u for _p, u in add_members(world, 3)]
    motion = open_motion(world)
    vote_all(motion, zip(users, ["for", "against", "for"], strict=False))
    in_session(world, motion)
    services.motion_close(actor=world.officer, motion=motion)
    with CaptureQueriesContext(connection) as ctx:
        m = services.motion_tally(actor=world.officer, motion=motion)
    ballot_queries = [q["sql"] for q in ctx.captured_queries if "governance_ballot" in q["sql"]]
    assert len(ballot_queries) == 1 and "GROUP BY" in ballot_queries[0]
    assert (m.for_count, m.against_count) == (2, 1)


def test_tally_is_deterministic(world):
    users = [u for _p, u in add_members(world, 5)]
    motion = open_motion(world)
    vote_all(motion, zip(users, ["for", "against", "for", "abstain", "for"], strict=False))
    in_session(world, motion)
    services.motion_close(actor=world.officer, motion=motion)
    first = services.ballot_counts(motion)
    assert first == services.ballot_counts(motion) == {"for": 3, "against": 1, "abstain": 1}
