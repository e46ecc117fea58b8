"""The Art 66 opinion-reflection report: proposals and centre meetings over a period, for the directors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core import clock
from tomoni.governance.tests.voice_helpers import nara_user, upcoming_meeting
from tomoni.governance.voice import selectors, services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _proposals(world: World) -> None:
    meeting = upcoming_meeting(world)
    nara = nara_user(world)
    first = services.proposal_raise(actor=world.member, coop=world.cwc, title="提案1", body="本文")
    second = services.proposal_raise(actor=world.member, coop=world.cwc, title="提案2", body="本文", kind="question")
    services.proposal_raise(actor=nara, coop=world.cwc, title="提案3", body="本文")
    services.proposal_support(actor=nara, proposal=first)
    services.proposal_put_on_agenda(actor=world.officer, proposal=first, meeting=meeting)
    services.proposal_answer(actor=world.officer, proposal=second, response="回答します。")


def test_the_report_counts_proposals_and_centre_meetings(world: World) -> None:
    _proposals(world)
    upcoming_meeting(world, kind="centre_all_member", centre=world.ajisai, days_ahead=5)
    today = clock.today()

    report = selectors.opinion_report(
        user=world.officer, coop=world.cwc, start=today - dt.timedelta(days=1), end=today + dt.timedelta(days=30)
    )

    tally = report["tally"]
    assert (tally.raised, tally.supported, tally.supports) == (3, 1, 1)
    assert (tally.on_agenda, tally.answered, tally.declined, tally.open) == (1, 1, 0, 1)
    assert tally.centre_meetings == 1
    assert tally.round_tables == 0


def test_the_report_page_is_for_the_coops_readers(world: World) -> None:
    _proposals(world)
    officer, member, outsider = Client(), Client(), Client()
    officer.force_login(world.officer)
    member.force_login(world.member)
    outsider.force_login(world.outsider)
    url = reverse("governance:opinion_report", args=["cwc"])

    page = officer.get(url)

    assert page.status_code == 200
    assert "提案1" in page.content.decode()
    assert "第66条" in page.content.decode()
    assert member.get(url).status_code == 404
    assert outsider.get(url).status_code == 404


def test_an_end_before_the_start_is_refused_in_japanese(world: World) -> None:
    client = Client()
    client.force_login(world.officer)

    page = client.get(reverse("governance:opinion_report", args=["cwc"]), {"start": "2015-03-31", "end": "2014-04-01"})

    assert "終了日は開始日より後にしてください。" in page.content.decode()
