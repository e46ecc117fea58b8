"""Meetings: convocation within the notice period, kinds, agenda, round tables, who may run them."""

import datetime as dt

import pytest
from django.utils import timezone

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.governance.meetings import selectors
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Meeting, MeetingStatus
from tomoni.governance.tests.factories import add_members, meeting
from tomoni.governance.voting import services


def test_a_general_meeting_is_convened_with_ten_days_notice(world):
    m = meeting(world, days_ahead=11)
    assert m.status == MeetingStatus.CONVENED and m.notice_days == 10
    assert AuditEvent.objects.filter(action="governance.meeting.convened", object_id=str(m.pk)).exists()


def test_convening_too_soon_is_refused_with_the_earliest_date(world):
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="臨時総会",
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    with pytest.raises(TomoniError) as e:
        meetings.meeting_convene(actor=world.officer, meeting=m)
    earliest = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    assert earliest in e.value.message
    m.refresh_from_db()
    assert m.status == MeetingStatus.DRAFT


def test_the_coops_articles_may_set_a_longer_notice(world):
    meetings.governance_settings_update(actor=world.officer, coop=world.cwc, notice_days=14)
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="総会",
        starts_at=timezone.now() + dt.timedelta(days=12),
    )
    with pytest.raises(TomoniError):
        meetings.meeting_convene(actor=world.officer, meeting=m)


def test_a_board_meeting_uses_the_short_notice(world):
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="board",
        title="理事会",
        starts_at=timezone.now() + dt.timedelta(days=4),
    )
    assert meetings.meeting_convene(actor=world.officer, meeting=m).notice_days == 3


def test_delegate_meeting_is_refused_with_two_hundred_members_or_fewer(world):
    with pytest.raises(TomoniError) as e:
        meetings.meeting_create(
            actor=world.officer,
            coop=world.cwc,
            kind="delegate",
            title="総代会",
            starts_at=timezone.now() + dt.timedelta(days=20),
        )
    assert "200" in e.value.message
    assert not Meeting.objects.exists()


def test_delegate_meeting_is_allowed_above_two_hundred_members(world):
    add_members(world, 199)  # with the two CWC members of the world: 201
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="delegate",
        title="総代会",
        starts_at=timezone.now() + dt.timedelta(days=20),
    )
    assert m.kind == "delegate"


def test_a_centre_manager_runs_their_centres_all_member_meeting_but_not_the_general_meeting(world):
    m = meetings.meeting_create(
        actor=world.manager,
        coop=world.cwc,
        kind="centre_all_member",
        centre=world.ajisai,
        title="あじさい全体会議",
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    assert meetings.meeting_convene(actor=world.manager, meeting=m).status == MeetingStatus.CONVENED
    with pytest.raises(TomoniError):
        meetings.meeting_create(
            actor=world.manager,
            coop=world.cwc,
            kind="general",
            title="総会",
            starts_at=timezone.now() + dt.timedelta(days=20),
        )
    with pytest.raises(TomoniError):
        meetings.meeting_create(
            actor=world.manager,
            coop=world.cwc,
            kind="centre_all_member",
            centre=world.west_nara,
            title="西奈良",
            starts_at=timezone.now() + dt.timedelta(days=20),
        )


def test_a_member_and_an_outsider_may_not_create_meetings(world):
    for user in (world.member, world.outsider, world.auditor):
        with pytest.raises(TomoniError):
            meetings.meeting_create(
                actor=user,
                coop=world.cwc,
                kind="general",
                title="総会",
                starts_at=timezone.now() + dt.timedelta(days=20),
            )


def test_agenda_items_are_numbered_in_order(world):
    m = meeting(world)
    a = meetings.agenda_item_add(actor=world.officer, meeting=m, title="事業報告", body="")
    b = meetings.agenda_item_add(actor=world.officer, meeting=m, title="事業計画", body="")
    assert (a.order, b.order) == (1, 2)


def test_round_table_records_guests_by_name_and_takes_no_motions(world):
    m = meetings.meeting_create(
        actor=world.manager,
        coop=world.cwc,
        kind="round_table",
        centre=world.ajisai,
        title="地域円卓会議",
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    meetings.meeting_convene(actor=world.manager, meeting=m)
    guest = meetings.attendance_record(
        actor=world.manager, meeting=m, mode="in_person", guest_name="田中 一郎", affiliation="利用者家族"
    )
    assert guest.person is None and guest.affiliation == "利用者家族"
    with pytest.raises(TomoniError):
        services.motion_create(
            actor=world.manager,
            meeting=m,
            kind="advisory",
            title="意見",
            opens_at=timezone.now(),
            closes_at=timezone.now() + dt.timedelta(hours=1),
        )
    with pytest.raises(TomoniError):
        services.roll_freeze(actor=world.manager, meeting=m, record_date=timezone.localdate())


def test_guests_are_refused_at_a_general_meeting(world):
    m = meeting(world)
    with pytest.raises(TomoniError):
        meetings.attendance_record(actor=world.officer, meeting=m, mode="in_person", guest_name="来賓")


def test_members_see_the_general_meeting_and_outsiders_get_404(world):
    m = meeting(world)
    assert selectors.meeting_get(world.member, "cwc", m.pk) == m
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.meeting_get(world.outsider, "cwc", m.pk)
    with pytest.raises(Http404):
        selectors.meeting_get(world.staff, "cwc", m.pk)


def test_board_meetings_are_seen_by_directors_not_by_other_members(world):
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="board",
        title="理事会",
        starts_at=timezone.now() + dt.timedelta(days=4),
    )
    assert not selectors.meetings_visible(world.member, world.cwc).filter(pk=m.pk).exists()
    world.nara_person.user = world.outsider.__class__.objects.create_user(username="nara", password="x")
    world.nara_person.save()
    assert selectors.meetings_visible(world.nara_person.user, world.cwc).filter(pk=m.pk).exists()
