"""Each member's notices, mail and calendar in the language of their reading preferences."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tomoni.governance.meetings import services
from tomoni.governance.models import Meeting, NoticeRecipient
from tomoni.governance.tests.voice_helpers import held_meeting
from tomoni.governance.voice import services as services_voice
from tomoni.preferences.models import Preferences
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _convene(world: World) -> Meeting:
    meeting = services.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="第30回通常総会",
        starts_at=timezone.now() + dt.timedelta(days=20),
        place="本部会議室",
    )
    return services.meeting_convene(actor=world.officer, meeting=meeting)


def test_a_convocation_to_a_member_who_reads_english_is_in_english(
    world: World, django_capture_on_commit_callbacks
) -> None:
    Preferences.objects.create(user=world.member, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        _convene(world)

    message = mail.outbox[0]
    assert message.subject.startswith("Convocation")
    assert "招集通知" not in message.subject
    assert f"To the members of {world.cwc.name}" in message.body
    assert "組合員各位" not in message.body and "招集" not in message.body
    assert NoticeRecipient.objects.get(person=world.member_person).language == "en"


def test_a_convocation_to_a_plain_japanese_member_has_furigana(
    world: World, django_capture_on_commit_callbacks
) -> None:
    Preferences.objects.create(user=world.member, language="ja-plain")

    with django_capture_on_commit_callbacks(execute=True):
        _convene(world)

    message = mail.outbox[0]
    assert "通常（つうじょう）総会（そうかい）" in message.subject
    assert "会議室（かいぎしつ）" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "<ruby>会議室<rp>(</rp><rt>かいぎしつ</rt>" in html
    assert NoticeRecipient.objects.get(person=world.member_person).language == "ja-plain"


def test_members_in_two_languages_each_get_their_own_notice(world: World, django_capture_on_commit_callbacks) -> None:
    world.member_person.email = "member@example.jp"
    world.member_person.save()
    Preferences.objects.create(user=world.member, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        _convene(world)

    languages = dict(NoticeRecipient.objects.values_list("person_id", "language"))
    assert languages[world.member_person.pk] == "en"
    assert all(language == "ja" for person, language in languages.items() if person != world.member_person.pk)


def test_the_calendar_feed_is_in_the_members_language(world: World) -> None:
    Preferences.objects.create(user=world.member, language="en")
    _convene(world)
    feed = services_voice.calendar_feed_issue(actor=world.member, person=world.member_person)
    url = reverse("governance:calendar_feed", args=["cwc", world.member_person.pk])

    response = Client().get(f"{url}?token={feed.token}")

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]).startswith("Meetings of")


def _declare_results(world: World, django_capture_on_commit_callbacks) -> Meeting:
    meeting, _motion = held_meeting(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(actor=world.officer, meeting=meeting, status="closed")
    return meeting


def test_the_results_to_a_member_who_reads_english_are_in_english(
    world: World, django_capture_on_commit_callbacks
) -> None:
    Preferences.objects.create(user=world.member, language="en")

    meeting = _declare_results(world, django_capture_on_commit_callbacks)

    [message] = [m for m in mail.outbox if m.subject.startswith("Results")]
    assert message.subject == "Results: 第30回通常総会"  # the meeting's own title stays as the coop wrote it
    assert f"To the members of {world.cwc.name}" in message.body
    assert "第1号議案 2015年度事業計画の承認: passed" in message.body
    assert "Present " in message.body and ", for " in message.body
    assert "議決結果" not in message.body and "可決" not in message.body
    assert message.alternatives == []
    recipient = NoticeRecipient.objects.get(notice__meeting=meeting, notice__kind="results", person=world.member_person)
    assert recipient.language == "en"


def test_the_results_to_a_plain_japanese_member_have_furigana(world: World, django_capture_on_commit_callbacks) -> None:
    Preferences.objects.create(user=world.member, language="ja-plain")

    meeting = _declare_results(world, django_capture_on_commit_callbacks)

    [message] = [m for m in mail.outbox if "議決" in m.subject]
    assert "議決（ぎけつ）結果（けっか）" in message.subject
    assert "可決（かけつ）" in message.body
    assert "組合員（くみあいいん）" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "<ruby>可決<rp>(</rp><rt>かけつ</rt>" in html
    recipient = NoticeRecipient.objects.get(notice__meeting=meeting, notice__kind="results", person=world.member_person)
    assert recipient.language == "ja-plain"


def test_the_results_to_a_member_who_reads_japanese_have_no_readings(
    world: World, django_capture_on_commit_callbacks
) -> None:
    _declare_results(world, django_capture_on_commit_callbacks)

    [message] = [m for m in mail.outbox if "議決" in m.subject]
    assert "可決" in message.body and "（かけつ）" not in message.body
    assert message.alternatives == []
