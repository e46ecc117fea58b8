"""Test hooks of the governance context for the project-wide scope tests (see tomoni.testing.context_hooks)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tomoni.governance.delegates import api as api_delegates
from tomoni.governance.voice import testing as testing_voice
from tomoni.testing import World

PUBLIC: set[str] = set()
OWN_ONLY: set[str] = set() | testing_voice.OWN_ONLY  # GOV-VOICE: a member's calendar page
NOT_FOUND: set[str] = set()
# Meetings and voting: a CWC member reads their coop's meetings and motions, votes, checks a receipt, sees results.
API_MEMBER_ROUTES: set[str] = {
    "api/v1/coops/<slug:code>/meetings/",
    "api/v1/coops/<slug:code>/meetings/<int:meeting_id>/",
    "api/v1/coops/<slug:code>/motions/<int:motion_id>/",
    "api/v1/coops/<slug:code>/motions/<int:motion_id>/vote/",
    "api/v1/coops/<slug:code>/motions/<int:motion_id>/receipt/",
    "api/v1/coops/<slug:code>/motions/<int:motion_id>/results/",
} | testing_voice.API_MEMBER_ROUTES  # GOV-VOICE: proposals, decisions, minutes
API_MEMBER_ROUTES |= set(api_delegates.MEMBER_ROUTES)  # delegate constituencies


def url_values(world: World) -> dict[str, object]:
    """A value for each URL keyword of the governance context, naming CWC rows about the Ajisai member."""
    from tomoni.governance.delegates import services as services_delegates
    from tomoni.governance.meetings import services as meetings
    from tomoni.governance.voting import services

    values: dict[str, object] = {}
    values |= testing_voice.url_values(world)  # GOV-VOICE: proposal_id, decision_id, meeting_id
    # Meetings and voting: an open ordinary motion of a convened general meeting, the member on its roll.
    meeting = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="第31回通常総会",
        starts_at=timezone.now() + dt.timedelta(days=30),
    )
    meetings.meeting_convene(actor=world.officer, meeting=meeting)
    now = timezone.now()
    motion = services.motion_create(
        actor=world.officer,
        meeting=meeting,
        kind="ordinary",
        title="2015年度事業計画",
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(days=1),
        record_date=timezone.localdate(now),
    )
    services.motion_open(actor=world.officer, motion=motion)
    values.setdefault("meeting_id", meeting.pk)
    values["motion_id"] = motion.pk
    # Delegate constituencies: the Kanto region, the Ajisai member's.
    constituency = services_delegates.constituency_create(actor=world.officer, coop=world.cwc, region=world.region)
    values["constituency_id"] = constituency.pk
    return values
