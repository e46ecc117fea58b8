"""The API: my path and agreeing, the caseload, attendance, the funder report; no special-care route for coops."""

from __future__ import annotations

import datetime as dt

from rest_framework.test import APIClient

from tomoni.core.models import User
from tomoni.inclusion import services
from tomoni.inclusion.models import PlanStatus, SupportPlan
from tomoni.inclusion.testing import START, caregiver_course, plan_for, trainee
from tomoni.testing import World


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_participant_reads_their_path_and_agrees_to_their_plan(world: World) -> None:
    plan = plan_for(trainee(world, caregiver_course(world), world.member_person))
    client = _api(world.member)

    mine = client.get("/api/v1/me/inclusion/").json()
    agreed = client.post(f"/api/v1/me/inclusion/plans/{plan.pk}/agree/")

    assert mine[0]["plans"][0]["wishes"] == "介護の仕事で自立したい"
    assert agreed.status_code == 200 and agreed.json()["status"] == "agreed"
    assert SupportPlan.objects.get(pk=plan.pk).status == PlanStatus.AGREED


def test_the_support_worker_cannot_agree_for_the_participant(world: World) -> None:
    plan = plan_for(trainee(world, caregiver_course(world), world.member_person))

    assert _api(world.support).post(f"/api/v1/me/inclusion/plans/{plan.pk}/agree/").status_code == 404


def test_the_caseload_lists_only_the_workers_own_cases(world: World) -> None:
    trainee(world, caregiver_course(world), world.member_person)

    assert [c["name"] for c in _api(world.support).get("/api/v1/caseload/").json()["participants"]] == ["小林 花子"]
    assert _api(world.manager).get("/api/v1/caseload/").json()["participants"] == []


def test_attendance_is_entered_through_the_api(world: World) -> None:
    course = caregiver_course(world)
    participant = trainee(world, course)
    session = services.training_session_create(
        actor=None, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(9), length_minutes=240
    )
    url = f"/api/v1/coops/cwc/training-sessions/{session.pk}/attendance/"

    response = _api(world.manager).put(
        url, {"entries": [{"participant": participant.pk, "attended_minutes": 240}]}, format="json"
    )
    refused = _api(world.manager).put(
        url, {"entries": [{"participant": participant.pk, "attended_minutes": 300}]}, format="json"
    )

    assert response.status_code == 200 and response.json()["rows"][0]["attended_minutes"] == 240
    assert refused.status_code == 400


def test_the_funder_report_suppresses_small_groups(world: World) -> None:
    course = caregiver_course(world)
    trainee(world, course)

    report = _api(world.officer).get(f"/api/v1/coops/cwc/funding-agreements/{course.agreement.pk}/report/").json()

    assert report["impact"]["total"]["counts"]["referred"] is None
    assert [t["achieved"] for t in report["targets"]] == [None, None, None, None]
