"""Impossible demand is explained (which day, shift and skill, and why), never an error."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoni.testing import World
from tomoni.work import services, testing
from tomoni.work.models import CoverageRequirement, Qualification, Roster, RosterStatus

MARCH = dt.date(2015, 3, 1)


def solved(world: World, time_limit_s: int = 3) -> Roster:
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.roster_solve(actor=world.manager, roster=roster, time_limit_s=time_limit_s)
    return services.roster_solve_run(roster_id=roster.pk)


def test_a_skill_nobody_holds_is_named_with_the_day_and_shift(world: World) -> None:
    staffed = testing.staffed_centre(world)
    nurse = Qualification.objects.create(coop=world.cwc, code="nurse", name="看護師")
    CoverageRequirement.objects.create(
        coop=world.cwc, centre=world.ajisai, shift_type=staffed.shifts.day, qualification=nurse, weekday=0,
        required_count=1,
    )  # fmt: skip

    roster = solved(world)

    assert roster.status == RosterStatus.SOLVED
    mondays = {item["date"] for item in roster.shortfalls if item["skill"] == "nurse"}
    assert mondays == {"2015-03-02", "2015-03-09", "2015-03-16", "2015-03-23", "2015-03-30"}
    assert all(item["qualified"] == 0 for item in roster.shortfalls if item["skill"] == "nurse")


def test_the_board_explains_the_shortfall_in_japanese_and_in_english(world: World) -> None:
    staffed = testing.staffed_centre(world)
    nurse = Qualification.objects.create(coop=world.cwc, code="nurse", name="看護師")
    CoverageRequirement.objects.create(
        coop=world.cwc, centre=world.ajisai, shift_type=staffed.shifts.day, qualification=nurse, on_date=MARCH,
        required_count=1,
    )  # fmt: skip
    roster = solved(world)
    client = Client()
    client.force_login(world.manager)
    url = reverse("work:roster", args=["cwc", "ajisai", roster.pk])

    body = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "看護師" in body and "3月1日" in body and "日勤" in body
    with translation.override("en"):
        english = client.get(url, headers={"accept-language": "en"}, cookies={"django_language": "en"})
    assert english.status_code == 200


def test_too_much_night_demand_says_why_the_others_could_not_come(world: World) -> None:
    testing.staffed_centre(world, night=3)  # three caregivers cannot all work every night

    roster = solved(world)

    assert roster.status == RosterStatus.SOLVED
    nights = [item for item in roster.shortfalls if item["skill"] == "caregiver"]
    assert nights, "three caregivers cannot cover three nights every night"
    assert all(item["qualified"] == 3 for item in nights)
    assert any(item["unavailable"] or item["free"] for item in nights)
