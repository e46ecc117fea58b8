"""The pages: my path on a phone, the caseload, the case file on need-to-know, the cohort board, attendance, reports."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.models import AuditEvent, Grant, Role, User
from tomoni.inclusion import services
from tomoni.inclusion.models import PlanStatus, SupportPlan, TrainingAttendance
from tomoni.inclusion.testing import START, Course, caregiver_course, plan_for, trainee
from tomoni.testing import World, make_user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def course(world: World) -> Course:
    return caregiver_course(world)


def test_the_participant_reads_their_plan_on_their_phone_and_agrees(world: World, course: Course) -> None:
    plan = plan_for(trainee(world, course, world.member_person))
    client = _client(world.member)

    page = client.get(reverse("inclusion:me")).content.decode()
    assert "あなたの新しい計画ができました" in page or "Your new plan is ready" in page
    response = client.post(reverse("inclusion:my_plan", args=[plan.pk]), {"agree": "yes"})

    assert response.status_code == 302
    assert SupportPlan.objects.get(pk=plan.pk).status == PlanStatus.AGREED


def test_agreeing_needs_the_box_ticked(world: World, course: Course) -> None:
    plan = plan_for(trainee(world, course, world.member_person))

    _client(world.member).post(reverse("inclusion:my_plan", args=[plan.pk]), {})

    assert SupportPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_someone_else_cannot_open_a_participants_plan(world: World, course: Course) -> None:
    plan = plan_for(trainee(world, course, world.member_person))

    for user in (world.support, world.officer, world.manager, world.outsider):
        assert _client(user).get(reverse("inclusion:my_plan", args=[plan.pk])).status_code == 404


def test_the_caseload_shows_sessions_today_reviews_due_and_follow_ups(world: World, course: Course) -> None:
    participant = trainee(world, course, world.member_person)
    services.session_plan(actor=world.support, participant=participant, on_date=dt.date.today(), starts_at=dt.time(10))

    page = _client(world.support).get(reverse("inclusion:caseload")).content.decode()

    assert "小林 花子" in page and "10:00" in page


@pytest.mark.parametrize("who", ["officer", "auditor", "manager", "staff", "outsider"])
def test_the_case_file_is_a_404_without_need_to_know(world: World, course: Course, who: str) -> None:
    participant = trainee(world, course, world.member_person)
    plan_for(participant)
    url = reverse("inclusion:case_file", args=[world.cwc.code, participant.pk])

    assert _client(getattr(world, who)).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="inclusion.file.viewed").exists()


def test_a_manager_of_another_centre_gets_a_404_on_the_case_file(world: World, course: Course) -> None:
    participant = trainee(world, course, world.member_person)
    nara = make_user("nara-manager")
    Grant.objects.create(user=nara, role=Role.CENTRE_MANAGER, coop=world.cwc, centre=world.west_nara)

    url = reverse("inclusion:case_file", args=[world.cwc.code, participant.pk])

    assert _client(nara).get(url).status_code == 404


def test_the_caseworker_opens_the_case_file_and_the_read_is_logged(world: World, course: Course) -> None:
    participant = trainee(world, course, world.member_person)
    services.assessment_record(actor=world.support, participant=participant, assessed_on=START, needs="通院の付き添い")

    response = _client(world.support).get(reverse("inclusion:case_file", args=[world.cwc.code, participant.pk]))

    assert "通院の付き添い" in response.content.decode()
    assert AuditEvent.objects.filter(action="inclusion.file.viewed", actor=world.support).count() == 1


def test_the_register_side_of_a_participant_shows_no_special_care_data(world: World, course: Course) -> None:
    participant = trainee(world, course, world.member_person)
    services.assessment_record(actor=world.support, participant=participant, assessed_on=START, needs="通院の付き添い")

    page = _client(world.manager).get(reverse("inclusion:participant", args=[world.cwc.code, participant.pk]))

    assert page.status_code == 200 and "通院の付き添い" not in page.content.decode()


def test_the_trainer_enters_attendance_on_a_tablet(world: World, course: Course) -> None:
    participant = trainee(world, course)
    session = services.training_session_create(
        actor=None, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(9), length_minutes=240,
        trainer=world.support,
    )  # fmt: skip
    url = reverse("inclusion:attendance", args=[world.cwc.code, session.pk])

    assert 'value="240"' in _client(world.support).get(url).content.decode()
    response = _client(world.support).post(url, {f"minutes-{participant.pk}": "180"})

    assert response.status_code == 302
    assert TrainingAttendance.objects.get().attended_minutes == 180


def test_bad_minutes_are_refused_and_nothing_saved(world: World, course: Course) -> None:
    participant = trainee(world, course)
    session = services.training_session_create(
        actor=None, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(9), length_minutes=60
    )
    url = reverse("inclusion:attendance", args=[world.cwc.code, session.pk])

    response = _client(world.manager).post(url, {f"minutes-{participant.pk}": "九十"})

    assert response.status_code == 200 and not TrainingAttendance.objects.exists()


def test_the_cohort_board_and_the_funder_report_download(world: World, course: Course) -> None:
    trainee(world, course, world.member_person)
    client = _client(world.manager)

    assert (
        "小林 花子" in client.get(reverse("inclusion:cohort", args=[world.cwc.code, course.cohort.pk])).content.decode()
    )
    args = [world.cwc.code, course.agreement.pk]
    assert client.get(reverse("inclusion:funder_report", args=args)).status_code == 200
    assert client.get(reverse("inclusion:funder_report_pdf", args=args)).content.startswith(b"%PDF")
    assert client.get(reverse("inclusion:funder_report_xlsx", args=args)).content.startswith(b"PK")


def test_the_federation_figures_are_for_federation_staff(world: World) -> None:
    assert _client(world.staff).get(reverse("inclusion:federation_impact")).status_code == 200
    assert _client(world.officer).get(reverse("inclusion:federation_impact")).status_code == 404


def test_the_participant_reads_my_path_and_my_plan_in_plain_words(world: World, course: Course) -> None:
    plan = plan_for(trainee(world, course, world.member_person))
    client = _client(world.member)
    client.post("/preferences/display/", {"next": "/me/path/", "language": "ja-plain"})

    path = client.get(reverse("inclusion:me")).content.decode()
    page = client.get(reverse("inclusion:my_plan", args=[plan.pk])).content.decode()
    agreed = client.post(reverse("inclusion:my_plan", args=[plan.pk]), {"agree": "yes"}, follow=True)

    assert "<ruby>" in page
    assert "あなたの あたらしい 計画が できました" in _without_furigana(path)
    assert "研修（仕事の べんきょう）に 出た 時間" in _without_furigana(path)  # the course's hours, not hours worked
    assert "この 計画で いいです（同意します）" in _without_furigana(page)  # 同意 glossed
    assert "あなたが 計画で いいと 言った ことを 記録しました" in _without_furigana(agreed.content.decode())


def _without_furigana(html: str) -> str:
    return re.sub(r"</?ruby>", "", re.sub(r"<rp>.*?</rp>|<rt>.*?</rt>", "", html))
