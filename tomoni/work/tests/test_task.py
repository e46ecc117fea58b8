"""The solve job: progress written to the roster row, the result saved, a failing solver reported, not raised."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection

from tomoni.testing import World
from tomoni.work import problem as p
from tomoni.work import services, tasks, testing
from tomoni.work.models import Roster, RosterStatus

MARCH = dt.date(2015, 3, 1)


def test_the_task_solves_by_id_and_returns_the_solver_status(world: World) -> None:
    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=5)

    result = tasks.solve_roster.apply(args=[roster.pk]).get()

    assert result in {"optimal", "feasible"}
    assert Roster.objects.get(pk=roster.pk).status == RosterStatus.SOLVED


def test_progress_is_written_while_the_solver_runs(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=4)
    seen: list[int] = []
    write = services._write_progress

    def record(roster_id: int, percent: int) -> None:
        write(roster_id, percent)
        seen.append(Roster.objects.get(pk=roster_id).progress_percent)

    monkeypatch.setattr(services, "_write_progress", record)

    def slow(problem: p.Problem, **options: Any) -> p.Solution:
        time.sleep(2.5)
        return p.Solution(status=p.Status.FEASIBLE, objective=0)

    done = services.roster_solve_run(roster_id=roster.pk, solve=slow)

    assert seen and seen == sorted(seen) and 0 < seen[0] < 100
    assert done.progress_percent == 100 and done.status == RosterStatus.SOLVED


def test_a_failing_solver_leaves_a_draft_with_a_message(world: World) -> None:
    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=2)

    def broken(problem: p.Problem, **options: Any) -> p.Solution:
        raise RuntimeError("boom")

    done = services.roster_solve_run(roster_id=roster.pk, solve=broken)

    assert done.status == RosterStatus.DRAFT and done.solve_error == "error"


def test_contradicting_hand_edits_are_reported_as_rules_broken(world: World) -> None:
    staffed = testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    person = staffed.people[1]
    services.assignment_set(
        actor=world.manager, roster=roster, person=person, on_date=MARCH, shift_type=staffed.shifts.day
    )
    # The member later says they cannot work that day: the pinned edit and the day off contradict.
    services.availability_set(actor=world.manager, person=person, on_date=MARCH, available=False, centre=world.ajisai)
    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=2)

    done = services.roster_solve_run(roster_id=roster.pk)

    assert done.status == RosterStatus.DRAFT
    assert done.solve_error in {"infeasible", "invalid"}
    assert done.solve_violations


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's append-only triggers refuse a transactional test's flush"
)
@pytest.mark.django_db(transaction=True)  # the job's thread has its own connection: it sees only what is committed
def test_without_a_broker_the_request_returns_while_the_roster_is_solved_in_a_thread(
    world: World, settings: Any
) -> None:
    settings.JOBS_IN_THREAD = True
    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)

    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=3)

    assert Roster.objects.get(pk=roster.pk).status == RosterStatus.SOLVING  # not waited for
    for thread in threading.enumerate():
        if thread.name == "job work.solve_roster":
            thread.join(timeout=60)
    assert Roster.objects.get(pk=roster.pk).status == RosterStatus.SOLVED
