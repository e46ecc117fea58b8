"""Casting by the URL's coop code and motion id (the API's path): the same checks, rows and refusals as vote_cast."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import override
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.federation.api import parse
from tomoni.governance.models import Ballot, BallotMark, Motion, Participation
from tomoni.governance.tests.factories import add_members, in_session, open_motion
from tomoni.governance.voting import services
from tomoni.governance.voting.api import VoteInput, vote_input


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def cast(user, motion: Motion, code: str = "cwc", **kw) -> str:
    return services.vote_cast_in_coop(actor=user, coop_code=code, motion_id=motion.pk, **kw)


def test_a_member_votes_and_the_rows_are_those_of_vote_cast(world):
    motion = open_motion(world)
    receipt = cast(world.member, motion, choice="against")
    ballot = Ballot.objects.get()
    assert (ballot.coop_id, ballot.motion_id, ballot.choice) == (world.cwc.pk, motion.pk, "against")
    assert ballot.receipt_sha256 == services.receipt_hash(receipt)
    participation = Participation.objects.get()
    assert (participation.coop_id, participation.person_id, participation.channel) == (
        world.cwc.pk,
        world.member_person.pk,
        "online",
    )
    event = AuditEvent.objects.get(action="governance.vote.cast")
    assert (event.actor_id, event.coop_id, event.object_id) == (world.member.pk, world.cwc.pk, str(motion.pk))
    assert event.data == {"person": world.member_person.pk, "channel": "online", "paper_reference": ""}


def test_a_second_vote_is_refused_in_the_members_language(world):
    motion = open_motion(world)
    cast(world.member, motion, choice="for")
    with pytest.raises(TomoniError) as e:
        cast(world.member, motion, choice="against")
    assert "first vote stands" in e.value.message
    with override("ja"), pytest.raises(TomoniError) as e:
        cast(world.member, motion, choice="for")
    assert "既に" in e.value.message
    assert Ballot.objects.get().choice == "for" and Participation.objects.count() == 1


def test_the_motion_must_be_in_the_coop_of_the_code(world):
    motion = open_motion(world)
    with pytest.raises(services.NotOnRoll):
        cast(world.member, motion, code="other", choice="for")
    with pytest.raises(services.NotOnRoll):
        services.vote_cast_in_coop(actor=world.member, coop_code="cwc", motion_id=motion.pk + 1000, choice="for")
    assert Ballot.objects.count() == Participation.objects.count() == 0


def test_closed_not_yet_open_and_off_the_roll_are_refused_with_their_own_message(world):
    motion = open_motion(world)
    late = add_members(world, 1)[0][1]  # joined after the roll was frozen
    for user in (late, world.officer, world.outsider):
        with pytest.raises(services.NotOnRoll):
            cast(user, motion, choice="for")
    in_session(world, motion)
    services.motion_close(actor=world.officer, motion=motion)
    with pytest.raises(TomoniError) as e:
        cast(world.member, motion, choice="for")
    assert "closed" in e.value.message
    later = open_motion(world)
    Motion.objects.filter(pk=later.pk).update(opens_at=timezone.now() + dt.timedelta(hours=1))
    with pytest.raises(TomoniError) as e:
        cast(world.member, later, choice="for")
    assert "not opened" in e.value.message
    assert Ballot.objects.count() == Participation.objects.count() == 0


def test_an_election_goes_through_the_marks(world):
    people = [p for p, _u in add_members(world, 3)]
    motion = open_motion(world, kind="election", seats=2, candidates=people)
    ids = list(motion.candidates.values_list("pk", flat=True))
    with pytest.raises(TomoniError):
        cast(world.member, motion, choice="for")  # an election is not for or against
    cast(world.member, motion, candidate_ids=ids[:2])
    assert Ballot.objects.get().choice == "candidates" and BallotMark.objects.count() == 2


def test_an_empty_election_ballot_is_an_abstention(world):
    people = [p for p, _u in add_members(world, 2)]
    motion = open_motion(world, kind="election", seats=1, candidates=people)
    cast(world.member, motion, choice="abstain")
    assert Ballot.objects.get().choice == "abstain" and BallotMark.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement cast is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # as in production: no test transaction, so no savepoint around the cast
def test_a_cast_through_the_api_is_five_queries_in_one_transaction_on_postgresql(world, django_assert_num_queries):
    """The token with its user; then BEGIN, the one statement that finds the motion, checks and writes the vote's
    rows, the audit writer's three (lock the chain's head, insert the event, advance the head), COMMIT."""
    from tomoni.core.audit import audit_record

    motion = open_motion(world)
    audit_record(actor=world.member, action="core.test", coop_id=world.cwc.pk)  # the chain's head exists
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.member).key}")
    with django_assert_num_queries(7):
        r = client.post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json")
    assert r.status_code == 201 and r.json()["motion"] == motion.pk
    assert services.receipt_hash(r.json()["receipt"]) == Ballot.objects.get().receipt_sha256


@pytest.mark.parametrize(
    "data",
    [
        {"choice": "for"},
        {"choice": "against"},
        {"choice": "abstain"},
        {"choice": "abstain", "candidates": []},
        {"candidates": [1, 2]},
        {"choice": "", "candidates": ["3"]},
        {},
    ],
)
def test_the_usual_ballot_reads_as_vote_input_validates_it(data):
    assert vote_input(data) == parse(VoteInput, data)


@pytest.mark.parametrize("data", [{"choice": "maybe"}, {"choice": None}, {"choice": ["for"]}, {"candidates": "x"}, []])
def test_input_to_refuse_gets_vote_input_s_messages(data):
    with pytest.raises(TomoniError) as e:
        vote_input(data)
    with pytest.raises(TomoniError) as expected:
        parse(VoteInput, data)
    assert e.value.errors == expected.value.errors
