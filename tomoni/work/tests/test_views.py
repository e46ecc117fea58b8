"""The roster pages: the manager's board, the member's roster on a phone, scoped like the register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tomoni.testing import World
from tomoni.work import services, testing
from tomoni.work.models import Availability, CoverageRequirement, Roster, RosterStatus, ShiftType, Wish

MARCH = dt.date(2015, 3, 1)


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def roster(world: World) -> Roster:
    testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=3)
    solved = services.roster_solve_run(roster_id=roster.pk)
    assert solved.status == RosterStatus.SOLVED, solved.solver_status
    return solved


def board_url(roster: Roster) -> str:
    return reverse("work:roster", args=["cwc", "ajisai", roster.pk])


def test_the_manager_sees_the_board_with_codes_and_the_holiday(world: World, roster: Roster) -> None:
    body = client_for(world.manager).get(board_url(roster)).content.decode()

    assert "早" in body and "夜勤" in body
    assert "春分の日" in body  # 21 March 2015, a public holiday
    assert reverse("work:roster_cell", args=["cwc", "ajisai", roster.pk]) in body


def test_an_auditor_reads_the_board_but_gets_no_edit_links(world: World, roster: Roster) -> None:
    response = client_for(world.auditor).get(board_url(roster))

    assert response.status_code == 200
    assert reverse("work:roster_cell", args=["cwc", "ajisai", roster.pk]) not in response.content.decode()
    assert (
        client_for(world.auditor).post(reverse("work:roster_publish", args=["cwc", "ajisai", roster.pk])).status_code
        == 404
    )


def test_an_outsider_and_a_member_get_404_for_the_board(world: World, roster: Roster) -> None:
    assert client_for(world.outsider).get(board_url(roster)).status_code == 404
    assert client_for(world.member).get(board_url(roster)).status_code == 404


def test_the_manager_of_ajisai_cannot_open_a_roster_of_west_nara(world: World) -> None:
    url = reverse("work:rosters", args=["cwc", "west-nara"])
    assert client_for(world.manager).post(url, {"month": "2015-03"}).status_code == 404
    assert not Roster.objects.exists()


def test_the_board_makes_the_same_number_of_queries_whatever_the_number_of_members(world: World) -> None:
    staffed = testing.staffed_centre(world, workers=2)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.assignment_set(
        actor=world.manager, roster=roster, person=staffed.people[0], on_date=MARCH, shift_type=staffed.shifts.day
    )
    client = client_for(world.manager)
    client.get(board_url(roster))
    with CaptureQueriesContext(connection) as few:
        client.get(board_url(roster))
    for index in range(6):
        person = testing.add_worker(world, f"追加{index}", "さん", caregiver=True)
        services.assignment_set(
            actor=world.manager, roster=roster, person=person, on_date=MARCH + dt.timedelta(days=index + 1),
            shift_type=staffed.shifts.night,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get(board_url(roster))

    assert len(many) == len(few)


def test_solving_from_the_board_redirects_and_publishing_shows_to_members(
    world: World, roster: Roster, django_capture_on_commit_callbacks: object
) -> None:
    manager = client_for(world.manager)
    url = reverse("work:roster_publish", args=["cwc", "ajisai", roster.pk])
    assert manager.post(url).status_code == 200  # the check again: publishing waits for the tick
    assert manager.post(url, {"confirm": "on"}).status_code == 302
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED

    mine = client_for(world.member).get(reverse("work:my_roster") + "?from=2015-03-01")

    assert mine.status_code == 200
    shifts = roster.assignments.filter(person=world.member_person).count()
    assert mine.content.decode().count('class="shift-name"') == min(shifts, 31)


def test_the_progress_endpoint_reports_the_solve(world: World, roster: Roster) -> None:
    Roster.objects.filter(pk=roster.pk).update(status=RosterStatus.SOLVING, progress_percent=40)
    data = client_for(world.manager).get(reverse("work:roster_progress", args=["cwc", "ajisai", roster.pk])).json()
    assert data["progress_percent"] == 40 and not data["done"]
    body = client_for(world.manager).get(board_url(roster)).content.decode()
    assert "<progress" in body and "work/roster.js" in body


def test_a_member_states_a_wish_and_a_day_they_cannot_work(world: World) -> None:
    testing.care_centre(world)
    client = client_for(world.member)
    assert client.get(reverse("work:my_wishes")).status_code == 200

    client.post(reverse("work:my_wishes"), {"form": "unavailable", "u-on_date": "2015-03-10"})
    client.post(reverse("work:my_wishes"), {"form": "wish", "w-on_date": "2015-03-11", "w-kind": "day_off"})

    assert Availability.objects.get(person=world.member_person).on_date == dt.date(2015, 3, 10)
    assert Wish.objects.get(person=world.member_person).kind == "day_off"


def test_the_settings_page_hides_accommodations_from_an_auditor(world: World) -> None:
    staffed = testing.staffed_centre(world)
    services.accommodation_set(
        actor=world.manager, centre=world.ajisai, person=staffed.people[0], max_minutes_per_week=1200
    )
    url = reverse("work:settings", args=["cwc", "ajisai"])
    assert "20:00" in client_for(world.manager).get(url).content.decode()
    assert "20:00" not in client_for(world.auditor).get(url).content.decode()


def test_the_fairness_report_shows_the_spread(world: World, roster: Roster) -> None:
    manager = client_for(world.manager)
    body = manager.get(reverse("work:roster_fairness", args=["cwc", "ajisai", roster.pk])).content.decode()
    assert "ジニ係数" in body and "fairness-chart-data" in body
    quarter = manager.get(reverse("work:quarter_fairness", args=["cwc", "ajisai"]) + "?quarter=2015-01-01")
    assert quarter.status_code == 200


def test_the_manager_adds_a_shift_type_and_its_coverage_on_the_settings_page(world: World) -> None:
    client = client_for(world.manager)
    url = reverse("work:settings", args=["cwc", "ajisai"])

    made = client.post(
        url,
        {"form": "shift", "s-code": "遅", "s-name": "遅番", "s-starts_at": "11:00", "s-length_minutes": 540,
         "s-break_minutes": 60},
    )  # fmt: skip
    shift = ShiftType.objects.get(code="遅")
    covered = client.post(url, {"form": "coverage", "c-shift_type": shift.pk, "c-weekday": "5", "c-required_count": 2})

    assert made.status_code == 302 and covered.status_code == 302
    assert CoverageRequirement.objects.get(shift_type=shift).weekday == 5
    assert client_for(world.auditor).post(url, {"form": "shift", "s-code": "X"}).status_code == 404
