"""Notices by email: convening mails the convocation, declaring the results mails them, after the commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Meeting, Notice, NoticeRecipient
from tomoni.governance.tests.factories import in_session
from tomoni.governance.tests.voice_helpers import at, held_meeting, upcoming_meeting
from tomoni.governance.voice import services as services_voice
from tomoni.governance.voting import services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _convene(world: World, *, kind: str = "general", centre=None, days_ahead: int = 20) -> Meeting:
    meeting = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind=kind,
        title="第30回通常総会" if kind == "general" else "会議",
        starts_at=timezone.now() + dt.timedelta(days=days_ahead),
        centre=centre,
        place="本部会議室",
    )
    return meetings.meeting_convene(actor=world.officer, meeting=meeting)


def test_convening_mails_the_convocation_to_each_member_after_the_commit(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.member_person.email = "hanako@example.jp"
    world.member_person.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = _convene(world)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    # 小林 has her own address; 奈良 has none, so he gets the notice on paper.
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    message = mail.outbox[0]
    assert "招集通知" in message.subject
    assert "第30回通常総会" in message.body
    assert "本部会議室" in message.body
    notice = Notice.objects.get(meeting=meeting)
    assert notice.kind == "convocation" and notice.recipients == 1 and notice.sent_at is not None
    rows = {r.person_id: r for r in NoticeRecipient.objects.filter(notice=notice)}
    assert set(rows) == {world.member_person.pk, world.nara_person.pk}
    assert rows[world.member_person.pk].address == "hanako@example.jp"
    assert rows[world.nara_person.pk].on_paper
    actions = list(AuditEvent.objects.filter(coop_id=world.cwc.pk).values_list("action", flat=True))
    assert "governance.notice.convocation.queued" in actions
    assert "governance.notice.convocation.sent" in actions


def test_the_convocation_is_in_the_members_language_not_the_officers(
    world: World, django_capture_on_commit_callbacks
) -> None:
    # The officer works in English; the register keeps no other language for 小林, so hers is Japanese.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _convene(world)

    message = mail.outbox[0]
    assert message.subject == "【招集通知】第30回通常総会"
    assert "センター事業団 組合員各位" in message.body
    assert "Convocation" not in message.subject and "members of" not in message.body
    assert set(NoticeRecipient.objects.values_list("language", flat=True)) == {"ja"}


def test_a_members_login_address_is_used_when_the_register_has_none(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _convene(world)

    assert [m.to for m in mail.outbox] == [[world.member.email]]


def test_a_centre_meeting_is_notified_to_the_centres_members_and_the_board_to_the_directors(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ajisai = _convene(world, kind="centre_all_member", centre=world.ajisai)
        board = _convene(world, kind="board")

    assert list(NoticeRecipient.objects.filter(notice__meeting=ajisai).values_list("person", flat=True)) == [
        world.member_person.pk
    ]
    assert list(NoticeRecipient.objects.filter(notice__meeting=board).values_list("person", flat=True)) == [
        world.nara_person.pk
    ]
    assert [m.to for m in mail.outbox] == [[world.member.email]]  # 奈良, the director, has no address


def test_nothing_is_sent_when_convening_is_refused(world: World, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(TomoniError) as refused:
        _convene(world, days_ahead=3)  # the articles' 10 days' notice

    assert "10" in refused.value.message
    assert callbacks == [] and mail.outbox == []
    assert not Notice.objects.exists()
    assert Meeting.objects.get().status == "draft"


def test_nothing_is_sent_when_the_transaction_rolls_back(world: World, django_capture_on_commit_callbacks) -> None:
    meeting = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="第30回通常総会",
        starts_at=timezone.now() + dt.timedelta(days=20),
    )

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        meetings.meeting_convene(actor=world.officer, meeting=meeting)
        raise RuntimeError("the caller's transaction fails after convening")

    assert callbacks == [] and mail.outbox == []
    assert not Notice.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == "draft"


def test_the_results_carry_the_figures(world: World, django_capture_on_commit_callbacks) -> None:
    meeting, _motion = held_meeting(world)

    with django_capture_on_commit_callbacks(execute=True):
        services_voice.notice_send(actor=world.officer, meeting=meeting, kind="results")

    body = mail.outbox[0].body
    assert "第1号議案 2015年度事業計画の承認" in body
    assert "可決" in body


def test_results_wait_for_the_count_and_a_notice_goes_once(world: World, django_capture_on_commit_callbacks) -> None:
    meeting = upcoming_meeting(world)

    with pytest.raises(TomoniError):
        services_voice.notice_send(actor=world.officer, meeting=meeting, kind="results")
    with pytest.raises(TomoniError):  # convening queued it already
        services_voice.notice_send(actor=world.officer, meeting=meeting, kind="convocation")
    assert Notice.objects.filter(meeting=meeting).count() == 1


def test_closing_the_meeting_declares_and_mails_the_results(world: World, django_capture_on_commit_callbacks) -> None:
    meeting, _motion = held_meeting(world)

    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_set_status(actor=world.officer, meeting=meeting, status="closed")

    results = Notice.objects.get(meeting=meeting, kind="results")
    assert results.sent_at is not None
    [message] = mail.outbox
    assert "結果" in message.subject
    assert "第1号議案 2015年度事業計画の承認" in message.body
    assert NoticeRecipient.objects.filter(notice=results).count() == 2
    with pytest.raises(TomoniError):
        services_voice.notice_send(actor=world.officer, meeting=meeting, kind="results")


def test_results_wait_until_every_motion_of_the_closed_meeting_is_counted(
    world: World, django_capture_on_commit_callbacks
) -> None:
    meeting, _counted = held_meeting(world)
    starts = meeting.starts_at
    with at(starts):
        pending = services.motion_create(
            actor=world.officer,
            meeting=meeting,
            kind="ordinary",
            title="第2号議案 役員報酬",
            opens_at=starts,
            closes_at=starts + dt.timedelta(hours=2),
        )
        services.motion_open(actor=world.officer, motion=pending)

    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_set_status(actor=world.officer, meeting=meeting, status="closed")
    assert not Notice.objects.filter(meeting=meeting, kind="results").exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.motion_tally(actor=world.officer, motion=pending)
    assert Notice.objects.get(meeting=meeting, kind="results").sent_at is not None
    assert "第2号議案 役員報酬" in mail.outbox[0].body


def test_a_member_cannot_send_notices(world: World) -> None:
    meeting = upcoming_meeting(world)
    client = Client()
    client.force_login(world.member)

    assert client.post(reverse("governance:notices", args=["cwc", meeting.pk]), {"kind": "results"}).status_code == 403
    assert list(Notice.objects.values_list("kind", flat=True)) == ["convocation"]


def test_the_notice_page_lists_who_was_notified_and_how(world: World, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _convene(world)
    client = Client()
    client.force_login(world.officer)

    page = client.get(reverse("governance:notices", args=["cwc", meeting.pk])).content.decode()

    assert "小林 花子" in page and world.member.email in page
    assert "奈良 太郎" in page and "郵送" in page


def test_the_notice_page_sends_a_convocation_given_on_paper_so_far(
    world: World, django_capture_on_commit_callbacks
) -> None:
    meeting = meetings.meeting_create(
        actor=world.officer,
        coop=world.cwc,
        kind="general",
        title="第30回通常総会",
        starts_at=timezone.now() + dt.timedelta(days=20),
    )
    meetings.meeting_convene(actor=world.officer, meeting=meeting, notify=False)
    assert not Notice.objects.exists()
    client = Client()
    client.force_login(world.officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:notices", args=["cwc", meeting.pk]), {"kind": "convocation"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_a_tie_resolved_by_the_chair_declares_the_results(world: World, django_capture_on_commit_callbacks) -> None:
    meeting, _none = held_meeting(world, with_motion=False)
    starts = meeting.starts_at
    with at(starts):
        motion = services.motion_create(
            actor=world.officer,
            meeting=meeting,
            kind="ordinary",
            title="第2号議案 役員報酬",
            opens_at=starts,
            closes_at=starts + dt.timedelta(hours=2),
        )
        services.motion_open(actor=world.officer, motion=motion)
    with at(starts + dt.timedelta(hours=1)):
        services.vote_cast(actor=world.member, motion=motion, choice="for")
        services.vote_record_paper(
            actor=world.officer,
            motion=motion,
            person=world.nara_person,
            channel="written",
            paper_reference="W-2",
            choice="against",
        )
    in_session(world, motion)
    assert services.motion_tally(actor=world.officer, motion=motion).tie

    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_set_status(actor=world.officer, meeting=meeting, status="closed")
    assert not Notice.objects.filter(meeting=meeting, kind="results").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.motion_tie_resolve(
            actor=world.officer, motion=motion, note="可否同数のため議長が決した。", outcome="passed"
        )
    assert Notice.objects.get(meeting=meeting, kind="results").sent_at is not None
    assert "第2号議案 役員報酬: 可決" in mail.outbox[0].body
