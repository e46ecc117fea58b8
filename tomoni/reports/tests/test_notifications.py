"""People are told on their start page and by email when a vote opens, their roster is published, their swap or
their proposal is answered: once each, in their language, and nothing of it reaches anyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tomoni.core.audit import audit_listeners_paused
from tomoni.governance import testing as governance_testing
from tomoni.reports import services
from tomoni.reports.models import Notification
from tomoni.testing import World
from tomoni.work import services as work_services
from tomoni.work import testing as work_testing
from tomoni.work.models import Roster, SwapRequest

pytestmark = pytest.mark.django_db


def _mine(world: World) -> list[Notification]:
    return list(Notification.objects.filter(user=world.member).order_by("pk"))


def test_a_member_on_the_roll_is_told_that_a_vote_is_open_on_the_page_and_by_email(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.member.email = "k.takahashi@ajisai.example.jp"
    world.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        governance_testing.url_values(world)
    [notice] = _mine(world)
    assert notice.kind == "vote_open"
    assert [m.to for m in mail.outbox if "2015年度事業計画" in m.subject] == [["k.takahashi@ajisai.example.jp"]]
    assert "投票" in next(m.subject for m in mail.outbox if "2015年度事業計画" in m.subject)  # in Japanese
    client.force_login(world.member)
    page = client.get(reverse("reports:start")).content.decode()
    assert "2015年度事業計画" in page and notice.url in page


def test_a_second_run_of_the_job_neither_duplicates_nor_mails_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.member.email = "k.takahashi@ajisai.example.jp"
    world.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        governance_testing.url_values(world)
    [notice] = _mine(world)
    sent = len(mail.outbox)
    assert services.notifications_create(event_id=notice.event_id) == 0
    assert services.notifications_mail(event_id=notice.event_id) == 0
    assert len(_mine(world)) == 1 and len(mail.outbox) == sent


def test_the_people_on_a_published_roster_are_told(world: World, django_capture_on_commit_callbacks: Any) -> None:
    work_testing.url_values(world)
    roster = Roster.objects.get(centre=world.west_nara)
    staffed = work_testing.care_centre(world)
    roster.assignments.create(coop=world.cwc, person=world.member_person, on_date=roster.month, shift_type=staffed.day)
    roster.status = "solved"
    roster.save()
    with django_capture_on_commit_callbacks(execute=True):
        work_services.roster_publish(actor=world.officer, roster=roster)
    assert [n.kind for n in _mine(world)] == ["roster_published"]
    assert not Notification.objects.filter(user=world.outsider).exists()


def test_the_asker_is_told_when_the_manager_answers_the_swap(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    work_testing.url_values(world)
    swap = SwapRequest.objects.get(requester=world.member_person)
    with django_capture_on_commit_callbacks(execute=True):
        work_services.swap_decline(actor=world.manager, swap=swap, reason="その日は人手が足りません")
    [notice] = _mine(world)
    assert notice.kind == "swap_answered"
    assert notice.params["reason"] == "その日は人手が足りません"


def test_marking_read_clears_the_page_and_is_only_for_ones_own(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        governance_testing.url_values(world)
    [notice] = _mine(world)
    client.force_login(world.outsider)  # someone else marking all theirs read reaches nothing of the member's
    client.post(reverse("reports:start"), {})
    notice.refresh_from_db()
    assert notice.read_at is None
    client.force_login(world.member)
    client.post(reverse("reports:start"), {"up_to": str(notice.pk)})
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'id="news-heading"' not in client.get(reverse("reports:start")).content.decode()


def test_history_loaded_with_the_listeners_paused_tells_no_one(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), audit_listeners_paused():
        governance_testing.url_values(world)
    assert _mine(world) == []


def test_a_member_who_reads_english_is_told_in_english_and_a_plain_japanese_reader_gets_readings(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from tomoni.preferences.models import Preferences

    world.member.email = "k.takahashi@ajisai.example.jp"
    world.member.save()
    Preferences.objects.create(user=world.member, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        governance_testing.url_values(world)
    told = [m.subject for m in mail.outbox if "2015年度事業計画" in m.subject]
    assert told == ["A vote is open: 2015年度事業計画"]
    Preferences.objects.filter(user=world.member).update(language="ja-plain")
    [notice] = _mine(world)
    Notification.objects.filter(pk=notice.pk).update(emailed_at=None)
    services.notifications_mail(event_id=notice.event_id)
    plain = mail.outbox[-1]
    assert "（" in plain.subject and "投票" in plain.subject  # 投票（とうひょう）
