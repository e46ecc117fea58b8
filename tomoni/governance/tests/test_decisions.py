"""The decision register: every decision has an owner and a due date, and its follow-up is kept until done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import DecisionNote, DecisionStatus
from tomoni.governance.tests.voice_helpers import held_meeting, nara_user, upcoming_meeting
from tomoni.governance.voice import selectors, services
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _decision(world: World, *, meeting=None, owner=None, due_in: int = 30, **kw):
    meeting = meeting or upcoming_meeting(world)
    return services.decision_record(
        actor=world.officer,
        meeting=meeting,
        text="送迎車の増車を検討する。",
        owner=owner or world.member_person,
        due_on=timezone.localdate(meeting.starts_at) + dt.timedelta(days=due_in),
        **kw,
    )


def test_a_passed_motion_becomes_a_decision_with_owner_and_due_date(world: World) -> None:
    meeting, motion = held_meeting(world)

    decision = _decision(world, meeting=meeting, motion=motion)

    assert decision.owner == world.member_person
    assert decision.agenda_item == motion.agenda_item
    assert decision.status == DecisionStatus.OPEN


def test_a_motion_that_failed_is_no_decision(world: World) -> None:
    meeting, motion = held_meeting(world, passed=False)
    assert motion.passed is False

    with pytest.raises(TomoniError) as refused:
        _decision(world, meeting=meeting, motion=motion)
    assert refused.value.field == "motion"


def test_the_due_date_cannot_be_before_the_meeting(world: World) -> None:
    with pytest.raises(TomoniError) as refused:
        _decision(world, due_in=-1)
    assert refused.value.field == "due_on"


def test_the_owner_must_be_a_member_of_the_coop(world: World) -> None:
    with pytest.raises(TomoniError):
        _decision(world, owner=world.other_person)


def test_a_centre_meetings_decision_is_owned_by_a_member_of_the_centre(world: World) -> None:
    meeting = upcoming_meeting(world, kind="centre_all_member", centre=world.ajisai, days_ahead=5)

    decision = _decision(world, meeting=meeting)
    with pytest.raises(TomoniError):
        _decision(world, meeting=meeting, owner=world.nara_person)

    assert decision.centre == world.ajisai


def test_the_owner_follows_up_until_done(world: World) -> None:
    decision = _decision(world)

    services.decision_follow_up(actor=world.member, decision=decision, body="見積りを取った。", status="in_progress")
    services.decision_follow_up(actor=world.member, decision=decision, body="納車された。", status="done")

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE
    assert decision.done_on == clock.today()
    assert list(decision.notes.values_list("status", flat=True)) == ["in_progress", "done"]


def test_someone_else_cannot_follow_up(world: World) -> None:
    decision = _decision(world)

    with pytest.raises(TomoniError):
        services.decision_follow_up(actor=nara_user(world), decision=decision, body="x", status="done")


def test_follow_up_notes_are_append_only(world: World) -> None:
    decision = _decision(world)
    note = services.decision_follow_up(actor=world.member, decision=decision, body="着手", status="in_progress")

    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionNote.objects.filter(pk=note.pk).update(body="書き換え")
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionNote.objects.filter(pk=note.pk).delete()


def test_the_register_highlights_overdue_decisions_and_filters(world: World) -> None:
    meeting, _motion = held_meeting(world, with_motion=False)
    late = _decision(world, meeting=meeting, due_in=1)  # due four days ago
    on_time = _decision(world, due_in=30)

    overdue = selectors.decisions_visible(user=world.officer, coop=world.cwc, overdue=True)
    page = _client(world.officer).get(reverse("governance:decisions", args=["cwc"]), {"status": "overdue"})

    assert list(overdue) == [late]
    body = page.content.decode()
    assert "decision-overdue" in body
    assert reverse("governance:decision", args=["cwc", late.pk]) in body
    assert reverse("governance:decision", args=["cwc", on_time.pk]) not in body


def test_the_register_filters_by_owner_and_status(world: World) -> None:
    mine = _decision(world)
    other = _decision(world, owner=world.nara_person)
    services.decision_follow_up(actor=world.officer, decision=other, body="完了", status="done")
    client = _client(world.officer)

    by_owner = client.get(reverse("governance:decisions", args=["cwc"]), {"owner": world.member_person.pk})
    done = client.get(reverse("governance:decisions", args=["cwc"]), {"status": "done"})

    assert reverse("governance:decision", args=["cwc", mine.pk]) in by_owner.content.decode()
    assert reverse("governance:decision", args=["cwc", other.pk]) not in by_owner.content.decode()
    assert reverse("governance:decision", args=["cwc", other.pk]) in done.content.decode()


def test_the_owner_adds_progress_on_the_page(world: World) -> None:
    decision = _decision(world)
    client = _client(world.member)
    url = reverse("governance:decision", args=["cwc", decision.pk])

    blank = client.post(url, {"body": "", "status": "done"})
    response = client.post(url, {"body": "完了しました。", "status": "done"})

    assert blank.status_code == 400
    assert "この項目は必須です。" in blank.content.decode()
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "done"


def test_an_outsider_gets_404_for_the_register(world: World) -> None:
    decision = _decision(world)
    client = _client(world.outsider)

    assert client.get(reverse("governance:decisions", args=["cwc"])).status_code == 404
    assert client.get(reverse("governance:decision", args=["cwc", decision.pk])).status_code == 404


def test_an_officer_records_a_decision_on_the_page(world: World) -> None:
    meeting = upcoming_meeting(world)
    client = _client(world.officer)
    url = reverse("governance:decision_create", args=["cwc", meeting.pk])
    due = (timezone.localdate(meeting.starts_at) + dt.timedelta(days=10)).isoformat()

    item = meetings.agenda_item_add(actor=world.officer, meeting=meeting, title="議事録の配布")
    response = client.post(
        url, {"text": "議事録を配布する。", "owner": world.member_person.pk, "due_on": due, "agenda_item": item.pk}
    )

    assert response.status_code == 302
    assert meeting.decisions.get().agenda_item == item
    assert _client(world.member).get(url).status_code == 403
