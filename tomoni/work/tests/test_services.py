"""Writes of the work context: one audit event each, the right to write checked, refusals whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.testing import World
from tomoni.work import mapping, services, testing
from tomoni.work.models import (
    Accommodation,
    Availability,
    CoverageRequirement,
    LabourRuleSet,
    Roster,
    RosterStatus,
    ShiftType,
    Wish,
)

MARCH = dt.date(2015, 3, 1)


def last_action() -> str:
    return AuditEvent.objects.order_by("-pk").values_list("action", flat=True).first() or ""


def test_a_manager_opens_a_month_for_their_centre(world: World) -> None:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=dt.date(2015, 3, 17))

    assert roster.month == MARCH and roster.status == RosterStatus.DRAFT
    assert last_action() == "work.roster.created"


def test_a_manager_may_not_open_a_month_for_another_centre(world: World) -> None:
    with pytest.raises(TomoniError):
        services.roster_create(actor=world.manager, centre=world.west_nara, month=MARCH)
    assert not Roster.objects.exists()


def test_an_outsider_and_an_auditor_may_not_write_a_roster(world: World) -> None:
    for actor in (world.outsider, world.auditor, world.member, world.support):
        with pytest.raises(TomoniError):
            services.roster_create(actor=actor, centre=world.ajisai, month=MARCH)


def test_a_month_is_opened_once(world: World) -> None:
    services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    with pytest.raises(TomoniError) as caught:
        services.roster_create(actor=world.officer, centre=world.ajisai, month=MARCH)
    assert caught.value.field == "month"


def test_shift_types_and_coverage_are_set_by_the_manager(world: World) -> None:
    caregiver = services.qualification_create(actor=world.manager, centre=world.ajisai, code="care", name="介護福祉士")
    night = services.shift_type_create(
        actor=world.manager,
        centre=world.ajisai,
        code="夜",
        name="夜勤",
        starts_at=dt.time(22),
        length_minutes=540,
        break_minutes=60,
        is_night=True,
        qualifications=[caregiver],
    )
    services.coverage_set(actor=world.manager, centre=world.ajisai, shift_type=night, required_count=1)
    services.coverage_set(actor=world.manager, centre=world.ajisai, shift_type=night, required_count=2)

    assert CoverageRequirement.objects.get().required_count == 2
    assert list(night.qualifications.all()) == [caregiver]


def test_a_shift_with_a_break_as_long_as_itself_is_refused(world: World) -> None:
    with pytest.raises(TomoniError) as caught:
        services.shift_type_create(
            actor=world.manager, centre=world.ajisai, code="X", name="x", starts_at=dt.time(9), length_minutes=60,
            break_minutes=60,
        )  # fmt: skip
    assert caught.value.field == "break_minutes"
    assert not ShiftType.objects.exists()


def test_labour_rules_default_to_the_act_and_can_be_set(world: World) -> None:
    assert mapping.labour_rules_for(world.ajisai).max_minutes_per_week == 2400
    services.labour_rules_set(
        actor=world.manager, centre=world.ajisai, max_minutes_per_day=None, average_weekly_over_period=True
    )
    rules = mapping.labour_rules_for(world.ajisai)
    assert rules.max_minutes_per_day is None and rules.average_weekly_over_period
    assert LabourRuleSet.objects.get().min_rest_minutes == 660


def test_an_accommodation_keeps_no_reason_and_its_audit_event_names_only_the_person(world: World) -> None:
    services.accommodation_set(
        actor=world.manager, centre=world.ajisai, person=world.member_person, max_minutes_per_week=1200, no_nights=True
    )
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.data == {"person": world.member_person.pk}
    assert {f.name for f in Accommodation._meta.get_fields()}.isdisjoint({"reason", "note", "category"})
    services.accommodation_set(actor=world.manager, centre=world.ajisai, person=world.member_person)
    assert not Accommodation.objects.exists()


def test_a_member_states_their_own_days_off_and_wishes_but_not_anothers(world: World) -> None:
    services.availability_set(actor=world.member, person=world.member_person, on_date=MARCH, available=False)
    services.wish_add(actor=world.member, person=world.member_person, on_date=MARCH, kind="day_off")
    assert Availability.objects.count() == 1 and Wish.objects.count() == 1
    with pytest.raises(TomoniError):
        services.wish_add(actor=world.member, person=world.nara_person, on_date=MARCH, kind="day_off")
    services.availability_set(actor=world.member, person=world.member_person, on_date=MARCH, available=True)
    assert not Availability.objects.exists()


def test_a_roster_is_solved_by_the_job_and_keeps_every_hard_rule(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from tomoni.work import checker

    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_solve(actor=world.manager, roster=roster, time_limit_s=3)
    roster.refresh_from_db()

    assert roster.status == RosterStatus.SOLVED
    assert roster.progress_percent == 100 and roster.solver_status in {"optimal", "feasible"}
    mapped = mapping.roster_problem(roster, pinned=False)
    found = mapped.to_problem(roster.assignments.all())
    assert found and checker.violations(mapped.problem, found) == []
    assert last_action() == "work.roster.solved"


def test_a_published_roster_is_not_solved_again(world: World) -> None:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    Roster.objects.filter(pk=roster.pk).update(status=RosterStatus.PUBLISHED)
    roster.refresh_from_db()
    with pytest.raises(TomoniError):
        services.roster_solve(actor=world.manager, roster=roster)


def test_an_empty_roster_is_not_published(world: World) -> None:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    with pytest.raises(TomoniError):
        services.roster_publish(actor=world.manager, roster=roster)
