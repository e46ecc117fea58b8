"""The work context's rooms as the README promises them (issue 13 items 18/19): tasks call services and
services start tasks by name; the pages and the API call selectors and services, never the ORM; one
rule for whom a swap may be offered to, on the page and in the API."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from tomoni.core import clock
from tomoni.core.errors import TomoniError
from tomoni.testing import World
from tomoni.work import selectors, services, testing
from tomoni.work.models import Assignment, Roster, RosterStatus

HERE = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_services_never_import_the_tasks_they_start() -> None:
    assert not any(name.startswith("tomoni.work.tasks") for name in imported_modules(HERE / "services.py"))
    assert "tomoni.work.services" in imported_modules(HERE / "tasks.py")


@pytest.mark.parametrize("room", ["views.py", "api.py"])
def test_pages_and_the_api_make_no_query_of_their_own(room: str) -> None:
    tree = ast.parse((HERE / room).read_text())
    managers = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"]
    filters = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"filter", "exclude", "get", "select_related"}
        and isinstance(node.value, ast.Call)
    ]
    assert managers == [] and filters == []


def test_the_longest_functions_are_named_steps() -> None:
    for path, name in (("checker.py", "_check_member"), ("mapping.py", "roster_problem")):
        tree = ast.parse((HERE / path).read_text())
        found = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
        assert found.end_lineno is not None and found.end_lineno - found.lineno < 60


@pytest.fixture
def published(world: World) -> tuple[testing.Staffed, Roster]:
    staffed = testing.staffed_centre(world)
    month = clock.today().replace(day=1)
    roster = Roster.objects.create(coop=world.cwc, centre=world.ajisai, month=month, status=RosterStatus.PUBLISHED)
    return staffed, roster


def shift(world: World, roster: Roster, person: object, day: dt.date, staffed: testing.Staffed) -> Assignment:
    return Assignment.objects.create(
        coop=world.cwc, roster=roster, person=person, on_date=day, shift_type=staffed.shifts.day
    )


def test_a_swap_is_offered_only_to_a_colleague_rostered_that_month(
    world: World, published: tuple[testing.Staffed, Roster]
) -> None:
    staffed, roster = published
    today = clock.today()
    mine = shift(world, roster, world.member_person, today, staffed)
    with pytest.raises(TomoniError) as refused:
        selectors.swap_offer(assignment=mine, counterpart_id=world.nara_person.pk, counterpart_assignment_id=None)
    assert refused.value.field == "counterpart"
    with pytest.raises(TomoniError):
        selectors.swap_offer(assignment=mine, counterpart_id=world.member_person.pk, counterpart_assignment_id=None)
    colleague = staffed.people[0]
    assert selectors.swap_offer(assignment=mine, counterpart_id=colleague.pk, counterpart_assignment_id=None) == (
        colleague,
        None,
    )


def test_a_swap_takes_only_the_colleague_s_own_shift_from_today_on(
    world: World, published: tuple[testing.Staffed, Roster]
) -> None:
    staffed, roster = published
    today = clock.today()
    mine = shift(world, roster, world.member_person, today, staffed)
    colleague, other = staffed.people[0], staffed.people[1]
    theirs = shift(world, roster, colleague, today, staffed)
    someone_elses = shift(world, roster, other, today, staffed)
    assert selectors.swap_offer(assignment=mine, counterpart_id=colleague.pk, counterpart_assignment_id=theirs.pk) == (
        colleague,
        theirs,
    )
    for wrong in (someone_elses.pk, mine.pk):
        with pytest.raises(TomoniError) as refused:
            selectors.swap_offer(assignment=mine, counterpart_id=colleague.pk, counterpart_assignment_id=wrong)
        assert refused.value.field == "counterpart_assignment"


def test_the_solve_job_is_started_by_name(world: World, django_capture_on_commit_callbacks: object) -> None:
    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=dt.date(2015, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.roster_solve(actor=world.manager, roster=roster, time_limit_s=2)
    roster.refresh_from_db()
    assert roster.status == RosterStatus.SOLVED
