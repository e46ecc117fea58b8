"""Minutes (議事録): drawn from the meeting record in Japanese, as HTML and PDF, fixed once signed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tomoni.core.errors import TomoniError
from tomoni.governance.models import MinutesStatus
from tomoni.governance.tests.voice_helpers import held_meeting, nara_user, upcoming_meeting
from tomoni.governance.voice import minutes as rendering
from tomoni.governance.voice import rules as rules_voice
from tomoni.governance.voice import services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(blocks) -> str:
    return "\n".join(" ".join(block[1:]) for block in blocks)


def test_the_minutes_state_the_meeting_record_in_japanese(world: World) -> None:
    meeting, motion = held_meeting(world)
    services.decision_record(
        actor=world.officer,
        meeting=meeting,
        text="事業計画を実行する。",
        owner=world.member_person,
        due_on=timezone.localdate(meeting.starts_at) + dt.timedelta(days=30),
        motion=motion,
    )
    minutes = services.minutes_prepare(
        actor=world.officer, meeting=meeting, questions="質問：送迎は？\n\n回答：増やします。"
    )

    text = _text(rendering.minutes_blocks(meeting=meeting, minutes=minutes))

    for expected in (
        "第30回通常総会 議事録",
        "本部会議室",
        "出席者数",
        "書面",
        "第1号議案 2015年度事業計画の承認",
        "賛成",
        "可決",
        "事業計画を実行する。",
        "小林 花子",
        "質問：送迎は？",
        "回答：増やします。",
    ):
        assert expected in text, expected


def test_the_minutes_give_every_figure_of_the_vote(world: World) -> None:
    meeting, _motion = held_meeting(world)

    blocks = rendering.minutes_blocks(meeting=meeting, minutes=None)
    pairs = {block[1]: block[2] for block in blocks if block[0] == "pair"}

    assert pairs["議決権を有する組合員"] == "2人"
    assert pairs["出席者（書面・代理を含む）"] == "2人"
    assert pairs["賛成"] == "2票"
    assert pairs["反対"] == "0票"
    assert pairs["棄権"] == "0票"
    assert pairs["結果"] == "可決"


def test_the_pdf_carries_the_japanese_text(world: World) -> None:
    meeting, _motion = held_meeting(world)

    response = _client(world.member).get(reverse("governance:minutes_pdf", args=["cwc", meeting.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "議事録" in text
    assert "第30回通常総会" in text
    assert "小林" in text


def test_signing_by_chair_and_signatories_fixes_the_minutes(world: World) -> None:
    meeting, _motion = held_meeting(world)
    minutes = services.minutes_prepare(actor=world.officer, meeting=meeting)
    nara = nara_user(world)

    services.minutes_sign(actor=world.member, minutes=minutes)  # the chair
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    services.minutes_sign(actor=nara, minutes=minutes)  # the minute signatory

    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.FIXED
    assert minutes.content_sha256 == rules_voice.minutes_digest(minutes.fixed_content)
    assert "署名済み" in _text(minutes.fixed_content)


def test_fixed_minutes_do_not_change_with_the_record(world: World) -> None:
    meeting, _motion = held_meeting(world)
    minutes = services.minutes_prepare(actor=world.officer, meeting=meeting)
    services.minutes_sign(actor=world.member, minutes=minutes)
    services.minutes_sign(actor=nara_user(world), minutes=minutes)
    minutes.refresh_from_db()
    digest = minutes.content_sha256

    meeting.place = "別の会場"
    meeting.save()
    page = _client(world.member).get(reverse("governance:minutes", args=["cwc", meeting.pk])).content.decode()

    assert "本部会議室" in page and "別の会場" not in page
    assert digest in page
    with pytest.raises(TomoniError):
        services.minutes_prepare(actor=world.officer, meeting=meeting, questions="後から")


def test_only_signatories_sign_and_only_once(world: World) -> None:
    meeting, _motion = held_meeting(world)
    minutes = services.minutes_prepare(actor=world.officer, meeting=meeting)

    with pytest.raises(TomoniError):
        services.minutes_sign(actor=world.officer, minutes=minutes)
    services.minutes_sign(actor=world.member, minutes=minutes)
    with pytest.raises(TomoniError):
        services.minutes_sign(actor=world.member, minutes=minutes)


def test_minutes_are_drawn_up_only_after_the_meeting(world: World) -> None:
    meeting = upcoming_meeting(world)

    with pytest.raises(TomoniError):
        services.minutes_prepare(actor=world.officer, meeting=meeting)


def test_the_page_offers_the_signature_to_the_chair(world: World) -> None:
    meeting, _motion = held_meeting(world)
    services.minutes_prepare(actor=world.officer, meeting=meeting)
    client = _client(world.member)

    page = client.get(reverse("governance:minutes", args=["cwc", meeting.pk])).content.decode()
    signed = client.post(reverse("governance:minutes_sign", args=["cwc", meeting.pk]), follow=True)

    assert reverse("governance:minutes_sign", args=["cwc", meeting.pk]) in page
    assert "議事録に署名しました。" in signed.content.decode()


def test_an_outsider_gets_404_for_the_minutes(world: World) -> None:
    meeting, _motion = held_meeting(world)
    client = _client(world.outsider)

    assert client.get(reverse("governance:minutes", args=["cwc", meeting.pk])).status_code == 404
    assert client.get(reverse("governance:minutes_pdf", args=["cwc", meeting.pk])).status_code == 404
    assert client.post(reverse("governance:minutes_sign", args=["cwc", meeting.pk])).status_code == 404


def test_the_minutes_index_lists_held_meetings_with_their_state(world: World) -> None:
    meeting, _motion = held_meeting(world)
    upcoming = upcoming_meeting(world)
    services.minutes_prepare(actor=world.officer, meeting=meeting)
    url = reverse("governance:minutes_index", args=["cwc"])

    page = _client(world.member).get(url).content.decode()

    assert reverse("governance:minutes", args=["cwc", meeting.pk]) in page
    assert reverse("governance:minutes", args=["cwc", upcoming.pk]) not in page
    assert "署名待ち" in page
    assert reverse("governance:notices", args=["cwc", meeting.pk]) not in page  # a member sends no notices
    assert reverse("governance:notices", args=["cwc", meeting.pk]) in _client(world.officer).get(url).content.decode()
    assert _client(world.outsider).get(url).status_code == 404
