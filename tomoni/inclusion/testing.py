"""Test hooks and builders of the inclusion context (see tomoni.testing.context_hooks).

`caregiver_course(world)` sets up Ajisai's caregiver course (Chiba Prefecture's agreement, a cohort,
two units); `trainee(world, course)` refers a trainee to it with the Ajisai support worker as
caseworker, consent to support given and the course started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tomoni.core.models import User
from tomoni.inclusion import services
from tomoni.inclusion.models import Cohort, CurriculumUnit, FundingAgreement, Participant, Programme, SupportPlan
from tomoni.members.models import Person
from tomoni.testing import World

START = dt.date(2014, 4, 7)

PUBLIC: set[str] = set()
# The participant's own path and the support worker's own caseload (an outsider has none of CWC's).
OWN_ONLY: set[str] = {"inclusion:me", "inclusion:caseload", "api-me-inclusion", "api-caseload"}
# The federation's work-integration figures are for federation staff.
NOT_FOUND: set[str] = {"inclusion:federation_impact", "api-federation-inclusion"}
# The Ajisai member is the trainee of url_values: their own participant record and plan are theirs.
API_MEMBER_ROUTES: set[str] = {
    "api/v1/coops/<slug:code>/participants/<int:participant_id>/",
    "api/v1/me/inclusion/plans/<int:support_plan_id>/agree/",
}


@dataclass
class Course:
    programme: Programme
    agreement: FundingAgreement
    cohort: Cohort
    theory: CurriculumUnit
    practice: CurriculumUnit


def caregiver_course(world: World) -> Course:
    """Ajisai's 4-month caregiver course (介護職員初任者研修), funded by Chiba Prefecture."""
    programme = services.programme_create(
        actor=None,
        coop=world.cwc,
        code="caregiver",
        name="介護職員初任者研修",
        kind="vocational",
        centres=[world.ajisai],
        started_on=dt.date(2010, 4, 1),
        capacity=20,
    )
    funder = services.funder_create(actor=None, coop=world.cwc, code="chiba", name="千葉県", kind="prefecture")
    agreement = services.agreement_create(
        actor=None,
        programme=programme,
        funder=funder,
        starts_on=dt.date(2014, 4, 1),
        ends_on=dt.date(2015, 3, 31),
        amount_yen=4_800_000,
        target_trained=10,
        target_certified=8,
        target_employed=5,
        target_retained=4,
    )
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        centre=world.ajisai,
        code="2014-1",
        name="2014年度 第1期",
        starts_on=START,
        ends_on=dt.date(2014, 7, 31),
        agreement=agreement,
    )
    theory = services.unit_create(actor=None, programme=programme, code="theory", name="講義", required_minutes=240)
    practice = services.unit_create(
        actor=None, programme=programme, code="practice", name="演習", required_minutes=180, sort_order=1
    )
    return Course(programme=programme, agreement=agreement, cohort=cohort, theory=theory, practice=practice)


def trainee(
    world: World, course: Course, person: Person | None = None, *, caseworker: User | None = None
) -> Participant:
    """A trainee of the course, referred by Hello Work, consenting to support, started on the cohort's first day."""
    if person is None:
        person = Person.objects.create(
            coop=world.cwc, family_name="研修", given_name=f"{Person.objects.count()}", family_name_kana="ケンシュウ"
        )
    participant = services.participant_refer(
        actor=None,
        person=person,
        programme=course.programme,
        centre=world.ajisai,
        cohort=course.cohort,
        referral_source="hello_work",
        referred_on=START - dt.timedelta(days=20),
        caseworker=caseworker or world.support,
    )
    services.consent_give(
        actor=None, participant=participant, purpose="support", given_on=START - dt.timedelta(days=20)
    )
    return services.participant_start(actor=None, participant=participant, started_on=START)


def plan_for(participant: Participant, *, drawn_up_on: dt.date = START) -> SupportPlan:
    return services.plan_draw_up(
        actor=None,
        participant=participant,
        drawn_up_on=drawn_up_on,
        wishes="介護の仕事で自立したい",
        family_wishes="無理なく続けてほしい",
        issues="朝起きるのがつらい日がある",
        goals=[
            services.GoalInput(
                "long", drawn_up_on + dt.timedelta(days=365), "介護職員として働く", "職場実習", "支援員"
            ),
            services.GoalInput(
                "short", drawn_up_on + dt.timedelta(days=90), "研修に毎回出席する", "朝の電話", "支援員"
            ),
        ],
    )


def url_values(world: World) -> dict[str, object]:
    """The Ajisai member as a trainee of the caregiver course, with a plan, an assessment and a session."""
    course = caregiver_course(world)
    participant = trainee(world, course, world.member_person)
    plan = plan_for(participant)
    services.assessment_record(actor=world.support, participant=participant, assessed_on=START, needs="通院")
    session = services.training_session_create(
        actor=None,
        cohort=course.cohort,
        unit=course.theory,
        on_date=START,
        starts_at=dt.time(10, 0),
        length_minutes=120,
    )
    services.placement_start(
        actor=None,
        participant=participant,
        centre=world.ajisai,
        mentor=_mentor(world),
        starts_on=dt.date(2014, 8, 1),
    )
    support_session = services.session_plan(actor=world.support, participant=participant, on_date=START)
    return {
        "programme_id": course.programme.pk,
        "consent_id": participant.consents.get().pk,
        "support_session_id": support_session.pk,
        "follow_up_id": participant.follow_ups.order_by("months").first().pk,  # type: ignore[union-attr]
        "participant_id": participant.pk,
        "cohort_id": course.cohort.pk,
        "funding_agreement_id": course.agreement.pk,
        "support_plan_id": plan.pk,
        "training_session_id": session.pk,
    }


def _mentor(world: World) -> Person:
    """A caregiver member of Ajisai to mentor trainees."""
    found = Person.objects.filter(coop=world.cwc, family_name="指導", given_name="員").first()
    if found is not None:
        return found
    return Person.objects.create(coop=world.cwc, family_name="指導", given_name="員", family_name_kana="シドウ")
