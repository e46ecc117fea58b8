"""The capital API: my statement, the register and a member's ledger for officers, writes refused whole."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tomoni.capital.models import CapitalEntry
from tomoni.capital.tests.factories import capital, member
from tomoni.core.models import User
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_member_reads_their_own_statement(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    body = _api(world.member).get("/api/v1/me/capital/", {"as_of": "2015-03-31"}).json()
    assert body["holding"] == {"shares": 2, "subscribed_yen": 100_000, "paid_yen": 60_000, "unpaid_yen": 40_000}
    assert [line["entry"]["kind"] for line in body["lines"]] == ["subscription", "payment"]


def test_officers_read_the_register_and_a_members_ledger(world: World) -> None:
    capital(world.member_person, 2, 60_000)
    body = _api(world.officer).get("/api/v1/coops/cwc/capital/register/", {"as_of": "2015-03-31"}).json()
    assert body["count"] == 1 and body["results"][0]["member_number"] == "C0000001"
    person = _api(world.auditor).get(f"/api/v1/coops/cwc/capital/people/{world.member_person.pk}/").json()
    assert person["holding"]["unpaid_yen"] == 40_000


@pytest.mark.parametrize("persona", ["outsider", "member", "manager", "staff"])
def test_others_get_404_on_the_coops_capital(world: World, persona: str) -> None:
    client = _api(getattr(world, persona))
    assert client.get("/api/v1/coops/cwc/capital/register/").status_code == 404
    response = client.post(
        f"/api/v1/coops/cwc/capital/people/{world.member_person.pk}/subscriptions/",
        {"shares": 1, "effective_on": "2015-03-31"},
        format="json",
    )
    assert response.status_code == 404
    assert not CapitalEntry.objects.exists()


def test_the_auditor_may_not_write(world: World) -> None:
    response = _api(world.auditor).post(
        f"/api/v1/coops/cwc/capital/people/{world.member_person.pk}/subscriptions/",
        {"shares": 1, "effective_on": "2015-03-31"},
        format="json",
    )
    assert response.status_code == 403


def test_writes_record_entries_and_bad_input_is_a_400_with_nothing_recorded(world: World) -> None:
    client = _api(world.officer)
    base = f"/api/v1/coops/cwc/capital/people/{world.member_person.pk}/"
    assert (
        client.post(base + "subscriptions/", {"shares": 2, "effective_on": "2015-03-31"}, format="json").status_code
        == 201
    )
    payment = client.post(
        base + "payments/",
        {"amount_yen": 100_000, "payment_method": "lump_sum", "effective_on": "2015-03-31"},
        format="json",
    )
    assert payment.status_code == 201
    over = client.post(
        base + "payments/", {"amount_yen": 1, "payment_method": "lump_sum", "effective_on": "2015-03-31"}, format="json"
    )
    assert over.status_code == 400 and "amount_yen" in over.json()["errors"]
    refund = client.post(base + "refunds/", {"shares": 3, "effective_on": "2015-03-31"}, format="json")
    assert refund.status_code == 400
    assert CapitalEntry.objects.count() == 2
    entry_id = payment.json()[0]["id"]
    reversal = client.post(
        f"/api/v1/coops/cwc/capital/entries/{entry_id}/reversal/",
        {"effective_on": "2015-03-31", "memo": "訂正"},
        format="json",
    )
    assert reversal.status_code == 201 and reversal.json()[0]["reverses"] == entry_id


def test_a_transfer_over_the_cap_is_a_400(world: World) -> None:
    people = [member(world.cwc, f"C30{i}") for i in range(5)]
    for person in [*people, world.nara_person]:
        capital(person, 1)
    capital(world.member_person, 1)
    response = _api(world.officer).post(
        f"/api/v1/coops/cwc/capital/people/{people[0].pk}/transfers/",
        {"to_member_number": "C0000002", "shares": 1, "effective_on": "2015-03-31"},
        format="json",
    )
    assert response.status_code == 400
    assert CapitalEntry.objects.filter(kind__startswith="transfer").count() == 0


def test_federation_staff_read_totals(world: World) -> None:
    capital(world.member_person, 1)
    body = _api(world.staff).get("/api/v1/federation/capital/").json()
    assert body == [
        {"code": "cwc", "name": "センター事業団", "members": 1, "shares": 1, "subscribed_yen": 50_000,
         "paid_yen": 50_000, "unpaid_yen": 0, "reserve_yen": 0},
    ]  # fmt: skip
    assert _api(world.officer).get("/api/v1/federation/capital/").status_code == 404


def test_settings_can_be_read_and_patched_within_the_act(world: World) -> None:
    client = _api(world.officer)
    assert client.get("/api/v1/coops/cwc/capital/settings/").json()["share_value_yen"] == 50_000
    assert (
        client.patch("/api/v1/coops/cwc/capital/settings/", {"share_cap_percent": 40}, format="json").status_code == 400
    )
    ok = client.patch("/api/v1/coops/cwc/capital/settings/", {"refund_policy": "par_or_less"}, format="json")
    assert ok.status_code == 200 and ok.json()["refund_policy"] == "par_or_less"
