"""A member's own capital statement: the page, the PDF with Japanese text, and what others may not see."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tomoni.capital.ledger import selectors, services
from tomoni.capital.tests.factories import DAY, capital
from tomoni.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_member_sees_their_own_statement(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    response = _client(world.member.username).get(reverse("capital:me"), {"as_of": "2015-03-31"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "¥100,000" in text and "¥60,000" in text and "¥40,000" in text


def test_the_statement_pdf_has_japanese_text(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    response = _client(world.member.username).get(
        reverse("capital:me_pdf"), {"as_of": "2015-03-31"}, HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "小林 花子" in text
    assert "出資金" in text
    assert "¥40,000" in text


def test_someone_without_a_person_record_gets_a_404(world: World) -> None:
    assert _client(world.officer.username).get(reverse("capital:me")).status_code == 404


def test_the_statement_runs_balances_and_keeps_history_after_withdrawal(world: World) -> None:
    capital(world.member_person, 1)
    services.capital_withdrawal_notify(actor=None, person=world.member_person, notice_on=DAY.replace(year=2014))
    services.capital_refund(actor=None, person=world.member_person, shares=1, effective_on=DAY)
    statement = selectors.statement_for(person=world.member_person, as_of=DAY)
    assert [line.holding.shares for line in statement.lines] == [1, 1, 0]
    assert statement.holding.paid_yen == 0


def test_as_of_an_earlier_day_leaves_out_later_entries(world: World) -> None:
    capital(world.member_person, 1, 0, day=DAY.replace(year=2014))
    services.capital_pay(actor=None, person=world.member_person, amount_yen=50_000, method="lump_sum", effective_on=DAY)
    early = selectors.statement_for(person=world.member_person, as_of=DAY.replace(year=2014))
    assert (early.holding.unpaid_yen, len(early.lines)) == (50_000, 1)
    assert not early.admission_complete
    assert selectors.statement_for(person=world.member_person, as_of=DAY).admission_complete
