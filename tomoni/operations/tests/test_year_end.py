"""The year's documents: drawn up, audited by the 監事, approved, filed within two weeks (Art 124); PDF and Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tomoni.core.errors import TomoniError
from tomoni.operations import rules, services, yearend
from tomoni.operations.models import YearEndStatus
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _year(world: World) -> None:
    services.journal_post(
        actor=None,
        coop=world.cwc,
        entry_on=dt.date(2015, 4, 30),
        lines=[rules.Line("1130", "ajisai", debit_yen=300_000), rules.Line("4110", "ajisai", credit_yen=300_000)],
        memo="<b>4月分</b>",
    )
    services.journal_post(
        actor=None,
        coop=world.cwc,
        entry_on=dt.date(2015, 4, 30),
        lines=[rules.Line("5110", "ajisai", debit_yen=250_000), rules.Line("1120", "ajisai", credit_yen=250_000)],
    )


def test_the_documents_go_from_draft_to_audited_approved_and_filed(books: World) -> None:
    _year(books)
    year_end = services.year_end_draw_up(actor=books.officer, coop=books.cwc, fiscal_year=2015)
    assert year_end.surplus_yen == 50_000 and year_end.keep_until == dt.date(2026, 3, 31)
    with pytest.raises(TomoniError):
        services.year_end_audit(actor=books.officer, year_end=year_end, opinion="適正")
    with pytest.raises(TomoniError):
        services.year_end_approve(
            actor=books.officer, year_end=year_end, meeting_held_on=dt.date(2016, 6, 25), minutes_reference="議事録"
        )
    year_end = services.year_end_audit(actor=books.auditor, year_end=year_end, opinion="計算書類は適正に表示している。")
    year_end = services.year_end_approve(
        actor=books.officer,
        year_end=year_end,
        meeting_held_on=dt.date(2016, 6, 25),
        minutes_reference="第29回通常総代会議事録",
    )
    assert year_end.filing_due_on == dt.date(2016, 7, 9)
    year_end = services.year_end_file(actor=books.officer, year_end=year_end, filed_on=dt.date(2016, 7, 5))
    assert year_end.status == YearEndStatus.FILED


def test_the_pdf_has_every_document_in_japanese_and_escapes_text(books: World) -> None:
    _year(books)
    data = yearend.year_end_set(coop=books.cwc, fiscal_year=2015)
    assert data.statements.bs.balances
    pdf = yearend.year_end_pdf(data, cover=yearend.filing_cover(data=data, authority_name="東京都知事"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for title in ("貸借対照表", "損益計算書", "剰余金処分案", "事業報告書", "附属明細書", "第124条"):
        assert title in text
    assert "¥300,000" in text


def test_the_excel_workbook_holds_numbers_and_no_formula(books: World) -> None:
    _year(books)
    books.cwc.name = "=cmd|' /C calc'!A0"
    data = yearend.year_end_set(coop=books.cwc, fiscal_year=2015)
    workbook = load_workbook(io.BytesIO(yearend.year_end_xlsx(data)))
    assert workbook.sheetnames == ["事業報告書", "貸借対照表", "損益計算書", "剰余金処分案", "附属明細書"]
    sheet = workbook["損益計算書"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["事業収益"] == 300_000 and values["当期剰余金"] == 50_000
    assert str(sheet["A1"].value).startswith("'=")


def test_the_filing_goes_to_the_coops_governor_or_for_a_federation_to_the_minister(books: World) -> None:
    assert yearend.filing_authority(books.cwc) == "東京都知事"  # CWC is in Tokyo (prefecture 13)
    assert yearend.filing_authority(books.other) == "大阪府知事"
    books.cwc.kind = "federation"
    assert yearend.filing_authority(books.cwc) == "厚生労働大臣"
