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


def _coop_with_a_year(world: World, code: str, revenue: int) -> None:
    """Another coop of the federation with its chart and one month of turnover in FY2015."""
    from tomoni.federation.models import Coop

    coop = Coop.objects.create(
        federation=world.federation, code=code, name=f"労協{code}", kind="worker_coop",
        legal_form="worker_coop_act", prefecture_code="13", joined_federation_on=dt.date(2000, 1, 1),
    )  # fmt: skip
    services.chart_install(actor=None, coop=coop)
    services.journal_post(
        actor=None,
        coop=coop,
        entry_on=dt.date(2015, 6, 30),
        lines=[
            rules.Line("1130", services.HEAD_OFFICE, debit_yen=revenue),
            rules.Line("4110", services.HEAD_OFFICE, credit_yen=revenue),
        ],
    )


def test_federation_staff_read_each_coops_turnover_and_surplus_by_month(posted: World) -> None:
    _coop_with_a_year(posted, "kita", 7_000)
    page = _client(posted.staff).get("/federation/books/?year=2015")
    assert page.status_code == 200
    text = page.content.decode()
    assert "¥307,000" in text  # the federation's turnover: CWC's ¥300,000 and kita's ¥7,000
    assert "労協kita" in text and "books-chart-data" in text
    assert '"bars": [300000, 0, 7000' in text  # the chart's figures: turnover per month, April first
    for user in (posted.officer, posted.auditor, posted.manager, posted.member, posted.outsider):
        assert _client(user).get("/federation/books/").status_code == 404


def test_the_federation_books_take_the_same_queries_however_many_coops(posted: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(posted.staff)
    client.get("/federation/books/?year=2015")  # the session and caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get("/federation/books/?year=2015").status_code == 200
    for i in range(4):
        _coop_with_a_year(posted, f"more-{i}", 1_000 + i)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/federation/books/?year=2015")
    assert page.status_code == 200 and "¥304,006" in page.content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert not [q for q in many.captured_queries if "operations_journalline" in q["sql"]]  # the summaries only
    assert len(many) <= 12
