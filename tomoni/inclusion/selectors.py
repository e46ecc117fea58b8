"""Every read of work integration, scoped: outside the asking user's grants, a 404.

Special-care records are decrypted only for need-to-know readers (the participant's own caseworkers
and the participant), and each such read is written to the audit log before it is returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Q, QuerySet, Sum

from tomoni.core import clock, crypto
from tomoni.core.audit import audit_record
from tomoni.core.models import User
from tomoni.core.scopes import not_found, scope_for
from tomoni.federation.models import Centre, Coop
from tomoni.inclusion import rules
from tomoni.inclusion.access import is_participant, needs_to_know, reads_centre, reads_participant, writes_centre
from tomoni.inclusion.models import (
    Assessment,
    Caseworker,
    Certificate,
    Cohort,
    Consent,
    CurriculumUnit,
    FollowUp,
    Goal,
    Outcome,
    Participant,
    Placement,
    PlanStatus,
    Programme,
    ProgrammeCentre,
    Review,
    SupportPlan,
    SupportSession,
    TrainingAttendance,
    TrainingSession,
)

# Reviews due within this many days show on the caseload.
REVIEW_HORIZON_DAYS = 14


@dataclass(frozen=True)
class NavLinks:
    """Which work-integration pages the main navigation offers a signed-in user: only those they may use."""

    my_path: bool  # the participant's own page: they are (or were) in a programme
    caseload: bool  # the support worker's caseload: a support worker's grant
    programmes: bool  # programmes and their cohort boards: the writers of a coop or centre, and support workers


def nav_links(*, user: User) -> NavLinks:
    """From the user's grants, and one query for a person of their own: are they a participant?"""
    scope = scope_for(user)
    supports = bool(scope.special_care)
    mine = bool(scope.own_person_ids) and (
        Participant.objects.filter(person_id__in=scope.own_person_ids, anonymised_on__isnull=True).exists()
    )
    return NavLinks(my_path=mine, caseload=supports, programmes=supports or bool(scope.write))


def coop_get(*, user: User, code: str) -> Coop:
    """A coop the user reads something of (its register, or a participant file of their own); else 404."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None:
        raise not_found()
    scope = scope_for(user)
    if coop.pk in scope.read.coop_ids or Centre.objects.filter(scope.centre_q(), coop=coop).exists():
        return coop
    if Participant.objects.filter(coop=coop, person_id__in=scope.own_person_ids).exists():
        return coop
    raise not_found()


def _participants(coop: Coop) -> QuerySet[Participant]:
    return Participant.objects.filter(coop=coop).select_related("coop", "person", "programme", "cohort", "centre")


def participant_get(*, user: User, coop: Coop, participant_id: int) -> Participant:
    """The register side of a participant's file (no special-care data); else 404."""
    participant = _participants(coop).filter(pk=participant_id).first()
    if participant is None or participant.anonymised_on is not None or not reads_participant(user, participant):
        raise not_found()
    return participant


@dataclass(frozen=True)
class ParticipantPage:
    """The register side of a participant's file and what the reader may do there."""

    participant: Participant
    knows: bool  # need-to-know: may open the support file
    writes: bool  # a writer of the participant's centre (places with a mentor)
    records: bool  # records steps of the path (the centre's writers and the caseworkers)
    consents: list[Consent]
    follow_ups: list[FollowUp]


def participant_page(*, user: User, coop: Coop, participant_id: int) -> ParticipantPage:
    """A participant's register page (no special-care data) with the reader's rights; else 404."""
    found = participant_get(user=user, coop=coop, participant_id=participant_id)
    knows = needs_to_know(user, found)
    writes = writes_centre(user, found.centre)
    return ParticipantPage(
        participant=found,
        knows=knows,
        writes=writes,
        records=writes or (knows and not is_participant(user, found)),
        consents=list(Consent.objects.filter(coop=coop, participant=found).order_by("purpose", "given_on", "pk")),
        follow_ups=list(FollowUp.objects.filter(coop=coop, participant=found).order_by("months")),
    )


def programmes_of(*, user: User, coop: Coop) -> list[Programme]:
    """Programmes hosted at a centre the user reads."""
    scope = scope_for(user)
    hosted = ProgrammeCentre.objects.filter(scope.centre_q(prefix="centre__"), coop=coop).values("programme_id")
    return list(Programme.objects.filter(coop=coop).filter(pk__in=hosted).order_by("code"))


def programme_get(*, user: User, coop: Coop, programme_id: int) -> Programme:
    for programme in programmes_of(user=user, coop=coop):
        if programme.pk == programme_id:
            return programme
    raise not_found()


def cohort_get(*, user: User, coop: Coop, cohort_id: int) -> Cohort:
    cohort = Cohort.objects.filter(coop=coop, pk=cohort_id).select_related("programme", "centre", "agreement").first()
    if cohort is None or not reads_centre(scope_for(user), cohort.centre):
        raise not_found()
    return cohort


# Hours -----------------------------------------------------------------------------------------------


@dataclass
class Hours:
    """A participant's training: minutes credited toward the course against minutes required."""

    credited_minutes: int
    required_minutes: int
    completed: bool

    @property
    def percent(self) -> int:
        if not self.required_minutes:
            return 0
        return self.credited_minutes * 100 // self.required_minutes


def _hours_of(participants: list[Participant]) -> dict[int, Hours]:
    """Hours of many participants in two queries."""
    programme_ids = {p.programme_id for p in participants}
    required: dict[int, dict[int, int]] = {pid: {} for pid in programme_ids}
    for unit_id, programme_id, minutes in CurriculumUnit.objects.filter(programme_id__in=programme_ids).values_list(
        "pk", "programme_id", "required_minutes"
    ):
        required[programme_id][unit_id] = minutes
    attended: dict[int, dict[int, int]] = {p.pk: {} for p in participants}
    for row in (
        TrainingAttendance.objects.filter(participant_id__in=list(attended))
        .values("participant_id", "session__unit_id")
        .annotate(total=Sum("attended_minutes"))
    ):
        attended[row["participant_id"]][row["session__unit_id"]] = row["total"]
    result = {}
    for p in participants:
        need = required[p.programme_id]
        result[p.pk] = Hours(
            credited_minutes=rules.credited_minutes(attended=attended[p.pk], required=need),
            required_minutes=sum(need.values()),
            completed=rules.course_completed(attended=attended[p.pk], required=need),
        )
    return result


# The cohort board ------------------------------------------------------------------------------------


@dataclass
class BoardRow:
    participant: Participant
    hours: Hours
    certificates: list[Certificate]


@dataclass
class CohortBoard:
    cohort: Cohort
    rows: list[BoardRow]
    sessions: list[TrainingSession]
    can_write: bool


def cohort_board(*, user: User, coop: Coop, cohort_id: int) -> CohortBoard:
    """A cohort's participants with their hours, certificates and placements (no special-care data)."""
    cohort = cohort_get(user=user, coop=coop, cohort_id=cohort_id)
    participants = list(
        _participants(coop).filter(cohort=cohort, anonymised_on__isnull=True).order_by("person__family_name_kana", "pk")
    )
    hours = _hours_of(participants)
    certificates: dict[int, list[Certificate]] = {p.pk: [] for p in participants}
    for certificate in Certificate.objects.filter(coop=coop, participant__in=participants).order_by("issued_on"):
        certificates[certificate.participant_id].append(certificate)
    sessions = list(
        TrainingSession.objects.filter(coop=coop, cohort=cohort).select_related("unit").order_by("on_date", "starts_at")
    )
    return CohortBoard(
        cohort=cohort,
        rows=[BoardRow(participant=p, hours=hours[p.pk], certificates=certificates[p.pk]) for p in participants],
        sessions=sessions,
        can_write=writes_centre(user, cohort.centre),
    )


@dataclass
class TimetableChoices:
    cohort: Cohort
    units: QuerySet[CurriculumUnit]


def cohort_to_timetable(*, user: User, coop: Coop, cohort_id: int) -> TimetableChoices:
    """A cohort whose sessions `user` timetables (its centre's writers) and its programme's units; else 404."""
    cohort = cohort_get(user=user, coop=coop, cohort_id=cohort_id)
    if not writes_centre(user, cohort.centre):
        raise not_found()
    units = CurriculumUnit.objects.filter(coop=coop, programme_id=cohort.programme_id).order_by("sort_order", "code")
    return TimetableChoices(cohort=cohort, units=units)


# Attendance entry (the trainer's tablet) ----------------------------------------------------------------


@dataclass
class AttendanceSheet:
    session: TrainingSession
    rows: list[tuple[Participant, int | None]]


def attendance_sheet(*, user: User, coop: Coop, session_id: int) -> AttendanceSheet:
    """A session's list for the trainer: the cohort's participants and the minutes entered so far."""
    from tomoni.inclusion.services import enters_attendance

    session = (
        TrainingSession.objects.filter(coop=coop, pk=session_id)
        .select_related("cohort", "cohort__centre", "unit", "cohort__programme")
        .first()
    )
    if session is None or not enters_attendance(user, session):
        raise not_found()
    entered = dict(
        TrainingAttendance.objects.filter(coop=coop, session=session).values_list("participant_id", "attended_minutes")
    )
    participants = _participants(coop).filter(cohort_id=session.cohort_id, anonymised_on__isnull=True)
    return AttendanceSheet(
        session=session,
        rows=[(p, entered.get(p.pk)) for p in participants.order_by("person__family_name_kana", "pk")],
    )


# Special-care records --------------------------------------------------------------------------------


@dataclass
class GoalView:
    goal: Goal
    text: str
    support: str
    supporter: str
    progress: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (reviewed_on, rating, note)


@dataclass
class PlanView:
    plan: SupportPlan
    wishes: str
    family_wishes: str
    issues: str
    goals: list[GoalView]
    reviews: list[tuple[Review, str]]  # with the review's summary

    @property
    def long_goals(self) -> list[GoalView]:
        return [g for g in self.goals if g.goal.term == "long"]

    @property
    def short_goals(self) -> list[GoalView]:
        return [g for g in self.goals if g.goal.term == "short"]


@dataclass
class CaseFile:
    """A participant's whole file as their caseworker (or they themself) reads it."""

    participant: Participant
    hours: Hours
    assessments: list[tuple[Assessment, dict[str, Any]]]
    plans: list[PlanView]
    sessions: list[tuple[SupportSession, str]]
    consents: list[Consent]
    certificates: list[Certificate]
    placements: list[Placement]
    follow_ups: list[FollowUp]
    caseworkers: list[Caseworker]
    own: bool = False  # read by the participant themself

    @property
    def current_plan(self) -> PlanView | None:
        """The plan awaiting agreement if any, else the plan in force."""
        for status in (PlanStatus.DRAFT, PlanStatus.AGREED):
            for plan in reversed(self.plans):
                if plan.plan.status == status:
                    return plan
        return None


def _plan_views(plans: list[SupportPlan]) -> list[PlanView]:
    goals: dict[int, list[Goal]] = {p.pk: [] for p in plans}
    for goal in Goal.objects.filter(plan__in=plans).order_by("sort_order", "pk"):
        goals[goal.plan_id].append(goal)
    reviews: dict[int, list[Review]] = {p.pk: [] for p in plans}
    for review in Review.objects.filter(plan__in=plans).order_by("reviewed_on", "pk"):
        reviews[review.plan_id].append(review)
    views = []
    for plan in plans:
        payload = crypto.decrypt_json(plan.payload_encrypted)
        goal_views = {}
        for goal in goals[plan.pk]:
            data = crypto.decrypt_json(goal.payload_encrypted)
            goal_views[goal.pk] = GoalView(
                goal=goal, text=data["text"], support=data["support"], supporter=data["supporter"]
            )
        review_rows = []
        for review in reviews[plan.pk]:
            data = crypto.decrypt_json(review.payload_encrypted)
            for goal_id, progress in data["progress"].items():
                if int(goal_id) in goal_views:
                    goal_views[int(goal_id)].progress.append((review.reviewed_on, progress["rating"], progress["note"]))
            review_rows.append((review, data["summary"]))
        views.append(
            PlanView(
                plan=plan,
                wishes=payload["wishes"],
                family_wishes=payload["family_wishes"],
                issues=payload["issues"],
                goals=list(goal_views.values()),
                reviews=review_rows,
            )
        )
    return views


def _case_file(user: User, participant: Participant, *, reason: str, action: str = "inclusion.file.viewed") -> CaseFile:
    """Decrypt and log: every read of special-care data is one audit event naming what was read."""
    coop_id = participant.coop_id
    assessments = list(Assessment.objects.filter(coop_id=coop_id, participant=participant).order_by("assessed_on"))
    plans = list(SupportPlan.objects.filter(coop_id=coop_id, participant=participant).order_by("version"))
    sessions = list(
        SupportSession.objects.filter(coop_id=coop_id, participant=participant).order_by("-on_date", "-starts_at")
    )
    audit_record(
        actor=user,
        action=action,
        coop_id=coop_id,
        target=participant,
        data={
            "reason": reason,
            "assessments": [a.pk for a in assessments],
            "plans": [p.pk for p in plans],
            "sessions": [s.pk for s in sessions if s.note_encrypted],
        },
    )
    return CaseFile(
        participant=participant,
        hours=_hours_of([participant])[participant.pk],
        assessments=[(a, crypto.decrypt_json(a.payload_encrypted)) for a in assessments],
        plans=_plan_views(plans),
        sessions=[(s, crypto.decrypt_json(s.note_encrypted)["note"] if s.note_encrypted else "") for s in sessions],
        consents=list(Consent.objects.filter(coop_id=coop_id, participant=participant).order_by("purpose", "given_on")),
        certificates=list(Certificate.objects.filter(coop_id=coop_id, participant=participant).order_by("issued_on")),
        placements=list(
            Placement.objects.filter(coop_id=coop_id, participant=participant).select_related("centre", "mentor")
        ),
        follow_ups=list(FollowUp.objects.filter(coop_id=coop_id, participant=participant).order_by("months")),
        caseworkers=list(
            Caseworker.objects.filter(coop_id=coop_id, participant=participant, ended_on__isnull=True).select_related(
                "user"
            )
        ),
        own=reason == "own",
    )


def case_file(*, user: User, coop: Coop, participant_id: int) -> CaseFile:
    """A participant's file with its special-care records, for their caseworkers and themself; else 404."""
    participant = _participants(coop).filter(pk=participant_id).first()
    if participant is None or not needs_to_know(user, participant):
        raise not_found()
    return _case_file(user, participant, reason="own" if is_participant(user, participant) else "caseworker")


@dataclass
class Disclosure:
    """Everything kept about a participant, for their disclosure request (APPI Art 33): their file, their
    attendance and their outcomes, as of when it was asked."""

    case: CaseFile
    attendance: list[TrainingAttendance]
    outcomes: list[Outcome]
    asked_at: dt.datetime


def disclosure(*, user: User, coop: Coop, participant_id: int) -> Disclosure:
    """A participant's whole file for the participant themself or their caseworker; else 404.

    The read is one audit event, `inclusion.file.disclosed`, naming what was disclosed.
    """
    participant = _participants(coop).filter(pk=participant_id).first()
    if participant is None or not needs_to_know(user, participant):
        raise not_found()
    reason = "own" if is_participant(user, participant) else "caseworker"
    case = _case_file(user, participant, reason=reason, action="inclusion.file.disclosed")
    attendance = list(
        TrainingAttendance.objects.filter(coop=coop, participant=participant)
        .select_related("session", "session__unit")
        .order_by("session__on_date", "session__starts_at", "pk")
    )
    outcomes = list(Outcome.objects.filter(coop=coop, participant=participant).order_by("on_date", "pk"))
    return Disclosure(case=case, attendance=attendance, outcomes=outcomes, asked_at=clock.now())


def my_files(*, user: User) -> list[CaseFile]:
    """The signed-in person's own participations, plans and hours (their reads are logged too)."""
    own = scope_for(user).own_person_ids
    participants = Participant.objects.filter(person_id__in=own, anonymised_on__isnull=True).select_related(
        "coop", "person", "programme", "cohort", "centre"
    )
    return [_case_file(user, p, reason="own") for p in participants.order_by("-referred_on")]


def my_plan(*, user: User, plan_id: int) -> tuple[CaseFile, PlanView]:
    """One of the signed-in person's own plans, to read and agree; else 404."""
    plan = SupportPlan.objects.filter(pk=plan_id).select_related("participant").first()
    if plan is None or not is_participant(user, plan.participant):
        raise not_found()
    case = _case_file(user, plan.participant, reason="own")
    view = next(v for v in case.plans if v.plan.pk == plan.pk)
    return case, view


def consent_get(*, user: User, coop: Coop, consent_id: int) -> Consent:
    consent = Consent.objects.filter(coop=coop, pk=consent_id).select_related("participant").first()
    if consent is None or not (
        needs_to_know(user, consent.participant) or writes_centre(user, consent.participant.centre)
    ):
        raise not_found()
    return consent


def plan_get(*, user: User, coop: Coop, plan_id: int) -> SupportPlan:
    """A plan for a need-to-know reader, without decrypting it (for a write to act on); else 404."""
    plan = (
        SupportPlan.objects.filter(coop=coop, pk=plan_id).select_related("participant", "participant__centre").first()
    )
    if plan is None or not needs_to_know(user, plan.participant):
        raise not_found()
    return plan


def follow_up_get(*, user: User, coop: Coop, follow_up_id: int) -> FollowUp:
    follow_up = FollowUp.objects.filter(coop=coop, pk=follow_up_id).select_related("participant__centre").first()
    if follow_up is None or not reads_participant(user, follow_up.participant):
        raise not_found()
    return follow_up


# The caseload ---------------------------------------------------------------------------------------


@dataclass
class Caseload:
    participants: list[Participant]
    sessions_today: list[SupportSession]
    reviews_due: list[SupportPlan]
    follow_ups: list[tuple[FollowUp, str]]  # with their state: open or overdue
    today: dt.date


def caseload(*, user: User, today: dt.date | None = None) -> Caseload:
    """The support worker's own cases: sessions today, reviews due soon, follow-ups open or overdue.

    Names and dates only: no special-care content is read here.
    """
    today = today or clock.today()
    mine = Caseworker.objects.filter(user=user, ended_on__isnull=True).values("participant_id")
    participants = list(
        Participant.objects.filter(pk__in=mine, anonymised_on__isnull=True, closed_on__isnull=True)
        .select_related("person", "programme", "centre", "cohort")
        .order_by("person__family_name_kana", "pk")
    )
    ids = [p.pk for p in participants]
    sessions = list(
        SupportSession.objects.filter(participant_id__in=ids, on_date=today)
        .select_related("participant__person")
        .order_by("starts_at")
    )
    reviews = list(
        SupportPlan.objects.filter(
            participant_id__in=ids,
            status=PlanStatus.AGREED,
            next_review_on__lte=today + dt.timedelta(days=REVIEW_HORIZON_DAYS),
        )
        .select_related("participant__person")
        .order_by("next_review_on")
    )
    follow_ups = []
    for follow_up in (
        FollowUp.objects.filter(participant_id__in=ids, done_on__isnull=True)
        .filter(due_on__lte=today + dt.timedelta(days=rules.FOLLOW_UP_TOLERANCE_DAYS))
        .select_related("participant__person")
        .order_by("due_on")
    ):
        placed_on = follow_up.participant.placed_on
        assert placed_on is not None
        state = rules.follow_up_state(placed_on=placed_on, months=follow_up.months, today=today, done_on=None)
        if state in {"open", "overdue"}:
            follow_ups.append((follow_up, state))
    return Caseload(
        participants=participants, sessions_today=sessions, reviews_due=reviews, follow_ups=follow_ups, today=today
    )


def centre_participants(*, user: User, coop: Coop) -> list[Participant]:
    """Participants at the centres the user reads (register side only), newest referral first."""
    scope = scope_for(user)
    return list(
        _participants(coop)
        .filter(scope.centre_q(prefix="centre__"), anonymised_on__isnull=True)
        .order_by("-referred_on", "pk")[:500]
    )


def has_consent_q(purpose: str, on: dt.date) -> Q:
    """Participants with a consent for `purpose` holding on `on` (rules.consent_valid, as a query)."""
    valid = Consent.objects.filter(purpose=purpose, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on), Q(expires_on__isnull=True) | Q(expires_on__gt=on)
    )
    return Q(pk__in=valid.values("participant_id"))


def import_allowed(*, user: User, coop: Coop) -> None:
    """Importing a funder's list is for the writers of the coop or of one of its centres; else 404."""
    scope = scope_for(user)
    if scope.writes_coop(coop.pk) or Centre.objects.filter(scope.centre_q(scope.write), coop=coop).exists():
        return
    raise not_found()


# For the write pages -----------------------------------------------------------------------------------


def participant_for_care(*, user: User, coop: Coop, participant_id: int) -> Participant:
    """A participant whose special-care records `user` writes: their open caseworker only; else 404."""
    participant = _participants(coop).filter(pk=participant_id).first()
    if participant is None or not needs_to_know(user, participant) or is_participant(user, participant):
        raise not_found()
    return participant


def participant_for_record(*, user: User, coop: Coop, participant_id: int) -> Participant:
    """A participant whose path `user` records (consents, certificates, outcomes): the centre's writers and
    the caseworkers; else 404."""
    participant = _participants(coop).filter(pk=participant_id).first()
    if participant is None or participant.anonymised_on is not None:
        raise not_found()
    if writes_centre(user, participant.centre):
        return participant
    if needs_to_know(user, participant) and not is_participant(user, participant):
        return participant
    raise not_found()


@dataclass
class ReferChoices:
    programme: Programme
    centres: QuerySet[Centre]
    cohorts: QuerySet[Cohort]


def refer_choices(*, user: User, coop: Coop, programme_id: int) -> ReferChoices:
    """The programme's host centres the user refers to (their writers and support workers); else 404."""
    programme = Programme.objects.filter(coop=coop, pk=programme_id).first()
    if programme is None:
        raise not_found()
    scope = scope_for(user)
    hosts = ProgrammeCentre.objects.filter(coop=coop, programme=programme).values("centre_id")
    centres = Centre.objects.filter(coop=coop, pk__in=hosts).order_by("code")
    allowed = [
        c.pk
        for c in centres
        if writes_centre(user, c) or scope.reads_special_care(coop_id=c.coop_id, region_id=c.region_id, centre_id=c.pk)
    ]
    if not allowed:
        raise not_found()
    return ReferChoices(
        programme=programme,
        centres=Centre.objects.filter(pk__in=allowed).order_by("code"),
        cohorts=Cohort.objects.filter(coop=coop, programme=programme).order_by("-starts_on"),
    )


@dataclass
class PlacementChoices:
    centres: QuerySet[Centre]
    mentors: QuerySet[Any]


def placement_choices(*, user: User, coop: Coop, participant: Participant, on: dt.date) -> PlacementChoices:
    """Centres the user writes and the people under a labour contract there on `on`, to mentor; else 404."""
    from tomoni.members.models import LabourContract, Person

    writable = [c.pk for c in Centre.objects.filter(coop=coop).order_by("code") if writes_centre(user, c)]
    if not writable:
        raise not_found()
    contracted = (
        LabourContract.objects.filter(coop=coop, centre_id__in=writable, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .values("person_id")
    )
    mentors = (
        Person.objects.filter(coop=coop, pk__in=contracted)
        .exclude(pk=cast(int, participant.person_id))
        .order_by("family_name_kana", "given_name_kana", "pk")
    )
    return PlacementChoices(centres=Centre.objects.filter(pk__in=writable).order_by("code"), mentors=mentors)


def session_get(*, user: User, coop: Coop, support_session_id: int) -> SupportSession:
    """A support session for the participant's caseworker to record; else 404."""
    session = (
        SupportSession.objects.filter(coop=coop, pk=support_session_id)
        .select_related("participant", "participant__person", "participant__centre")
        .first()
    )
    if session is None or not needs_to_know(user, session.participant) or is_participant(user, session.participant):
        raise not_found()
    return session


def plan_to_review(*, user: User, coop: Coop, plan_id: int) -> PlanView:
    """The plan in force with its goals decrypted, for its caseworker to review (the read is logged); else 404."""
    plans = SupportPlan.objects.filter(coop=coop, pk=plan_id)
    plan = plans.select_related("participant", "participant__person").first()
    if plan is None or not needs_to_know(user, plan.participant) or is_participant(user, plan.participant):
        raise not_found()
    audit_record(
        actor=user,
        action="inclusion.file.viewed",
        coop_id=plan.coop_id,
        target=plan.participant,
        data={"reason": "caseworker", "assessments": [], "plans": [plan.pk], "sessions": []},
    )
    return _plan_views([plan])[0]
