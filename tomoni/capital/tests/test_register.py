"""The capital register for officers, its CSV, and the federation's totals by coop: scoped, and a fixed
number of queries however many members a coop has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tomoni.capital.ledger import selectors, services
from tomoni.capital.tests.factories import DAY, capital, member
from tomoni.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _members(world: World, count: int) -> None:
    people = [member(world.cwc, f"M{len(world.cwc.code)}{i:05d}-{count}") for i in range(count)]
    services.capital_opening_balances_load(
        actor=None, coop=world.cwc, source="t", balances=[services.OpeningBalance(p.pk, 1, 20_000, DAY) for p in people]
    )


def test_the_register_lists_holdings_as_of_a_day(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    capital(world.nara_person, 1)
    rows = selectors.capital_register(user=world.officer, coop=world.cwc, as_of=DAY)
    assert [(r.member_number, r.holding.shares, r.holding.unpaid_yen) for r in rows] == [
        ("C0000001", 2, 40_000),
        ("C0000002", 1, 0),
    ]
    assert selectors.capital_register(user=world.officer, coop=world.cwc, as_of=DAY.replace(year=2014)) == []


@pytest.mark.parametrize("persona", ["outsider", "manager", "member", "staff", "support"])
def test_only_officers_and_the_auditor_read_the_register(world: World, persona: str) -> None:
    capital(world.member_person, 1)
    client = _client(getattr(world, persona).username)
    assert client.get(reverse("capital:register", args=["cwc"])).status_code == 404
    assert client.get(reverse("capital:register_csv", args=["cwc"])).status_code == 404
    assert _client(world.auditor.username).get(reverse("capital:register", args=["cwc"])).status_code == 200


def test_the_register_csv_is_utf8_with_a_bom(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    response = _client(world.officer.username).get(
        reverse("capital:register_csv", args=["cwc"]), {"as_of": "2015-03-31"}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "C0000001,小林 花子" in text and ",2,100000,60000,40000" in text


def test_register_queries_do_not_grow_with_members(world: World) -> None:
    _members(world, 3)
    with CaptureQueriesContext(connection) as few:
        _client(world.officer.username).get(reverse("capital:register", args=["cwc"]), {"as_of": "2015-03-31"})
    _members(world, 40)
    with CaptureQueriesContext(connection) as many:
        response = _client(world.officer.username).get(
            reverse("capital:register", args=["cwc"]), {"as_of": "2015-03-31"}
        )
    assert response.status_code == 200
    assert len(many) == len(few)


def test_federation_staff_see_totals_by_coop_only(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    capital(world.other_person, 1)
    lines = selectors.federation_capital_by_coop(user=world.staff, as_of=DAY)
    assert [(line.code, line.members, line.shares, line.paid_yen) for line in lines] == [
        ("cwc", 1, 2, 60_000),
        ("other", 1, 1, 50_000),
    ]
    page = _client(world.staff.username).get(reverse("capital:federation"), {"as_of": "2015-03-31"})
    assert page.status_code == 200
    assert "小林" not in page.content.decode()
    assert "capital-chart-data" in page.content.decode()
    for persona in ("officer", "member", "outsider", "auditor"):
        assert _client(getattr(world, persona).username).get(reverse("capital:federation")).status_code == 404


def test_federation_queries_do_not_grow_with_members(world: World) -> None:
    _members(world, 3)
    selectors.federation_capital_by_coop(user=world.staff, as_of=DAY)  # the user's grants, read once
    with CaptureQueriesContext(connection) as few:
        selectors.federation_capital_by_coop(user=world.staff, as_of=DAY)
    _members(world, 30)
    with CaptureQueriesContext(connection) as many:
        selectors.federation_capital_by_coop(user=world.staff, as_of=DAY)
    assert len(many) == len(few)
