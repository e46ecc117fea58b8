"""The support worker's and the centre's write pages: each step saved through its service and audited,
special care only for the caseworker, bad input refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoni.core.models import AuditEvent, User
from tomoni.inclusion import services
from tomoni.inclusion.models import (
    Assessment,
    Caseworker,
    Certificate,
    Consent,
    Outcome,
    Participant,
    Placement,
    Review,
    SessionStatus,
    SupportPlan,
    SupportSession,
    TrainingSession,
)
from tomoni.inclusion.testing import START, Course, caregiver_course, plan_for, trainee
from tomoni.members.models import Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


@pytest.fixture
def course(world: World) -> Course:
    return caregiver_course(world)


def test_the_support_worker_refers_someone_new_and_takes_the_case(world: World, course: Course) -> None:
    url = reverse("inclusion:refer", args=[world.cwc.code, course.programme.pk])
    response = _client(world.support).post(
        url,
        {
            "family_name": "新井",
            "given_name": "花",
            "family_name_kana": "アライ",
            "centre": world.ajisai.pk,
            "cohort": course.cohort.pk,
            "referral_source": "hello_work",
            "referred_on": "2014-03-20",
        },
    )

    participant = Participant.objects.get(person__family_name="新井")
    assert response.status_code == 302
    assert participant.cohort == course.cohort and participant.referral_source == "hello_work"
    assert Caseworker.objects.filter(participant=participant, user=world.support).exists()
    assert _audited("inclusion.participant.referred") == 1


def test_a_referral_without_a_name_is_refused_and_saves_nothing(world: World, course: Course) -> None:
    url = reverse("inclusion:refer", args=[world.cwc.code, course.programme.pk])
    people = Person.objects.count()

    with translation.override("ja"):
        response = _client(world.support).post(
            url,
            {"centre": world.ajisai.pk, "referral_source": "self", "referred_on": "2014-03-20"},
            HTTP_ACCEPT_LANGUAGE="ja",
        )

    assert response.status_code == 400
    assert Person.objects.count() == people and not Participant.objects.exists()


def test_consent_is_given_and_withdrawn_on_the_page(world: World, course: Course) -> None:
    participant = trainee(world, course)
    client = _client(world.support)

    client.post(
        reverse("inclusion:consent_give", args=[world.cwc.code, participant.pk]),
        {"purpose": "funder", "given_on": "2014-04-07"},
    )
    consent = Consent.objects.get(participant=participant, purpose="funder")
    client.post(
        reverse("inclusion:consent_withdraw", args=[world.cwc.code, consent.pk]), {"withdrawn_on": "2014-09-01"}
    )

    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2014, 9, 1)
    assert _audited("inclusion.consent.given") >= 2 and _audited("inclusion.consent.withdrawn") == 1


def test_intake_needs_consent_to_support_first(world: World, course: Course) -> None:
    participant = trainee(world, course)
    participant.started_on = None
    participant.save()
    participant.consents.all().delete()

    response = _client(world.support).post(
        reverse("inclusion:start", args=[world.cwc.code, participant.pk]),
        {"started_on": "2014-04-07"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    participant.refresh_from_db()
    assert response.status_code == 400 and participant.started_on is None
    assert "consent" in response.content.decode()


def test_the_caseworker_records_assessment_plan_review_and_session(world: World, course: Course) -> None:
    participant = trainee(world, course)
    client = _client(world.support)
    code = world.cwc.code

    client.post(
        reverse("inclusion:assessment", args=[code, participant.pk]),
        {"assessed_on": "2014-04-07", "strengths": "丁寧", "needs": "朝が苦手", "health": "通院中"},
    )
    client.post(
        reverse("inclusion:plan_draw_up", args=[code, participant.pk]),
        {
            "drawn_up_on": "2014-04-08",
            "wishes": "介護の仕事をしたい",
            "review_every_months": "3",
            "long_text": "介護職員として働く",
            "long_target_on": "2015-04-01",
            "short_text": "研修に毎回出る",
            "short_target_on": "2014-07-31",
        },
    )
    plan = services.plan_agree(
        actor=world.support, plan=SupportPlan.objects.get(participant=participant), on_paper=True
    )
    goals = list(plan.goals.values_list("pk", flat=True))
    review_data = {"reviewed_on": "2014-07-08", "summary": "順調"}
    review_data |= {f"rating-{g}": "progressing" for g in goals}
    client.post(reverse("inclusion:review", args=[code, plan.pk]), review_data)
    client.post(reverse("inclusion:session_plan", args=[code, participant.pk]), {"on_date": "2014-04-10"})
    session = SupportSession.objects.get(participant=participant)
    client.post(reverse("inclusion:session_record", args=[code, session.pk]), {"status": "held", "note": "面談"})

    session.refresh_from_db()
    assert Assessment.objects.filter(participant=participant).count() == 1
    assert [g.term for g in plan.goals.all()] == ["long", "short"]
    assert Review.objects.filter(plan=plan).count() == 1
    assert session.status == SessionStatus.HELD and session.note_encrypted
    for action in ("assessment.recorded", "plan.drawn_up", "review.recorded", "session.planned", "session.recorded"):
        assert _audited(f"inclusion.{action}") == 1, action


@pytest.mark.parametrize("who", ["manager", "officer", "auditor", "staff", "member"])
def test_the_special_care_pages_are_a_404_without_need_to_know(world: World, course: Course, who: str) -> None:
    participant = trainee(world, course)
    plan = plan_for(participant)
    session = SupportSession.objects.create(
        coop=world.cwc, participant=participant, worker=world.support, on_date=START
    )
    code = world.cwc.code
    client = _client(getattr(world, who))

    for url in (
        reverse("inclusion:assessment", args=[code, participant.pk]),
        reverse("inclusion:plan_draw_up", args=[code, participant.pk]),
        reverse("inclusion:review", args=[code, plan.pk]),
        reverse("inclusion:session_plan", args=[code, participant.pk]),
        reverse("inclusion:session_record", args=[code, session.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_opening_a_plan_to_review_is_logged_as_a_read(world: World, course: Course) -> None:
    plan = plan_for(trainee(world, course))
    before = _audited("inclusion.file.viewed")

    page = _client(world.support).get(reverse("inclusion:review", args=[world.cwc.code, plan.pk]))

    assert "研修に毎回出席する" in page.content.decode()
    assert _audited("inclusion.file.viewed") == before + 1


def test_the_manager_awards_a_certificate_places_with_a_mentor_and_records_the_path(
    world: World, course: Course
) -> None:
    participant = trainee(world, course)
    client = _client(world.manager)
    code = world.cwc.code

    form = client.get(reverse("inclusion:placement", args=[code, participant.pk])).content.decode()
    client.post(
        reverse("inclusion:certificate", args=[code, participant.pk]),
        {"name": "介護職員初任者研修", "number": "C-1", "issued_on": "2014-07-31"},
    )
    client.post(
        reverse("inclusion:placement", args=[code, participant.pk]),
        {"centre": world.ajisai.pk, "mentor": world.member_person.pk, "starts_on": "2014-08-01"},
    )
    follow_up = participant.follow_ups.get(months=6)
    client.post(reverse("inclusion:follow_up", args=[code, follow_up.pk]), {"done_on": "2015-02-02", "in_work": "yes"})
    client.post(
        reverse("inclusion:outcome", args=[code, participant.pk]),
        {"kind": "employed_elsewhere", "on_date": "2014-12-01", "employer": "近所の施設"},
    )

    participant.refresh_from_db()
    assert world.member_person.full_name in form
    assert Certificate.objects.filter(participant=participant, number="C-1").exists()
    assert Placement.objects.get(participant=participant).mentor == world.member_person
    assert participant.in_work_6m is True and participant.employed_on == dt.date(2014, 12, 1)
    assert Outcome.objects.filter(participant=participant).count() == 1
    for action in ("certificate.awarded", "placement.started", "follow_up.recorded", "outcome.recorded"):
        assert _audited(f"inclusion.{action}") == 1, action


def test_a_follow_up_outside_its_window_is_refused(world: World, course: Course) -> None:
    participant = trainee(world, course)
    client = _client(world.manager)
    code = world.cwc.code
    client.post(
        reverse("inclusion:placement", args=[code, participant.pk]),
        {"centre": world.ajisai.pk, "mentor": world.member_person.pk, "starts_on": "2014-08-01"},
    )
    follow_up = participant.follow_ups.get(months=6)

    response = client.post(
        reverse("inclusion:follow_up", args=[code, follow_up.pk]), {"done_on": "2014-09-01", "in_work": "yes"}
    )

    follow_up.refresh_from_db()
    assert response.status_code == 400 and follow_up.done_on is None


def test_the_write_pages_speak_japanese_and_english(world: World, course: Course) -> None:
    participant = trainee(world, course)
    url = reverse("inclusion:plan_draw_up", args=[world.cwc.code, participant.pk])
    client = _client(world.support)

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies.load({"django_language": "ja"})
    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert "Long-term goal" in english
    assert "長期目標" in japanese


def test_the_manager_timetables_a_training_session_and_goes_on_to_its_attendance(world: World, course: Course) -> None:
    url = reverse("inclusion:training_session_new", args=[world.cwc.code, course.cohort.pk])

    response = _client(world.manager).post(
        url, {"unit": course.theory.pk, "on_date": "2014-04-14", "starts_at": "10:00", "length_minutes": "120"}
    )

    session = TrainingSession.objects.get(cohort=course.cohort, on_date=dt.date(2014, 4, 14))
    assert response.status_code == 302
    assert response["Location"] == reverse("inclusion:attendance", args=[world.cwc.code, session.pk])
    assert (session.unit, session.starts_at, session.length_minutes) == (course.theory, dt.time(10, 0), 120)
    assert AuditEvent.objects.get(action="inclusion.training_session.created").actor == world.manager


def test_a_training_session_longer_than_a_day_is_refused_and_saves_nothing(world: World, course: Course) -> None:
    url = reverse("inclusion:training_session_new", args=[world.cwc.code, course.cohort.pk])

    response = _client(world.manager).post(
        url, {"unit": course.theory.pk, "on_date": "2014-04-14", "starts_at": "10:00", "length_minutes": "1441"}
    )

    assert response.status_code == 400 and not TrainingSession.objects.exists()


@pytest.mark.parametrize("who", ["support", "member", "auditor", "outsider"])
def test_only_the_centres_writers_timetable_training(world: World, course: Course, who: str) -> None:
    url = reverse("inclusion:training_session_new", args=[world.cwc.code, course.cohort.pk])

    response = _client(getattr(world, who)).get(url)

    assert response.status_code == 404
