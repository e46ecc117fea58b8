"""A person named by id on a roster's pages and endpoints comes through the user's scope: else 404, never a name.

Issue 13 item 7: the person calendar, the roster cell and a refused assignment's message read any
person's name by id; now each answers 404 for a person the user does not reach or who is not on the roster.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tomoni.members.models import Person
from tomoni.testing import World
from tomoni.work import services, testing
from tomoni.work.models import Roster

MARCH = dt.date(2015, 3, 1)


@pytest.fixture
def roster(world: World) -> Roster:
    testing.staffed_centre(world)
    return services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)


def page(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def api(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)  # type: ignore[arg-type]
    return client


def outside(world: World) -> list[Person]:
    """A member of another centre of the coop (West Nara) and a person of another coop."""
    return [world.nara_person, world.other_person]


def names(person: Person) -> list[str]:
    return [person.family_name, person.given_name]


def test_the_person_calendar_of_someone_outside_the_roster_is_a_404_without_a_name(
    world: World, roster: Roster
) -> None:
    for user in (world.manager, world.support):
        for person in outside(world):
            url = reverse("work:roster_person_calendar", args=["cwc", "ajisai", roster.pk, person.pk])
            response = page(user).get(url)
            assert response.status_code == 404
            assert not any(name in response.content.decode() for name in names(person))


def test_the_cell_of_someone_outside_the_roster_is_a_404_without_a_name(world: World, roster: Roster) -> None:
    url = reverse("work:roster_cell", args=["cwc", "ajisai", roster.pk])
    for person in outside(world):
        shown = page(world.manager).get(url, {"person": person.pk, "day": "2015-03-02"})
        assert shown.status_code == 404
        assert not any(name in shown.content.decode() for name in names(person))
        posted = page(world.manager).post(url, {"person": person.pk, "day": "2015-03-02", "shift_type": ""})
        assert posted.status_code == 404


def test_an_assignment_for_someone_outside_the_roster_is_a_404_without_a_name(world: World, roster: Roster) -> None:
    url = f"/api/v1/coops/cwc/rosters/{roster.pk}/assignments/"
    for person in outside(world):
        for shift in ("夜", "日", None):
            refused = api(world.manager).post(
                url, {"person": person.pk, "date": "2015-03-01", "shift": shift}, format="json"
            )
            assert refused.status_code == 404
            assert not any(name in refused.content.decode() for name in names(person))


def test_no_unknown_id_returns_a_name(world: World, roster: Roster) -> None:
    """A sweep of ids, as the review did: only the roster's own people come back."""
    rostered = {p.pk for p in testing.Person.objects.filter(labour_contracts__centre=world.ajisai)}
    calendar = "work:roster_person_calendar"
    for person_id in range(1, max(Person.objects.values_list("pk", flat=True)) + 3):
        response = page(world.manager).get(reverse(calendar, args=["cwc", "ajisai", roster.pk, person_id]))
        assert response.status_code == (200 if person_id in rostered else 404)


def test_the_roster_s_own_people_still_open(world: World, roster: Roster) -> None:
    person = world.member_person
    cell = page(world.manager).get(
        reverse("work:roster_cell", args=["cwc", "ajisai", roster.pk]), {"person": person.pk, "day": "2015-03-02"}
    )
    assert cell.status_code == 200 and person.family_name in cell.content.decode()
    saved = api(world.manager).post(
        f"/api/v1/coops/cwc/rosters/{roster.pk}/assignments/",
        {"person": person.pk, "date": "2015-03-02", "shift": "日"},
        format="json",
    )
    assert saved.status_code == 200
