"""Exports: an .ics per member that a calendar reads, CSV with a BOM for Excel, an Excel workbook that opens."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tomoni.testing import World
from tomoni.work import services, testing
from tomoni.work.models import Roster

MARCH = dt.date(2015, 3, 1)


@pytest.fixture
def roster(world: World) -> Roster:
    staffed = testing.staffed_centre(world)
    roster = services.roster_create(actor=world.manager, centre=world.ajisai, month=MARCH)
    services.assignment_set(
        actor=world.manager, roster=roster, person=world.member_person, on_date=dt.date(2015, 3, 2),
        shift_type=staffed.shifts.early,
    )  # fmt: skip
    services.assignment_set(
        actor=world.manager, roster=roster, person=staffed.caregivers[0], on_date=dt.date(2015, 3, 2),
        shift_type=staffed.shifts.night,
    )  # fmt: skip
    services.roster_publish(actor=world.manager, roster=roster)
    return roster


def manager(world: World) -> Client:
    client = Client()
    client.force_login(world.manager)
    return client


def test_the_csv_starts_with_a_bom_and_holds_the_grid(world: World, roster: Roster) -> None:
    response = manager(world).get(reverse("work:roster_export", args=["cwc", "ajisai", roster.pk, "csv"]))

    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "2015-03-01" and rows[0][31] == "2015-03-31"
    mine = next(row for row in rows if row and row[0] == world.member_person.full_name)
    assert mine[2] == "早" and mine[-2] == "480"


def test_the_workbook_opens_with_the_grid_and_the_shift_types(world: World, roster: Roster) -> None:
    response = manager(world).get(reverse("work:roster_export", args=["cwc", "ajisai", roster.pk, "xlsx"]))

    book = load_workbook(io.BytesIO(response.content))
    sheet = book["2015-03"]
    names = [cell.value for cell in sheet["A"]]
    row = names.index(world.member_person.full_name) + 1
    assert sheet.cell(row=row, column=3).value == "早"
    assert len(book.sheetnames) == 2


def test_an_unknown_format_is_404(world: World, roster: Roster) -> None:
    assert (
        manager(world).get(reverse("work:roster_export", args=["cwc", "ajisai", roster.pk, "pdf"])).status_code == 404
    )


def test_my_calendar_parses_with_each_shift_in_tokyo_time(world: World, roster: Roster) -> None:
    client = Client()
    client.force_login(world.member)

    response = client.get(reverse("work:my_calendar"))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == dt.datetime(2015, 3, 2, 7, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert events[0].decoded("dtend") - start == dt.timedelta(minutes=540)
    assert "早番" in str(events[0]["summary"])


def test_the_manager_downloads_a_members_calendar_but_an_outsider_does_not(world: World, roster: Roster) -> None:
    person = testing.Person.objects.get(pk=world.member_person.pk)
    url = reverse("work:roster_person_calendar", args=["cwc", "ajisai", roster.pk, person.pk])
    assert icalendar.Calendar.from_ical(manager(world).get(url).content).walk("VEVENT")
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(url).status_code == 404
