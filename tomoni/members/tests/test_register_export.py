"""The member register filtered by centre, status and kind, and taken away as CSV or Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tomoni.members.models import Membership, Person
from tomoni.testing import World

pytestmark = pytest.mark.django_db

URL = "/coops/cwc/people/"


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _csv(client: Client, **query: str) -> list[list[str]]:
    response = client.get(URL + "export.csv", query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def _add_member(world: World, n: int, *, centre=None, kind: str = "worker", left: bool = False) -> Person:
    person = Person.objects.create(coop=world.cwc, family_name="追加", given_name=f"{n:03d}")
    Membership.objects.create(
        coop=world.cwc,
        person=person,
        kind=kind,
        member_number=f"X{n:05d}",
        centre=centre or world.ajisai,
        joined_on=dt.date(2012, 4, 1),
        left_on=dt.date(2014, 4, 1) if left else None,
        status="withdrawn" if left else "active",
    )
    return person


def test_the_register_filters_by_centre_status_and_kind(world: World) -> None:
    _add_member(world, 1, centre=world.west_nara, kind="user")
    _add_member(world, 2, left=True)
    client = _client(world.officer)
    by_centre = client.get(URL, {"centre": world.west_nara.pk}).content.decode()
    assert "奈良 太郎" in by_centre and "小林 花子" not in by_centre
    by_status = client.get(URL, {"status": "withdrawn"}).content.decode()
    assert "追加 002" in by_status and "小林 花子" not in by_status
    by_kind = client.get(URL, {"kind": "user"}).content.decode()
    assert "追加 001" in by_kind and "奈良 太郎" not in by_kind


def test_the_csv_lists_the_register_as_filtered_and_runs_no_formula(world: World) -> None:
    evil = _add_member(world, 3)
    evil.family_name, evil.address = "=cmd|' /C calc'!A0", "+81 東京都"
    evil.save()
    rows = _csv(_client(world.officer))
    assert rows[0][:3] == ["Member number", "Name", "Reading"]
    numbers = {row[0] for row in rows[1:]}
    assert {"C0000001", "C0000002", "X00003"} <= numbers
    assert "O0000001" not in numbers  # another coop's member
    evil_row = next(row for row in rows if row[0] == "X00003")
    assert evil_row[1].startswith("'=") and evil_row[9].startswith("'+")
    assert {row[0] for row in _csv(_client(world.officer), centre=str(world.west_nara.pk))[1:]} == {"C0000002"}


def test_the_excel_workbook_holds_the_same_rows_formula_safe(world: World) -> None:
    _add_member(world, 4).__class__.objects.filter(family_name="追加").update(family_name="@SUM(1)")
    response = _client(world.officer).get(URL + "export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Member number"
    assert any(row[1] == "'@SUM(1) 004" for row in values[1:])
    assert all(not (isinstance(v, str) and v.startswith(("=", "@", "+"))) for row in values for v in row)


def test_a_centre_manager_exports_only_their_centres_people(world: World) -> None:
    numbers = {row[0] for row in _csv(_client(world.manager))[1:]}
    assert "C0000001" in numbers
    assert "C0000002" not in numbers  # West Nara, not Ajisai


def test_outsiders_get_404_for_the_export(world: World) -> None:
    for fmt in ("csv", "xlsx"):
        assert _client(world.outsider).get(URL + f"export.{fmt}").status_code == 404
        assert _client(world.staff).get(URL + f"export.{fmt}").status_code == 404


def test_the_register_and_its_export_take_no_more_queries_with_more_members(
    world: World, django_assert_max_num_queries
) -> None:
    client = _client(world.officer)
    client.get(URL)
    _csv(client)
    for n in range(10, 70):
        _add_member(world, n)
    with django_assert_max_num_queries(14):
        assert client.get(URL, {"kind": "worker", "status": "active"}).status_code == 200
    with django_assert_max_num_queries(10):
        _csv(client, kind="worker")
    with django_assert_max_num_queries(10):
        assert client.get(URL + "export.xlsx").status_code == 200


def test_the_roll_of_members_prints_as_a_pdf_for_the_coops_officers_only(world: World) -> None:
    url = "/coops/cwc/capital/members.pdf?as_of=2015-03-31"
    response = _client(world.officer).get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    for user in (world.outsider, world.staff, world.member):
        assert _client(user).get(url).status_code == 404
