"""The replica's rosters: Ajisai and West Nara, March 2015, solved by the real solver, published, keeping every rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from tomoni.demo.replica import LoadResult, load_replica
from tomoni.work import checker, mapping
from tomoni.work.models import Accommodation, Roster, RosterStatus


@pytest.fixture(scope="module")
def replica(django_db_setup: None, django_db_blocker: object) -> Iterator[LoadResult]:
    """The small replica, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_replica(scale="small")
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_ajisai_and_west_nara_have_a_published_march_roster(replica: LoadResult) -> None:
    rosters = {r.centre.code: r for r in Roster.objects.select_related("centre")}

    assert set(rosters) == {"ajisai", "west-nara"}
    for roster in rosters.values():
        assert roster.month == dt.date(2015, 3, 1)
        assert roster.status == RosterStatus.PUBLISHED
        assert roster.solver_status in {"optimal", "feasible"}
        # Solved and timed; how long it takes is a figure of benchmarks/replica_load.py, not a test (a busy
        # machine is slower, and the solver's limit is wall-clock).
        assert roster.solve_milliseconds is not None
    assert replica.summary["rosters"] == 2


def test_the_replica_rosters_keep_every_hard_rule(replica: LoadResult) -> None:
    for roster in Roster.objects.select_related("centre"):
        mapped = mapping.roster_problem(roster, pinned=False)
        found = mapped.to_problem(roster.assignments.all())
        assert len(found) > 100
        assert checker.violations(mapped.problem, found) == []


def test_west_nara_pairs_each_younger_member_with_a_cleaning_lead(replica: LoadResult) -> None:
    roster = Roster.objects.get(centre__code="west-nara")
    paired = Accommodation.objects.filter(coop_id=roster.coop_id, partner_qualification__code="seiso-leader")
    assert paired.count() == 4
    assert Accommodation.objects.filter(coop_id=roster.coop_id, mentor__isnull=False).count() == 1
    leads = set(roster.coop.qualification_set.get(code="seiso-leader").holders.values_list("person_id", flat=True))  # type: ignore[attr-defined]
    shifts: dict[tuple[dt.date, int], set[int]] = {
        (a.on_date, a.shift_type_id): set() for a in roster.assignments.all()
    }
    for a in roster.assignments.all():
        shifts[a.on_date, a.shift_type_id].add(a.person_id)
    for accommodation in paired:
        for a in roster.assignments.filter(person=accommodation.person):
            assert shifts[a.on_date, a.shift_type_id] & (leads - {a.person_id})
