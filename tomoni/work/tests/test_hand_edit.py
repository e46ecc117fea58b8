"""A hand edit is checked against every hard rule: refused with the reason, or saved and flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.testing import World
from tomoni.work import services, testing
from tomoni.work.models import Assignment, Roster

MARCH = dt.date(2015, 3, 1)


Board = tuple[testing.Staffed, Roster]


@pytest.fixture
def board(world: World) -> Board:
    staffed = testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    return staffed, roster


def test_a_hand_edit_is_saved_and_flagged(world: World, board: tuple[testing.Staffed, Roster]) -> None:
    staffed, roster = board
    person = staffed.people[1]

    services.assignment_set(
        actor=world.manager, roster=roster, person=person, on_date=dt.date(2015, 3, 3), shift_type=staffed.shifts.day
    )

    assert Assignment.objects.get(person=person).hand_edited


def test_a_night_for_someone_without_the_certificate_is_refused_naming_it(world: World, board: Board) -> None:
    staffed, roster = board
    without = staffed.people[1]  # odd workers hold no caregiver certificate

    with pytest.raises(TomoniError) as caught:
        services.assignment_set(
            actor=world.manager, roster=roster, person=without, on_date=MARCH, shift_type=staffed.shifts.night
        )

    assert "介護福祉士" in caught.value.message
    assert not Assignment.objects.exists()


def test_a_night_for_someone_who_does_no_nights_is_refused(world: World, board: Board) -> None:
    staffed, roster = board
    person = staffed.caregivers[0]
    services.accommodation_set(actor=world.manager, centre=world.ajisai, person=person, no_nights=True)

    with pytest.raises(TomoniError) as caught:
        services.assignment_set(
            actor=world.manager, roster=roster, person=person, on_date=MARCH, shift_type=staffed.shifts.night
        )
    assert "night" in caught.value.message or "夜勤" in caught.value.message


def test_an_early_shift_after_a_night_is_refused_for_lack_of_rest(world: World, board: Board) -> None:
    staffed, roster = board
    person = staffed.caregivers[0]
    services.assignment_set(
        actor=world.manager, roster=roster, person=person, on_date=MARCH, shift_type=staffed.shifts.night
    )

    with pytest.raises(TomoniError) as caught:
        services.assignment_set(
            actor=world.manager,
            roster=roster,
            person=person,
            on_date=dt.date(2015, 3, 2),
            shift_type=staffed.shifts.early,
        )
    assert caught.value.errors["__all__"]
    assert Assignment.objects.count() == 1


def test_a_day_the_member_cannot_work_is_refused(world: World, board: Board) -> None:
    staffed, roster = board
    person = staffed.people[1]
    services.availability_set(actor=world.manager, person=person, on_date=MARCH, available=False, centre=world.ajisai)

    with pytest.raises(TomoniError):
        services.assignment_set(
            actor=world.manager, roster=roster, person=person, on_date=MARCH, shift_type=staffed.shifts.day
        )


def test_a_seventh_day_in_a_row_is_refused(world: World, board: Board) -> None:
    staffed, roster = board
    person = staffed.people[1]
    # Wednesday 4 to Monday 9 March: four days in one week, two in the next (within 40 hours a week).
    for day in range(4, 10):
        services.assignment_set(
            actor=world.manager,
            roster=roster,
            person=person,
            on_date=dt.date(2015, 3, day),
            shift_type=staffed.shifts.day,
        )
    with pytest.raises(TomoniError) as caught:
        services.assignment_set(
            actor=world.manager,
            roster=roster,
            person=person,
            on_date=dt.date(2015, 3, 10),
            shift_type=staffed.shifts.day,
        )
    assert "7" in caught.value.message


def test_someone_without_a_contract_at_the_centre_is_refused(world: World, board: Board) -> None:
    staffed, roster = board
    with pytest.raises(TomoniError) as caught:
        services.assignment_set(
            actor=world.manager, roster=roster, person=world.nara_person, on_date=MARCH, shift_type=staffed.shifts.day
        )
    assert caught.value.field == "person"


def test_the_manager_of_another_centre_may_not_edit(world: World, board: Board) -> None:
    staffed, roster = board
    with pytest.raises(TomoniError):
        services.assignment_set(
            actor=world.outsider, roster=roster, person=staffed.people[0], on_date=MARCH, shift_type=staffed.shifts.day
        )


def test_clearing_a_cell_gives_a_day_off(world: World, board: Board) -> None:
    staffed, roster = board
    person = staffed.people[1]
    services.assignment_set(
        actor=world.manager, roster=roster, person=person, on_date=MARCH, shift_type=staffed.shifts.day
    )
    services.assignment_clear(actor=world.manager, roster=roster, person=person, on_date=MARCH)
    assert not Assignment.objects.exists()


def test_the_cell_page_shows_the_refusal_and_saves_nothing(world: World, board: Board) -> None:
    staffed, roster = board
    client = Client()
    client.force_login(world.manager)
    url = reverse("work:roster_cell", args=["cwc", "ajisai", roster.pk])

    response = client.post(
        url, {"person": staffed.people[1].pk, "day": "2015-03-01", "shift_type": staffed.shifts.night.pk}
    )

    assert response.status_code == 200
    assert "介護福祉士" in response.content.decode()
    assert not Assignment.objects.exists()
    saved = client.post(url, {"person": staffed.people[1].pk, "day": "2015-03-01", "shift_type": staffed.shifts.day.pk})
    assert saved.status_code == 302 and Assignment.objects.count() == 1
