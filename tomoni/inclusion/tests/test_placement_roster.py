"""A trainee placed with a mentor is paired with them on the solved roster: on every shift the trainee works,
the mentor works the same shift (the work context's pairs, set by the placement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tomoni.core.models import AuditEvent
from tomoni.inclusion import services
from tomoni.inclusion.testing import caregiver_course, trainee
from tomoni.members import services as members_services
from tomoni.testing import World
from tomoni.work import checker, mapping, solver
from tomoni.work import services as work_services
from tomoni.work import testing as work_testing
from tomoni.work.models import Accommodation, Assignment, RosterStatus

MARCH = dt.date(2015, 3, 1)


def _deterministic(problem: Any, **options: Any) -> Any:
    """The solver on one thread with a fixed seed, its budget in CP-SAT's deterministic time (as the work
    context's solver tests do): the same roster however busy the machine is."""
    options.update(workers=1, seed=1)
    return solver.solve(problem, **options)


def test_the_trainee_works_only_on_shifts_together_with_their_mentor(world: World) -> None:
    staffed = work_testing.staffed_centre(world)
    mentor = staffed.people[1]
    participant = trainee(world, caregiver_course(world))
    person = participant.person
    assert person is not None
    services.placement_start(
        actor=world.manager, participant=participant, centre=world.ajisai, mentor=mentor, starts_on=dt.date(2015, 2, 2)
    )
    # The trainee's part-time contract at the centre brings them into its rosters (20 hours a week).
    members_services.labour_contract_create(
        actor=world.manager,
        person=person,
        centre=world.ajisai,
        started_on=dt.date(2015, 2, 16),
        contracted_minutes_per_week=20 * 60,
    )
    roster = work_services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    # Asked for as the manager does; the job (queued once the request commits) is run here, deterministically.
    work_services.roster_solve(actor=world.manager, roster=roster, time_limit_s=3)

    solved = work_services.roster_solve_run(roster_id=roster.pk, solve=_deterministic)

    assert solved.status == RosterStatus.SOLVED
    assert Accommodation.objects.get(person=person).mentor == mentor
    shifts = list(Assignment.objects.filter(roster=roster).values_list("person_id", "on_date", "shift_type_id"))
    theirs = {(day, shift) for who, day, shift in shifts if who == person.pk}
    mentors = {(day, shift) for who, day, shift in shifts if who == mentor.pk}
    assert theirs, "the trainee is on the roster"
    assert theirs <= mentors, sorted(theirs - mentors)
    mapped = mapping.roster_problem(solved, pinned=False)
    assert checker.violations(mapped.problem, mapped.to_problem(solved.assignments.all())) == []
    assert AuditEvent.objects.filter(action="work.roster.solved", object_id=str(roster.pk)).exists()
    assert AuditEvent.objects.get(action="inclusion.placement.started").actor == world.manager
