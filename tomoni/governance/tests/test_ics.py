"""Each member's calendar feed (.ics): their coop's and centre's meetings, at a secret, renewable address."""

from __future__ import annotations

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.governance.meetings import services as meetings
from tomoni.governance.tests.voice_helpers import held_meeting, upcoming_meeting
from tomoni.governance.voice import services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _feed_url(world: World, token: str | None) -> str:
    url = reverse("governance:calendar_feed", args=["cwc", world.member_person.pk])
    return f"{url}?token={token}" if token is not None else url


def _events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_a_calendar_app_reads_the_feed_with_the_token_and_no_login(world: World) -> None:
    meeting = upcoming_meeting(world)
    meetings.agenda_item_add(actor=world.officer, meeting=meeting, title="2015年度事業計画")
    feed = services.calendar_feed_issue(actor=world.member, person=world.member_person)

    response = Client().get(_feed_url(world, feed.token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = _events(response.content)["第30回通常総会"]
    assert str(event["location"]) == "本部会議室"
    assert "議題：\n1. 2015年度事業計画" in str(event["description"])


def test_the_feed_carries_result_summaries(world: World) -> None:
    held_meeting(world)
    feed = services.calendar_feed_issue(actor=world.member, person=world.member_person)

    event = _events(Client().get(_feed_url(world, feed.token)).content)["第30回通常総会"]

    assert "第1号議案 2015年度事業計画の承認" in str(event["description"])
    assert "可決" in str(event["description"])


def test_the_feed_shows_only_the_members_coop_and_centre_meetings(world: World) -> None:
    upcoming_meeting(world, kind="centre_all_member", centre=world.ajisai, days_ahead=5)
    nara_meeting = upcoming_meeting(world, kind="centre_all_member", centre=world.west_nara, days_ahead=6)
    nara_meeting.title = "西奈良 全体会議"
    nara_meeting.save()
    feed = services.calendar_feed_issue(actor=world.member, person=world.member_person)

    events = _events(Client().get(_feed_url(world, feed.token)).content)

    assert "全体会議" in events
    assert "西奈良 全体会議" not in events


def test_a_wrong_or_missing_token_is_404(world: World) -> None:
    services.calendar_feed_issue(actor=world.member, person=world.member_person)

    assert Client().get(_feed_url(world, "wrong")).status_code == 404
    assert Client().get(_feed_url(world, None)).status_code == 404
    assert Client().get(_feed_url(world, "")).status_code == 404


def test_a_token_opens_only_its_own_members_feed(world: World) -> None:
    feed = services.calendar_feed_issue(actor=world.member, person=world.member_person)
    other = reverse("governance:calendar_feed", args=["cwc", world.nara_person.pk])

    assert Client().get(f"{other}?token={feed.token}").status_code == 404


def test_a_new_address_stops_the_old_one(world: World) -> None:
    old = services.calendar_feed_issue(actor=world.member, person=world.member_person).token
    new = services.calendar_feed_issue(actor=world.member, person=world.member_person).token

    assert Client().get(_feed_url(world, old)).status_code == 404
    assert Client().get(_feed_url(world, new)).status_code == 200


def test_a_revoked_address_stops_working(world: World) -> None:
    token = services.calendar_feed_issue(actor=world.member, person=world.member_person).token

    services.calendar_feed_revoke(actor=world.member, person=world.member_person)

    assert Client().get(_feed_url(world, token)).status_code == 404


def test_only_the_member_changes_their_address(world: World) -> None:
    with pytest.raises(TomoniError):
        services.calendar_feed_issue(actor=world.officer, person=world.member_person)


def test_the_member_makes_and_renews_their_address_on_their_page(world: World) -> None:
    client = Client()
    client.force_login(world.member)

    client.post(reverse("governance:my_calendar"), {"action": "issue"})
    page = client.get(reverse("governance:my_calendar")).content.decode()

    token = world.member_person.calendar_feed.token
    assert f"token={token}" in page


def test_an_outsider_gets_nothing_of_the_feed(world: World) -> None:
    services.calendar_feed_issue(actor=world.member, person=world.member_person)
    client = Client()
    client.force_login(world.outsider)

    assert client.get(_feed_url(world, None)).status_code == 404
    page = client.get(reverse("governance:my_calendar")).content.decode()
    assert "token=" not in page
