"""Attendance and the chair's live quorum figure: in person, online, written and proxy count against the roll."""

import pytest
from django.utils import timezone

from tomoni.core.errors import TomoniError
from tomoni.governance.meetings import selectors
from tomoni.governance.meetings import services as meetings
from tomoni.governance.tests.factories import add_members, meeting
from tomoni.governance.voting import services


def test_live_quorum_counts_every_mode_against_the_roll(world):
    people = [p for p, _u in add_members(world, 8)]  # 10 members with the world's two
    m = meeting(world)
    services.roll_freeze(actor=world.officer, meeting=m, record_date=timezone.localdate())
    meetings.attendance_record(actor=world.officer, meeting=m, person=people[0], mode="in_person")
    meetings.attendance_record(actor=world.officer, meeting=m, person=people[1], mode="online")
    meetings.attendance_record(
        actor=world.officer, meeting=m, person=people[2], mode="written", paper_reference="書-001"
    )
    q = selectors.meeting_quorum(m)
    assert (q.on_roll, q.present, q.needed, q.met) == (10, 3, 5, False)
    meetings.attendance_record(
        actor=world.officer, meeting=m, person=people[3], mode="proxy", proxy_holder=people[0], paper_reference="委-001"
    )
    meetings.attendance_record(actor=world.officer, meeting=m, person=people[4], mode="in_person")
    q = selectors.meeting_quorum(m)
    assert (q.present, q.in_person, q.online, q.written, q.proxy, q.met) == (5, 2, 1, 1, 1, True)
    assert len(q.roll_sha256) == 64


def test_proxy_beyond_the_articles_limit_is_refused(world):
    people = [p for p, _u in add_members(world, 4)]
    m = meeting(world)
    meetings.attendance_record(
        actor=world.officer, meeting=m, person=people[1], mode="proxy", proxy_holder=people[0], paper_reference="委-1"
    )
    with pytest.raises(TomoniError) as e:
        meetings.attendance_record(
            actor=world.officer,
            meeting=m,
            person=people[2],
            mode="proxy",
            proxy_holder=people[0],
            paper_reference="委-2",
        )
    assert "1" in e.value.message


def test_written_attendance_needs_the_papers_reference(world):
    people = [p for p, _u in add_members(world, 1)]
    m = meeting(world)
    with pytest.raises(TomoniError):
        meetings.attendance_record(actor=world.officer, meeting=m, person=people[0], mode="written")


def test_written_votes_refused_when_the_articles_forbid_them(world):
    meetings.governance_settings_update(actor=world.officer, coop=world.cwc, written_votes_allowed=False)
    people = [p for p, _u in add_members(world, 1)]
    m = meeting(world)
    with pytest.raises(TomoniError):
        meetings.attendance_record(
            actor=world.officer, meeting=m, person=people[0], mode="written", paper_reference="1"
        )


def test_attendance_is_recorded_once(world):
    m = meeting(world)
    meetings.attendance_record(actor=world.officer, meeting=m, person=world.member_person, mode="in_person")
    with pytest.raises(TomoniError):
        meetings.attendance_record(actor=world.officer, meeting=m, person=world.member_person, mode="online")


def test_roll_hash_is_reproducible_from_the_published_numbers(world):
    m = meeting(world)
    roll = services.roll_freeze(actor=world.officer, meeting=m, record_date=timezone.localdate())
    digest = services.roll_digest(
        coop_code="cwc", meeting_id=m.pk, record_date=roll.record_date, numbers=selectors.roll_numbers(roll)
    )
    assert digest == roll.sha256 and roll.member_count == 2


def test_roll_of_a_centre_meeting_holds_the_centres_members_only(world):
    m = meetings.meeting_create(
        actor=world.manager,
        coop=world.cwc,
        kind="centre_all_member",
        centre=world.ajisai,
        title="全体会議",
        starts_at=timezone.now() + timezone.timedelta(days=5),
    )
    roll = services.roll_freeze(actor=world.manager, meeting=m, record_date=timezone.localdate())
    assert selectors.roll_numbers(roll) == ["C0000001"]


def test_roll_of_the_board_holds_the_directors(world):
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="board",
        title="理事会",
        starts_at=timezone.now() + timezone.timedelta(days=5),
    )
    roll = services.roll_freeze(actor=world.officer, meeting=m, record_date=timezone.localdate())
    assert selectors.roll_numbers(roll) == ["C0000002"]
