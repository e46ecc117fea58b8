"""Constraints the database keeps whatever the code does: one shift a day, wishes that make sense, tenancy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tomoni.testing import World
from tomoni.work import testing
from tomoni.work.models import Assignment, CoverageRequirement, Roster, ShiftType, Wish

MARCH = dt.date(2015, 3, 1)


def test_a_member_works_at_most_one_shift_a_day(world: World) -> None:
    shifts = testing.care_centre(world)
    roster = Roster.objects.create(coop=world.cwc, centre=world.ajisai, month=MARCH)
    Assignment.objects.create(
        coop=world.cwc, roster=roster, person=world.member_person, on_date=MARCH, shift_type=shifts.day
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            coop=world.cwc, roster=roster, person=world.member_person, on_date=MARCH, shift_type=shifts.early
        )


def test_a_roster_is_for_a_whole_month_once(world: World) -> None:
    Roster.objects.create(coop=world.cwc, centre=world.ajisai, month=MARCH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Roster.objects.create(coop=world.cwc, centre=world.ajisai, month=MARCH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Roster.objects.create(coop=world.cwc, centre=world.west_nara, month=dt.date(2015, 3, 2))


def test_a_day_off_wish_names_no_shift(world: World) -> None:
    shifts = testing.care_centre(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.create(
            coop=world.cwc, person=world.member_person, on_date=MARCH, kind="day_off", shift_type=shifts.day
        )
    Wish.objects.create(coop=world.cwc, person=world.member_person, on_date=MARCH, kind="avoid")


def test_coverage_is_for_a_weekday_or_a_date_not_both(world: World) -> None:
    shifts = testing.care_centre(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageRequirement.objects.create(
            coop=world.cwc, centre=world.ajisai, shift_type=shifts.day, weekday=1, on_date=MARCH, required_count=1
        )


def test_a_shift_code_is_unique_in_its_centre_only(world: World) -> None:
    testing.care_centre(world)
    testing.care_centre(world, world.west_nara)
    assert ShiftType.objects.filter(code="夜").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        ShiftType.objects.create(
            coop=world.cwc, centre=world.ajisai, code="夜", name="x", starts_at=dt.time(1), length_minutes=60
        )
