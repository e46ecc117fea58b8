"""Every CSV and Excel export neutralises formulas (OWASP CSV injection): a hostile name stays text."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tomoni.capital.tests.appropriation_world import approved, year_fixture  # noqa: F401
from tomoni.capital.tests.factories import capital
from tomoni.core.exports import FORMULA_STARTS, csv_writer, formula_safe
from tomoni.core.models import User
from tomoni.governance.models import Motion
from tomoni.governance.tests.factories import close, open_motion
from tomoni.members import imports as member_imports
from tomoni.members.models import Person
from tomoni.testing import World
from tomoni.work import services as work_services
from tomoni.work import testing as work_testing

HOSTILE = '=HYPERLINK("http://evil.example/","x")'


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def hostile_member(world: World) -> None:
    Person.objects.filter(pk=world.member_person.pk).update(family_name=HOSTILE, family_name_kana="@SUM(1+1)")
    world.member_person.refresh_from_db()


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def assert_no_formula(cells: list[object]) -> None:
    texts = [c for c in cells if isinstance(c, str)]
    assert texts, "the export has cells"
    assert not [c for c in texts if c.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "＝", "＠"])
def test_a_cell_that_would_start_a_formula_becomes_text(start: str) -> None:
    assert formula_safe(f"{start}1+1") == f"'{start}1+1"


def test_numbers_and_plain_text_are_left_as_they_are() -> None:
    assert formula_safe(-500) == -500
    assert formula_safe("小林 花子") == "小林 花子"
    assert formula_safe("2015-03-01") == "2015-03-01"
    assert formula_safe("") == ""


@given(st.lists(st.text(max_size=12), max_size=6))
def test_no_written_cell_ever_starts_a_formula(row: list[str]) -> None:
    out = io.StringIO(newline="")
    csv_writer(out).writerow(row)
    cells = next(csv.reader(io.StringIO(out.getvalue(), newline="")), [])
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]


def test_the_roster_csv_and_workbook_keep_a_hostile_name_as_text(world: World) -> None:
    staffed = work_testing.staffed_centre(world)
    roster = work_services.roster_create(actor=world.manager, centre=world.ajisai, month=dt.date(2015, 3, 1))
    work_services.assignment_set(
        actor=world.manager, roster=roster, person=world.member_person, on_date=dt.date(2015, 3, 2),
        shift_type=staffed.shifts.early,
    )  # fmt: skip
    hostile_member(world)
    manager = client(world.manager)

    as_csv = manager.get(reverse("work:roster_export", args=["cwc", "ajisai", roster.pk, "csv"]))
    as_xlsx = manager.get(reverse("work:roster_export", args=["cwc", "ajisai", roster.pk, "xlsx"]))

    cells = csv_cells(as_csv.content)
    assert f"'{HOSTILE} 花子" in cells
    assert_no_formula(cells)
    book = load_workbook(io.BytesIO(as_xlsx.content))
    sheet = book.worksheets[0]
    assert [c.data_type for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert f"'{HOSTILE} 花子" in values
    assert_no_formula(values)


def test_the_capital_register_csv_keeps_a_hostile_name_as_text(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    hostile_member(world)

    response = client(world.officer).get(reverse("capital:register_csv", args=["cwc"]), {"as_of": "2015-03-31"})

    cells = csv_cells(response.content)
    assert f"'{HOSTILE}" in " ".join(cells)
    assert "'@SUM(1+1)" in " ".join(cells)
    assert_no_formula(cells)


def test_the_dividend_payment_list_keeps_a_hostile_name_as_text(year: World) -> None:
    from tomoni.capital.appropriation import services

    Person.objects.filter(pk=year.member_person.pk).update(family_name=HOSTILE)
    services.appropriation_post(actor=year.officer, appropriation=approved(year))

    response = client(year.officer).get(
        reverse("capital:appropriation_payment_list", kwargs={"code": "cwc", "fiscal_year": 2014})
    )

    cells = csv_cells(response.content)
    assert f"'{HOSTILE} 花子" in cells
    assert_no_formula(cells)


def test_the_motion_results_csv_keeps_a_hostile_title_as_text(world: World) -> None:
    motion = open_motion(world)
    Motion.objects.filter(pk=motion.pk).update(title="-2+3+cmd|' /C calc'!A0")
    close(world, motion)

    response = client(world.officer).get(
        reverse("governance:results_csv", kwargs={"code": "cwc", "motion_id": motion.pk})
    )

    cells = csv_cells(response.content)
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert_no_formula(cells)


@pytest.mark.parametrize("kind", sorted(member_imports.KINDS))
def test_the_import_templates_are_formula_safe(kind: str) -> None:
    assert_no_formula(csv_cells(member_imports.template_csv(kind)))
    book = load_workbook(io.BytesIO(member_imports.template_xlsx(kind)))
    assert_no_formula([c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row])


def test_the_capital_import_template_is_formula_safe() -> None:
    from tomoni.capital.ledger import imports as capital_imports

    assert_no_formula(csv_cells(capital_imports.template_csv()))
