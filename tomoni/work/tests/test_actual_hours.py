"""A published roster gives planned hours; confirmed actual minutes become work records (従事記録)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.members.models import WorkRecord
from tomoni.testing import World
from tomoni.work import services, testing
from tomoni.work.models import Assignment, Roster

MARCH = dt.date(2015, 3, 1)


@pytest.fixture
def shift(world: World) -> Assignment:
    staffed = testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    assignment = services.assignment_set(
        actor=world.manager, roster=roster, person=staffed.people[0], on_date=dt.date(2015, 3, 4),
        shift_type=staffed.shifts.day,
    )  # fmt: skip
    services.roster_publish(actor=world.manager, roster=roster)
    return assignment


def test_confirmed_minutes_become_the_days_work_record(world: World, shift: Assignment) -> None:
    services.actual_minutes_confirm(actor=world.manager, assignment=shift, actual_minutes=450)

    record = WorkRecord.objects.get(person=shift.person)
    assert (record.worked_on, record.worked_minutes, record.centre_id) == (shift.on_date, 450, world.ajisai.pk)
    assert record.business_line == world.care
    shift.refresh_from_db()
    assert shift.actual_minutes == 450 and shift.confirmed_at is not None


def test_confirming_again_corrects_the_work_record(world: World, shift: Assignment) -> None:
    services.actual_minutes_confirm(actor=world.manager, assignment=shift, actual_minutes=450)
    services.actual_minutes_confirm(actor=world.manager, assignment=shift, actual_minutes=480)

    assert list(WorkRecord.objects.filter(person=shift.person).values_list("worked_minutes", flat=True)) == [480]


def test_the_rest_of_the_month_is_confirmed_as_planned(world: World, shift: Assignment) -> None:
    count = services.actual_minutes_confirm_as_planned(
        actor=world.manager, roster=shift.roster, until=dt.date(2015, 3, 31)
    )

    assert count == 1
    assert WorkRecord.objects.get(person=shift.person).worked_minutes == shift.shift_type.worked_minutes == 480


def test_hours_are_not_confirmed_on_a_draft_nor_by_a_member(world: World, shift: Assignment) -> None:
    with pytest.raises(TomoniError):
        services.actual_minutes_confirm(actor=world.member, assignment=shift, actual_minutes=480)
    Roster.objects.filter(pk=shift.roster_id).update(status="solved")
    with pytest.raises(TomoniError):
        services.actual_minutes_confirm(actor=world.manager, assignment=shift, actual_minutes=480)
    assert not WorkRecord.objects.filter(person=shift.person).exists()


def test_a_confirmed_shift_is_not_removed(world: World, shift: Assignment) -> None:
    services.actual_minutes_confirm(actor=world.manager, assignment=shift, actual_minutes=480)
    with pytest.raises(TomoniError):
        services.assignment_clear(actor=world.manager, roster=shift.roster, person=shift.person, on_date=shift.on_date)


def test_the_hours_page_confirms_a_shift(world: World, shift: Assignment) -> None:
    client = Client()
    client.force_login(world.manager)
    url = reverse("work:roster_hours", args=["cwc", "ajisai", shift.roster_id])
    assert client.get(url).status_code == 200

    response = client.post(url, {"assignment": shift.pk, "hours": 7, "minutes": 15})

    assert response.status_code == 302
    assert WorkRecord.objects.get(person=shift.person).worked_minutes == 435
