"""The replica's FY2014 democratic year of CWC, loaded through the services on the test world."""

from __future__ import annotations

import datetime as dt

import pytest

from tomoni.federation.models import Centre
from tomoni.governance.models import (
    Attendance,
    Ballot,
    Constituency,
    Decision,
    Delegate,
    Meeting,
    Minutes,
    MinutesStatus,
    Motion,
    Proposal,
    RollEntry,
)
from tomoni.governance.replica import load_into_replica
from tomoni.governance.voice import rules as rules_voice
from tomoni.members.models import Membership, Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _personas(world: World) -> None:
    """Name the world's users as the replica's personas are named, each a member of Ajisai."""
    world.member.username = "C0000003"
    world.member.save()
    for user, username, family in (
        (world.officer, "cwc-officer", "理事"),
        (world.manager, "C0000001", "小林"),
        (world.support, "C0000002", "支援"),
    ):
        user.username = username
        user.save()
        person = Person.objects.create(coop=world.cwc, family_name=family, given_name="一", user=user)
        Membership.objects.create(
            coop=world.cwc, person=person, kind="worker", member_number=f"P-{username}", centre=world.ajisai,
            joined_on=dt.date(2010, 4, 1),
        )  # fmt: skip


def _members(world: World, n: int, centre, start: int) -> None:
    people = Person.objects.bulk_create(
        [Person(coop=world.cwc, family_name="組合", given_name=f"員{i}") for i in range(start, start + n)]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                coop=world.cwc, person=p, kind="worker", member_number=f"M{start + i:07d}", centre=centre,
                joined_on=dt.date(2010, 4, 1),
            )
            for i, p in enumerate(people)
        ]
    )  # fmt: skip


def test_a_small_coop_holds_a_general_meeting_with_counted_ballots_and_signed_minutes(world: World) -> None:
    _personas(world)
    _members(world, 12, world.ajisai, 100)
    _members(world, 6, world.west_nara, 200)

    counts = load_into_replica(federation=world.federation, scale="small", progress=None)

    general = Meeting.objects.get(coop=world.cwc, kind="general")
    assert general.title == "第27回通常総会"
    assert general.starts_at.date() == dt.date(2014, 6, 28)
    motions = list(Motion.objects.filter(meeting=general))
    assert len(motions) == 4
    for motion in motions:
        assert motion.passed is True
        assert Ballot.objects.filter(motion=motion).count() == motion.present_count
    minutes = Minutes.objects.get(meeting=general)
    assert minutes.status == MinutesStatus.FIXED
    assert minutes.content_sha256 == rules_voice.minutes_digest(minutes.fixed_content)
    assert counts["governance_proposals"] == Proposal.objects.filter(coop=world.cwc).count() == 5


def test_the_year_has_centre_meetings_a_round_table_decisions_and_proposals(world: World) -> None:
    _personas(world)
    _members(world, 12, world.ajisai, 100)
    _members(world, 6, world.west_nara, 200)

    load_into_replica(federation=world.federation, scale="small", progress=None)

    round_table = Meeting.objects.get(coop=world.cwc, kind="round_table")
    assert Attendance.objects.filter(meeting=round_table, person__isnull=True).count() == 5
    assert Meeting.objects.filter(kind="centre_all_member", centre=world.west_nara).exists()
    decisions = Decision.objects.filter(coop=world.cwc)
    assert decisions.filter(status="done").exists()
    assert decisions.exclude(status="done").filter(due_on__lt=dt.date(2015, 3, 31)).exists()  # overdue then
    assert all(d.owner_id and d.due_on for d in decisions)
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert statuses == {"open", "on_agenda", "answered"}
    assert Proposal.objects.get(title="送迎車に車いす用リフトを").created_at.date() == dt.date(2014, 4, 18)


def test_a_coop_above_200_members_elects_delegates_who_hold_the_delegate_meeting(world: World) -> None:
    _personas(world)
    _members(world, 12, world.ajisai, 100)
    _members(world, 6, world.west_nara, 200)
    _members(world, 200, None, 1000)
    chiba = Centre.objects.create(
        coop=world.cwc, region=world.region, code="chiba", name="千葉事業所", prefecture_code="12",
        municipality="千葉市", opened_on=dt.date(2001, 4, 1),
    )  # fmt: skip
    _members(world, 100, chiba, 2000)

    load_into_replica(federation=world.federation, scale="full", progress=None)

    meeting = Meeting.objects.get(coop=world.cwc, kind="delegate")
    assert meeting.title == "第27回通常総代会"
    elected = Delegate.objects.filter(coop=world.cwc, elected_by__isnull=False)
    assert {d.constituency_name for d in elected} == {"地域福祉事業所あじさい選挙区", "西奈良事業所選挙区"}
    # Seats by members, one at least each: Ajisai and West Nara of their own, Kanto (Chiba) by region.
    seats = dict(Constituency.objects.filter(coop=world.cwc).values_list("name", "seats"))
    assert seats == {"地域福祉事業所あじさい選挙区": 1, "西奈良事業所選挙区": 1, "関東事業本部選挙区": 1}
    kanto = Delegate.objects.get(coop=world.cwc, constituency__region=world.region)
    assert kanto.elected_by is None and kanto.person.memberships.get().centre == chiba  # returned unopposed
    for election in Motion.objects.filter(coop=world.cwc, constituency__isnull=False):
        centre = election.constituency.centre
        on_roll = set(RollEntry.objects.filter(roll=election.roll).values_list("person_id", flat=True))
        assert on_roll == set(Membership.objects.filter(centre=centre).values_list("person_id", flat=True))
        assert {c.person.memberships.get().centre for c in election.candidates.all()} == {centre}
    delegates = Delegate.objects.filter(coop=world.cwc).count()
    for motion in Motion.objects.filter(meeting=meeting):
        assert motion.on_roll_count == delegates
        assert motion.passed is True
