"""Every write of the work context: one transaction, one audit event, the right to write checked.

Rosters are solved by a Celery job (tomoni.work.tasks) that runs in-process unless a broker is set;
hand edits and swaps are checked against every hard rule by tomoni.work.checker, independently of
the solver, and refused with the reason.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tomoni.core import clock, jobs
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.core.services import submission_once
from tomoni.federation.models import BusinessLine, Centre, CentreBusinessLine
from tomoni.members import services as members_services
from tomoni.members.models import MINUTES_IN_DAY, MINUTES_IN_WEEK, Person, WorkRecord
from tomoni.work import checker, explain, mapping
from tomoni.work import problem as p
from tomoni.work import rules as rules_of_act
from tomoni.work.models import (
    Accommodation,
    Assignment,
    Availability,
    CoverageRequirement,
    LabourRuleSet,
    MemberQualification,
    Qualification,
    Roster,
    RosterStatus,
    ShiftType,
    SwapRequest,
    SwapStatus,
    Wish,
    WishKind,
)

# A solve's time limit, in seconds: the manager may choose within these bounds.
MIN_TIME_LIMIT_S = 1
MAX_TIME_LIMIT_S = 120
# How many times the solve's limit (in deterministic time) the wall clock may run before it stops the solve.
WALL_SAFETY = 2
DEFAULT_TIME_LIMIT_S = 20
# How often the job writes the solver's progress to the roster row.
PROGRESS_EVERY_S = 1.0


# Rights ------------------------------------------------------------------------------------------


def writes_centre(actor: User | None, centre: Centre) -> bool:
    """Who writes a centre's roster: its manager and the coop's officers (system jobs pass None)."""
    if actor is None:
        return True
    return scope_for(actor).writes_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def _require_centre_writer(actor: User | None, centre: Centre) -> None:
    if not writes_centre(actor, centre):
        raise TomoniError(_("You may not change the roster of this centre."))


def _is_self(actor: User | None, person: Person) -> bool:
    return actor is not None and person.pk in scope_for(actor).own_person_ids


def _require_self_or_writer(actor: User | None, person: Person, centre: Centre | None) -> None:
    """A member states their own availability and wishes; the centre's roster writers may too."""
    if _is_self(actor, person):
        return
    if centre is not None and writes_centre(actor, centre):
        return
    if actor is not None and scope_for(actor).writes_coop(person.coop_id):
        return
    raise TomoniError(_("You may not change this person's availability or wishes."))


def _check_same_coop(centre: Centre, *rows: Any) -> None:
    for row in rows:
        if row is not None and row.coop_id != centre.coop_id:
            raise TomoniError(_("That belongs to another coop."))


# Qualifications, shift types, coverage, rules ----------------------------------------------------


@transaction.atomic
def qualification_create(*, actor: User | None, centre: Centre, code: str, name: str) -> Qualification:
    """Name a qualification the coop's shifts may need (介護福祉士 …); a centre's manager may add one."""
    _require_centre_writer(actor, centre)
    if Qualification.objects.filter(coop_id=centre.coop_id, code=code).exists():
        raise TomoniError(_("A qualification with this code already exists."), field="code")
    qualification = Qualification.objects.create(coop_id=centre.coop_id, code=code, name=name)
    audit_record(actor=actor, action="work.qualification.created", coop_id=centre.coop_id, target=qualification)
    return qualification


@transaction.atomic
def member_qualification_grant(
    *, actor: User | None, centre: Centre, person: Person, qualification: Qualification
) -> MemberQualification:
    """Record that a person of the centre holds a qualification."""
    _require_centre_writer(actor, centre)
    _check_same_coop(centre, person, qualification)
    held, _created = MemberQualification.objects.get_or_create(
        coop_id=centre.coop_id, person=person, qualification=qualification
    )
    audit_record(
        actor=actor,
        action="work.qualification.granted",
        coop_id=centre.coop_id,
        target=held,
        data={"person": person.pk, "qualification": qualification.code},
    )
    return held


@transaction.atomic
def member_qualification_revoke(*, actor: User | None, centre: Centre, held: MemberQualification) -> None:
    """Remove a qualification from a person's record."""
    _require_centre_writer(actor, centre)
    _check_same_coop(centre, held)
    audit_record(
        actor=actor,
        action="work.qualification.revoked",
        coop_id=centre.coop_id,
        target=held,
        data={"person": held.person_id, "qualification": held.qualification_id},
    )
    held.delete()


def _check_shift_figures(length_minutes: int, break_minutes: int) -> None:
    if not 0 < length_minutes <= MINUTES_IN_DAY:
        raise TomoniError(_("A shift lasts between 1 minute and 24 hours."), field="length_minutes")
    if not 0 <= break_minutes < length_minutes:
        raise TomoniError(_("The break must be shorter than the shift."), field="break_minutes")


@transaction.atomic
def shift_type_create(
    *,
    actor: User | None,
    centre: Centre,
    code: str,
    name: str,
    starts_at: dt.time,
    length_minutes: int,
    break_minutes: int = 0,
    is_night: bool = False,
    colour: str = "#e8eef7",
    qualifications: list[Qualification] | None = None,
    business_line: BusinessLine | None = None,
    sort_order: int = 0,
) -> ShiftType:
    """Define a kind of shift at a centre."""
    _require_centre_writer(actor, centre)
    _check_shift_figures(length_minutes, break_minutes)
    code = code.strip()
    if not code:
        raise TomoniError(_("Give the shift a short code."), field="code")
    if ShiftType.objects.filter(coop_id=centre.coop_id, centre=centre, code=code).exists():
        raise TomoniError(_("The centre already has a shift with this code."), field="code")
    for q in qualifications or []:
        _check_same_coop(centre, q)
    shift = ShiftType.objects.create(
        coop_id=centre.coop_id,
        centre=centre,
        code=code,
        name=name,
        starts_at=starts_at,
        length_minutes=length_minutes,
        break_minutes=break_minutes,
        is_night=is_night,
        colour=colour,
        business_line=business_line,
        sort_order=sort_order,
    )
    shift.qualifications.set(qualifications or [])
    audit_record(actor=actor, action="work.shift_type.created", coop_id=centre.coop_id, target=shift)
    return shift


@transaction.atomic
def coverage_set(
    *,
    actor: User | None,
    centre: Centre,
    shift_type: ShiftType,
    required_count: int,
    qualification: Qualification | None = None,
    weekday: int | None = None,
    on_date: dt.date | None = None,
) -> CoverageRequirement | None:
    """Say how many people a shift needs (with a qualification) every day, on a weekday or on a date; 0 removes."""
    _require_centre_writer(actor, centre)
    _check_same_coop(centre, shift_type, qualification)
    if shift_type.centre_id != centre.pk:
        raise TomoniError(_("That shift belongs to another centre."), field="shift_type")
    if weekday is not None and on_date is not None:
        raise TomoniError(_("Give a weekday or a date, not both."), field="weekday")
    if weekday is not None and not 0 <= weekday <= 6:
        raise TomoniError(_("Choose one of the options offered."), field="weekday")
    if required_count < 0 or required_count > 999:
        raise TomoniError(_("Give a number of people from 0 to 999."), field="required_count")
    found = CoverageRequirement.objects.filter(
        coop_id=centre.coop_id,
        centre=centre,
        shift_type=shift_type,
        qualification=qualification,
        weekday=weekday,
        on_date=on_date,
    ).first()
    data = {"shift": shift_type.code, "required": required_count, "weekday": weekday}
    if on_date is not None:
        data["date"] = on_date.isoformat()
    if found is None:
        found = CoverageRequirement.objects.create(
            coop_id=centre.coop_id,
            centre=centre,
            shift_type=shift_type,
            qualification=qualification,
            weekday=weekday,
            on_date=on_date,
            required_count=required_count,
        )
    else:
        found.required_count = required_count
        found.save(update_fields=["required_count", "updated_at"])
    audit_record(actor=actor, action="work.coverage.set", coop_id=centre.coop_id, target=found, data=data)
    return found


@transaction.atomic
def labour_rules_set(*, actor: User | None, centre: Centre, **values: Any) -> LabourRuleSet:
    """Set the centre's labour rules; what is not given keeps the Labour Standards Act's default."""
    _require_centre_writer(actor, centre)
    allowed = {
        "max_minutes_per_day",
        "max_minutes_per_week",
        "average_weekly_over_period",
        "min_rest_minutes",
        "max_consecutive_days",
        "week_starts_on",
    }
    contract = {"contract_tolerance_minutes", "agreed_overtime_minutes_per_month"}
    unknown = set(values) - allowed - contract
    if unknown:
        raise TypeError(f"unknown labour rules: {sorted(unknown)}")
    day, week = values.get("max_minutes_per_day"), values.get("max_minutes_per_week")
    if day is not None and not 0 < day <= MINUTES_IN_DAY:
        raise TomoniError(_("A day has at most 24 hours."), field="max_minutes_per_day")
    if week is not None and not 0 < week <= MINUTES_IN_WEEK:
        raise TomoniError(_("A week has at most 168 hours."), field="max_minutes_per_week")
    consecutive = values.get("max_consecutive_days")
    if consecutive is not None and consecutive < 1:
        raise TomoniError(_("Allow at least one working day in a row."), field="max_consecutive_days")
    if not 0 <= int(values.get("week_starts_on", 6)) <= 6:
        raise TomoniError(_("Choose one of the options offered."), field="week_starts_on")
    tolerance = values.get("contract_tolerance_minutes")
    if tolerance is not None and not 0 <= tolerance <= MINUTES_IN_WEEK:
        raise TomoniError(_("Allow at most 168 hours either side of a contract."), field="contract_tolerance_minutes")
    agreed = values.get("agreed_overtime_minutes_per_month")
    if agreed is not None and not 0 <= agreed <= rules_of_act.AGREED_OVERTIME_LIMIT_MINUTES_PER_MONTH:
        # Art 36(4): overtime under a 36 agreement is at most 45 hours a month.
        raise TomoniError(
            _("A 36 agreement allows at most 45 hours of overtime a month (Labour Standards Act Art 36(4))."),
            field="agreed_overtime_minutes_per_month",
        )
    defaults = mapping.labour_rules_for(centre)
    settings = mapping.contract_settings_for(centre)
    fields = {name: values.get(name, getattr(defaults, name)) for name in allowed}
    fields["contract_tolerance_minutes"] = values.get("contract_tolerance_minutes", settings.tolerance_minutes)
    fields["agreed_overtime_minutes_per_month"] = values.get(
        "agreed_overtime_minutes_per_month", settings.agreed_overtime_minutes
    )
    rules, _created = LabourRuleSet.objects.update_or_create(coop_id=centre.coop_id, centre=centre, defaults=fields)
    audit_record(actor=actor, action="work.labour_rules.set", coop_id=centre.coop_id, target=rules, data=fields)
    return rules


@transaction.atomic
def accommodation_set(
    *,
    actor: User | None,
    centre: Centre,
    person: Person,
    max_minutes_per_week: int | None = None,
    no_nights: bool = False,
    mentor: Person | None = None,
    partner_qualification: Qualification | None = None,
) -> Accommodation | None:
    """Record how a member's work is fitted to them (no reason is kept); nothing at all removes it."""
    _require_centre_writer(actor, centre)
    _check_same_coop(centre, person, mentor, partner_qualification)
    if mentor is not None and mentor.pk == person.pk:
        raise TomoniError(_("A member cannot be their own mentor."), field="mentor")
    if max_minutes_per_week is not None and not 0 < max_minutes_per_week <= MINUTES_IN_WEEK:
        raise TomoniError(_("Give the minutes a week, at most 168 hours."), field="max_minutes_per_week")
    found = Accommodation.objects.filter(coop_id=centre.coop_id, person=person).first()
    empty = max_minutes_per_week is None and not no_nights and mentor is None and partner_qualification is None
    # The audit event names the person and that something changed, never the accommodation itself.
    if empty:
        if found is not None:
            audit_record(
                actor=actor, action="work.accommodation.removed", coop_id=centre.coop_id, data={"person": person.pk}
            )
            found.delete()
        return None
    values = {
        "max_minutes_per_week": max_minutes_per_week,
        "no_nights": no_nights,
        "mentor": mentor,
        "partner_qualification": partner_qualification,
    }
    if found is None:
        found = Accommodation.objects.create(coop_id=centre.coop_id, person=person, **values)
    else:
        for name, value in values.items():
            setattr(found, name, value)
        found.save()
    audit_record(
        actor=actor, action="work.accommodation.set", coop_id=centre.coop_id, target=found, data={"person": person.pk}
    )
    return found


# Availability and wishes ---------------------------------------------------------------------------


@transaction.atomic
def availability_set(
    *, actor: User | None, person: Person, on_date: dt.date, available: bool, centre: Centre | None = None
) -> Availability | None:
    """Say that a member cannot work on a day (or can again: the row goes)."""
    _require_self_or_writer(actor, person, centre)
    found = Availability.objects.filter(coop_id=person.coop_id, person=person, on_date=on_date).first()
    if available:
        if found is not None:
            found.delete()
            audit_record(
                actor=actor,
                action="work.availability.cleared",
                coop_id=person.coop_id,
                data={"person": person.pk, "date": on_date.isoformat()},
            )
        return None
    if found is None:
        found = Availability.objects.create(coop_id=person.coop_id, person=person, on_date=on_date, available=False)
    audit_record(
        actor=actor,
        action="work.availability.set",
        coop_id=person.coop_id,
        target=found,
        data={"person": person.pk, "date": on_date.isoformat()},
    )
    return found


@transaction.atomic
def wish_add(
    *,
    actor: User | None,
    person: Person,
    on_date: dt.date,
    kind: str,
    shift_type: ShiftType | None = None,
    centre: Centre | None = None,
) -> Wish:
    """Record a member's wish for a day: a shift wanted or avoided (any shift if none is named), or a day off."""
    _require_self_or_writer(actor, person, centre)
    if kind not in WishKind.values:
        raise TomoniError(_("Choose one of the options offered."), field="kind")
    if kind == WishKind.DAY_OFF:
        shift_type = None
    if shift_type is not None and shift_type.coop_id != person.coop_id:
        raise TomoniError(_("That shift belongs to another coop."), field="shift_type")
    if Wish.objects.filter(
        coop_id=person.coop_id, person=person, on_date=on_date, kind=kind, shift_type=shift_type
    ).exists():
        raise TomoniError(_("This wish is already recorded."), field="on_date")
    wish = Wish.objects.create(coop_id=person.coop_id, person=person, on_date=on_date, kind=kind, shift_type=shift_type)
    audit_record(actor=actor, action="work.wish.added", coop_id=person.coop_id, target=wish)
    return wish


@transaction.atomic
def wish_remove(*, actor: User | None, wish: Wish) -> None:
    """Withdraw a wish."""
    _require_self_or_writer(actor, wish.person, None)
    audit_record(
        actor=actor,
        action="work.wish.removed",
        coop_id=wish.coop_id,
        target=wish,
        data={"person": wish.person_id, "date": wish.on_date.isoformat()},
    )
    wish.delete()


# Rosters ---------------------------------------------------------------------------------------------


@transaction.atomic
def roster_create(*, actor: User | None, centre: Centre, month: dt.date) -> Roster:
    """Open the roster of a month for a centre (empty, a draft)."""
    _require_centre_writer(actor, centre)
    month = month.replace(day=1)
    if Roster.objects.filter(coop_id=centre.coop_id, centre=centre, month=month).exists():
        raise TomoniError(_("This month's roster already exists."), field="month")
    roster = Roster.objects.create(coop_id=centre.coop_id, centre=centre, month=month)
    audit_record(
        actor=actor,
        action="work.roster.created",
        coop_id=centre.coop_id,
        target=roster,
        data={"month": f"{month:%Y-%m}"},
    )
    return roster


@transaction.atomic
def roster_solve(
    *, actor: User | None, roster: Roster, time_limit_s: int = DEFAULT_TIME_LIMIT_S, background: bool = True
) -> Roster:
    """Ask for the roster to be solved: marks it as being solved and queues the job once this commits.

    Hand edits are kept (pinned); the rest of the month is filled anew. With `background` False (the
    replica loader, a command) the job runs at once, inside the caller's transaction.
    """
    roster = Roster.objects.select_for_update().select_related("centre").get(pk=roster.pk)
    _require_centre_writer(actor, roster.centre)
    if roster.status == RosterStatus.PUBLISHED:
        raise TomoniError(_("A published roster is not solved again; edit it by hand."))
    if roster.status == RosterStatus.SOLVING:
        raise TomoniError(_("The roster is already being solved."))
    if not MIN_TIME_LIMIT_S <= time_limit_s <= MAX_TIME_LIMIT_S:
        raise TomoniError(
            _("Give a time limit from %(low)d to %(high)d seconds.")
            % {"low": MIN_TIME_LIMIT_S, "high": MAX_TIME_LIMIT_S},
            field="time_limit_s",
        )
    roster.status = RosterStatus.SOLVING
    roster.progress_percent = 0
    roster.time_limit_seconds = time_limit_s
    roster.solve_error = ""
    roster.save(update_fields=["status", "progress_percent", "time_limit_seconds", "solve_error", "updated_at"])
    audit_record(
        actor=actor,
        action="work.roster.solve_requested",
        coop_id=roster.coop_id,
        target=roster,
        data={"time_limit_s": time_limit_s},
    )
    if not background:
        return roster_solve_run(roster_id=roster.pk)
    _enqueue(SOLVE_TASK, roster.pk)
    return roster


# The job that solves a roster (tomoni.work.tasks): services name it and never import the tasks module,
# so that tasks may call services without an import cycle.
SOLVE_TASK = "work.solve_roster"


def _enqueue(name: str, *args: Any) -> None:
    """Start the registered task of that name once the transaction commits."""
    from celery import current_app

    jobs.start(current_app.tasks[name], *args)


class _Latest:
    """The solver's latest progress, handed from its thread to the job's."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.info: p.ProgressInfo | None = None

    def __call__(self, info: p.ProgressInfo) -> None:
        with self.lock:
            self.info = info


def shortfall_json(mapped: mapping.Mapped, shortfall: p.Shortfall) -> dict[str, Any]:
    """A shortfall as stored on the roster: by date, shift type id and skill code (explained when shown)."""
    return {
        "date": mapped.problem.date(shortfall.day).isoformat(),
        "shift_type": int(shortfall.shift_id),
        "skill": shortfall.skill,
        "required": shortfall.required,
        "assigned": shortfall.assigned,
        "qualified": shortfall.qualified,
        "unavailable": dict(shortfall.unavailable),
        "free": shortfall.free,
    }


def violation_json(mapped: mapping.Mapped, v: p.Violation) -> dict[str, Any]:
    """A hard rule broken, as stored on the roster (explained when shown)."""
    return {
        "code": str(v.code),
        "member": v.member_id,
        "day": v.day,
        "shift": v.shift_id,
        "params": {k: val for k, val in v.params.items()},
    }


def _write_progress(roster_id: int, percent: int) -> None:
    """The share of the time limit spent so far, for the board's progress bar (the job's own thread writes it)."""
    Roster.objects.filter(pk=roster_id).update(progress_percent=percent)


def roster_solve_run(
    *, roster_id: int, solve: Callable[..., p.Solution] | None = None, time_limit_s: int | None = None
) -> Roster:
    """The job: solve the roster's problem, writing progress to the row, then save the roster found.

    Runs outside any transaction of the caller (the solver may take its whole time limit); the
    result is written in one transaction. Never raises for bad input: the roster says what went wrong.
    """
    if solve is None:
        from tomoni.work.solver import solve as core_solve

        solve = core_solve
    roster = Roster.objects.select_related("centre").get(pk=roster_id)
    limit = time_limit_s or roster.time_limit_seconds
    mapped = mapping.roster_problem(roster, pinned=True)
    latest = _Latest()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            # The limit is CP-SAT's deterministic time (about a second of a core each): the same month gives
            # the same roster however busy the server is; the wall clock stops it at WALL_SAFETY times that.
            outcome["solution"] = solve(
                mapped.problem, time_limit_s=limit * WALL_SAFETY, work_limit=limit, workers=2, progress=latest
            )
        except Exception as error:
            outcome["error"] = error

    started = time.monotonic()
    worker = threading.Thread(target=run, name=f"roster-{roster_id}", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(PROGRESS_EVERY_S)
        if worker.is_alive():
            elapsed = time.monotonic() - started
            _write_progress(roster_id, min(99, int(100 * elapsed / max(limit, 1))))
    seconds = time.monotonic() - started
    return _solve_save(roster_id=roster_id, mapped=mapped, outcome=outcome, seconds=seconds)


@transaction.atomic
def _solve_save(*, roster_id: int, mapped: mapping.Mapped, outcome: dict[str, Any], seconds: float) -> Roster:
    roster = Roster.objects.select_for_update().get(pk=roster_id)
    solution: p.Solution | None = outcome.get("solution")
    roster.progress_percent = 100
    roster.solve_milliseconds = int(seconds * 1000)
    roster.solved_at = clock.now()
    if solution is None:
        roster.status = RosterStatus.DRAFT
        roster.solver_status = "error"
        roster.solve_error = "error"
        roster.shortfalls = []
        roster.save()
        audit_record(
            actor=None,
            action="work.roster.solve_failed",
            coop_id=roster.coop_id,
            target=roster,
            data={"error": type(outcome.get("error")).__name__},
        )
        return roster
    roster.solver_status = str(solution.status)
    roster.objective = solution.objective
    roster.shortfalls = [shortfall_json(mapped, s) for s in solution.shortfalls]
    roster.solve_violations = [violation_json(mapped, v) for v in solution.violations]
    if solution.found:
        kept = Assignment.objects.filter(coop_id=roster.coop_id, roster=roster, hand_edited=True)
        pinned = {(a.person_id, a.on_date) for a in kept}
        Assignment.objects.filter(coop_id=roster.coop_id, roster=roster, hand_edited=False).delete()
        Assignment.objects.bulk_create(
            Assignment(
                coop_id=roster.coop_id,
                roster=roster,
                person_id=int(a.member_id),
                on_date=mapped.problem.date(a.day),
                shift_type_id=int(a.shift_id),
            )
            for a in solution.assignments
            if (int(a.member_id), mapped.problem.date(a.day)) not in pinned
        )
        roster.status = RosterStatus.SOLVED
        roster.solve_error = ""
    else:
        roster.status = RosterStatus.DRAFT
        roster.solve_error = str(solution.status)
    roster.save()
    audit_record(
        actor=None,
        action="work.roster.solved",
        coop_id=roster.coop_id,
        target=roster,
        data={
            "status": roster.solver_status,
            "objective": solution.objective,
            "milliseconds": roster.solve_milliseconds,
            "assignments": len(solution.assignments),
            "shortfalls": len(roster.shortfalls),
        },
    )
    return roster


@transaction.atomic
def roster_publish(*, actor: User | None, roster: Roster) -> Roster:
    """Publish the roster: members see it, and its shifts become planned hours."""
    roster = Roster.objects.select_for_update().select_related("centre").get(pk=roster.pk)
    _require_centre_writer(actor, roster.centre)
    if roster.status == RosterStatus.PUBLISHED:
        raise TomoniError(_("The roster is already published."))
    if roster.status == RosterStatus.SOLVING:
        raise TomoniError(_("Wait until the roster is solved before publishing it."))
    if not Assignment.objects.filter(coop_id=roster.coop_id, roster=roster).exists():
        raise TomoniError(_("The roster has no shifts yet: solve it or fill it by hand first."))
    roster.status = RosterStatus.PUBLISHED
    roster.published_at = clock.now()
    roster.published_by = actor if actor is not None and actor.is_authenticated else None
    roster.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(actor=actor, action="work.roster.published", coop_id=roster.coop_id, target=roster)
    return roster


# Hand edits, checked against every hard rule ------------------------------------------------------------


def _names(mapped: mapping.Mapped) -> explain.Names:
    return explain.Names(
        first=mapped.first, people=mapped.people, shift_types=mapped.shift_types, skills=mapped.skill_names
    )


def _key(v: p.Violation) -> tuple[Any, ...]:
    return (v.code, v.member_id, v.day, v.shift_id, tuple(sorted(v.params.items())))


def _refuse_new_violations(mapped: mapping.Mapped, before: list[p.Assignment], after: list[p.Assignment]) -> None:
    """Refuse a change that breaks a hard rule the roster kept before it, giving every reason."""
    old = {_key(v) for v in checker.violations(mapped.problem, tuple(before))}
    new = [v for v in checker.violations(mapped.problem, tuple(after)) if _key(v) not in old]
    if new:
        names = _names(mapped)
        reasons = [explain.violation_message(v, names) for v in new]
        raise TomoniError(
            _("This change breaks a rule: %(reasons)s") % {"reasons": " ".join(reasons)},
            errors={"__all__": reasons},
        )


def _roster_for_edit(actor: User | None, roster: Roster) -> Roster:
    roster = Roster.objects.select_for_update().select_related("centre").get(pk=roster.pk)
    _require_centre_writer(actor, roster.centre)
    if roster.status == RosterStatus.SOLVING:
        raise TomoniError(_("Wait until the roster is solved before editing it."))
    return roster


@transaction.atomic
def assignment_set(
    *, actor: User | None, roster: Roster, person: Person, on_date: dt.date, shift_type: ShiftType
) -> Assignment:
    """Put a person on a shift on a day by hand; refused, with the reason, if it breaks a hard rule."""
    roster = _roster_for_edit(actor, roster)
    if not roster.month <= on_date <= mapping.month_end(roster.month):
        raise TomoniError(_("The day is outside the roster's month."), field="on_date")
    if shift_type.centre_id != roster.centre_id:
        raise TomoniError(_("That shift belongs to another centre."), field="shift_type")
    mapped = mapping.roster_problem(roster, pinned=False)
    if str(person.pk) not in mapped.people:
        raise TomoniError(
            _("%(name)s has no labour contract at this centre for the month.") % {"name": person.full_name},
            field="person",
        )
    rows = list(Assignment.objects.filter(coop_id=roster.coop_id, roster=roster))
    before = list(mapped.to_problem(rows))
    current = next((a for a in rows if a.person_id == person.pk and a.on_date == on_date), None)
    after = [a for a in before if not (a.member_id == str(person.pk) and a.day == mapped.day_index(on_date))] + [
        p.Assignment(member_id=str(person.pk), day=mapped.day_index(on_date), shift_id=str(shift_type.pk))
    ]
    _refuse_new_violations(mapped, before, after)
    previous = current.shift_type_id if current is not None else None
    if current is None:
        current = Assignment.objects.create(
            coop_id=roster.coop_id,
            roster=roster,
            person=person,
            on_date=on_date,
            shift_type=shift_type,
            hand_edited=True,
        )
    else:
        current.shift_type = shift_type
        current.hand_edited = True
        current.save(update_fields=["shift_type", "hand_edited", "updated_at"])
    audit_record(
        actor=actor,
        action="work.assignment.set",
        coop_id=roster.coop_id,
        target=current,
        data={"person": person.pk, "date": on_date.isoformat(), "shift": shift_type.code, "previous": previous},
    )
    return current


@transaction.atomic
def assignment_clear(*, actor: User | None, roster: Roster, person: Person, on_date: dt.date) -> None:
    """Take a person off their shift on a day (a day off); refused if the roster would then break a rule."""
    roster = _roster_for_edit(actor, roster)
    current = Assignment.objects.filter(coop_id=roster.coop_id, roster=roster, person=person, on_date=on_date).first()
    if current is None:
        return
    if current.confirmed_at is not None:
        raise TomoniError(_("The hours of this shift are confirmed; it can no longer be removed."))
    mapped = mapping.roster_problem(roster, pinned=False)
    rows = list(Assignment.objects.filter(coop_id=roster.coop_id, roster=roster))
    before = list(mapped.to_problem(rows))
    after = list(mapped.to_problem(a for a in rows if a.pk != current.pk))
    _refuse_new_violations(mapped, before, after)
    audit_record(
        actor=actor,
        action="work.assignment.cleared",
        coop_id=roster.coop_id,
        target=current,
        data={"person": person.pk, "date": on_date.isoformat(), "shift": current.shift_type_id},
    )
    current.delete()


# Swaps ----------------------------------------------------------------------------------------------


def _swap_after(mapped: mapping.Mapped, rows: list[Assignment], swap: SwapRequest) -> list[p.Assignment]:
    """The roster as it would be with the swap made."""
    given = swap.assignment
    taken = swap.counterpart_assignment
    out = []
    for a in rows:
        if a.pk == given.pk:
            out.append(p.Assignment(str(swap.counterpart_id), mapped.day_index(a.on_date), str(a.shift_type_id)))
        elif taken is not None and a.pk == taken.pk:
            out.append(p.Assignment(str(swap.requester_id), mapped.day_index(a.on_date), str(a.shift_type_id)))
        else:
            out.append(p.Assignment(str(a.person_id), mapped.day_index(a.on_date), str(a.shift_type_id)))
    return out


@transaction.atomic
def swap_request(
    *,
    actor: User | None,
    assignment: Assignment,
    counterpart: Person,
    counterpart_assignment: Assignment | None = None,
    note: str = "",
) -> SwapRequest:
    """A member asks to swap their shift for a colleague's (or to hand it over); the manager decides."""
    assignment = Assignment.objects.select_related("roster__centre", "person").get(pk=assignment.pk)
    roster = assignment.roster
    requester = assignment.person
    if not _is_self(actor, requester) and not writes_centre(actor, roster.centre):
        raise TomoniError(_("You may ask to swap only your own shifts."))
    if roster.status != RosterStatus.PUBLISHED:
        raise TomoniError(_("Swaps are asked on a published roster."))
    if assignment.on_date < clock.today():
        raise TomoniError(_("That shift is already past."), field="assignment")
    if counterpart.pk == requester.pk:
        raise TomoniError(_("Choose a colleague to swap with."), field="counterpart")
    if counterpart_assignment is not None and (
        counterpart_assignment.roster_id != roster.pk or counterpart_assignment.person_id != counterpart.pk
    ):
        raise TomoniError(_("Choose one of your colleague's shifts in this roster."), field="counterpart_assignment")
    mapped = mapping.roster_problem(roster, pinned=False)
    if str(counterpart.pk) not in mapped.people:
        raise TomoniError(_("Choose a colleague who works at this centre this month."), field="counterpart")
    if SwapRequest.objects.filter(coop_id=roster.coop_id, assignment=assignment, status=SwapStatus.PENDING).exists():
        raise TomoniError(_("A swap of this shift is already waiting for the manager."), field="assignment")
    swap = SwapRequest(
        coop_id=roster.coop_id,
        roster=roster,
        requester=requester,
        assignment=assignment,
        counterpart=counterpart,
        counterpart_assignment=counterpart_assignment,
        note=note[:200],
    )
    rows = list(Assignment.objects.filter(coop_id=roster.coop_id, roster=roster))
    _refuse_new_violations(mapped, list(mapped.to_problem(rows)), _swap_after(mapped, rows, swap))
    swap.save()
    audit_record(actor=actor, action="work.swap.requested", coop_id=roster.coop_id, target=swap)
    return swap


def _pending_swap(actor: User | None, swap: SwapRequest) -> SwapRequest:
    swap = SwapRequest.objects.select_for_update().select_related("roster__centre").get(pk=swap.pk)
    _require_centre_writer(actor, swap.roster.centre)
    if swap.status != SwapStatus.PENDING:
        raise TomoniError(_("This swap has already been decided."))
    return swap


@transaction.atomic
def swap_approve(*, actor: User | None, swap: SwapRequest) -> SwapRequest:
    """The manager approves a swap: checked against every hard rule again, then made."""
    swap = _pending_swap(actor, swap)
    roster = swap.roster
    mapped = mapping.roster_problem(roster, pinned=False)
    rows = list(Assignment.objects.select_for_update().filter(coop_id=roster.coop_id, roster=roster))
    if not any(a.pk == swap.assignment_id and a.person_id == swap.requester_id for a in rows) or (
        swap.counterpart_assignment_id is not None
        and not any(a.pk == swap.counterpart_assignment_id and a.person_id == swap.counterpart_id for a in rows)
    ):
        raise TomoniError(_("The roster has changed since the swap was asked; the shifts are no longer theirs."))
    _refuse_new_violations(mapped, list(mapped.to_problem(rows)), _swap_after(mapped, rows, swap))
    given = Assignment.objects.get(pk=swap.assignment_id)
    taken = Assignment.objects.get(pk=swap.counterpart_assignment_id) if swap.counterpart_assignment_id else None
    # Each moves to the other's day; on the same day the unique (person, day) pair is freed first.
    if taken is not None and taken.on_date == given.on_date:
        given_shift, taken_shift = given.shift_type_id, taken.shift_type_id
        given.shift_type_id, taken.shift_type_id = taken_shift, given_shift
        given.hand_edited = taken.hand_edited = True
        given.save(update_fields=["shift_type", "hand_edited", "updated_at"])
        taken.save(update_fields=["shift_type", "hand_edited", "updated_at"])
    else:
        given.person_id, given.hand_edited = swap.counterpart_id, True
        given.save(update_fields=["person", "hand_edited", "updated_at"])
        if taken is not None:
            taken.person_id, taken.hand_edited = swap.requester_id, True
            taken.save(update_fields=["person", "hand_edited", "updated_at"])
    swap.status = SwapStatus.APPROVED
    swap.decided_by = actor if actor is not None and actor.is_authenticated else None
    swap.decided_at = clock.now()
    swap.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=actor, action="work.swap.approved", coop_id=swap.coop_id, target=swap)
    return swap


@transaction.atomic
def swap_decline(*, actor: User | None, swap: SwapRequest, reason: str = "") -> SwapRequest:
    """The manager declines a swap, saying why if they wish."""
    swap = _pending_swap(actor, swap)
    swap.status = SwapStatus.DECLINED
    swap.decided_by = actor if actor is not None and actor.is_authenticated else None
    swap.decided_at = clock.now()
    swap.decision_reason = reason[:300]
    swap.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(actor=actor, action="work.swap.declined", coop_id=swap.coop_id, target=swap)
    return swap


@transaction.atomic
def swap_withdraw(*, actor: User | None, swap: SwapRequest) -> SwapRequest:
    """The member withdraws their own swap request while it waits."""
    swap = SwapRequest.objects.select_for_update().select_related("requester").get(pk=swap.pk)
    if not _is_self(actor, swap.requester):
        raise TomoniError(_("You may withdraw only your own requests."))
    if swap.status != SwapStatus.PENDING:
        raise TomoniError(_("This swap has already been decided."))
    swap.status = SwapStatus.WITHDRAWN
    swap.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="work.swap.withdrawn", coop_id=swap.coop_id, target=swap)
    return swap


# Actual hours → work records -------------------------------------------------------------------------


def _business_line(shift_type: ShiftType, centre: Centre) -> BusinessLine:
    if shift_type.business_line_id is not None:
        return shift_type.business_line  # type: ignore[return-value]
    link = (
        CentreBusinessLine.objects.filter(coop_id=centre.coop_id, centre=centre)
        .select_related("business_line")
        .order_by("business_line__sort_order", "pk")
        .first()
    )
    if link is None:
        raise TomoniError(_("The centre has no business line to record the work under."))
    return link.business_line


@transaction.atomic
def actual_minutes_confirm(*, actor: User | None, assignment: Assignment, actual_minutes: int) -> Assignment:
    """Confirm the minutes a person actually worked on a shift; they become the day's work record (従事記録)."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("roster__centre", "shift_type", "person")
        .get(pk=assignment.pk)
    )
    roster, centre = assignment.roster, assignment.roster.centre
    _require_centre_writer(actor, centre)
    if roster.status != RosterStatus.PUBLISHED:
        raise TomoniError(_("Hours are confirmed on a published roster."))
    if assignment.on_date > clock.today():
        raise TomoniError(_("Hours are confirmed once the day has come."), field="actual_minutes")
    if not 0 < actual_minutes <= MINUTES_IN_DAY:
        raise TomoniError(_("Give the minutes worked, from 1 minute to 24 hours."), field="actual_minutes")
    line = _business_line(assignment.shift_type, centre)
    record = WorkRecord.objects.filter(
        coop_id=centre.coop_id,
        person=assignment.person,
        centre=centre,
        business_line=line,
        worked_on=assignment.on_date,
    ).first()
    if record is None:
        members_services.work_record_create(
            actor=actor,
            person=assignment.person,
            centre=centre,
            business_line=line,
            worked_on=assignment.on_date,
            worked_minutes=actual_minutes,
        )
    elif record.worked_minutes != actual_minutes:
        members_services.work_record_update(actor=actor, record=record, worked_minutes=actual_minutes)
    assignment.actual_minutes = actual_minutes
    assignment.confirmed_at = clock.now()
    assignment.save(update_fields=["actual_minutes", "confirmed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="work.actual_minutes.confirmed",
        coop_id=centre.coop_id,
        target=assignment,
        data={"minutes": actual_minutes, "planned": assignment.shift_type.worked_minutes},
    )
    return assignment


@transaction.atomic
def actual_minutes_confirm_as_planned(*, actor: User | None, roster: Roster, until: dt.date) -> int:
    """Confirm every unconfirmed shift of the roster up to a day as worked as planned; returns how many."""
    _require_centre_writer(actor, roster.centre)
    pending = Assignment.objects.filter(
        coop_id=roster.coop_id, roster=roster, confirmed_at__isnull=True, on_date__lte=min(until, clock.today())
    ).select_related("shift_type")
    count = 0
    for assignment in pending:
        actual_minutes_confirm(actor=actor, assignment=assignment, actual_minutes=assignment.shift_type.worked_minutes)
        count += 1
    return count


@transaction.atomic
def hours_report(*, actor: User | None, assignment: Assignment, reported_minutes: int, client_key: uuid.UUID) -> bool:
    """A member reports the minutes they worked on their own shift (from the field, perhaps sent later).

    Stored once per client key (a replay answers with the first result: True is returned); the centre's
    manager confirms it into the day's work record. A report that contradicts hours already confirmed is
    refused with what was confirmed, so the member knows whom to ask.
    """
    assignment = (
        Assignment.objects.select_for_update().select_related("roster", "person", "shift_type").get(pk=assignment.pk)
    )
    if not _is_self(actor, assignment.person):
        raise TomoniError(_("You can report hours only for your own shifts."))

    def write() -> Assignment:
        if assignment.roster.status != RosterStatus.PUBLISHED:
            raise TomoniError(_("Hours are reported on a published roster."))
        if assignment.on_date > clock.today():
            raise TomoniError(_("Report the hours once the day has come."), field="reported_minutes")
        if not 0 < reported_minutes <= MINUTES_IN_DAY:
            raise TomoniError(_("Give the time worked, from 1 minute to 24 hours."), field="reported_minutes")
        if assignment.confirmed_at is not None and assignment.actual_minutes != reported_minutes:
            hours, minutes = divmod(assignment.actual_minutes or 0, 60)
            raise TomoniError(
                _(
                    "Your centre already confirmed %(hours)d h %(minutes)02d min for this shift, so your report "
                    "was not saved. If that is not right, please tell your centre manager."
                )
                % {"hours": hours, "minutes": minutes},
                field="reported_minutes",
            )
        before = assignment.reported_minutes
        assignment.reported_minutes = reported_minutes
        assignment.save(update_fields=["reported_minutes", "updated_at"])
        audit_record(
            actor=actor,
            action="work.hours.reported",
            coop_id=assignment.coop_id,
            target=assignment,
            data={"minutes": reported_minutes, "before": before, "key": str(client_key)},
        )
        return assignment

    _id, replayed = submission_once(
        actor=actor,
        coop_id=assignment.coop_id,
        key=client_key,
        action="work.hours.reported",
        payload={"assignment": assignment.pk, "minutes": reported_minutes},
        write=write,
    )
    return replayed
