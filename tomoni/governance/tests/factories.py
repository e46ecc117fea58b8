"""Helpers to build meetings and open motions for the governance tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tomoni.core.models import User
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Meeting, Motion
from tomoni.governance.voting import services
from tomoni.members.models import Membership, Person
from tomoni.testing import World, make_user

NOW = timezone.now


def meeting(world: World, *, kind: str = "general", days_ahead: int = 20, centre=None) -> Meeting:
    m = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind=kind,
        title="第30回通常総会",
        starts_at=timezone.now() + dt.timedelta(days=days_ahead),
        centre=centre,
        place="本部会議室",
    )
    return meetings.meeting_convene(actor=world.officer, meeting=m)


def open_motion(world: World, *, kind: str = "ordinary", meeting_=None, seats: int = 0, candidates=(), **kw) -> Motion:
    m = meeting_ or meeting(world)
    now = timezone.now()
    motion = services.motion_create(
        actor=world.officer,
        meeting=m,
        kind=kind,
        title="2015年度事業計画の承認",
        body="本文",
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(days=1),
        record_date=timezone.localdate(now),
        special_matter="articles" if kind == "special" else "",
        seats=seats,
        **kw,
    )
    for person in candidates:
        services.candidate_add(actor=world.officer, motion=motion, person=person)
    return services.motion_open(actor=world.officer, motion=motion)


def add_members(world: World, n: int, *, start: int = 100) -> list[tuple[Person, User]]:
    out = []
    for i in range(start, start + n):
        user = make_user(f"C{i:07d}")
        person = Person.objects.create(coop=world.cwc, family_name="組合", given_name=f"員{i}", user=user)
        Membership.objects.create(
            coop=world.cwc,
            person=person,
            kind="worker",
            member_number=f"C{i:07d}",
            centre=world.ajisai,
            joined_on=dt.date(2012, 4, 1),
        )
        out.append((person, user))
    return out


def in_session(world: World, motion: Motion) -> None:
    """The chair opens the meeting's session: its motions can then be closed and counted."""
    meeting = motion.meeting
    meeting.refresh_from_db()
    if meeting.status == "convened":
        meetings.meeting_set_status(actor=world.officer, meeting=meeting, status="in_session", notify=False)


def close(world: World, motion: Motion) -> Motion:
    in_session(world, motion)
    services.motion_close(actor=world.officer, motion=motion)
    return services.motion_tally(actor=world.officer, motion=motion)
