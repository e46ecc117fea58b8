"""The member register's REST API: people, memberships, officer terms, contracts, work records, and /me/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.models import AuditEvent, User
from tomoni.members import services
from tomoni.members.models import LabourContract, Membership, OfficerTerm, Person, WorkRecord
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def client_for(user: User, *, language: str = "ja") -> APIClient:
    """An API client sending the user's token, as a script would."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


NEW_PERSON = {
    "family_name": "田中",
    "given_name": "一郎",
    "family_name_kana": "タナカ",
    "given_name_kana": "イチロウ",
    "birth_date": "1960-01-15",
    "email": "tanaka@example.jp",
}


# People -----------------------------------------------------------------------------------------------------


def test_an_officer_lists_the_register_with_memberships(world: World) -> None:
    body = client_for(world.officer).get("/api/v1/coops/cwc/people/").json()
    assert body["count"] == 2
    names = [(p["family_name"], p["memberships"][0]["member_number"]) for p in body["results"]]
    assert names == [("小林", "C0000001"), ("奈良", "C0000002")]  # by kana reading: コバヤシ, ナラ
    assert body["results"][0]["memberships"][0]["centre"] == "ajisai"


def test_an_officer_searches_the_register_by_member_number_and_by_name(world: World) -> None:
    client = client_for(world.officer)
    by_number = client.get("/api/v1/coops/cwc/people/?q=C0000002").json()["results"]
    assert [p["id"] for p in by_number] == [world.nara_person.pk]
    by_kana = client.get("/api/v1/coops/cwc/people/?q=コバヤシ").json()["results"]
    assert [p["id"] for p in by_kana] == [world.member_person.pk]


def test_the_register_answers_as_of_a_date(world: World) -> None:
    body = client_for(world.officer).get("/api/v1/coops/cwc/people/?as_of=2005-01-01").json()
    assert [p["id"] for p in body["results"]] == [world.nara_person.pk]


def test_a_centre_manager_lists_only_the_people_of_their_centre(world: World) -> None:
    client = client_for(world.manager)
    body = client.get("/api/v1/coops/cwc/people/").json()
    assert [p["id"] for p in body["results"]] == [world.member_person.pk]
    assert client.get(f"/api/v1/coops/cwc/people/{world.nara_person.pk}/").status_code == 404


def test_the_register_list_costs_the_same_queries_however_many_people(
    world: World, django_assert_max_num_queries
) -> None:
    for n in range(40):
        person = Person.objects.create(coop=world.cwc, family_name="山田", given_name=f"{n}", family_name_kana="ヤマダ")
        Membership.objects.create(
            coop=world.cwc,
            person=person,
            kind="worker",
            member_number=f"Y{n:05d}",
            centre=world.ajisai,
            joined_on=dt.date(2014, 4, 1),
        )
    for user in (world.officer, world.manager):
        client = client_for(user)
        with django_assert_max_num_queries(10):
            body = client.get("/api/v1/coops/cwc/people/?limit=100").json()
        assert len(body["results"]) >= 41


def test_an_officer_registers_a_person(world: World) -> None:
    response = client_for(world.officer).post("/api/v1/coops/cwc/people/", NEW_PERSON, format="json")
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.coop, person.family_name, person.birth_date) == (world.cwc, "田中", dt.date(1960, 1, 15))
    assert AuditEvent.objects.filter(action="members.person.created", object_id=str(person.pk)).exists()


def test_a_person_without_a_family_name_is_refused_with_a_field_error_in_japanese(world: World) -> None:
    payload = {**NEW_PERSON, "family_name": "", "email": "not-an-email", "birth_date": "2099-01-01"}
    response = client_for(world.officer).post("/api/v1/coops/cwc/people/", payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"family_name", "email", "birth_date"}
    assert errors["family_name"] == ["この項目は空にできません。"]
    assert not Person.objects.filter(given_name="一郎").exists()


def test_field_errors_follow_the_request_language(world: World) -> None:
    response = client_for(world.officer, language="en").post(
        "/api/v1/coops/cwc/people/", {"given_name": "一郎"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"family_name": ["This field is required."]}


def test_a_centre_manager_registers_a_person_for_their_centre(world: World) -> None:
    client = client_for(world.manager)
    response = client.post("/api/v1/coops/cwc/people/", {**NEW_PERSON, "centre": "ajisai"}, format="json")
    assert response.status_code == 201


def test_a_centre_manager_cannot_register_a_person_for_another_centre(world: World) -> None:
    client = client_for(world.manager, language="en")
    response = client.post("/api/v1/coops/cwc/people/", {**NEW_PERSON, "centre": "west-nara"}, format="json")
    assert response.status_code == 400
    assert "centre" in response.json()["errors"]
    without_centre = client.post("/api/v1/coops/cwc/people/", NEW_PERSON, format="json")
    assert without_centre.status_code == 400  # only officers register people for the whole coop
    assert not Person.objects.filter(given_name="一郎").exists()


def test_an_auditor_reads_the_register_but_may_not_write_it(world: World) -> None:
    client = client_for(world.auditor)
    assert client.get("/api/v1/coops/cwc/people/").json()["count"] == 2
    assert client.get(f"/api/v1/coops/cwc/people/{world.nara_person.pk}/").status_code == 200
    assert client.post("/api/v1/coops/cwc/people/", NEW_PERSON, format="json").status_code == 403
    response = client.patch(f"/api/v1/coops/cwc/people/{world.nara_person.pk}/", {"phone": "0"}, format="json")
    assert response.status_code == 403
    assert not Person.objects.filter(given_name="一郎").exists()
    world.nara_person.refresh_from_db()
    assert world.nara_person.phone == ""


def test_an_officer_updates_a_persons_contact_details(world: World) -> None:
    url = f"/api/v1/coops/cwc/people/{world.nara_person.pk}/"
    response = client_for(world.officer).patch(url, {"phone": "0742-00-0000"}, format="json")
    assert response.status_code == 200
    assert response.json()["phone"] == "0742-00-0000"
    world.nara_person.refresh_from_db()
    assert (world.nara_person.phone, world.nara_person.family_name) == ("0742-00-0000", "奈良")


def test_an_invalid_update_changes_nothing(world: World) -> None:
    url = f"/api/v1/coops/cwc/people/{world.nara_person.pk}/"
    response = client_for(world.officer).patch(url, {"phone": "0742", "email": "bad"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email"}
    world.nara_person.refresh_from_db()
    assert world.nara_person.phone == ""


def test_a_centre_manager_updates_a_person_of_their_centre(world: World) -> None:
    url = f"/api/v1/coops/cwc/people/{world.member_person.pk}/"
    assert client_for(world.manager).patch(url, {"phone": "047-000"}, format="json").status_code == 200


def test_the_api_never_shows_special_care_data(world: World) -> None:
    services.special_care_record_add(
        actor=None, person=world.member_person, category="mental_disability", recorded_on=dt.date(2014, 4, 1)
    )
    client = client_for(world.support)
    person = client.get(f"/api/v1/coops/cwc/people/{world.member_person.pk}/").json()
    listed = client.get("/api/v1/coops/cwc/people/").json()["results"][0]
    me = client_for(world.member).get("/api/v1/me/").json()
    for body in (person, listed, me["person"]):
        assert not any("care" in key or "categor" in key for key in body)
    assert "mental" not in str(person) + str(listed) + str(me)
    assert not AuditEvent.objects.filter(action="members.special_care.viewed").exists()


# Memberships ----------------------------------------------------------------------------------------------------


def test_an_officer_admits_a_person_as_a_member(world: World) -> None:
    person = services.person_create(actor=world.officer, coop=world.cwc, family_name="田中", given_name="一郎")
    url = f"/api/v1/coops/cwc/people/{person.pk}/memberships/"
    payload = {"kind": "worker", "member_number": "C0000099", "joined_on": "2015-04-01", "centre": "west-nara"}
    response = client_for(world.officer).post(url, payload, format="json")
    assert response.status_code == 201
    assert response.json()["centre"] == "west-nara"
    assert client_for(world.officer).get(url).json()["results"][0]["member_number"] == "C0000099"


def test_a_taken_member_number_is_refused_on_its_field(world: World) -> None:
    person = services.person_create(actor=world.officer, coop=world.cwc, family_name="田中", given_name="一郎")
    url = f"/api/v1/coops/cwc/people/{person.pk}/memberships/"
    payload = {"kind": "worker", "member_number": "C0000001", "joined_on": "2015-04-01"}
    response = client_for(world.officer, language="en").post(url, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"member_number": ["Member number C0000001 is already taken."]}
    assert not Membership.objects.filter(person=person).exists()


def test_a_membership_of_an_unknown_kind_is_refused(world: World) -> None:
    person = services.person_create(actor=world.officer, coop=world.cwc, family_name="田中", given_name="一郎")
    url = f"/api/v1/coops/cwc/people/{person.pk}/memberships/"
    payload = {"kind": "owner", "member_number": "C0000099", "joined_on": "2015-04-31"}
    response = client_for(world.officer).post(url, payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "joined_on"}
    assert not Membership.objects.filter(person=person).exists()


def test_an_officer_moves_a_member_to_another_centre_and_ends_a_membership(world: World) -> None:
    membership = world.nara_person.memberships.get()
    base = f"/api/v1/coops/cwc/people/{world.nara_person.pk}/memberships/{membership.pk}/"
    client = client_for(world.officer)
    assert client.get(base).json()["member_number"] == "C0000002"
    moved = client.patch(base, {"centre": "ajisai"}, format="json")
    assert moved.status_code == 200
    assert moved.json()["centre"] == "ajisai"
    assert moved.json()["kind"] == "worker"
    ended = client.post(f"{base}end/", {"left_on": "2015-03-31", "status": "withdrawn"}, format="json")
    assert ended.status_code == 200
    membership.refresh_from_db()
    assert (membership.left_on, membership.status) == (dt.date(2015, 3, 31), "withdrawn")


def test_a_membership_cannot_end_as_active_or_before_it_began(world: World) -> None:
    membership = world.nara_person.memberships.get()
    url = f"/api/v1/coops/cwc/people/{world.nara_person.pk}/memberships/{membership.pk}/end/"
    client = client_for(world.officer)
    assert "status" in client.post(url, {"left_on": "2015-03-31", "status": "active"}, format="json").json()["errors"]
    early = client.post(url, {"left_on": "1999-03-31", "status": "withdrawn"}, format="json")
    assert early.status_code == 400
    assert "left_on" in early.json()["errors"]
    membership.refresh_from_db()
    assert membership.left_on is None


def test_a_membership_of_another_person_is_404(world: World) -> None:
    membership = world.nara_person.memberships.get()
    url = f"/api/v1/coops/cwc/people/{world.member_person.pk}/memberships/{membership.pk}/"
    assert client_for(world.officer).get(url).status_code == 404


# Officer terms --------------------------------------------------------------------------------------------------


def test_an_officer_records_and_ends_a_term_of_office(world: World) -> None:
    client = client_for(world.officer)
    url = f"/api/v1/coops/cwc/people/{world.member_person.pk}/officer-terms/"
    created = client.post(url, {"role": "auditor", "started_on": "2014-06-01"}, format="json")
    assert created.status_code == 201
    term_id = created.json()["id"]
    assert [t["id"] for t in client.get(url).json()["results"]] == [term_id]
    ended = client.patch(f"{url}{term_id}/", {"ended_on": "2016-06-01"}, format="json")
    assert ended.status_code == 200
    assert OfficerTerm.objects.get(pk=term_id).ended_on == dt.date(2016, 6, 1)


def test_a_term_ending_before_it_starts_is_refused(world: World) -> None:
    url = f"/api/v1/coops/cwc/people/{world.member_person.pk}/officer-terms/"
    payload = {"role": "director", "started_on": "2014-06-01", "ended_on": "2014-05-01"}
    response = client_for(world.officer).post(url, payload, format="json")
    assert response.status_code == 400
    assert "ended_on" in response.json()["errors"]
    assert not OfficerTerm.objects.filter(person=world.member_person).exists()


def test_a_centre_manager_may_not_record_a_term_of_office(world: World) -> None:
    url = f"/api/v1/coops/cwc/people/{world.member_person.pk}/officer-terms/"
    response = client_for(world.manager).post(url, {"role": "director", "started_on": "2014-06-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not OfficerTerm.objects.filter(person=world.member_person).exists()


# Labour contracts ---------------------------------------------------------------------------------------------------


def test_an_officer_signs_and_changes_a_labour_contract(world: World) -> None:
    client = client_for(world.officer)
    url = f"/api/v1/coops/cwc/people/{world.nara_person.pk}/labour-contracts/"
    payload = {"centre": "ajisai", "started_on": "2015-04-01", "contracted_minutes_per_week": 1800}
    created = client.post(url, payload, format="json")
    assert created.status_code == 201
    contract_id = created.json()["id"]
    assert len(client.get(url).json()["results"]) == 2
    changed = client.patch(f"{url}{contract_id}/", {"contracted_minutes_per_week": 1200}, format="json")
    assert changed.status_code == 200
    contract = LabourContract.objects.get(pk=contract_id)
    assert (contract.contracted_minutes_per_week, contract.ended_on) == (1200, None)
    ended = client.patch(f"{url}{contract_id}/", {"ended_on": "2016-03-31"}, format="json")
    assert ended.json()["ended_on"] == "2016-03-31"
    assert ended.json()["contracted_minutes_per_week"] == 1200


def test_a_contract_of_more_minutes_than_a_week_has_is_refused(world: World) -> None:
    url = f"/api/v1/coops/cwc/people/{world.nara_person.pk}/labour-contracts/"
    payload = {"centre": "ajisai", "started_on": "2015-04-01", "contracted_minutes_per_week": 10081}
    response = client_for(world.officer).post(url, payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"contracted_minutes_per_week"}
    assert world.nara_person.labour_contracts.count() == 1


# Work records --------------------------------------------------------------------------------------------------------


def test_an_officer_lists_work_records_filtered_by_person_centre_and_dates(world: World) -> None:
    services.work_record_create(
        actor=None,
        person=world.nara_person,
        centre=world.west_nara,
        business_line=world.cleaning,
        worked_on=dt.date(2015, 3, 3),
        worked_minutes=300,
    )
    client = client_for(world.officer)
    base = "/api/v1/coops/cwc/work-records/"
    assert client.get(base).json()["count"] == 2
    assert [r["worked_minutes"] for r in client.get(base).json()["results"]] == [300, 240]  # newest first
    by_person = client.get(f"{base}?person={world.member_person.pk}").json()["results"]
    assert [(r["person"], r["centre"], r["business_line"]) for r in by_person] == [
        (world.member_person.pk, "ajisai", "elderly-care")
    ]
    assert client.get(f"{base}?centre=west-nara").json()["count"] == 1
    assert client.get(f"{base}?since=2015-03-03&until=2015-03-31").json()["count"] == 1
    assert client.get(f"{base}?since=2015-04-01").json()["count"] == 0


def test_bad_work_record_filters_are_refused(world: World) -> None:
    client = client_for(world.officer)
    response = client.get("/api/v1/coops/cwc/work-records/?since=2015-04-01&until=2015-03-01&centre=nowhere")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"centre"}
    assert client.get("/api/v1/coops/cwc/work-records/?since=2015-04-01&until=2015-03-01").status_code == 400


def test_a_centre_manager_sees_only_the_work_records_of_their_centre(world: World) -> None:
    nara = services.work_record_create(
        actor=None,
        person=world.nara_person,
        centre=world.west_nara,
        business_line=world.cleaning,
        worked_on=dt.date(2015, 3, 3),
        worked_minutes=300,
    )
    client = client_for(world.manager)
    body = client.get("/api/v1/coops/cwc/work-records/").json()
    assert [r["centre"] for r in body["results"]] == ["ajisai"]
    assert client.get(f"/api/v1/coops/cwc/work-records/{nara.pk}/").status_code == 404
    assert client.get("/api/v1/coops/cwc/work-records/?centre=west-nara").status_code == 400


def test_a_centre_manager_records_and_corrects_a_days_work(world: World) -> None:
    client = client_for(world.manager)
    payload = {
        "person": world.member_person.pk,
        "centre": "ajisai",
        "business_line": "elderly-care",
        "worked_on": "2015-03-03",
        "worked_minutes": 420,
    }
    created = client.post("/api/v1/coops/cwc/work-records/", payload, format="json")
    assert created.status_code == 201
    record_id = created.json()["id"]
    corrected = client.patch(f"/api/v1/coops/cwc/work-records/{record_id}/", {"worked_minutes": 400}, format="json")
    assert corrected.status_code == 200
    assert WorkRecord.objects.get(pk=record_id).worked_minutes == 400
    assert AuditEvent.objects.filter(action="members.work_record.updated", object_id=str(record_id)).exists()


def test_a_second_record_of_the_same_day_is_refused_on_its_field(world: World) -> None:
    payload = {
        "person": world.member_person.pk,
        "centre": "ajisai",
        "business_line": "elderly-care",
        "worked_on": "2015-03-02",
        "worked_minutes": 60,
    }
    response = client_for(world.officer).post("/api/v1/coops/cwc/work-records/", payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"worked_on"}
    assert WorkRecord.objects.count() == 1


def test_a_work_record_with_bad_fields_is_refused_field_by_field(world: World) -> None:
    payload = {
        "person": world.other_person.pk,  # of another coop: unknown here
        "centre": "osaka",
        "business_line": "forestry",
        "worked_on": "2015-03-32",
        "worked_minutes": 1441,
    }
    response = client_for(world.officer).post("/api/v1/coops/cwc/work-records/", payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"person", "centre", "business_line", "worked_on", "worked_minutes"}
    assert WorkRecord.objects.count() == 1


def test_a_centre_manager_cannot_record_work_at_another_centre(world: World) -> None:
    payload = {
        "person": world.member_person.pk,
        "centre": "west-nara",
        "business_line": "cleaning",
        "worked_on": "2015-03-03",
        "worked_minutes": 60,
    }
    response = client_for(world.manager).post("/api/v1/coops/cwc/work-records/", payload, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"centre"}
    assert WorkRecord.objects.count() == 1


def test_an_auditor_may_not_record_work(world: World) -> None:
    payload = {
        "person": world.member_person.pk,
        "centre": "ajisai",
        "business_line": "elderly-care",
        "worked_on": "2015-03-03",
        "worked_minutes": 60,
    }
    client = client_for(world.auditor)
    assert client.post("/api/v1/coops/cwc/work-records/", payload, format="json").status_code == 403
    record = WorkRecord.objects.get()
    assert client.get(f"/api/v1/coops/cwc/work-records/{record.pk}/").status_code == 200
    url = f"/api/v1/coops/cwc/work-records/{record.pk}/"
    assert client.patch(url, {"worked_minutes": 1}, format="json").status_code == 403
    assert WorkRecord.objects.get().worked_minutes == 240


def test_the_work_record_list_costs_the_same_queries_however_many_records(
    world: World, django_assert_max_num_queries
) -> None:
    WorkRecord.objects.bulk_create(
        WorkRecord(
            coop=world.cwc,
            person=world.member_person,
            centre=world.ajisai,
            business_line=world.care,
            worked_on=dt.date(2014, 4, 1) + dt.timedelta(days=n),
            worked_minutes=60 + n,
        )
        for n in range(60)
    )
    for user in (world.officer, world.manager):
        client = client_for(user)
        with django_assert_max_num_queries(10):
            body = client.get("/api/v1/coops/cwc/work-records/?limit=100").json()
        assert body["count"] == 61
        assert len(body["results"]) == 61


# /me/ -----------------------------------------------------------------------------------------------------------


def test_a_member_reads_their_own_record_and_minutes_by_month(world: World) -> None:
    body = client_for(world.member).get("/api/v1/me/?since=2015-01-01").json()
    assert body["coop"] == "cwc"
    assert body["person"]["id"] == world.member_person.pk
    assert [m["member_number"] for m in body["memberships"]] == ["C0000001"]
    assert [c["centre"] for c in body["labour_contracts"]] == ["ajisai"]
    assert body["minutes_by_month"] == [{"month": "2015-03-01", "worked_minutes": 240}]


def test_me_defaults_to_the_last_twelve_months(world: World) -> None:
    from tomoni.core import clock
    from tomoni.members.api import months_before

    body = client_for(world.member).get("/api/v1/me/").json()
    assert body["since"] == months_before(clock.today(), 11).isoformat()
    assert months_before(dt.date(2015, 3, 31), 11) == dt.date(2014, 4, 1)
    assert months_before(dt.date(2015, 1, 5), 0) == dt.date(2015, 1, 1)


def test_a_user_without_a_person_gets_404_for_me(world: World) -> None:
    assert client_for(world.officer).get("/api/v1/me/").status_code == 404


def test_a_member_gets_only_their_own_record(world: World) -> None:
    client = client_for(world.member)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/coops/").json()["results"] == []
    for url in (
        "/api/v1/coops/cwc/",
        "/api/v1/coops/cwc/people/",
        f"/api/v1/coops/cwc/people/{world.member_person.pk}/",
        "/api/v1/coops/cwc/work-records/",
        "/api/v1/coops/cwc/centres/ajisai/",
        "/api/v1/federation/coops/",
    ):
        assert client.get(url).status_code == 404, url
