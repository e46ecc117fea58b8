"""The books' pages and API: open books for every member, the officers' steps, nothing for outsiders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tomoni.operations import rules, services
from tomoni.operations.models import JournalEntry
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def posted(books: World) -> World:
    services.journal_post(
        actor=None,
        coop=books.cwc,
        entry_on=dt.date(2015, 4, 30),
        lines=[rules.Line("1130", "ajisai", debit_yen=300_000), rules.Line("4110", "ajisai", credit_yen=300_000)],
        memo="4月分",
    )
    return books


def test_a_member_reads_the_coops_and_centres_books_in_plain_words(
    posted: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(posted.member)
    with django_assert_max_num_queries(30):
        page = client.get("/coops/cwc/books/?year=2015")
    assert page.status_code == 200
    text = page.content.decode()
    assert "¥300,000" in text and "地域福祉事業所あじさい" in text
    assert "4月分" not in text  # the journal itself is for officers and the auditor
    assert client.get("/coops/cwc/books/centres/ajisai/?year=2015").status_code == 200
    assert client.get("/coops/cwc/books/years/2015/").status_code == 200
    assert client.get("/coops/cwc/books/years/2015/documents.pdf").status_code == 200
    assert client.get("/coops/cwc/books/years/2015/export/yayoi.csv").status_code == 404
    assert client.get("/coops/cwc/books/import/").status_code == 403
    assert client.get("/me/books/").status_code == 302


def test_an_outsider_gets_404_for_the_books(posted: World) -> None:
    client = _client(posted.outsider)
    for url in ("/coops/cwc/books/", "/coops/cwc/books/centres/ajisai/", "/coops/cwc/books/years/2015/",
                "/api/v1/coops/cwc/books/?fiscal_year=2015"):  # fmt: skip
        assert client.get(url).status_code == 404


def test_the_api_gives_the_pl_by_centre(posted: World) -> None:
    body = _client(posted.member).get("/api/v1/coops/cwc/books/?fiscal_year=2015").json()
    assert body["business_revenue_yen"] == 300_000
    assert body["centres"][0]["department"] == "ajisai" and body["centres"][0]["months"][0] == 300_000


def test_an_officer_imports_exports_and_steps_through_the_year_end(posted: World) -> None:
    client = _client(posted.officer)
    data = (
        "伝票番号,日付,借方科目コード,借方部門,借方金額,貸方科目コード,貸方部門,貸方金額\r\n"
        "1,2015/05/31,5110,ajisai,100,1120,ajisai,100\r\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/coops/cwc/books/import/", {"kind": "journal", "file": SimpleUploadedFile("j.csv", data.encode("cp932"))}
    )
    assert response.status_code == 302 and JournalEntry.objects.count() == 2
    export = client.get("/coops/cwc/books/years/2015/export/freee.csv")
    assert export.status_code == 200 and "介護事業収益" in export.content.decode("utf-8-sig")
    client.post("/coops/cwc/books/years/2015/steps/", {"step": "draw_up"})
    _client(posted.auditor).post("/coops/cwc/books/years/2015/steps/", {"step": "audit", "opinion": "適正"})
    client.post(
        "/coops/cwc/books/years/2015/steps/",
        {"step": "approve", "meeting_held_on": "2016-06-25", "minutes_reference": "総代会議事録"},
    )
    page = client.get("/coops/cwc/books/years/2015/").content.decode()
    assert "2016" in page and "124" in page
    assert client.get("/coops/cwc/books/years/2015/filing.pdf").status_code == 200
