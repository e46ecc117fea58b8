"""Proposals: any member raises one, others support it once and discuss it, the board or the centre settles it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.governance.models import AgendaItem, ProposalStatus, ProposalSupport
from tomoni.governance.tests.voice_helpers import nara_user, upcoming_meeting
from tomoni.governance.voice import services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _raise(world: World, **kw):
    fields = {"title": "休憩室の改善", "body": "休憩室にソファを置きたい。"} | kw
    return services.proposal_raise(actor=world.member, coop=world.cwc, **fields)


def test_a_member_raises_a_proposal_for_the_coop(world: World) -> None:
    proposal = _raise(world)

    assert proposal.raised_by == world.member_person
    assert proposal.centre is None
    assert proposal.status == ProposalStatus.OPEN


def test_a_member_raises_a_question_for_their_own_centre_only(world: World) -> None:
    proposal = _raise(world, kind="question", centre=world.ajisai)
    assert proposal.centre == world.ajisai

    with pytest.raises(TomoniError) as refused:
        _raise(world, centre=world.west_nara)
    assert refused.value.field == "centre"


def test_an_officer_without_a_membership_cannot_raise_one(world: World) -> None:
    with pytest.raises(TomoniError):
        services.proposal_raise(actor=world.officer, coop=world.cwc, title="x", body="y")


def test_a_blank_title_is_refused_in_japanese(world: World) -> None:
    response = _client(world.member).post(
        reverse("governance:proposal_create", args=["cwc"]), {"title": "", "body": "本文", "kind": "item"}
    )

    assert response.status_code == 200
    assert "この項目は必須です。" in response.content.decode()


def test_the_form_raises_a_proposal_and_shows_it(world: World) -> None:
    client = _client(world.member)
    response = client.post(
        reverse("governance:proposal_create", args=["cwc"]),
        {"title": "送迎車の増車", "body": "朝の送迎が足りない。", "kind": "item", "centre": world.ajisai.pk},
    )
    assert response.status_code == 302

    page = client.get(response["Location"]).content.decode()
    assert "送迎車の増車" in page
    assert "小林 花子" in page


def test_support_comes_once_from_each_other_member(world: World) -> None:
    proposal = _raise(world)
    nara = nara_user(world)

    services.proposal_support(actor=nara, proposal=proposal)
    with pytest.raises(TomoniError) as twice:
        services.proposal_support(actor=nara, proposal=proposal)

    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1
    assert "already" in twice.value.message or "すでに" in twice.value.message


def test_the_raiser_cannot_support_their_own_proposal(world: World) -> None:
    proposal = _raise(world)

    with pytest.raises(TomoniError):
        services.proposal_support(actor=world.member, proposal=proposal)
    assert not ProposalSupport.objects.exists()


def test_a_second_support_through_the_page_says_so_in_japanese(world: World) -> None:
    proposal = _raise(world)
    client = _client(nara_user(world))
    url = reverse("governance:proposal_support", args=["cwc", proposal.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert "すでにこの提案に賛同しています。" in response.content.decode()
    assert ProposalSupport.objects.count() == 1


def test_members_discuss_a_proposal_in_its_thread(world: World) -> None:
    proposal = _raise(world)
    client = _client(nara_user(world))

    client.post(reverse("governance:proposal_comment", args=["cwc", proposal.pk]), {"body": "賛成です。"})

    assert list(proposal.comments.values_list("author_name", "body")) == [("奈良 太郎", "賛成です。")]


def test_a_member_of_another_centre_does_not_see_a_centre_proposal(world: World) -> None:
    proposal = _raise(world, centre=world.ajisai)
    coop_wide = _raise(world, title="全体への提案")
    client = _client(nara_user(world))

    assert client.get(reverse("governance:proposal", args=["cwc", proposal.pk])).status_code == 404
    assert client.get(reverse("governance:proposal", args=["cwc", coop_wide.pk])).status_code == 200


def test_an_outsider_gets_404_for_proposals(world: World) -> None:
    proposal = _raise(world)
    client = _client(world.outsider)

    assert client.get(reverse("governance:proposals", args=["cwc"])).status_code == 404
    assert client.get(reverse("governance:proposal", args=["cwc", proposal.pk])).status_code == 404
    assert client.post(reverse("governance:proposal_support", args=["cwc", proposal.pk])).status_code == 404


def test_the_board_puts_a_proposal_on_a_meetings_agenda(world: World) -> None:
    proposal = _raise(world)
    meeting = upcoming_meeting(world)

    services.proposal_put_on_agenda(actor=world.officer, proposal=proposal, meeting=meeting)

    proposal.refresh_from_db()
    item = AgendaItem.objects.get(meeting=meeting)
    assert proposal.status == ProposalStatus.ON_AGENDA
    assert proposal.agenda_item == item
    assert item.title == "休憩室の改善"


def test_the_centre_manager_settles_their_centres_proposal_but_not_the_coops(world: World) -> None:
    mine = _raise(world, centre=world.ajisai)
    coop_wide = _raise(world, title="全体への提案")

    services.proposal_answer(actor=world.manager, proposal=mine, response="来月から実施します。")
    with pytest.raises(TomoniError):
        services.proposal_answer(actor=world.manager, proposal=coop_wide, response="…")

    mine.refresh_from_db()
    assert mine.status == ProposalStatus.ANSWERED


def test_declining_needs_a_reason_and_settles_once(world: World) -> None:
    proposal = _raise(world)

    with pytest.raises(TomoniError):
        services.proposal_answer(actor=world.officer, proposal=proposal, response="  ", decline=True)
    services.proposal_answer(actor=world.officer, proposal=proposal, response="予算がありません。", decline=True)
    with pytest.raises(TomoniError):
        services.proposal_answer(actor=world.officer, proposal=proposal, response="再回答")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.response == "予算がありません。"


def test_a_member_cannot_settle_a_proposal(world: World) -> None:
    proposal = _raise(world)
    client = _client(nara_user(world))

    response = client.post(
        reverse("governance:proposal_respond", args=["cwc", proposal.pk]), {"action": "answer", "response": "x"}
    )

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_the_settle_form_asks_for_a_meeting_in_japanese(world: World) -> None:
    proposal = _raise(world)

    response = _client(world.officer).post(
        reverse("governance:proposal_respond", args=["cwc", proposal.pk]), {"action": "agenda"}
    )

    assert "議題に載せる会議を選んでください。" in response.content.decode()


def test_the_settle_form_puts_it_on_the_agenda(world: World) -> None:
    proposal = _raise(world)
    meeting = upcoming_meeting(world)

    response = _client(world.officer).post(
        reverse("governance:proposal_respond", args=["cwc", proposal.pk]),
        {"action": "agenda", "meeting": meeting.pk, "response": "総会で議論します。"},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.agenda_item.meeting == meeting


def test_the_list_shows_support_counts(world: World) -> None:
    proposal = _raise(world)
    services.proposal_support(actor=nara_user(world), proposal=proposal)

    page = _client(world.member).get(reverse("governance:proposals", args=["cwc"])).content.decode()

    assert "休憩室の改善" in page
    assert "1人が賛同" in page
