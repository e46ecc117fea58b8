"""Importing people and work records from CSV or Excel: encodings, all or nothing, errors row by row."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tomoni.core.models import AuditEvent, ImportStatus
from tomoni.members import imports
from tomoni.members.models import Membership, Person, WorkRecord
from tomoni.testing import World

PEOPLE_HEADER = (
    "family_name,given_name,family_name_kana,given_name_kana,birth_date,member_number,membership_kind,joined_on,"
    "centre_code"
)
PEOPLE_CSV = "\r\n".join(
    [
        PEOPLE_HEADER,
        "佐藤,健,サトウ,ケン,1960/1/15,C0001001,worker,2015-04-01,ajisai",
        "鈴木,一,ｽｽﾞｷ,ﾊｼﾞﾒ,1948-07-07,C0001002,worker,2015-04-01,west-nara",
        "田中,花,,,,,,,",
    ]
)
WORK_CSV = "\r\n".join(
    [
        "member_number,centre_code,business_line_code,date,minutes",
        "C0000001,ajisai,elderly-care,2015-03-03,240",
        "C0000001,ajisai,elderly-care,2015/3/4,4:30",
        "C0000002,west-nara,cleaning,2015-03-03,480",
    ]
)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Reading files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("cp932"),
    ],
    ids=["utf-8", "utf-8 with BOM", "shift_jis (cp932)"],
)
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_shift_jis(encode) -> None:  # type: ignore[no-untyped-def]
    table = imports.read_table(encode(PEOPLE_CSV), "people.csv")
    assert table.header == PEOPLE_HEADER.split(",")
    assert table.rows[0] == (
        2,
        ["佐藤", "健", "サトウ", "ケン", "1960/1/15", "C0001001", "worker", "2015-04-01", "ajisai"],
    )
    assert len(table.rows) == 3


def test_an_excel_workbook_is_read_with_its_dates_numbers_and_times() -> None:
    data = xlsx(
        [
            ["member_number", "centre_code", "business_line_code", "date", "minutes"],
            [1234, "ajisai", "elderly-care", dt.datetime(2015, 3, 3), 240.0],
            ["C0000001", "ajisai", "elderly-care", dt.date(2015, 3, 4), dt.time(4, 30)],
            [None, None, None, None, None],
        ]
    )
    table = imports.read_table(data, "work.xlsx")
    assert table.rows == [
        (2, ["1234", "ajisai", "elderly-care", "2015-03-03", "240"]),
        (3, ["C0000001", "ajisai", "elderly-care", "2015-03-04", "4:30"]),
    ]


def test_empty_rows_are_skipped_but_row_numbers_stay_those_of_the_sheet() -> None:
    table = imports.read_table(b"a,b\r\n,\r\n1,2\r\n", "x.csv")
    assert table.rows == [(3, ["1", "2"])]


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "empty.csv"),
        (b"\xff\xfe\x00\x00\x81", "garbage.csv"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx"),
        (b"anything", "old.xls"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(data: bytes, filename: str) -> None:
    with pytest.raises(imports.ImportFileError) as refused:
        imports.read_table(data, filename)
    assert refused.value.message


def test_dates_are_read_in_the_forms_japanese_offices_write() -> None:
    for text in ("2015-03-31", "2015/3/31", "2015.03.31", "2015年3月31日", "20150331", "2015-03-31 00:00:00"):
        assert imports.parse_date(text) == dt.date(2015, 3, 31), text
    assert imports.parse_date("2015-02-30") is None
    assert imports.parse_date("31/03/2015") is None


def test_minutes_are_read_as_whole_minutes_or_hours_and_minutes() -> None:
    assert imports.parse_minutes("240") == 240
    assert imports.parse_minutes("２４０") == 240  # full-width digits, as Japanese input methods type them
    assert imports.parse_minutes("4:30") == 270
    assert imports.parse_minutes("4:30:00") == 270
    assert imports.parse_minutes("4:75") is None
    assert imports.parse_minutes("4.5") is None


# Validating people -------------------------------------------------------------------------------


def check(world: World, kind: str, text: str, actor=None):  # type: ignore[no-untyped-def]
    return imports.check_file(actor=actor, coop=world.cwc, kind=kind, data=text.encode(), filename="f.csv")


def test_a_clean_people_file_gives_one_row_per_person(world: World) -> None:
    checked = check(world, "people", PEOPLE_CSV, actor=world.officer)
    assert checked.ok, checked.errors
    first, second, third = checked.rows
    assert (first.family_name, first.birth_date, first.centre_id) == ("佐藤", dt.date(1960, 1, 15), world.ajisai.pk)
    assert (second.family_name_kana, second.given_name_kana) == ("スズキ", "ハジメ")  # half-width kana made full
    assert third.member_number == "" and third.centre_id is None


def test_people_columns_may_be_in_any_order_and_in_japanese(world: World) -> None:
    text = "組合員番号,名,姓,加入日,組合員種別\r\nC0001005,太郎,山本,2015-04-01,worker\r\n"
    checked = check(world, "people", text)
    assert checked.ok, checked.errors
    assert (checked.rows[0].family_name, checked.rows[0].given_name) == ("山本", "太郎")


def test_a_people_file_without_the_name_columns_is_refused_as_a_whole(world: World) -> None:
    with pytest.raises(imports.ImportFileError) as refused:
        check(world, "people", "name,phone\r\nA,1\r\n")
    assert "family_name" in refused.value.message and "given_name" in refused.value.message


def test_every_bad_cell_of_a_people_file_is_reported_with_its_row_and_column(world: World) -> None:
    text = "\r\n".join(
        [
            PEOPLE_HEADER + ",email",
            "佐藤,健,,,1960-13-01,C0000001,worker,2015-04-01,ajisai,sato@",  # bad date, taken number, bad email
            ",健,,,,C0001003,boss,2015-04-01,nowhere,",  # no family name, unknown kind and centre
            "伊藤,愛,,,,C0001004,worker,,ajisai,",  # membership without the date it began
            "加藤,誠,,,,C0001004,worker,2015-04-01,,",  # the same number again
            "木村,拓,,,,,,,ajisai,",  # a home centre without a membership
        ]
    )
    checked = check(world, "people", text, actor=world.officer)
    assert not checked.ok
    assert {(e.row, e.column) for e in checked.errors} == {
        (2, "birth_date"),
        (2, "member_number"),
        (2, "email"),
        (3, "family_name"),
        (3, "membership_kind"),
        (3, "centre_code"),
        (4, "joined_on"),
        (5, "member_number"),
        (6, "member_number"),
    }
    assert checked.rows_with_errors == 5


def test_a_centre_manager_may_import_only_members_of_their_own_centre(world: World) -> None:
    checked = check(world, "people", PEOPLE_CSV, actor=world.manager)
    assert {(e.row, e.column) for e in checked.errors} == {(3, "centre_code"), (4, "centre_code")}


# Validating work records -------------------------------------------------------------------------


def test_a_clean_work_file_resolves_members_centres_and_lines(world: World) -> None:
    checked = check(world, "work_records", WORK_CSV, actor=world.officer)
    assert checked.ok, checked.errors
    assert [(r.person_id, r.worked_on, r.worked_minutes) for r in checked.rows] == [
        (world.member_person.pk, dt.date(2015, 3, 3), 240),
        (world.member_person.pk, dt.date(2015, 3, 4), 270),
        (world.nara_person.pk, dt.date(2015, 3, 3), 480),
    ]


def test_every_bad_row_of_a_work_file_is_reported(world: World) -> None:
    text = "\r\n".join(
        [
            "member_number,centre_code,business_line_code,date,minutes",
            "C9999999,ajisai,elderly-care,2015-03-05,60",  # unknown member
            "C0000001,nowhere,forestry,2015-03-05,60",  # unknown centre and line
            "C0000001,ajisai,elderly-care,2015-03-02,60",  # already recorded in the register
            "C0000001,ajisai,elderly-care,2015-03-06,1441",  # more than a day
            "C0000001,ajisai,elderly-care,2015-03-07,",  # no minutes
            "C0000001,ajisai,elderly-care,2999-01-01,60",  # in the future
            "C0000002,west-nara,cleaning,2015-03-05,60",
            "C0000002,west-nara,cleaning,2015-03-05,30",  # the same day again in the file
            "O0000001,osaka,cleaning,2015-03-05,60",  # a member of another coop
        ]
    )
    checked = check(world, "work_records", text, actor=world.officer)
    assert {(e.row, e.column) for e in checked.errors} == {
        (2, "member_number"),
        (3, "centre_code"),
        (3, "business_line_code"),
        (4, "date"),
        (5, "minutes"),
        (6, "minutes"),
        (7, "date"),
        (9, "date"),
        (10, "member_number"),
        (10, "centre_code"),
    }
    assert checked.rows == []
    assert [e.row for e in checked.errors] == sorted(e.row for e in checked.errors)


def test_a_centre_manager_may_import_work_only_at_their_own_centre(world: World) -> None:
    checked = check(world, "work_records", WORK_CSV, actor=world.manager)
    assert [(e.row, e.column) for e in checked.errors] == [(4, "centre_code")]


# Saving, all or nothing --------------------------------------------------------------------------


def upload(client: Client, user, kind: str, data: bytes, filename: str, language: str = "en"):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(
        reverse("members:import", args=["cwc"]),
        {"kind": kind, "file": SimpleUploadedFile(filename, data)},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def job_page(client: Client, response: HttpResponse, language: str = "en") -> HttpResponse:
    """Follow an upload (or a confirmation) to the import's page."""
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)


def confirm(client: Client, page: HttpResponse) -> HttpResponse:
    job = page.context["job"]
    return client.post(reverse("members:import_job", args=["cwc", job.pk]))


def test_an_officer_previews_people_then_imports_them_with_their_memberships_in_one_audited_step(
    client: Client, world: World
) -> None:
    people = Person.objects.count()
    page = job_page(client, upload(client, world.officer, "people", PEOPLE_CSV.encode("cp932"), "people.csv"))
    assert page.context["job"].status == ImportStatus.CHECKED
    assert "鈴木" in page.content.decode() and "Import 3 rows" in page.content.decode()
    assert Person.objects.count() == people  # the preview saves nothing
    result = job_page(client, confirm(client, page))
    assert Person.objects.filter(family_name__in=["佐藤", "鈴木", "田中"]).count() == 3
    assert Membership.objects.get(member_number="C0001002").centre_id == world.west_nara.pk
    event = AuditEvent.objects.get(action="members.people.imported")
    assert (event.data["people"], event.data["memberships"]) == (3, 2)
    job = result.context["job"]
    assert (job.status, job.rows_saved, job.data) == (ImportStatus.DONE, 3, b"")
    assert [row["cells"][0] for row in job.shown_rows] == ["佐藤", "鈴木", "田中"]  # what was imported, listed
    assert "What was imported" in result.content.decode()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_one_bad_row_means_no_person_is_imported_and_the_rows_are_listed(
    client: Client, world: World, language: str
) -> None:
    bad = PEOPLE_CSV + "\r\n小川,,,,,,,,"  # row 5 has no given name
    people = Person.objects.count()
    page = job_page(client, upload(client, world.officer, "people", bad.encode("utf-8-sig"), "people.csv", language))
    job = page.context["job"]
    assert job.status == ImportStatus.REFUSED
    assert [(p["row"], p["column"]) for p in job.problems] == [(5, "given_name")]
    text = page.content.decode()
    assert '<th scope="row" class="num">5</th>' in text
    assert "given_name" in text
    assert Person.objects.count() == people
    assert not AuditEvent.objects.filter(action="members.people.imported").exists()
    # A refused import cannot be confirmed.
    job_page(client, confirm(client, page), language)
    assert Person.objects.count() == people


def test_an_officer_imports_work_records_from_excel(client: Client, world: World) -> None:
    data = xlsx(
        [
            ["member_number", "centre_code", "business_line_code", "date", "minutes"],
            ["C0000001", "ajisai", "elderly-care", dt.date(2015, 3, 3), 240],
            ["C0000002", "west-nara", "cleaning", dt.date(2015, 3, 3), dt.time(8, 0)],
        ]
    )
    page = job_page(client, upload(client, world.officer, "work_records", data, "work.xlsx"))
    job_page(client, confirm(client, page))
    assert WorkRecord.objects.get(person=world.nara_person, worked_on=dt.date(2015, 3, 3)).worked_minutes == 480
    assert AuditEvent.objects.filter(action="members.work_records.imported", data__rows=2).exists()


def test_one_duplicate_day_means_no_work_is_imported(client: Client, world: World) -> None:
    bad = WORK_CSV + "\r\nC0000001,ajisai,elderly-care,2015-03-02,60"  # already in the register
    records = WorkRecord.objects.count()
    page = job_page(client, upload(client, world.officer, "work_records", bad.encode(), "work.csv"))
    assert [(p["row"], p["column"]) for p in page.context["job"].problems] == [(5, "date")]
    assert WorkRecord.objects.count() == records


def test_an_unknown_member_number_reads_naturally_in_japanese(client: Client, world: World) -> None:
    text = "組合員番号,事業所コード,事業種別コード,日付,従事時間（分）\r\nC9999999,ajisai,elderly-care,2015-03-03,240"
    page = job_page(client, upload(client, world.officer, "work_records", text.encode(), "work.csv", "ja"), "ja")
    assert page.context["job"].problems[0]["message"] == "組合員番号 C9999999 の組合員が見つかりません。"


def test_a_centre_manager_imports_work_of_their_centre(client: Client, world: World) -> None:
    text = "member_number,centre_code,business_line_code,date,minutes\r\nC0000001,ajisai,elderly-care,2015-03-03,240"
    page = job_page(client, upload(client, world.manager, "work_records", text.encode(), "work.csv"))
    job_page(client, confirm(client, page))
    assert WorkRecord.objects.filter(person=world.member_person).count() == 2


def test_an_unreadable_file_is_refused_as_a_whole_on_its_page(client: Client, world: World) -> None:
    page = job_page(client, upload(client, world.officer, "people", b"anything", "old.xls"))
    job = page.context["job"]
    assert job.status == ImportStatus.REFUSED and ".xlsx" in job.file_error
    assert "Nothing was imported" in page.content.decode()


def test_an_import_is_seen_only_by_the_person_who_started_it(client: Client, world: World) -> None:
    page = job_page(client, upload(client, world.officer, "people", PEOPLE_CSV.encode(), "people.csv"))
    job = page.context["job"]
    client.force_login(world.manager)
    assert client.get(reverse("members:import_job", args=["cwc", job.pk])).status_code == 404
    assert client.get(reverse("members:import_job_progress", args=["cwc", job.pk])).status_code == 404
    assert client.post(reverse("members:import_job", args=["cwc", job.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("members:import_job", args=["cwc", job.pk])).status_code == 404
    assert Person.objects.filter(family_name="佐藤").count() == 0


def test_the_progress_of_an_import_is_reported_as_json(client: Client, world: World) -> None:
    page = job_page(client, upload(client, world.officer, "people", PEOPLE_CSV.encode(), "people.csv"))
    progress = client.get(reverse("members:import_job_progress", args=["cwc", page.context["job"].pk])).json()
    assert (progress["status"], progress["progress_percent"], progress["done"]) == ("checked", 100, True)


def test_the_import_page_is_refused_to_auditors_and_missing_for_outsiders(client: Client, world: World) -> None:
    client.force_login(world.auditor)
    assert client.get(reverse("members:import", args=["cwc"])).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("members:import", args=["cwc"])).status_code == 404
    client.force_login(world.member)
    assert client.get(reverse("members:import", args=["cwc"])).status_code == 404


def test_the_import_page_lists_the_columns_and_offers_templates(client: Client, world: World) -> None:
    client.force_login(world.officer)
    page = client.get(reverse("members:import", args=["cwc"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for kind in ("people", "work_records"):
        for fmt in ("csv", "xlsx"):
            assert reverse("members:import_template", args=["cwc", kind, fmt]) in page
    assert "<code>business_line_code</code>" in page
    assert "<code>ajisai</code>" in page and "<code>elderly-care</code>" in page  # the codes to use


# Templates ---------------------------------------------------------------------------------------


def test_the_csv_template_has_a_bom_for_excel_and_the_headers(client: Client, world: World) -> None:
    client.force_login(world.officer)
    response = client.get(reverse("members:import_template", args=["cwc", "work_records", "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tomoni-work_records.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").strip() == "member_number,centre_code,business_line_code,date,minutes"


def test_the_excel_template_has_the_headers_and_a_sheet_explaining_them(client: Client, world: World) -> None:
    client.force_login(world.manager)
    response = client.get(reverse("members:import_template", args=["cwc", "people", "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == [c.key for c in imports.PEOPLE_COLUMNS]
    assert workbook.worksheets[1].max_row == len(imports.PEOPLE_COLUMNS) + 1


def test_a_filled_template_reads_back(world: World) -> None:
    table = imports.read_table(imports.template_csv("people"), "tomoni-people.csv")
    assert table.header == [c.key for c in imports.PEOPLE_COLUMNS]
    assert table.rows == []


def test_templates_of_unknown_kinds_do_not_exist(client: Client, world: World) -> None:
    client.force_login(world.officer)
    assert client.get(reverse("members:import_template", args=["cwc", "capital", "csv"])).status_code == 404
    assert client.get(reverse("members:import_template", args=["cwc", "people", "pdf"])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("members:import_template", args=["cwc", "people", "csv"])).status_code == 404


# The command -------------------------------------------------------------------------------------


def test_the_command_imports_the_same_file_through_the_same_service(world: World, tmp_path: Path) -> None:
    path = tmp_path / "work.csv"
    path.write_bytes(WORK_CSV.encode("cp932"))
    out = io.StringIO()
    call_command("import_register", "--coop", "cwc", "--kind", "work_records", str(path), stdout=out)
    assert "Imported 3" in out.getvalue()
    assert AuditEvent.objects.filter(action="members.work_records.imported", data__source="work.csv").exists()


def test_the_command_saves_nothing_and_lists_the_rows_when_a_row_is_bad(world: World, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE_CSV + "\r\n小川,,,,,,,,", encoding="utf-8")
    err = io.StringIO()
    people = Person.objects.count()
    with pytest.raises(CommandError):
        call_command("import_register", "--coop", "cwc", "--kind", "people", str(path), stderr=err)
    assert "Row 5, column" in err.getvalue()
    assert Person.objects.count() == people


def test_the_command_acting_as_a_user_is_held_to_their_grants(world: World, tmp_path: Path) -> None:
    path = tmp_path / "work.csv"
    path.write_text(WORK_CSV, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_register",
            "--coop",
            "cwc",
            "--kind",
            "work_records",
            "--as-user",
            "manager",
            str(path),
            stderr=io.StringIO(),
        )
    assert WorkRecord.objects.count() == 1


def test_the_work_import_service_refuses_rows_of_another_coop_and_saves_nothing(world: World) -> None:
    from tomoni.core.errors import TomoniError
    from tomoni.members import services

    rows = [
        imports.WorkRow(2, world.member_person.pk, world.ajisai.pk, world.care.pk, dt.date(2015, 3, 3), 60),
        imports.WorkRow(3, world.other_person.pk, world.ajisai.pk, world.care.pk, dt.date(2015, 3, 3), 60),
    ]
    with pytest.raises(TomoniError):
        services.work_records_import(actor=world.officer, coop=world.cwc, rows=rows, source="forged")
    assert WorkRecord.objects.count() == 1
