"""The officers' capital pages: each form records through its service, or refuses with a message and records nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.capital.ledger import selectors, services
from tomoni.capital.models import CapitalEntry, CapitalSettings, WithdrawalNotice
from tomoni.capital.tests.factories import DAY, capital, member
from tomoni.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _url(name: str, world: World, **kwargs: object) -> str:
    if name != "capital:reverse":
        kwargs.setdefault("person_id", world.member_person.pk)
    return reverse(name, kwargs={"code": "cwc", **kwargs})


def test_an_officer_subscribes_and_pays_through_the_forms(world: World) -> None:
    client = _client(world.officer.username)
    response = client.post(_url("capital:subscribe", world), {"shares": 2, "effective_on": "2015-03-31", "memo": ""})
    assert response.status_code == 302
    response = client.post(
        _url("capital:pay", world), {"amount_yen": 30_000, "method": "instalment", "effective_on": "2015-03-31"}
    )
    assert response.status_code == 302
    assert selectors.holding_of(person=world.member_person, as_of=DAY).unpaid_yen == 70_000
    page = client.get(_url("capital:person", world), {"as_of": "2015-03-31"})
    assert page.status_code == 200 and "¥70,000" in page.content.decode()


def test_a_transfer_over_the_cap_is_refused_on_the_form_and_nothing_is_recorded(world: World) -> None:
    people = [member(world.cwc, f"C20{i}") for i in range(4)]
    services.capital_opening_balances_load(
        actor=None, coop=world.cwc, source="t",
        balances=[services.OpeningBalance(p.pk, 2, 100_000, DAY) for p in [world.member_person, *people]]
        + [services.OpeningBalance(world.nara_person.pk, 2, 100_000, DAY)],
    )  # fmt: skip
    before = CapitalEntry.objects.count()
    response = _client(world.officer.username).post(
        _url("capital:transfer", world),
        {"to_member_number": "C0000002", "shares": 2, "effective_on": "2015-03-31", "approval_ref": "", "memo": ""},
    )
    assert response.status_code == 400
    assert "Art 9" in response.content.decode() or "第9条" in response.content.decode()
    assert CapitalEntry.objects.count() == before


def test_a_refund_beyond_holdings_is_refused_on_the_form(world: World) -> None:
    capital(world.member_person, 1)
    before = CapitalEntry.objects.count()
    response = _client(world.officer.username).post(
        _url("capital:refund", world), {"shares": 5, "effective_on": "2015-03-31", "memo": ""}
    )
    assert response.status_code == 400
    assert CapitalEntry.objects.count() == before


def test_an_unknown_member_number_is_refused_on_the_transfer_form(world: World) -> None:
    capital(world.member_person, 2)
    response = _client(world.officer.username).post(
        _url("capital:transfer", world),
        {"to_member_number": "X999", "shares": 1, "effective_on": "2015-03-31", "approval_ref": "", "memo": ""},
    )
    assert response.status_code == 400 and "X999" in response.content.decode()


def test_withdrawal_and_reversal_forms_record(world: World) -> None:
    capital(world.member_person, 1)
    client = _client(world.officer.username)
    assert client.post(_url("capital:withdraw", world), {"notice_on": "2014-12-01"}).status_code == 302
    assert WithdrawalNotice.objects.get(person=world.member_person).effective_on.isoformat() == "2015-03-31"
    entry = CapitalEntry.objects.filter(coop=world.cwc, kind="payment").first()
    assert entry is not None
    response = client.post(
        _url("capital:reverse", world, entry_id=entry.pk), {"effective_on": "2015-03-31", "memo": "入力誤り"}
    )
    assert response.status_code == 302
    assert CapitalEntry.objects.filter(reverses=entry).exists()


def test_settings_form_refuses_a_cap_above_the_act(world: World) -> None:
    client = _client(world.officer.username)
    url = reverse("capital:settings", args=["cwc"])
    assert client.get(url).status_code == 200
    data = {name: getattr(CapitalSettings(), name) for name in services.SETTINGS_FIELDS}
    data["share_cap_percent"] = 30
    assert client.post(url, data).status_code == 400
    assert not CapitalSettings.objects.exists()
    data["share_cap_percent"], data["withdrawal_notice_days"] = 25, 60
    assert client.post(url, data).status_code == 302
    assert CapitalSettings.objects.get(coop=world.cwc).withdrawal_notice_days == 60


@pytest.mark.parametrize("name", ["capital:subscribe", "capital:pay", "capital:transfer", "capital:refund"])
def test_the_auditor_reads_but_may_not_write(world: World, name: str) -> None:
    capital(world.member_person, 1)
    client = _client(world.auditor.username)
    assert client.get(_url("capital:person", world)).status_code == 200
    assert client.get(_url(name, world)).status_code == 403
    assert client.post(_url(name, world), {"shares": 1, "effective_on": "2015-03-31"}).status_code == 403


def test_the_member_sees_no_officer_page(world: World) -> None:
    capital(world.member_person, 1)
    client = _client(world.member.username)
    assert client.get(_url("capital:person", world)).status_code == 404
    assert client.get(_url("capital:subscribe", world)).status_code == 404


def test_the_my_page_links_to_my_capital(world: World) -> None:
    page = _client(world.member.username).get(reverse("members:me"))
    assert reverse("capital:me") in page.content.decode()
