"""Every write of work integration: one transaction, one audit event, the right to write checked.

Audit events name the participant and what was done, never the special-care content itself.
Special-care payloads are encrypted here, before they reach the database.

One-way dependencies on other contexts: a placement sets the trainee's "works with a mentor"
accommodation through tomoni.work.services (work never imports inclusion); outcomes sign labour
contracts and admit members through tomoni.members.services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from tomoni.core import clock, crypto
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import Role, User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop
from tomoni.inclusion import rules
from tomoni.inclusion.access import is_participant, needs_to_know, supports_centre, writes_centre
from tomoni.inclusion.models import (
    Assessment,
    Caseworker,
    Certificate,
    Cohort,
    Consent,
    ConsentPurpose,
    CurriculumUnit,
    FollowUp,
    Funder,
    FunderKind,
    FundingAgreement,
    Goal,
    GoalProgress,
    GoalTerm,
    Outcome,
    OutcomeKind,
    Participant,
    Placement,
    PlanStatus,
    Programme,
    ProgrammeCentre,
    ProgrammeKind,
    ReferralSource,
    Review,
    SessionStatus,
    SupportPlan,
    SupportSession,
    TrainingAttendance,
    TrainingSession,
    VolunteerActivity,
)
from tomoni.members.models import MINUTES_IN_DAY, Person, Volunteer

# Rights ---------------------------------------------------------------------------------------------


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise TomoniError(message or _("You may not do this for this participant."))


def _require_writer(actor: User | None, centre: Centre) -> None:
    _require(writes_centre(actor, centre), _("You may not run programmes at this centre."))


def _require_need_to_know(actor: User | None, participant: Participant) -> None:
    """Special-care records are written by the participant's own caseworkers only."""
    _require(
        needs_to_know(actor, participant) and not is_participant(actor, participant),
        _("Only the participant's own support workers may record this."),
    )


def _require_case_or_writer(actor: User | None, participant: Participant) -> None:
    _require(
        writes_centre(actor, participant.centre)
        or (needs_to_know(actor, participant) and not is_participant(actor, participant))
    )


def _check_choice(value: str, choices: Iterable[str], *, field: str) -> None:
    if value not in set(choices):
        raise TomoniError(_("Choose one of the listed values."), field=field)


def _same_coop(coop_id: int, *objects: object) -> None:
    for obj in objects:
        if obj is not None and getattr(obj, "coop_id", coop_id) != coop_id:
            raise TomoniError(_("That belongs to another coop."))


def _not_anonymised(participant: Participant) -> None:
    if participant.anonymised_on is not None:
        raise TomoniError(_("This participant's file has been anonymised."))


# Programmes and funding -------------------------------------------------------------------------------


@transaction.atomic
def funder_create(*, actor: User | None, coop: Coop, code: str, name: str, kind: str) -> Funder:
    """Register a funder (a prefecture, a municipality, a national scheme) with the coop."""
    _require(actor is None or scope_for(actor).writes_coop(coop.pk), _("Only the coop's officers register funders."))
    _check_choice(kind, FunderKind.values, field="kind")
    if Funder.objects.filter(coop=coop, code=code).exists():
        raise TomoniError(_("The code %(code)s is already taken.") % {"code": code}, field="code")
    funder = Funder.objects.create(coop=coop, code=code, name=name, kind=kind)
    audit_record(actor=actor, action="inclusion.funder.created", coop_id=coop.pk, target=funder)
    return funder


@transaction.atomic
def programme_create(
    *,
    actor: User | None,
    coop: Coop,
    code: str,
    name: str,
    kind: str,
    centres: Sequence[Centre],
    started_on: dt.date,
    capacity: int = 0,
    ended_on: dt.date | None = None,
) -> Programme:
    """Open a programme at its host centres (their managers or the coop's officers may)."""
    if not centres:
        raise TomoniError(_("A programme has at least one host centre."), field="centres")
    _same_coop(coop.pk, *centres)
    for centre in centres:
        _require_writer(actor, centre)
    _check_choice(kind, ProgrammeKind.values, field="kind")
    if ended_on is not None and ended_on < started_on:
        raise TomoniError(_("The end comes before the start."), field="ended_on")
    if Programme.objects.filter(coop=coop, code=code).exists():
        raise TomoniError(_("The code %(code)s is already taken.") % {"code": code}, field="code")
    programme = Programme.objects.create(
        coop=coop, code=code, name=name, kind=kind, capacity=capacity, started_on=started_on, ended_on=ended_on
    )
    ProgrammeCentre.objects.bulk_create(
        [ProgrammeCentre(coop=coop, programme=programme, centre=centre) for centre in centres]
    )
    audit_record(actor=actor, action="inclusion.programme.created", coop_id=coop.pk, target=programme)
    return programme


def _host_centre(programme: Programme) -> Centre:
    centre = programme.centres.order_by("pk").first()
    assert centre is not None
    return centre


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    programme: Programme,
    funder: Funder,
    starts_on: dt.date,
    ends_on: dt.date,
    amount_yen: int,
    target_trained: int = 0,
    target_certified: int = 0,
    target_employed: int = 0,
    target_retained: int = 0,
    reference: str = "",
) -> FundingAgreement:
    """Record a funder's agreement for a programme: period, amount in yen and targets."""
    _same_coop(programme.coop_id, funder)
    _require_writer(actor, _host_centre(programme))
    if ends_on < starts_on:
        raise TomoniError(_("The end comes before the start."), field="ends_on")
    if amount_yen < 0 or min(target_trained, target_certified, target_employed, target_retained) < 0:
        raise TomoniError(_("Amounts and targets are whole numbers, zero or more."), field="amount_yen")
    agreement = FundingAgreement.objects.create(
        coop_id=programme.coop_id,
        programme=programme,
        funder=funder,
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
        amount_yen=amount_yen,
        target_trained=target_trained,
        target_certified=target_certified,
        target_employed=target_employed,
        target_retained=target_retained,
    )
    audit_record(actor=actor, action="inclusion.agreement.created", coop_id=programme.coop_id, target=agreement)
    return agreement


@transaction.atomic
def cohort_create(
    *,
    actor: User | None,
    programme: Programme,
    centre: Centre,
    code: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    agreement: FundingAgreement | None = None,
) -> Cohort:
    """Open a cohort of a programme at one of its host centres."""
    _same_coop(programme.coop_id, centre, agreement)
    _require_writer(actor, centre)
    if not ProgrammeCentre.objects.filter(coop_id=programme.coop_id, programme=programme, centre=centre).exists():
        raise TomoniError(_("The centre is not a host of this programme."), field="centre")
    if agreement is not None and agreement.programme_id != programme.pk:
        raise TomoniError(_("The agreement is for another programme."), field="agreement")
    if ends_on < starts_on:
        raise TomoniError(_("The end comes before the start."), field="ends_on")
    if Cohort.objects.filter(coop_id=programme.coop_id, programme=programme, code=code).exists():
        raise TomoniError(_("The code %(code)s is already taken.") % {"code": code}, field="code")
    cohort = Cohort.objects.create(
        coop_id=programme.coop_id,
        programme=programme,
        centre=centre,
        agreement=agreement,
        code=code,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(actor=actor, action="inclusion.cohort.created", coop_id=programme.coop_id, target=cohort)
    return cohort


@transaction.atomic
def unit_create(
    *, actor: User | None, programme: Programme, code: str, name: str, required_minutes: int, sort_order: int = 0
) -> CurriculumUnit:
    """Add a curriculum unit with the minutes each participant must attend."""
    _require_writer(actor, _host_centre(programme))
    if required_minutes <= 0:
        raise TomoniError(_("A unit requires some minutes of attendance."), field="required_minutes")
    unit = CurriculumUnit.objects.create(
        coop_id=programme.coop_id,
        programme=programme,
        code=code,
        name=name,
        required_minutes=required_minutes,
        sort_order=sort_order,
    )
    audit_record(actor=actor, action="inclusion.unit.created", coop_id=programme.coop_id, target=unit)
    return unit


# Participants: referral, caseworkers, consent, intake ---------------------------------------------------


@transaction.atomic
def participant_refer(
    *,
    actor: User | None,
    person: Person,
    programme: Programme,
    centre: Centre,
    referral_source: str,
    referred_on: dt.date,
    cohort: Cohort | None = None,
    caseworker: User | None = None,
) -> Participant:
    """Record a referral into a programme at a centre; the referring support worker becomes caseworker."""
    _same_coop(programme.coop_id, person, centre, cohort)
    _require(writes_centre(actor, centre) or supports_centre(actor, centre), _("You may not refer people here."))
    _check_choice(referral_source, ReferralSource.values, field="referral_source")
    if cohort is not None and cohort.programme_id != programme.pk:
        raise TomoniError(_("The cohort is of another programme."), field="cohort")
    if not ProgrammeCentre.objects.filter(coop_id=programme.coop_id, programme=programme, centre=centre).exists():
        raise TomoniError(_("The centre is not a host of this programme."), field="centre")
    if Participant.objects.filter(
        coop_id=programme.coop_id, person=person, programme=programme, referred_on=referred_on
    ).exists():
        raise TomoniError(_("This referral is already recorded."), field="referred_on")
    participant = Participant.objects.create(
        coop_id=programme.coop_id,
        person=person,
        programme=programme,
        cohort=cohort,
        centre=centre,
        referral_source=referral_source,
        referred_on=referred_on,
    )
    if caseworker is None and actor is not None and supports_centre(actor, centre) and not writes_centre(actor, centre):
        caseworker = actor
    if caseworker is not None:
        _assign(participant, caseworker, referred_on)
    audit_record(actor=actor, action="inclusion.participant.referred", coop_id=participant.coop_id, target=participant)
    return participant


@transaction.atomic
def participant_refer_new(
    *,
    actor: User | None,
    programme: Programme,
    centre: Centre,
    referral_source: str,
    referred_on: dt.date,
    person_fields: Mapping[str, Any],
    cohort: Cohort | None = None,
) -> Participant:
    """Referral of someone not yet in the register: register the person, then refer them (one transaction).

    Support workers refer newcomers to their centre without writing the member register otherwise; the
    person is registered with the coop only (no membership, no centre), as a referral needs.
    """
    from tomoni.members import services as members_services

    _same_coop(programme.coop_id, centre, cohort)
    _require(writes_centre(actor, centre) or supports_centre(actor, centre), _("You may not refer people here."))
    person = members_services.person_create_referred(
        actor=actor, coop=centre.coop, referred_to=centre, **dict(person_fields)
    )
    return participant_refer(
        actor=actor,
        person=person,
        programme=programme,
        centre=centre,
        referral_source=referral_source,
        referred_on=referred_on,
        cohort=cohort,
    )


def _assign(participant: Participant, user: User, started_on: dt.date) -> Caseworker:
    if not supports_centre(user, participant.centre):
        raise TomoniError(_("A caseworker is a support worker of the participant's centre."), field="caseworker")
    found = Caseworker.objects.filter(
        coop_id=participant.coop_id, participant=participant, user=user, ended_on__isnull=True
    ).first()
    if found is not None:
        return found
    return Caseworker.objects.create(
        coop_id=participant.coop_id, participant=participant, user=user, started_on=started_on
    )


@transaction.atomic
def caseworker_assign(*, actor: User | None, participant: Participant, user: User, started_on: dt.date) -> Caseworker:
    """Give a participant a caseworker (the centre's manager, an officer, or a caseworker already on the case)."""
    _require_case_or_writer(actor, participant)
    assigned = _assign(participant, user, started_on)
    audit_record(
        actor=actor,
        action="inclusion.caseworker.assigned",
        coop_id=participant.coop_id,
        target=participant,
        data={"user": user.pk},
    )
    return assigned


@transaction.atomic
def caseworker_end(*, actor: User | None, caseworker: Caseworker, ended_on: dt.date) -> Caseworker:
    participant = caseworker.participant
    _require_case_or_writer(actor, participant)
    if ended_on < caseworker.started_on:
        raise TomoniError(_("The end comes before the start."), field="ended_on")
    caseworker.ended_on = ended_on
    caseworker.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=actor,
        action="inclusion.caseworker.ended",
        coop_id=participant.coop_id,
        target=participant,
        data={"user": caseworker.user_id},
    )
    return caseworker


@transaction.atomic
def consent_give(
    *,
    actor: User | None,
    participant: Participant,
    purpose: str,
    given_on: dt.date,
    scope: str = "",
    expires_on: dt.date | None = None,
) -> Consent:
    """Record the participant's consent for one purpose (the participant, or their caseworker on paper)."""
    _not_anonymised(participant)
    _require(needs_to_know(actor, participant) or writes_centre(actor, participant.centre))
    _check_choice(purpose, ConsentPurpose.values, field="purpose")
    if expires_on is not None and expires_on <= given_on:
        raise TomoniError(_("A consent expires after the day it is given."), field="expires_on")
    consent = Consent.objects.create(
        coop_id=participant.coop_id,
        participant=participant,
        purpose=purpose,
        scope=scope,
        given_on=given_on,
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action="inclusion.consent.given",
        coop_id=participant.coop_id,
        target=consent,
        data={"participant": participant.pk, "purpose": purpose},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User | None, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Withdraw a consent from a day on: the participant may, and so may their caseworker or the centre."""
    participant = consent.participant
    _require(needs_to_know(actor, participant) or writes_centre(actor, participant.centre))
    if consent.withdrawn_on is not None:
        raise TomoniError(_("This consent is already withdrawn."))
    if withdrawn_on < consent.given_on:
        raise TomoniError(_("A consent is withdrawn after it was given."), field="withdrawn_on")
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(
        actor=actor,
        action="inclusion.consent.withdrawn",
        coop_id=participant.coop_id,
        target=consent,
        data={"participant": participant.pk, "purpose": consent.purpose},
    )
    return consent


def consent_holds(*, participant: Participant, purpose: str, on: dt.date) -> bool:
    """Whether a consent for `purpose` holds on `on` (checked before anything is shared)."""
    return any(
        rules.consent_valid(given_on=c.given_on, on=on, withdrawn_on=c.withdrawn_on, expires_on=c.expires_on)
        for c in Consent.objects.filter(coop_id=participant.coop_id, participant=participant, purpose=purpose)
    )


@transaction.atomic
def participant_start(*, actor: User | None, participant: Participant, started_on: dt.date) -> Participant:
    """Intake: the participant starts the programme; support needs their consent first (APPI Art 20(2))."""
    _not_anonymised(participant)
    _require_case_or_writer(actor, participant)
    if started_on < participant.referred_on:
        raise TomoniError(_("A participant starts after they were referred."), field="started_on")
    if not consent_holds(participant=participant, purpose=ConsentPurpose.SUPPORT, on=started_on):
        raise TomoniError(_("Record the participant's consent to support first."), field="started_on")
    participant.started_on = started_on
    participant.save(update_fields=["started_on", "updated_at"])
    audit_record(actor=actor, action="inclusion.participant.started", coop_id=participant.coop_id, target=participant)
    return participant


@transaction.atomic
def participant_close(*, actor: User | None, participant: Participant, closed_on: dt.date) -> Participant:
    """Close the file (the participant left or their path is over); retention runs from this day."""
    _require_case_or_writer(actor, participant)
    if closed_on < participant.referred_on:
        raise TomoniError(_("A file closes after the referral."), field="closed_on")
    participant.closed_on = closed_on
    if participant.left_on is None and participant.employed_on is None and participant.member_on is None:
        participant.left_on = closed_on
    participant.save(update_fields=["closed_on", "left_on", "updated_at"])
    audit_record(actor=actor, action="inclusion.participant.closed", coop_id=participant.coop_id, target=participant)
    return participant


# Special-care records: assessment, plan, reviews, sessions ------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor: User | None,
    participant: Participant,
    assessed_on: dt.date,
    strengths: str = "",
    needs: str = "",
    health: str = "",
    disability: str = "",
) -> Assessment:
    """Record the intake assessment (special-care data, encrypted); the participant's caseworkers only."""
    _not_anonymised(participant)
    _require_need_to_know(actor, participant)
    payload = {"strengths": strengths, "needs": needs, "health": health, "disability": disability}
    assessment = Assessment.objects.create(
        coop_id=participant.coop_id,
        participant=participant,
        assessed_on=assessed_on,
        assessed_by=actor,
        payload_encrypted=crypto.encrypt_json(payload),
    )
    audit_record(
        actor=actor,
        action="inclusion.assessment.recorded",
        coop_id=participant.coop_id,
        target=assessment,
        data={"participant": participant.pk},
    )
    return assessment


@dataclass(frozen=True)
class GoalInput:
    """A goal of a plan: its term, target date, the goal in plain words, the support and who gives it."""

    term: str
    target_on: dt.date
    text: str
    support: str = ""
    supporter: str = ""


@transaction.atomic
def plan_draw_up(
    *,
    actor: User | None,
    participant: Participant,
    drawn_up_on: dt.date,
    wishes: str,
    goals: Sequence[GoalInput],
    family_wishes: str = "",
    issues: str = "",
    review_every_months: int = 3,
) -> SupportPlan:
    """Draw up a new version of the participant's support plan, as a draft for them to read and agree."""
    _not_anonymised(participant)
    _require_need_to_know(actor, participant)
    if review_every_months not in rules.REVIEW_INTERVALS:
        raise TomoniError(_("Review the plan every 1, 3 or 6 months."), field="review_every_months")
    if not goals or not any(g.term == GoalTerm.LONG for g in goals) or not any(g.term == GoalTerm.SHORT for g in goals):
        raise TomoniError(_("A plan has at least one long-term and one short-term goal."), field="goals")
    for goal in goals:
        _check_choice(goal.term, GoalTerm.values, field="goals")
        if not goal.text.strip():
            raise TomoniError(_("Each goal says what the participant wants to reach."), field="goals")
        if goal.target_on <= drawn_up_on:
            raise TomoniError(_("A goal's target date comes after the plan is drawn up."), field="goals")
    last = SupportPlan.objects.filter(coop_id=participant.coop_id, participant=participant).aggregate(v=Max("version"))
    plan = SupportPlan.objects.create(
        coop_id=participant.coop_id,
        participant=participant,
        version=(last["v"] or 0) + 1,
        drawn_up_on=drawn_up_on,
        review_every_months=review_every_months,
        payload_encrypted=crypto.encrypt_json({"wishes": wishes, "family_wishes": family_wishes, "issues": issues}),
    )
    Goal.objects.bulk_create(
        [
            Goal(
                coop_id=participant.coop_id,
                plan=plan,
                term=goal.term,
                target_on=goal.target_on,
                sort_order=index,
                payload_encrypted=crypto.encrypt_json(
                    {"text": goal.text, "support": goal.support, "supporter": goal.supporter}
                ),
            )
            for index, goal in enumerate(goals)
        ]
    )
    audit_record(
        actor=actor,
        action="inclusion.plan.drawn_up",
        coop_id=participant.coop_id,
        target=plan,
        data={"participant": participant.pk, "version": plan.version, "goals": len(goals)},
    )
    return plan


@transaction.atomic
def plan_agree(*, actor: User | None, plan: SupportPlan, on_paper: bool = False) -> SupportPlan:
    """The participant agrees to their plan (on their phone; or signed on paper, recorded by a caseworker).

    The plan in force before it is superseded; the first review falls due by the plan's interval.
    """
    participant = plan.participant
    _not_anonymised(participant)
    if on_paper:
        _require_need_to_know(actor, participant)
    else:
        _require(is_participant(actor, participant), _("Only the participant agrees to their own plan."))
    if plan.status != PlanStatus.DRAFT:
        raise TomoniError(_("This plan is not waiting for agreement."))
    now = clock.now()
    agreed_on = clock.today()
    SupportPlan.objects.filter(coop_id=plan.coop_id, participant=participant, status=PlanStatus.AGREED).update(
        status=PlanStatus.SUPERSEDED, updated_at=now
    )
    plan.status = PlanStatus.AGREED
    plan.agreed_at = now
    plan.next_review_on = rules.review_due_on(last_on=agreed_on, every_months=plan.review_every_months)
    plan.save(update_fields=["status", "agreed_at", "next_review_on", "updated_at"])
    audit_record(
        actor=actor,
        action="inclusion.plan.agreed",
        coop_id=plan.coop_id,
        target=plan,
        data={"participant": participant.pk, "version": plan.version, "on_paper": on_paper},
    )
    return plan


@transaction.atomic
def review_record(
    *,
    actor: User | None,
    plan: SupportPlan,
    reviewed_on: dt.date,
    progress: Mapping[int, tuple[str, str]],
    summary: str = "",
) -> Review:
    """Record a monitoring review: progress on each goal (a rating and a note); the next review falls due."""
    participant = plan.participant
    _not_anonymised(participant)
    _require_need_to_know(actor, participant)
    if plan.status != PlanStatus.AGREED:
        raise TomoniError(_("Only the plan in force is reviewed."))
    goal_ids = set(Goal.objects.filter(coop_id=plan.coop_id, plan=plan).values_list("pk", flat=True))
    if set(progress) != goal_ids:
        raise TomoniError(_("Record progress on every goal of the plan."), field="progress")
    for rating, _note in progress.values():
        _check_choice(rating, GoalProgress.values, field="progress")
    review = Review.objects.create(
        coop_id=plan.coop_id,
        plan=plan,
        reviewed_on=reviewed_on,
        reviewed_by=actor,
        payload_encrypted=crypto.encrypt_json(
            {
                "summary": summary,
                "progress": {str(goal): {"rating": r, "note": n} for goal, (r, n) in progress.items()},
            }
        ),
    )
    plan.next_review_on = rules.review_due_on(last_on=reviewed_on, every_months=plan.review_every_months)
    plan.save(update_fields=["next_review_on", "updated_at"])
    audit_record(
        actor=actor,
        action="inclusion.review.recorded",
        coop_id=plan.coop_id,
        target=review,
        data={"participant": participant.pk},
    )
    return review


@transaction.atomic
def session_plan(
    *, actor: User | None, participant: Participant, on_date: dt.date, starts_at: dt.time | None = None
) -> SupportSession:
    """Put a support session with the participant in the caseworker's diary."""
    _not_anonymised(participant)
    _require_need_to_know(actor, participant)
    session = SupportSession.objects.create(
        coop_id=participant.coop_id,
        participant=participant,
        worker=actor,
        on_date=on_date,
        starts_at=starts_at,
    )
    audit_record(actor=actor, action="inclusion.session.planned", coop_id=participant.coop_id, target=session)
    return session


@transaction.atomic
def session_record(*, actor: User | None, session: SupportSession, status: str, note: str = "") -> SupportSession:
    """Record how a session went (held or missed) and its note, encrypted."""
    participant = session.participant
    _not_anonymised(participant)
    _require_need_to_know(actor, participant)
    _check_choice(status, [SessionStatus.HELD, SessionStatus.MISSED], field="status")
    session.status = status
    session.note_encrypted = crypto.encrypt_json({"note": note}) if note else None
    session.save(update_fields=["status", "note_encrypted", "updated_at"])
    audit_record(
        actor=actor,
        action="inclusion.session.recorded",
        coop_id=participant.coop_id,
        target=session,
        data={"participant": participant.pk, "status": status},
    )
    return session


# Training --------------------------------------------------------------------------------------------


@transaction.atomic
def training_session_create(
    *,
    actor: User | None,
    cohort: Cohort,
    unit: CurriculumUnit,
    on_date: dt.date,
    starts_at: dt.time,
    length_minutes: int,
    trainer: User | None = None,
) -> TrainingSession:
    """Timetable a session of a cohort in one unit of the curriculum."""
    _same_coop(cohort.coop_id, unit)
    _require_writer(actor, cohort.centre)
    if unit.programme_id != cohort.programme_id:
        raise TomoniError(_("The unit is of another programme."), field="unit")
    if not 0 < length_minutes <= MINUTES_IN_DAY:
        raise TomoniError(_("A session lasts some minutes, within a day."), field="length_minutes")
    session = TrainingSession.objects.create(
        coop_id=cohort.coop_id,
        cohort=cohort,
        unit=unit,
        on_date=on_date,
        starts_at=starts_at,
        length_minutes=length_minutes,
        trainer=trainer,
    )
    audit_record(actor=actor, action="inclusion.training_session.created", coop_id=cohort.coop_id, target=session)
    return session


def enters_attendance(actor: User | None, session: TrainingSession) -> bool:
    """The session's trainer, and the cohort centre's manager and the coop's officers."""
    if actor is not None and session.trainer_id == actor.pk:
        return True
    return writes_centre(actor, session.cohort.centre)


@transaction.atomic
def attendance_enter(*, actor: User | None, session: TrainingSession, minutes_by_participant: Mapping[int, int]) -> int:
    """Enter (or correct) attendance of a session, minutes per participant; a course completed is dated."""
    _require(enters_attendance(actor, session), _("You may not enter attendance for this session."))
    members = {
        p.pk: p
        for p in Participant.objects.filter(
            coop_id=session.coop_id, cohort_id=session.cohort_id, pk__in=list(minutes_by_participant)
        )
    }
    unknown = set(minutes_by_participant) - set(members)
    if unknown:
        raise TomoniError(_("Someone listed is not in this cohort."), field="attendance")
    for minutes in minutes_by_participant.values():
        if not 0 <= minutes <= session.length_minutes:
            raise TomoniError(
                _("Attendance is between 0 and %(minutes)s minutes.") % {"minutes": session.length_minutes},
                field="attendance",
            )
    existing = {
        a.participant_id: a for a in TrainingAttendance.objects.filter(coop_id=session.coop_id, session=session)
    }
    new, changed = [], []
    for pid, minutes in minutes_by_participant.items():
        found = existing.get(pid)
        if found is None:
            new.append(
                TrainingAttendance(
                    coop_id=session.coop_id, session=session, participant_id=pid, attended_minutes=minutes
                )
            )
        elif found.attended_minutes != minutes:
            found.attended_minutes = minutes
            changed.append(found)
    TrainingAttendance.objects.bulk_create(new)
    TrainingAttendance.objects.bulk_update(changed, ["attended_minutes"])
    _date_completions(session.coop_id, session.cohort.programme_id, list(members.values()), session.on_date)
    audit_record(
        actor=actor,
        action="inclusion.attendance.entered",
        coop_id=session.coop_id,
        target=session,
        data={"participants": len(minutes_by_participant)},
    )
    return len(minutes_by_participant)


def _date_completions(coop_id: int, programme_id: int, participants: list[Participant], on: dt.date) -> None:
    """Set completed_on for those whose attendance now covers every unit; clear it if a correction undid it."""
    required = dict(
        CurriculumUnit.objects.filter(coop_id=coop_id, programme_id=programme_id).values_list("pk", "required_minutes")
    )
    attended: dict[int, dict[int, int]] = {p.pk: {} for p in participants}
    rows = (
        TrainingAttendance.objects.filter(coop_id=coop_id, participant_id__in=list(attended))
        .values("participant_id", "session__unit_id")
        .annotate(total=Sum("attended_minutes"))
    )
    for row in rows:
        attended[row["participant_id"]][row["session__unit_id"]] = row["total"]
    changed = []
    for participant in participants:
        done = rules.course_completed(attended=attended[participant.pk], required=required)
        if done and participant.completed_on is None:
            participant.completed_on = on
            changed.append(participant)
        elif not done and participant.completed_on is not None:
            participant.completed_on = None
            changed.append(participant)
    Participant.objects.bulk_update(changed, ["completed_on"])


@transaction.atomic
def certificate_award(
    *, actor: User | None, participant: Participant, name: str, number: str, issued_on: dt.date
) -> Certificate:
    """Record a certificate earned, with its number and date."""
    _not_anonymised(participant)
    _require_case_or_writer(actor, participant)
    if not name.strip() or not number.strip():
        raise TomoniError(_("A certificate has a name and a number."), field="number")
    if Certificate.objects.filter(coop_id=participant.coop_id, name=name, number=number).exists():
        raise TomoniError(_("This certificate number is already recorded."), field="number")
    certificate = Certificate.objects.create(
        coop_id=participant.coop_id, participant=participant, name=name, number=number, issued_on=issued_on
    )
    if participant.certified_on is None or issued_on < participant.certified_on:
        participant.certified_on = issued_on
        participant.save(update_fields=["certified_on", "updated_at"])
    audit_record(actor=actor, action="inclusion.certificate.awarded", coop_id=participant.coop_id, target=certificate)
    return certificate


# Placements, outcomes, follow-ups ----------------------------------------------------------------------------


@transaction.atomic
def placement_start(
    *, actor: User | None, participant: Participant, centre: Centre, mentor: Person, starts_on: dt.date
) -> Placement:
    """Place a trainee at a centre with a mentor; their shifts then pair them with the mentor on the roster.

    The 6- and 12-month follow-ups are scheduled at once.
    """
    from tomoni.work import services as work_services  # the one-way dependency: inclusion → work

    _not_anonymised(participant)
    _same_coop(participant.coop_id, centre, mentor)
    _require_writer(actor, centre)
    assert participant.person is not None
    if mentor.pk == participant.person_id:
        raise TomoniError(_("A trainee cannot be their own mentor."), field="mentor")
    if starts_on < participant.referred_on:
        raise TomoniError(_("A placement starts after the referral."), field="starts_on")
    placement = Placement.objects.create(
        coop_id=participant.coop_id, participant=participant, centre=centre, mentor=mentor, starts_on=starts_on
    )
    if participant.placed_on is None:
        participant.placed_on = starts_on
        participant.save(update_fields=["placed_on", "updated_at"])
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    coop_id=participant.coop_id,
                    participant=participant,
                    months=months,
                    due_on=rules.follow_up_due_on(placed_on=starts_on, months=months),
                )
                for months in rules.FOLLOW_UP_MONTHS
            ]
        )
    work_services.accommodation_set(actor=actor, centre=centre, person=participant.person, mentor=mentor)
    audit_record(actor=actor, action="inclusion.placement.started", coop_id=participant.coop_id, target=placement)
    return placement


@transaction.atomic
def outcome_record(
    *,
    actor: User | None,
    participant: Participant,
    kind: str,
    on_date: dt.date,
    employer: str = "",
) -> Outcome:
    """Record where the participant went; employment and membership date the participant's path.

    Employed by the coop and a worker member need the labour contract and the membership in the
    register first (the coop signs and admits; this records the path).
    """
    from tomoni.members.models import LabourContract, Membership

    _not_anonymised(participant)
    _require_case_or_writer(actor, participant)
    _check_choice(kind, OutcomeKind.values, field="kind")
    person_id = participant.person_id
    assert person_id is not None
    if (
        kind == OutcomeKind.COOP_EMPLOYED
        and not LabourContract.objects.filter(
            coop_id=participant.coop_id, person_id=person_id, started_on__lte=on_date
        ).exists()
    ):
        raise TomoniError(_("Sign the labour contract in the member register first."), field="kind")
    if (
        kind == OutcomeKind.MEMBER
        and not Membership.objects.filter(
            coop_id=participant.coop_id, person_id=person_id, kind="worker", joined_on__lte=on_date
        ).exists()
    ):
        raise TomoniError(_("Admit the person as a worker member in the register first."), field="kind")
    outcome = Outcome.objects.create(
        coop_id=participant.coop_id, participant=participant, kind=kind, on_date=on_date, employer=employer
    )
    fields = ["updated_at"]
    if kind in {OutcomeKind.COOP_EMPLOYED, OutcomeKind.EMPLOYED_ELSEWHERE} and participant.employed_on is None:
        participant.employed_on = on_date
        fields.append("employed_on")
    if kind == OutcomeKind.MEMBER:
        participant.member_on = on_date
        fields.append("member_on")
        if participant.employed_on is None:
            participant.employed_on = on_date
            fields.append("employed_on")
    if kind == OutcomeKind.LEFT:
        participant.left_on = on_date
        fields.append("left_on")
    participant.save(update_fields=fields)
    audit_record(actor=actor, action="inclusion.outcome.recorded", coop_id=participant.coop_id, target=outcome)
    return outcome


@transaction.atomic
def follow_up_record(*, actor: User | None, follow_up: FollowUp, done_on: dt.date, in_work: bool) -> FollowUp:
    """Record a follow-up contact: was the person in work? It counts only inside its window."""
    participant = follow_up.participant
    _not_anonymised(participant)
    _require_case_or_writer(actor, participant)
    assert participant.placed_on is not None
    if not rules.follow_up_counts(placed_on=participant.placed_on, months=follow_up.months, contact_on=done_on):
        opens, closes = rules.follow_up_window(placed_on=participant.placed_on, months=follow_up.months)
        raise TomoniError(
            _("The %(months)s-month follow-up is made between %(opens)s and %(closes)s.")
            % {"months": follow_up.months, "opens": opens.isoformat(), "closes": closes.isoformat()},
            field="done_on",
        )
    follow_up.done_on = done_on
    follow_up.in_work = in_work
    follow_up.save(update_fields=["done_on", "in_work", "updated_at"])
    field = "in_work_6m" if follow_up.months == 6 else "in_work_12m"
    setattr(participant, field, in_work)
    participant.save(update_fields=[field, "updated_at"])
    audit_record(
        actor=actor,
        action="inclusion.follow_up.recorded",
        coop_id=participant.coop_id,
        target=follow_up,
        data={"participant": participant.pk, "months": follow_up.months, "in_work": in_work},
    )
    return follow_up


# Volunteers -------------------------------------------------------------------------------------------


@transaction.atomic
def volunteer_activity_record(
    *, actor: User | None, volunteer: Volunteer, on_date: dt.date, minutes: int, description: str
) -> VolunteerActivity:
    """Record a volunteer's activity and minutes (not work: no labour contract, no dividend)."""
    _require_writer(actor, volunteer.centre)
    if not 0 < minutes <= MINUTES_IN_DAY:
        raise TomoniError(_("Give the minutes, within a day."), field="minutes")
    if on_date < volunteer.started_on or (volunteer.ended_on is not None and on_date >= volunteer.ended_on):
        raise TomoniError(_("The day is outside the volunteer's registration."), field="on_date")
    activity = VolunteerActivity.objects.create(
        coop_id=volunteer.coop_id, volunteer=volunteer, on_date=on_date, minutes=minutes, description=description
    )
    audit_record(
        actor=actor, action="inclusion.volunteer_activity.recorded", coop_id=volunteer.coop_id, target=activity
    )
    return activity


# Retention -------------------------------------------------------------------------------------------


@transaction.atomic
def retention_sweep(*, actor: User | None, today: dt.date | None = None) -> dict[str, int]:
    """Delete special-care records past their retention and anonymise closed files (one audit event a coop).

    Run daily by `manage.py inclusion_retention`. Participants' milestones stay, without the person,
    so past impact reports keep their counts.
    """
    if actor is not None and not any(g.role == Role.COOP_OFFICER for g in actor.grants.all()):
        raise TomoniError(_("Only the system or a coop's officers run the retention job."))
    today = today or clock.today()
    totals = {"assessments": 0, "plans": 0, "session_notes": 0, "consents": 0, "anonymised": 0}
    closed = Participant.objects.filter(closed_on__isnull=False, anonymised_on__isnull=True).values_list(
        "pk", "coop_id", "closed_on"
    )
    by_coop: dict[int, dict[str, list[int]]] = {}
    for pk, coop_id, closed_on in closed:
        kinds = by_coop.setdefault(coop_id, {k: [] for k in ("assessment", "plan", "session_note", "consent", "anon")})
        for kind in rules.RETENTION_YEARS:
            if rules.retention_expired(kind=kind, closed_on=closed_on, today=today):
                kinds[kind].append(pk)
        if rules.anonymise_due(closed_on=closed_on, today=today):
            kinds["anon"].append(pk)
    for coop_id, kinds in by_coop.items():
        counts = {
            "assessments": _delete(Assessment, coop_id, kinds["assessment"]),
            "plans": _delete(SupportPlan, coop_id, kinds["plan"]),
            "session_notes": _delete(SupportSession, coop_id, kinds["session_note"]),
            "consents": _delete(Consent, coop_id, kinds["consent"]),
        }
        counts["anonymised"] = Participant.objects.filter(coop_id=coop_id, pk__in=kinds["anon"]).update(
            person=None, anonymised_on=today, updated_at=clock.now()
        )
        Caseworker.objects.filter(coop_id=coop_id, participant_id__in=kinds["anon"]).delete()
        if any(counts.values()):
            audit_record(
                actor=actor,
                action="inclusion.retention.swept",
                coop_id=coop_id,
                data={"on": today.isoformat(), **counts, "participants": sorted(set(kinds["anon"]))},
            )
        for key, value in counts.items():
            totals[key] += value
    return totals


def _delete(model: type[models.Model], coop_id: int, participant_ids: list[int]) -> int:
    """Delete a kind's rows of these participants (their goals and reviews with a plan); how many of the kind."""
    if not participant_ids:
        return 0
    _total, by_model = model._default_manager.filter(coop_id=coop_id, participant_id__in=participant_ids).delete()
    return by_model.get(model._meta.label, 0)


# Bulk loads (the replica, a funder's list, the benchmark) ----------------------------------------------


@dataclass(frozen=True)
class PathValues:
    """A participant's path as plain values, for loading many at once (the milestones already known)."""

    person_id: int
    programme_id: int
    centre_id: int
    referral_source: str
    referred_on: dt.date
    cohort_id: int | None = None
    started_on: dt.date | None = None
    completed_on: dt.date | None = None
    certified_on: dt.date | None = None
    placed_on: dt.date | None = None
    employed_on: dt.date | None = None
    member_on: dt.date | None = None
    in_work_6m: bool | None = None
    in_work_12m: bool | None = None
    left_on: dt.date | None = None
    closed_on: dt.date | None = None
    # (purpose, given_on, withdrawn_on)
    consents: tuple[tuple[str, dt.date, dt.date | None], ...] = ()
    # (name, number); issued on certified_on
    certificate: tuple[str, str] | None = None


PATH_FIELDS = (
    "started_on",
    "completed_on",
    "certified_on",
    "placed_on",
    "employed_on",
    "member_on",
    "in_work_6m",
    "in_work_12m",
    "left_on",
    "closed_on",
)


def _check_paths(coop: Coop, rows: Sequence[PathValues]) -> None:
    from tomoni.members.models import Person as PersonModel

    people = set(PersonModel.objects.filter(coop=coop).values_list("pk", flat=True))
    programmes = set(Programme.objects.filter(coop=coop).values_list("pk", flat=True))
    cohorts = dict(Cohort.objects.filter(coop=coop).values_list("pk", "programme_id"))
    centres = set(Centre.objects.filter(coop=coop).values_list("pk", flat=True))
    sources, purposes = set(ReferralSource.values), set(ConsentPurpose.values)
    for row in rows:
        if row.person_id not in people or row.programme_id not in programmes or row.centre_id not in centres:
            raise TomoniError(_("A row belongs to another coop."))
        if row.cohort_id is not None and cohorts.get(row.cohort_id) != row.programme_id:
            raise TomoniError(_("The cohort is of another programme."), field="cohort")
        if row.referral_source not in sources:
            raise TomoniError(_("Choose one of the listed values."), field="referral_source")
        if row.started_on is not None and row.started_on < row.referred_on:
            raise TomoniError(_("A participant starts after they were referred."), field="started_on")
        if row.certificate is not None and row.certified_on is None:
            raise TomoniError(_("A certificate has a name and a number."), field="number")
        for purpose, given_on, withdrawn_on in row.consents:
            if purpose not in purposes or (withdrawn_on is not None and withdrawn_on < given_on):
                raise TomoniError(_("A consent is withdrawn after it was given."), field="consents")


@transaction.atomic
def participants_bulk_load(*, actor: User | None, coop: Coop, rows: Sequence[PathValues], source: str) -> list[int]:
    """Record many participants' paths at once (consents, certificates, follow-ups too); one audit event."""
    _require(actor is None or scope_for(actor).writes_coop(coop.pk), _("Only the coop's officers load participants."))
    _check_paths(coop, rows)
    made = Participant.objects.bulk_create(
        [
            Participant(
                coop=coop,
                person_id=row.person_id,
                programme_id=row.programme_id,
                cohort_id=row.cohort_id,
                centre_id=row.centre_id,
                referral_source=row.referral_source,
                referred_on=row.referred_on,
                **{name: getattr(row, name) for name in PATH_FIELDS},
            )
            for row in rows
        ],
        batch_size=2000,
    )
    consents, certificates, follow_ups = [], [], []
    for participant, row in zip(made, rows, strict=True):
        for purpose, given_on, withdrawn_on in row.consents:
            consents.append(
                Consent(
                    coop=coop,
                    participant_id=participant.pk,
                    purpose=purpose,
                    given_on=given_on,
                    withdrawn_on=withdrawn_on,
                )
            )
        if row.certificate is not None and row.certified_on is not None:
            name, number = row.certificate
            certificates.append(
                Certificate(
                    coop=coop, participant_id=participant.pk, name=name, number=number, issued_on=row.certified_on
                )
            )
        if row.placed_on is not None:
            for months, in_work in ((6, row.in_work_6m), (12, row.in_work_12m)):
                due = rules.follow_up_due_on(placed_on=row.placed_on, months=months)
                follow_ups.append(
                    FollowUp(
                        coop=coop,
                        participant_id=participant.pk,
                        months=months,
                        due_on=due,
                        done_on=due if in_work is not None else None,
                        in_work=in_work,
                    )
                )
    Consent.objects.bulk_create(consents, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=5000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    audit_record(
        actor=actor,
        action="inclusion.participants.bulk_loaded",
        coop_id=coop.pk,
        data={"rows": len(made), "source": source},
    )
    return [p.pk for p in made]


@transaction.atomic
def participants_import(*, actor: User | None, coop: Coop, rows: Sequence[Any]) -> int:
    """Register the people of a checked funder's list and refer each to their programme, all or nothing.

    Rows are tomoni.inclusion.imports.ParticipantRow, already checked; each person, referral and consent
    goes through the same services as one made by hand (and is audited alike).
    """
    from tomoni.members import services as members_services

    programmes = {p.pk: p for p in Programme.objects.filter(coop=coop)}
    cohorts = {c.pk: c for c in Cohort.objects.filter(coop=coop)}
    centres = {c.pk: c for c in Centre.objects.filter(coop=coop)}
    for row in rows:
        centre = centres[row.centre_id]
        person = members_services.person_create(
            actor=actor,
            coop=coop,
            centre=centre,
            family_name=row.family_name,
            given_name=row.given_name,
            family_name_kana=row.family_name_kana,
            given_name_kana=row.given_name_kana,
            birth_date=row.birth_date,
        )
        participant = participant_refer(
            actor=actor,
            person=person,
            programme=programmes[row.programme_id],
            centre=centre,
            cohort=cohorts.get(row.cohort_id) if row.cohort_id else None,
            referral_source=row.referral_source,
            referred_on=row.referred_on,
        )
        for purpose in row.consents:
            consent_give(actor=actor, participant=participant, purpose=purpose, given_on=row.referred_on)
    audit_record(actor=actor, action="inclusion.participants.imported", coop_id=coop.pk, data={"rows": len(rows)})
    return len(rows)


@transaction.atomic
def volunteer_activities_bulk_record(
    *, actor: User | None, coop: Coop, rows: Sequence[tuple[int, dt.date, int, str]], source: str
) -> int:
    """Record many volunteer activities of one coop at once (volunteer_id, date, minutes, activity)."""
    _require(actor is None or scope_for(actor).writes_coop(coop.pk), _("Only the coop's officers load participants."))
    volunteers = set(Volunteer.objects.filter(coop=coop).values_list("pk", flat=True))
    for volunteer_id, _day, minutes, _description in rows:
        if volunteer_id not in volunteers:
            raise TomoniError(_("That belongs to another coop."))
        if not 0 < minutes <= MINUTES_IN_DAY:
            raise TomoniError(_("Give the minutes, within a day."), field="minutes")
    made = VolunteerActivity.objects.bulk_create(
        [
            VolunteerActivity(coop=coop, volunteer_id=vid, on_date=day, minutes=minutes, description=description)
            for vid, day, minutes, description in rows
        ],
        batch_size=5000,
    )
    audit_record(
        actor=actor,
        action="inclusion.volunteer_activities.bulk_recorded",
        coop_id=coop.pk,
        data={"rows": len(made), "source": source},
    )
    return len(made)
