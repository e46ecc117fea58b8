"""A funder's participant list from Excel or CSV: row errors in the user's language, nothing saved half-way."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tomoni.core.models import User
from tomoni.inclusion import imports, services
from tomoni.inclusion.models import Consent, Participant
from tomoni.inclusion.testing import Course, caregiver_course
from tomoni.members.models import Person
from tomoni.testing import World

HEADER = [
    "姓",
    "名",
    "セイ",
    "メイ",
    "生年月日",
    "事業コード",
    "期",
    "事業所コード",
    "紹介元",
    "紹介日",
    "委託元への提供同意",
]
GOOD = [
    "山本",
    "健太",
    "ヤマモト",
    "ケンタ",
    "1990/4/1",
    "caregiver",
    "2014-1",
    "ajisai",
    "ハローワーク",
    "2014/3/20",
    "はい",
]
BAD = ["", "花", "", "", "1992-13-01", "nursing", "", "ajisai", "友人", "2014/3/20", "たぶん"]


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    text = "\r\n".join(",".join(row) for row in rows) + "\r\n"
    return text.encode(encoding)


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def course(world: World) -> Course:
    return caregiver_course(world)


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("list.csv", _csv([HEADER, GOOD], "cp932")),
        ("list.csv", b"\xef\xbb\xbf" + _csv([HEADER, GOOD], "utf-8")),
        ("list.xlsx", _xlsx([HEADER, GOOD])),
    ],
    ids=["cp932", "utf-8-bom", "xlsx"],
)
def test_a_clean_list_is_imported_in_each_format(world: World, course: Course, filename: str, data: bytes) -> None:
    checked = imports.check_file(actor=world.manager, coop=world.cwc, data=data, filename=filename)
    assert checked.ok, checked.errors

    services.participants_import(actor=world.manager, coop=world.cwc, rows=checked.rows)

    participant = Participant.objects.get(person__family_name="山本")
    assert (participant.referral_source, participant.cohort) == ("hello_work", course.cohort)
    assert list(Consent.objects.filter(participant=participant).values_list("purpose", flat=True)) == ["funder"]


def test_every_bad_cell_is_reported_in_japanese(world: World, course: Course) -> None:
    data = _csv([HEADER, GOOD, BAD], "cp932")

    with translation.override("ja"):
        checked = imports.check_file(actor=world.manager, coop=world.cwc, data=data, filename="list.csv")
        messages = {(e.row, e.column): e.message for e in checked.errors}

    assert not checked.ok
    assert {c for r, c in messages if r == 3} == {
        "family_name", "birth_date", "programme", "referral_source", "consent_funder",
    }  # fmt: skip
    assert messages[(3, "programme")] == "この組合にコード nursing の事業はありません。"


def test_the_errors_are_in_english_for_an_english_user(world: World, course: Course) -> None:
    with translation.override("en"):
        checked = imports.check_file(
            actor=world.manager, coop=world.cwc, data=_csv([HEADER, BAD], "utf-8"), filename="list.csv"
        )

    assert "No programme of this coop has the code nursing." in [e.message for e in checked.errors]


def test_a_page_upload_with_one_bad_row_saves_nothing(world: World, course: Course) -> None:
    client = Client()
    client.force_login(world.manager)
    people_before = Person.objects.count()
    upload = SimpleUploadedFile("list.csv", _csv([HEADER, GOOD, BAD], "cp932"))

    response = client.post(reverse("inclusion:import", args=[world.cwc.code]), {"file": upload})

    assert response.status_code == 200
    assert "何も保存していません" in response.content.decode()
    assert Person.objects.count() == people_before and not Participant.objects.exists()


def test_a_failure_while_saving_rolls_the_whole_list_back(world: World, course: Course) -> None:
    second = list(GOOD)
    second[0], second[1] = "川口", "次郎"
    checked = imports.check_file(
        actor=world.manager, coop=world.cwc, data=_csv([HEADER, GOOD, second], "utf-8"), filename="l.csv"
    )
    outsider_rows = checked.rows

    with pytest.raises(services.TomoniError):
        services.participants_import(actor=world.outsider, coop=world.cwc, rows=outsider_rows)

    assert not Participant.objects.exists() and not Person.objects.filter(family_name="山本").exists()


def test_a_centre_the_user_does_not_manage_is_refused(world: World, course: Course) -> None:
    row = list(GOOD)
    row[7] = "west-nara"

    checked = imports.check_file(
        actor=world.manager, coop=world.cwc, data=_csv([HEADER, row], "utf-8"), filename="a.csv"
    )

    assert [e.column for e in checked.errors] == ["centre"]


def test_only_writers_reach_the_import_page(world: World, course: Course) -> None:
    def status(user: User) -> int:
        client = Client()
        client.force_login(user)
        return client.get(reverse("inclusion:import", args=[world.cwc.code])).status_code

    assert status(world.manager) == 200
    assert status(world.support) == 404 and status(world.auditor) == 404
