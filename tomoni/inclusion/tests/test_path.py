"""One person's path through the services: referral to follow-up, each step audited."""

from __future__ import annotations

import datetime as dt

import pytest

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.inclusion import services
from tomoni.inclusion.models import Participant, PlanStatus
from tomoni.inclusion.testing import START, caregiver_course, plan_for, trainee
from tomoni.members import services as members_services
from tomoni.members.models import Person
from tomoni.testing import World
from tomoni.work.models import Accommodation


def _actions() -> list[str]:
    return list(AuditEvent.objects.filter(action__startswith="inclusion.").values_list("action", flat=True))


def test_a_support_worker_refers_a_person_and_becomes_their_caseworker(world: World) -> None:
    course = caregiver_course(world)
    person = Person.objects.create(coop=world.cwc, family_name="山田", given_name="一", family_name_kana="ヤマダ")

    participant = services.participant_refer(
        actor=world.support,
        person=person,
        programme=course.programme,
        centre=world.ajisai,
        cohort=course.cohort,
        referral_source="youth_support_station",
        referred_on=dt.date(2014, 3, 1),
    )

    assert participant.caseworkers.get().user == world.support
    assert "inclusion.participant.referred" in _actions()


def test_a_newcomer_referred_is_registered_in_the_name_of_who_referred_them(world: World) -> None:
    course = caregiver_course(world)

    participant = services.participant_refer_new(
        actor=world.support,
        programme=course.programme,
        centre=world.ajisai,
        referral_source="hello_work",
        referred_on=dt.date(2014, 3, 1),
        person_fields={"family_name": "新井", "given_name": "花", "family_name_kana": "アライ"},
    )

    registered = AuditEvent.objects.get(action="members.person.created", object_id=str(participant.person_id))
    assert registered.actor == world.support
    assert registered.data == {"referred_to_centre": world.ajisai.pk}
    assert AuditEvent.objects.get(action="inclusion.participant.referred").actor == world.support


def test_an_outsider_cannot_register_a_newcomer_at_ajisai(world: World) -> None:
    course = caregiver_course(world)
    people = Person.objects.count()

    with pytest.raises(TomoniError):
        services.participant_refer_new(
            actor=world.outsider,
            programme=course.programme,
            centre=world.ajisai,
            referral_source="self",
            referred_on=dt.date(2014, 3, 1),
            person_fields={"family_name": "新井", "given_name": "花"},
        )
    assert Person.objects.count() == people


def test_an_outsider_cannot_refer_anyone_to_ajisai(world: World) -> None:
    course = caregiver_course(world)

    with pytest.raises(TomoniError):
        services.participant_refer(
            actor=world.outsider,
            person=world.nara_person,
            programme=course.programme,
            centre=world.ajisai,
            referral_source="self",
            referred_on=dt.date(2014, 3, 1),
        )


def test_intake_needs_consent_to_support_first(world: World) -> None:
    course = caregiver_course(world)
    participant = services.participant_refer(
        actor=world.support,
        person=world.nara_person,
        programme=course.programme,
        centre=world.ajisai,
        referral_source="welfare_office",
        referred_on=dt.date(2014, 3, 1),
    )

    with pytest.raises(TomoniError, match="consent"):
        services.participant_start(actor=world.support, participant=participant, started_on=START)

    services.consent_give(actor=world.support, participant=participant, purpose="support", given_on=dt.date(2014, 3, 1))
    services.participant_start(actor=world.support, participant=participant, started_on=START)
    assert Participant.objects.get(pk=participant.pk).started_on == START


def test_the_participant_agrees_to_their_plan_and_the_first_review_falls_due(world: World) -> None:
    course = caregiver_course(world)
    participant = trainee(world, course, world.member_person)
    plan = plan_for(participant)

    services.plan_agree(actor=world.member, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED and plan.agreed_at is not None
    assert plan.next_review_on is not None
    event = AuditEvent.objects.get(action="inclusion.plan.agreed")
    assert event.actor == world.member and event.data["on_paper"] is False


def test_only_the_participant_agrees_on_their_phone(world: World) -> None:
    course = caregiver_course(world)
    plan = plan_for(trainee(world, course, world.member_person))

    with pytest.raises(TomoniError):
        services.plan_agree(actor=world.support, plan=plan)
    services.plan_agree(actor=world.support, plan=plan, on_paper=True)
    assert AuditEvent.objects.get(action="inclusion.plan.agreed").data["on_paper"] is True


def test_a_new_plan_agreed_supersedes_the_one_in_force(world: World) -> None:
    course = caregiver_course(world)
    participant = trainee(world, course, world.member_person)
    first = plan_for(participant)
    services.plan_agree(actor=world.member, plan=first)
    second = plan_for(participant, drawn_up_on=dt.date(2014, 7, 1))

    services.plan_agree(actor=world.member, plan=second)

    first.refresh_from_db()
    assert (first.status, second.version) == (PlanStatus.SUPERSEDED, 2)


def test_a_plan_needs_a_long_and_a_short_term_goal(world: World) -> None:
    participant = trainee(world, caregiver_course(world))

    with pytest.raises(TomoniError, match="long-term"):
        services.plan_draw_up(
            actor=world.support,
            participant=participant,
            drawn_up_on=START,
            wishes="働きたい",
            goals=[services.GoalInput("short", START + dt.timedelta(days=30), "毎日出席")],
        )


def test_a_review_records_progress_on_every_goal_and_moves_the_due_day(world: World) -> None:
    participant = trainee(world, caregiver_course(world), world.member_person)
    plan = plan_for(participant)
    services.plan_agree(actor=world.member, plan=plan)
    goals = list(plan.goals.order_by("sort_order"))

    with pytest.raises(TomoniError, match="every goal"):
        services.review_record(
            actor=world.support, plan=plan, reviewed_on=dt.date(2014, 7, 1), progress={goals[0].pk: ("achieved", "")}
        )
    services.review_record(
        actor=world.support,
        plan=plan,
        reviewed_on=dt.date(2014, 7, 1),
        progress={goals[0].pk: ("progressing", "実習中"), goals[1].pk: ("achieved", "皆勤")},
        summary="順調",
    )

    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2014, 10, 1)


def test_attendance_completes_the_course_when_every_unit_has_its_hours(world: World) -> None:
    course = caregiver_course(world)
    participant = trainee(world, course)
    theory = services.training_session_create(
        actor=world.manager, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(9),
        length_minutes=240, trainer=world.support,
    )  # fmt: skip
    practice = services.training_session_create(
        actor=world.manager, cohort=course.cohort, unit=course.practice, on_date=dt.date(2014, 5, 1),
        starts_at=dt.time(9), length_minutes=180,
    )  # fmt: skip

    services.attendance_enter(actor=world.support, session=theory, minutes_by_participant={participant.pk: 240})
    assert Participant.objects.get(pk=participant.pk).completed_on is None
    services.attendance_enter(actor=world.manager, session=practice, minutes_by_participant={participant.pk: 180})
    assert Participant.objects.get(pk=participant.pk).completed_on == dt.date(2014, 5, 1)

    services.attendance_enter(actor=world.manager, session=practice, minutes_by_participant={participant.pk: 120})
    assert Participant.objects.get(pk=participant.pk).completed_on is None


def test_attendance_over_the_sessions_length_is_refused(world: World) -> None:
    course = caregiver_course(world)
    participant = trainee(world, course)
    session = services.training_session_create(
        actor=None, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(9), length_minutes=60
    )

    with pytest.raises(TomoniError, match="between 0 and 60"):
        services.attendance_enter(actor=None, session=session, minutes_by_participant={participant.pk: 61})


def test_someone_not_the_trainer_nor_a_writer_cannot_enter_attendance(world: World) -> None:
    course = caregiver_course(world)
    participant = trainee(world, course)
    session = services.training_session_create(
        actor=None, cohort=course.cohort, unit=course.theory, on_date=START, starts_at=dt.time(9), length_minutes=60
    )

    with pytest.raises(TomoniError):
        services.attendance_enter(actor=world.member, session=session, minutes_by_participant={participant.pk: 60})


def test_the_whole_path_from_referral_to_a_six_month_follow_up(world: World) -> None:
    course = caregiver_course(world)
    person = Person.objects.create(coop=world.cwc, family_name="木村", given_name="翔太", family_name_kana="キムラ")
    participant = trainee(world, course, person)
    services.certificate_award(
        actor=world.support,
        participant=participant,
        name="介護職員初任者研修",
        number="12-0001",
        issued_on=dt.date(2014, 8, 1),
    )
    mentor = Person.objects.create(coop=world.cwc, family_name="佐々木", given_name="綾", family_name_kana="ササキ")

    services.placement_start(
        actor=world.manager, participant=participant, centre=world.ajisai, mentor=mentor, starts_on=dt.date(2014, 8, 4)
    )
    members_services.labour_contract_create(
        actor=world.manager, person=person, centre=world.ajisai, started_on=dt.date(2014, 10, 1),
        contracted_minutes_per_week=1200,
    )  # fmt: skip
    services.outcome_record(
        actor=world.support, participant=participant, kind="coop_employed", on_date=dt.date(2014, 10, 1)
    )
    members_services.membership_create(
        actor=world.manager, person=person, kind="worker", member_number="C0000100", joined_on=dt.date(2015, 4, 1),
        centre=world.ajisai,
    )  # fmt: skip
    services.outcome_record(actor=world.support, participant=participant, kind="member", on_date=dt.date(2015, 4, 1))
    six = participant.follow_ups.get(months=6)
    services.follow_up_record(actor=world.support, follow_up=six, done_on=dt.date(2015, 2, 10), in_work=True)

    participant.refresh_from_db()
    assert participant.certified_on == dt.date(2014, 8, 1)
    assert participant.placed_on == dt.date(2014, 8, 4)
    assert participant.employed_on == dt.date(2014, 10, 1)
    assert participant.member_on == dt.date(2015, 4, 1)
    assert participant.in_work_6m is True
    assert Accommodation.objects.get(person=person).mentor == mentor
    assert {
        "inclusion.certificate.awarded",
        "inclusion.placement.started",
        "inclusion.outcome.recorded",
        "inclusion.follow_up.recorded",
    } <= set(_actions())
    assert "work.accommodation.set" in AuditEvent.objects.values_list("action", flat=True)


def test_membership_as_an_outcome_needs_the_membership_in_the_register(world: World) -> None:
    participant = trainee(world, caregiver_course(world))

    with pytest.raises(TomoniError, match="worker member"):
        services.outcome_record(
            actor=world.support, participant=participant, kind="member", on_date=dt.date(2015, 4, 1)
        )


def test_a_follow_up_outside_its_window_is_refused(world: World) -> None:
    participant = trainee(world, caregiver_course(world))
    mentor = Person.objects.create(coop=world.cwc, family_name="指導", given_name="員")
    services.placement_start(
        actor=world.manager, participant=participant, centre=world.ajisai, mentor=mentor, starts_on=dt.date(2014, 8, 4)
    )
    six = participant.follow_ups.get(months=6)

    with pytest.raises(TomoniError, match="6-month follow-up"):
        services.follow_up_record(actor=world.support, follow_up=six, done_on=dt.date(2015, 1, 3), in_work=True)


def test_a_volunteers_hours_are_recorded_apart_from_work(world: World) -> None:
    volunteer = members_services.volunteer_register(
        actor=world.manager, person=world.nara_person, centre=world.ajisai, started_on=dt.date(2014, 4, 1)
    )

    activity = services.volunteer_activity_record(
        actor=world.manager, volunteer=volunteer, on_date=dt.date(2014, 5, 1), minutes=120, description="配食の手伝い"
    )

    assert activity.minutes == 120
    with pytest.raises(TomoniError):
        services.volunteer_activity_record(
            actor=world.outsider, volunteer=volunteer, on_date=dt.date(2014, 5, 2), minutes=60, description="x"
        )
