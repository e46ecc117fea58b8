"""Casting: once per member, on the roll, while open; paper votes by officers; refusals record nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import override

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.governance.meetings import selectors
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Ballot, Participation
from tomoni.governance.tests.factories import add_members, close, in_session, open_motion
from tomoni.governance.voting import services


@pytest.fixture(autouse=True)
def _english():
    """The messages checked below are the English ones; one test switches to Japanese itself."""
    with override("en"):
        yield


def counts():
    return Ballot.objects.count(), Participation.objects.count()


def test_a_member_votes_once_and_keeps_a_receipt(world):
    motion = open_motion(world)
    code = services.vote_cast(actor=world.member, motion=motion, choice="for")
    assert len(code) == 14 and code[4] == "-"
    assert counts() == (1, 1)
    assert selectors.has_voted(world.member, motion)


def test_a_second_vote_is_refused_and_the_first_stands(world):
    motion = open_motion(world)
    services.vote_cast(actor=world.member, motion=motion, choice="for")
    with pytest.raises(TomoniError) as e:
        services.vote_cast(actor=world.member, motion=motion, choice="against")
    assert "first vote stands" in e.value.message
    assert counts() == (1, 1)
    assert Ballot.objects.get().choice == "for"


def test_the_refusal_is_in_the_members_language(world):
    motion = open_motion(world)
    services.vote_cast(actor=world.member, motion=motion, choice="for")
    with override("ja"), pytest.raises(TomoniError) as e:
        services.vote_cast(actor=world.member, motion=motion, choice="for")
    assert "既に" in e.value.message


def test_voting_after_the_close_is_refused_and_nothing_recorded(world):
    motion = open_motion(world)
    in_session(world, motion)
    services.motion_close(actor=world.officer, motion=motion)
    with pytest.raises(TomoniError) as e:
        services.vote_cast(actor=world.member, motion=motion, choice="for")
    assert "closed" in e.value.message
    assert counts() == (0, 0)


def test_voting_after_the_closing_time_is_refused_even_before_the_chair_closes(world):
    motion = open_motion(world)
    motion.closes_at = timezone.now() - dt.timedelta(seconds=1)
    with pytest.raises(TomoniError):
        services.vote_cast(actor=world.member, motion=motion, choice="for")
    assert counts() == (0, 0)


def test_voting_off_the_roll_is_refused_and_nothing_recorded(world):
    motion = open_motion(world)
    late = add_members(world, 1)[0][1]  # joined after the roll was frozen
    for user in (late, world.officer, world.outsider):
        with pytest.raises(TomoniError) as e:
            services.vote_cast(actor=user, motion=motion, choice="for")
        assert "roll" in e.value.message
    assert counts() == (0, 0)


def test_a_member_of_another_centre_is_off_a_centre_meetings_roll(world):
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="centre_all_member",
        centre=world.west_nara,
        title="西奈良全体会議",
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    meetings.meeting_convene(actor=world.officer, meeting=m)
    motion = open_motion(world, meeting_=m)
    with pytest.raises(TomoniError):
        services.vote_cast(actor=world.member, motion=motion, choice="for")


def test_a_bad_choice_is_refused(world):
    motion = open_motion(world)
    with pytest.raises(TomoniError):
        services.vote_cast(actor=world.member, motion=motion, choice="maybe")
    assert counts() == (0, 0)


def test_voting_before_the_opening_is_refused(world):
    motion = open_motion(world)
    motion.opens_at = timezone.now() + dt.timedelta(hours=1)
    with pytest.raises(TomoniError):
        services.vote_cast(actor=world.member, motion=motion, choice="for")


def test_officer_enters_written_and_proxy_votes_with_the_papers_reference(world):
    people = [p for p, _u in add_members(world, 3)]
    motion = open_motion(world)
    services.vote_record_paper(
        actor=world.officer,
        motion=motion,
        person=people[0],
        channel="written",
        paper_reference="書面-0001",
        choice="for",
    )
    services.vote_record_paper(
        actor=world.officer,
        motion=motion,
        person=people[1],
        channel="proxy",
        paper_reference="委任-0001",
        proxy_holder=people[2],
        choice="against",
    )
    with pytest.raises(TomoniError):  # beyond the proxy limit of 1
        services.vote_record_paper(
            actor=world.officer,
            motion=motion,
            person=world.member_person,
            channel="proxy",
            paper_reference="委任-0002",
            proxy_holder=people[2],
            choice="for",
        )
    with pytest.raises(TomoniError):  # no reference
        services.vote_record_paper(
            actor=world.officer,
            motion=motion,
            person=world.member_person,
            channel="written",
            paper_reference="",
            choice="for",
        )
    refs = set(Participation.objects.values_list("paper_reference", flat=True))
    assert refs == {"書面-0001", "委任-0001"}
    with pytest.raises(TomoniError):  # the member who voted in writing cannot vote again online
        services.vote_cast(actor=people[0].user, motion=motion, choice="against")


def test_a_member_may_not_enter_paper_votes(world):
    motion = open_motion(world)
    with pytest.raises(TomoniError):
        services.vote_record_paper(
            actor=world.member,
            motion=motion,
            person=world.nara_person,
            channel="written",
            paper_reference="1",
            choice="for",
        )


def test_receipt_confirms_inclusion_only_after_the_close(world):
    motion = open_motion(world)
    code = services.vote_cast(actor=world.member, motion=motion, choice="for")
    assert not selectors.receipt_verify(motion=motion, code=code)
    close(world, motion)
    assert selectors.receipt_verify(motion=motion, code=code)
    assert selectors.receipt_verify(motion=motion, code=code.lower().replace("-", " "))
    assert not selectors.receipt_verify(motion=motion, code="AAAA-BBBB-CCCC")


def test_the_audit_event_of_a_vote_carries_neither_choice_nor_ballot(world):
    motion = open_motion(world)
    services.vote_cast(actor=world.member, motion=motion, choice="against")
    event = AuditEvent.objects.get(action="governance.vote.cast")
    ballot = Ballot.objects.get()
    text = repr(event.data) + event.object_id + event.object_type
    assert "against" not in text and str(ballot.pk) not in text and ballot.receipt_sha256 not in text
    assert event.object_type == "governance.motion"


def test_election_ballot_marks_up_to_the_seats(world):
    people = [p for p, _u in add_members(world, 3)]
    motion = open_motion(world, kind="election", seats=2, candidates=people)
    ids = list(motion.candidates.values_list("pk", flat=True))
    with pytest.raises(TomoniError):
        services.vote_cast(actor=world.member, motion=motion, candidate_ids=ids)
    services.vote_cast(actor=world.member, motion=motion, candidate_ids=ids[:2])
    assert Ballot.objects.get().marks.count() == 2
