"""Notices by email: the convocation and the results go to each member with an address, after the commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.governance import services_voice as services
from tomoni.governance.models import Notice
from tomoni.governance.tests.voice_helpers import held_meeting, upcoming_meeting
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_convocation_is_mailed_to_each_member_after_the_commit(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.member_person.email = "hanako@example.jp"
    world.member_person.save()
    meeting = upcoming_meeting(world)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notice_send(actor=world.officer, meeting=meeting, kind="convocation")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    # 小林 has her own address; 奈良 has none, so he gets the notice on paper.
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]]
    message = mail.outbox[0]
    assert "招集通知" in message.subject
    assert "第30回通常総会" in message.body
    assert "本部会議室" in message.body
    notice = Notice.objects.get()
    assert notice.recipients == 1 and notice.sent_at is not None


def test_a_members_login_address_is_used_when_the_register_has_none(
    world: World, django_capture_on_commit_callbacks
) -> None:
    meeting = upcoming_meeting(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(actor=world.officer, meeting=meeting, kind="convocation")

    assert [m.to for m in mail.outbox] == [[world.member.email]]


def test_the_results_carry_the_figures(world: World, django_capture_on_commit_callbacks) -> None:
    meeting, _motion = held_meeting(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(actor=world.officer, meeting=meeting, kind="results")

    body = mail.outbox[0].body
    assert "第1号議案 2015年度事業計画の承認" in body
    assert "可決" in body


def test_results_wait_for_the_count_and_a_notice_goes_once(world: World, django_capture_on_commit_callbacks) -> None:
    meeting = upcoming_meeting(world)

    with pytest.raises(TomoniError):
        services.notice_send(actor=world.officer, meeting=meeting, kind="results")
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(actor=world.officer, meeting=meeting, kind="convocation")
    with pytest.raises(TomoniError):
        services.notice_send(actor=world.officer, meeting=meeting, kind="convocation")
    assert len(mail.outbox) == 1


def test_a_member_cannot_send_notices(world: World) -> None:
    meeting = upcoming_meeting(world)
    client = Client()
    client.force_login(world.member)

    assert (
        client.post(reverse("governance:notices", args=["cwc", meeting.pk]), {"kind": "convocation"}).status_code == 403
    )
    assert not Notice.objects.exists()


def test_the_notice_page_sends_the_convocation(world: World, django_capture_on_commit_callbacks) -> None:
    meeting = upcoming_meeting(world)
    client = Client()
    client.force_login(world.officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:notices", args=["cwc", meeting.pk]), {"kind": "convocation"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
