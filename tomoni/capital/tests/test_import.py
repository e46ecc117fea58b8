"""Opening balances from CSV (UTF-8, BOM, cp932) or Excel: all rows or none, errors row by row."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tomoni.capital.ledger import imports, selectors
from tomoni.capital.models import CapitalEntry
from tomoni.capital.tests.factories import DAY
from tomoni.core.models import AuditEvent
from tomoni.testing import PASSWORD, World

pytestmark = pytest.mark.django_db
GOOD = "member_number,shares,paid_yen,effective_on\r\nC0000001,2,60000,2015-03-31\r\nC0000002,1,50000,2015/3/31\r\n"


def _post(world: World, data: bytes, name: str = "balances.csv", language: str = "en") -> object:
    client = Client()
    assert client.login(username=world.officer.username, password=PASSWORD)
    return client.post(
        reverse("capital:import", args=["cwc"]),
        {"file": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_a_clean_csv_is_imported_whole(world: World, encoding: str) -> None:
    data = GOOD.replace("member_number", "組合員番号").encode(encoding)
    response = _post(world, data)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert selectors.holding_of(person=world.member_person, as_of=DAY).unpaid_yen == 40_000
    assert AuditEvent.objects.filter(action="capital.opening_balances.loaded").count() == 1
    assert selectors.ledger_verify(coop=world.cwc).broken is None


def test_an_excel_workbook_is_imported(world: World) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["member_number", "shares", "paid_yen", "effective_on"])
    sheet.append(["C0000001", 3, 150000, "2015-03-31"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _post(world, buffer.getvalue(), "balances.xlsx").status_code == 302  # type: ignore[attr-defined]
    assert selectors.holding_of(person=world.member_person, as_of=DAY).shares == 3


def test_a_file_with_bad_rows_records_nothing_and_names_each_row(world: World) -> None:
    data = (
        b"member_number,shares,paid_yen,effective_on\r\n"
        b"C0000001,2,60000,2015-03-31\r\n"
        b"X9,1,0,2015-03-31\r\n"
        b"C0000002,1,90000,2015-03-31\r\n"
        b"O0000001,abc,0,someday\r\n"
    )
    response = _post(world, data, language="ja")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not CapitalEntry.objects.exists()
    with translation.override("en"):
        checked = imports.check_file(coop=world.cwc, data=data, filename="x.csv")
    assert sorted({(e.row, e.column) for e in checked.errors}) == [
        (3, "member_number"), (4, "paid_yen"), (5, "effective_on"), (5, "member_number"), (5, "shares"),
    ]  # fmt: skip
    with translation.override("ja"):
        checked = imports.check_file(coop=world.cwc, data=data, filename="x.csv")
    assert any("X9" in e.message for e in checked.errors)


def test_a_member_already_in_the_ledger_cannot_be_imported_again(world: World) -> None:
    assert _post(world, GOOD.encode()).status_code == 302  # type: ignore[attr-defined]
    assert _post(world, GOOD.encode()).status_code == 400  # type: ignore[attr-defined]
    assert CapitalEntry.objects.filter(coop=world.cwc).count() == 4


def test_only_officers_import(world: World) -> None:
    client = Client()
    assert client.login(username=world.auditor.username, password=PASSWORD)
    assert client.get(reverse("capital:import", args=["cwc"])).status_code == 403
    client.login(username=world.outsider.username, password=PASSWORD)
    assert client.get(reverse("capital:import", args=["cwc"])).status_code == 404
