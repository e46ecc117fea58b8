"""The proposal as a motion of the general meeting (governance), and the approval taken from its result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tomoni.capital.appropriation import services
from tomoni.capital.models import Appropriation, AppropriationStatus
from tomoni.capital.tests.appropriation_world import draft, year_fixture  # noqa: F401
from tomoni.core.errors import TomoniError
from tomoni.governance.meetings import services as governance
from tomoni.governance.models import Meeting, Motion, MotionKind, MotionStatus
from tomoni.testing import World

pytestmark = pytest.mark.django_db

STARTS = timezone.make_aware(dt.datetime(2015, 6, 20, 13, 0))


def meeting(world: World, kind: str = "general") -> Meeting:
    return governance.meeting_create(
        actor=world.officer, coop=world.cwc, kind=kind, title="第28回通常総会", starts_at=STARTS
    )


def put(world: World, appropriation: Appropriation, on: Meeting) -> Motion:
    return services.appropriation_motion_create(
        actor=world.officer,
        appropriation=appropriation,
        meeting=on,
        opens_at=STARTS,
        closes_at=STARTS + dt.timedelta(hours=2),
    )


def test_the_proposal_becomes_an_appropriation_motion(year: World) -> None:
    appropriation = services.appropriation_propose(actor=year.officer, appropriation=draft(year))

    motion = put(year, appropriation, meeting(year))

    assert motion.kind == MotionKind.APPROPRIATION
    assert "2014" in motion.title
    assert "¥825,000" in motion.body
    assert Appropriation.objects.get().motion_id == motion.pk


def test_a_draft_or_a_board_meeting_is_refused(year: World) -> None:
    appropriation = draft(year)
    with pytest.raises(TomoniError):
        put(year, appropriation, meeting(year))
    proposed = services.appropriation_propose(actor=year.officer, appropriation=appropriation)
    with pytest.raises(TomoniError):
        put(year, proposed, meeting(year, kind="board"))
    assert not Motion.objects.exists()


def test_the_approval_follows_the_motion_only_once_it_passed(year: World) -> None:
    appropriation = services.appropriation_propose(actor=year.officer, appropriation=draft(year))
    motion = put(year, appropriation, meeting(year))

    with pytest.raises(TomoniError):
        services.appropriation_approve_from_motion(actor=year.officer, appropriation=appropriation)
    # The meeting voted and governance counted it (its own tests cover the count).
    Motion.objects.filter(pk=motion.pk).update(status=MotionStatus.TALLIED, passed=True, for_count=40, against_count=2)
    approved = services.appropriation_approve_from_motion(actor=year.officer, appropriation=appropriation)

    assert approved.status == AppropriationStatus.APPROVED
    assert approved.meeting_held_on == dt.date(2015, 6, 20)
    assert "第28回通常総会" in approved.minutes_reference


def test_the_officer_puts_the_proposal_to_a_meeting_from_its_page(year: World) -> None:
    from django.test import Client
    from django.urls import reverse

    services.appropriation_propose(actor=year.officer, appropriation=draft(year))
    officer = Client()
    officer.force_login(year.officer)
    url = reverse("capital:appropriation_motion", kwargs={"code": "cwc", "fiscal_year": 2014})
    assert 'name="meeting"' not in officer.get(url).content.decode()  # no meeting planned yet
    general = meeting(year)

    page = officer.get(url)
    response = officer.post(
        url, {"meeting": general.pk, "opens_at": "2015-06-20T13:00", "closes_at": "2015-06-20T16:00"}
    )

    assert 'name="meeting"' in page.content.decode()
    assert response.status_code == 302
    motion = Motion.objects.get()
    assert Appropriation.objects.get().motion_id == motion.pk
    Motion.objects.filter(pk=motion.pk).update(status=MotionStatus.TALLIED, passed=True, for_count=9, against_count=1)
    officer.post(reverse("capital:appropriation_motion_result", kwargs={"code": "cwc", "fiscal_year": 2014}))
    assert Appropriation.objects.get().status == AppropriationStatus.APPROVED
