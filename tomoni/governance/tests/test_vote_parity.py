"""One definition of what a vote checks and writes: the one statement (PostgreSQL) and the ORM leave the same rows.

On PostgreSQL the production writer is the one statement; the ORM writer is run beside it on another voter and
the rows and audit events are compared. On SQLite the production writer is the ORM. On both databases every
ballot goes through the same path (`services._cast`), and the rows are compared with the same expected form.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tomoni.core.models import AuditEvent
from tomoni.governance.models import Ballot, BallotMark, Channel, Participation
from tomoni.governance.tests.factories import add_members, open_motion
from tomoni.governance.voting import services


def rows_of(motion, person):
    participation = Participation.objects.get(motion=motion, person=person)
    event = AuditEvent.objects.get(action="governance.vote.cast", data__person=person.pk)
    return {
        "participation": {
            "coop": participation.coop_id,
            "motion": participation.motion_id,
            "channel": participation.channel,
            "paper_reference": participation.paper_reference,
            "proxy_holder": participation.proxy_holder_id,
            "recorded_by": participation.recorded_by_id,
            "stamped": participation.created_at is not None and participation.updated_at is not None,
        },
        "audit": {
            "actor": event.actor_id,
            "coop": event.coop_id,
            "object": (event.object_type, event.object_id),
            "data": {k: v for k, v in event.data.items() if k != "person"},
        },
    }


def ballots_of(motion):
    """How the ballots read: choice, coop, motion and marks (the ballot carries nothing of its voter)."""
    out = []
    for ballot in Ballot.objects.filter(motion=motion):
        marks = sorted(BallotMark.objects.filter(ballot=ballot).values_list("candidate_id", flat=True))
        coops = set(BallotMark.objects.filter(ballot=ballot).values_list("coop_id", "motion_id"))
        out.append((ballot.coop_id, ballot.motion_id, ballot.choice, len(ballot.receipt_sha256), tuple(marks), coops))
    return sorted(out, key=repr)


def cast_both(world, motion, people, *, choice="", marked=(), channel=Channel.IN_PERSON, actor=None):
    """One vote by the production writer, one by the ORM writer, with the same inputs but the voter."""
    actor = actor or world.officer
    codes = []
    for person, write in zip(people, (services._write_vote, services._write_vote_with_the_orm), strict=True):
        original = services._write_vote
        services._write_vote = write  # the second voter goes through the ORM twin on every database
        try:
            codes.append(
                services._cast(
                    voter=services._voters(
                        services._open_motions(services.clock.now()).filter(pk=motion.pk, coop_id=motion.coop_id),
                        person=person.pk,
                    ),
                    motion_id=motion.pk,
                    choice=choice,
                    marked=list(marked),
                    channel=channel,
                    actor=actor,
                    paper_reference="紙-7" if channel != Channel.ONLINE else "",
                )
            )
        finally:
            services._write_vote = original
    return codes


def test_a_paper_vote_writes_the_same_rows_either_way(world):
    (a, _ua), (b, _ub) = add_members(world, 2)
    motion = open_motion(world)
    cast_both(world, motion, [a, b], choice="for")
    first, second = rows_of(motion, a), rows_of(motion, b)
    assert first == second
    assert first["participation"] == {
        "coop": world.cwc.pk,
        "motion": motion.pk,
        "channel": "in_person",
        "paper_reference": "紙-7",
        "proxy_holder": None,
        "recorded_by": world.officer.pk,
        "stamped": True,
    }
    assert first["audit"] == {
        "actor": world.officer.pk,
        "coop": world.cwc.pk,
        "object": ("governance.motion", str(motion.pk)),
        "data": {"channel": "in_person", "paper_reference": "紙-7"},
    }
    assert [b[:4] for b in ballots_of(motion)] == [(world.cwc.pk, motion.pk, "for", 64)] * 2


def test_an_online_ballot_writes_the_same_rows_either_way(world):
    (a, ua), (b, ub) = add_members(world, 2)
    motion = open_motion(world)
    for user, write in ((ua, services._write_vote), (ub, services._write_vote_with_the_orm)):
        original = services._write_vote
        services._write_vote = write
        try:
            services.vote_cast(actor=user, motion=motion, choice="abstain")
        finally:
            services._write_vote = original
    first, second = rows_of(motion, a), rows_of(motion, b)
    assert first["participation"] | {"recorded_by": None} == second["participation"] | {"recorded_by": None}
    assert first["participation"]["recorded_by"] is None and second["participation"]["recorded_by"] is None
    assert first["audit"]["data"] == second["audit"]["data"] == {"channel": "online", "paper_reference": ""}
    assert (first["audit"]["actor"], second["audit"]["actor"]) == (ua.pk, ub.pk)
    assert {b[2] for b in ballots_of(motion)} == {"abstain"}


def test_an_election_ballot_writes_the_same_marks_either_way(world):
    members = add_members(world, 4)
    candidates = [p for p, _u in members[:3]]
    motion = open_motion(world, kind="election", seats=2, candidates=candidates)
    ids = sorted(motion.candidates.values_list("pk", flat=True))[:2]
    cast_both(world, motion, [members[0][0], members[3][0]], choice="candidates", marked=ids)
    ballots = ballots_of(motion)
    assert len(ballots) == 2 and ballots[0] == ballots[1]
    assert ballots[0][2:5] == ("candidates", 64, tuple(ids)) and ballots[0][5] == {(world.cwc.pk, motion.pk)}


def test_neither_writer_writes_for_someone_off_the_roll_and_both_refuse_a_second_ballot(world):
    (a, _ua), (b, _ub) = add_members(world, 2)
    motion = open_motion(world)
    late = add_members(world, 1, start=900)[0][0]  # joined after the roll was frozen
    for write in (services._write_vote, services._write_vote_with_the_orm):
        original = services._write_vote
        services._write_vote = write
        try:
            voter = services._voters(services._open_motions(services.clock.now()).filter(pk=motion.pk), person=late.pk)
            assert (
                services._cast(
                    voter=voter,
                    motion_id=motion.pk,
                    choice="for",
                    marked=[],
                    channel="in_person",
                    actor=world.officer,
                    paper_reference="x",
                )
                is None
            )
        finally:
            services._write_vote = original
    cast_both(world, motion, [a, b], choice="against")
    with pytest.raises(services.TomoniError):
        cast_both(world, motion, [a, b], choice="for")
    assert Participation.objects.filter(motion=motion).count() == Ballot.objects.filter(motion=motion).count() == 2


def test_production_writes_by_one_statement_on_postgresql_and_by_the_orm_elsewhere(world):
    (a, _ua), _rest = add_members(world, 2)
    motion = open_motion(world)
    voter = services._voters(services._open_motions(services.clock.now()).filter(pk=motion.pk), person=a.pk)
    with CaptureQueriesContext(connection) as queries:
        services._cast(
            voter=voter,
            motion_id=motion.pk,
            choice="for",
            marked=[],
            channel="in_person",
            actor=world.officer,
            paper_reference="x",
        )
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"].upper()]
    if connection.vendor == "postgresql":
        # The vote's rows in one statement, its audit event by the audit writer.
        assert len(inserts) == 2 and "WITH voter AS" in inserts[0] and "core_auditevent" in inserts[1]
    else:
        assert len(inserts) == 3  # participation, ballot, audit event (no marks)


def test_both_writers_record_the_vote_through_the_one_audit_writer(world):
    """Its listeners hear of the vote and the event is a link of the audit chain, whichever writer wrote it."""
    from tomoni.core import audit

    heard = []
    audit.audit_listen("governance.vote.cast", heard.append)
    try:
        (a, _ua), (b, _ub) = add_members(world, 2)
        motion = open_motion(world)
        cast_both(world, motion, [a, b], choice="for")
    finally:
        audit._LISTENERS["governance.vote.cast"].remove(heard.append)
    events = list(AuditEvent.objects.filter(action="governance.vote.cast").order_by("pk"))
    assert heard == [e.pk for e in events] and len(events) == 2
    # The officer entered both papers: one chain, the second event linked to the first.
    assert events[1].sequence == events[0].sequence + 1 and events[1].prev_hash == events[0].event_hash
    assert all(r.broken is None for r in audit.audit_verify(coop_id=world.cwc.pk))
