"""Helpers for the proposals, decisions and minutes tests: meetings held in the past, members with logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from tomoni.core.models import User
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Meeting, Motion
from tomoni.governance.tests.factories import in_session
from tomoni.governance.voting import services
from tomoni.members.models import Person
from tomoni.testing import World, make_user


@contextmanager
def at(when: dt.datetime) -> Iterator[None]:
    """Move the clock seam (tomoni.core.clock.now) to `when`."""
    with mock.patch("tomoni.core.clock.now", return_value=when):
        yield


def nara_user(world: World) -> User:
    """Give the West Nara member (奈良 太郎, a director) a login."""
    user = make_user("C0000002")
    Person.objects.filter(pk=world.nara_person.pk).update(user=user)
    world.nara_person.refresh_from_db()
    return user


def upcoming_meeting(world: World, *, kind: str = "general", centre=None, days_ahead: int = 20) -> Meeting:
    meeting = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind=kind,
        title="第30回通常総会" if kind == "general" else "全体会議",
        starts_at=timezone.now() + dt.timedelta(days=days_ahead),
        centre=centre,
        place="本部会議室",
    )
    return meetings.meeting_convene(actor=world.officer, meeting=meeting)


def held_meeting(world: World, *, with_motion: bool = True, passed: bool = True) -> tuple[Meeting, Motion | None]:
    """A general meeting held five days ago: chair, minute signatory, attendance, one item and a counted motion."""
    now = timezone.now()
    starts = now - dt.timedelta(days=5)
    with at(now - dt.timedelta(days=40)):
        meeting = meetings.meeting_create(
            actor=world.officer,
            coop=world.cwc,
            kind="general",
            title="第30回通常総会",
            starts_at=starts,
            place="本部会議室",
        )
        meetings.meeting_convene(actor=world.officer, meeting=meeting)
    meetings.meeting_officers_set(
        actor=world.officer, meeting=meeting, chair=world.member_person, minute_takers=[world.nara_person]
    )
    item = meetings.agenda_item_add(actor=world.officer, meeting=meeting, title="2015年度事業計画", body="事業計画案")
    meetings.attendance_record(actor=world.officer, meeting=meeting, mode="in_person", person=world.member_person)
    meetings.attendance_record(
        actor=world.officer, meeting=meeting, mode="written", person=world.nara_person, paper_reference="W-1"
    )
    motion = None
    if with_motion:
        with at(starts):
            motion = services.motion_create(
                actor=world.officer,
                meeting=meeting,
                kind="ordinary",
                title="第1号議案 2015年度事業計画の承認",
                body="",
                opens_at=starts,
                closes_at=starts + dt.timedelta(hours=2),
                agenda_item=item,
            )
            services.motion_open(actor=world.officer, motion=motion)
        with at(starts + dt.timedelta(hours=1)):
            services.vote_cast(actor=world.member, motion=motion, choice="for" if passed else "against")
            services.vote_record_paper(
                actor=world.officer,
                motion=motion,
                person=world.nara_person,
                channel="written",
                paper_reference="W-1",
                choice="for" if passed else "against",
            )
        in_session(world, motion)
        motion = services.motion_tally(actor=world.officer, motion=motion)
    meeting.refresh_from_db()
    return meeting, motion
