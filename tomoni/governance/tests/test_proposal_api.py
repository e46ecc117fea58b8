"""REST API of proposals, decisions and minutes: a member raises, comments, supports; scoped like the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tomoni.governance.tests.voice_helpers import held_meeting, nara_user, upcoming_meeting
from tomoni.governance.voice import services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_member_raises_comments_and_another_supports_through_the_api(world: World) -> None:
    member = _api(world.member)

    created = member.post(
        "/api/v1/coops/cwc/proposals/",
        {"title": "送迎車の増車", "body": "朝の送迎が足りない。", "centre": "ajisai"},
        format="json",
    )
    assert created.status_code == 201, created.content
    proposal_id = created.json()["id"]
    comment = member.post(f"/api/v1/coops/cwc/proposals/{proposal_id}/comments/", {"body": "補足"}, format="json")
    supported = _api(nara_user(world)).post(f"/api/v1/coops/cwc/proposals/{proposal_id}/support/")

    assert comment.status_code == 201
    assert created.json()["centre"] == "ajisai"
    # 奈良 (West Nara) does not see an Ajisai proposal, so he cannot support it.
    assert supported.status_code == 404


def test_support_twice_is_refused_with_a_message(world: World) -> None:
    proposal = services.proposal_raise(actor=world.member, coop=world.cwc, title="全体", body="本文")
    nara = _api(nara_user(world))
    url = f"/api/v1/coops/cwc/proposals/{proposal.pk}/support/"

    first = nara.post(url)
    second = nara.post(url, HTTP_ACCEPT_LANGUAGE="ja")

    assert first.status_code == 201
    assert first.json()["support_count"] == 1
    assert second.status_code == 400
    assert second.json()["detail"] == "すでにこの提案に賛同しています。"


def test_bad_input_names_the_field(world: World) -> None:
    response = _api(world.member).post("/api/v1/coops/cwc/proposals/", {"title": ""}, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"title", "body"}


def test_the_decision_register_and_follow_up_through_the_api(world: World) -> None:
    meeting = upcoming_meeting(world)
    decision = services.decision_record(
        actor=world.officer,
        meeting=meeting,
        text="議事録を配布する。",
        owner=world.member_person,
        due_on=timezone.localdate(meeting.starts_at) + dt.timedelta(days=7),
    )
    member = _api(world.member)

    listed = member.get("/api/v1/coops/cwc/decisions/").json()["results"]
    note = member.post(
        f"/api/v1/coops/cwc/decisions/{decision.pk}/notes/", {"body": "配布済み", "status": "done"}, format="json"
    )
    detail = member.get(f"/api/v1/coops/cwc/decisions/{decision.pk}/").json()

    assert [d["id"] for d in listed] == [decision.pk]
    assert note.status_code == 201
    assert detail["status"] == "done"
    assert [n["body"] for n in detail["notes"]] == ["配布済み"]


def test_the_minutes_through_the_api(world: World) -> None:
    meeting, _motion = held_meeting(world)

    data = _api(world.member).get(f"/api/v1/coops/cwc/meetings/{meeting.pk}/minutes/").json()

    assert data["status"] == "none"
    assert data["blocks"][0]["text"] == "第30回通常総会 議事録"


def test_an_outsider_gets_404_from_the_api(world: World) -> None:
    proposal = services.proposal_raise(actor=world.member, coop=world.cwc, title="全体", body="本文")
    outsider = _api(world.outsider)

    assert outsider.get("/api/v1/coops/cwc/proposals/").status_code == 404
    assert outsider.get(f"/api/v1/coops/cwc/proposals/{proposal.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/coops/cwc/proposals/{proposal.pk}/support/").status_code == 404
    assert outsider.get("/api/v1/coops/cwc/decisions/").status_code == 404
