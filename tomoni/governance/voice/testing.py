"""Test hooks of proposals, decisions and minutes, gathered by tomoni/governance/testing.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tomoni.governance.voice.api import MEMBER_ROUTES
from tomoni.testing import World

# URLs without arguments: a member's own calendar page shows only their own address.
OWN_ONLY = {"governance:my_calendar"}
API_MEMBER_ROUTES = set(MEMBER_ROUTES)


def url_values(world: World) -> dict[str, object]:
    """One CWC proposal of the Ajisai member with a comment, one convened general meeting and one decision it owns."""
    from tomoni.governance.meetings import services
    from tomoni.governance.voice import services as services_voice

    meeting = services.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="第30回通常総会",
        starts_at=timezone.now() + dt.timedelta(days=20),
        place="本部会議室",
    )
    services.meeting_convene(actor=world.officer, meeting=meeting)
    proposal = services_voice.proposal_raise(
        actor=world.member, coop=world.cwc, title="休憩室の改善", body="休憩室にソファを置きたい。"
    )
    services_voice.proposal_comment_add(actor=world.officer, proposal=proposal, body="次の理事会で取り上げます。")
    decision = services_voice.decision_record(
        actor=world.officer,
        meeting=meeting,
        text="休憩室の改善案を次の理事会までにまとめる。",
        owner=world.member_person,
        due_on=timezone.localdate(meeting.starts_at) + dt.timedelta(days=30),
    )
    services_voice.decision_follow_up(
        actor=world.officer, decision=decision, body="案を作り始めました。", status="in_progress"
    )
    return {"proposal_id": proposal.pk, "decision_id": decision.pk, "meeting_id": meeting.pk}
