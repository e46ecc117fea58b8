"""The register's edit pages: who may change what, and that each change goes through its service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.models import AuditEvent, User
from tomoni.members import services
from tomoni.members.models import LabourContract, Membership, OfficerTerm, Person, SpecialCareRecord, WorkRecord
from tomoni.testing import World


def post(client: Client, user: User, name: str, args: list[object], data: dict[str, object]):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(reverse(name, args=args), data, HTTP_ACCEPT_LANGUAGE="en")


def person_edit_urls(world: World, person: Person) -> list[str]:
    """Every edit page about one person (with the ids of their own records)."""
    membership = person.memberships.first()
    contract = person.labour_contracts.first()
    args = ["cwc", person.pk]
    urls = [
        reverse(f"members:{name}", args=args)
        for name in (
            "person_edit",
            "membership_create",
            "officer_term_create",
            "contract_create",
            "work_record_create",
            "special_care_add",
        )
    ]
    assert membership is not None and contract is not None
    urls += [
        reverse("members:membership_edit", args=[*args, membership.pk]),
        reverse("members:membership_end", args=[*args, membership.pk]),
        reverse("members:contract_edit", args=[*args, contract.pk]),
    ]
    return urls


# Who may open the edit pages ---------------------------------------------------------------------


def test_an_outsider_gets_404_for_every_edit_page_of_another_coop(client: Client, world: World) -> None:
    client.force_login(world.outsider)
    urls = [*person_edit_urls(world, world.member_person), reverse("members:person_create", args=["cwc"])]
    urls.append(reverse("members:import", args=["cwc"]))
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_federation_staff_get_404_for_every_edit_page(client: Client, world: World) -> None:
    client.force_login(world.staff)
    for url in [*person_edit_urls(world, world.member_person), reverse("members:person_create", args=["cwc"])]:
        assert client.get(url).status_code == 404, url


def test_an_auditor_reads_but_every_change_is_refused(client: Client, world: World) -> None:
    client.force_login(world.auditor)
    before = AuditEvent.objects.count()
    urls = [*person_edit_urls(world, world.member_person), reverse("members:person_create", args=["cwc"])]
    urls.remove(reverse("members:special_care_add", args=["cwc", world.member_person.pk]))
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"family_name": "改竄"}).status_code == 403, url
    assert client.post(reverse("members:import", args=["cwc"]), {}).status_code == 403
    assert AuditEvent.objects.count() == before
    world.member_person.refresh_from_db()
    assert world.member_person.family_name == "小林"


def test_a_member_cannot_change_their_own_record(client: Client, world: World) -> None:
    client.force_login(world.member)
    response = client.post(
        reverse("members:person_edit", args=["cwc", world.member_person.pk]), {"family_name": "X", "given_name": "Y"}
    )
    assert response.status_code == 403


def test_special_care_pages_do_not_exist_for_anyone_but_support_workers(client: Client, world: World) -> None:
    url = reverse("members:special_care_add", args=["cwc", world.member_person.pk])
    for user in (world.officer, world.manager, world.auditor, world.member):
        client.force_login(user)
        assert client.get(url).status_code == 404


# People ------------------------------------------------------------------------------------------


def test_an_officer_registers_a_person_with_a_membership(client: Client, world: World) -> None:
    response = post(
        client,
        world.officer,
        "members:person_create",
        ["cwc"],
        {
            "family_name": "佐藤",
            "given_name": "健",
            "family_name_kana": "サトウ",
            "given_name_kana": "ケン",
            "birth_date": "1960-01-15",
            "member_number": "C0000099",
            "kind": "worker",
            "joined_on": "2015-04-01",
            "centre": world.west_nara.pk,
        },
    )
    person = Person.objects.get(family_name="佐藤")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:person", args=["cwc", person.pk])
    membership = person.memberships.get()
    assert (membership.member_number, membership.centre_id) == ("C0000099", world.west_nara.pk)
    assert AuditEvent.objects.filter(action="members.person.created", object_id=str(person.pk)).exists()
    assert AuditEvent.objects.filter(action="members.membership.created", object_id=str(membership.pk)).exists()


def test_an_officer_registers_a_person_who_is_not_a_member(client: Client, world: World) -> None:
    response = post(
        client, world.officer, "members:person_create", ["cwc"], {"family_name": "鈴木", "given_name": "一"}
    )
    assert response.status_code == 302
    assert not Person.objects.get(family_name="鈴木").memberships.exists()


def test_a_centre_manager_registers_a_member_of_their_own_centre(client: Client, world: World) -> None:
    response = post(
        client,
        world.manager,
        "members:person_create",
        ["cwc"],
        {
            "family_name": "高橋",
            "given_name": "美咲",
            "member_number": "C0000100",
            "kind": "worker",
            "joined_on": "2015-04-01",
            "centre": world.ajisai.pk,
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(family_name="高橋")
    assert person.memberships.get().centre_id == world.ajisai.pk
    # They can open the page of the person they just added.
    assert client.get(response["Location"]).status_code == 200


def test_a_centre_manager_cannot_register_someone_at_another_centre(client: Client, world: World) -> None:
    response = post(
        client,
        world.manager,
        "members:person_create",
        ["cwc"],
        {
            "family_name": "高橋",
            "given_name": "美咲",
            "member_number": "C0000100",
            "kind": "worker",
            "joined_on": "2015-04-01",
            "centre": world.west_nara.pk,
        },
    )
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors
    assert not Person.objects.filter(family_name="高橋").exists()


def test_a_centre_manager_must_admit_the_people_they_register(client: Client, world: World) -> None:
    response = post(
        client, world.manager, "members:person_create", ["cwc"], {"family_name": "高橋", "given_name": "美咲"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"member_number", "kind", "joined_on", "centre"}
    assert not Person.objects.filter(family_name="高橋").exists()


def test_a_centre_manager_edits_a_person_of_their_centre(client: Client, world: World) -> None:
    response = post(
        client,
        world.manager,
        "members:person_edit",
        ["cwc", world.member_person.pk],
        {"family_name": "小林", "given_name": "花子", "phone": "047-000-0000", "family_name_kana": "コバヤシ"},
    )
    assert response.status_code == 302
    world.member_person.refresh_from_db()
    assert world.member_person.phone == "047-000-0000"
    assert world.member_person.given_name_kana == ""  # the form sends every field; an emptied one is emptied
    assert AuditEvent.objects.filter(action="members.person.updated", object_id=str(world.member_person.pk)).exists()


def test_a_centre_manager_gets_404_for_a_west_nara_person(client: Client, world: World) -> None:
    client.force_login(world.manager)
    for url in person_edit_urls(world, world.nara_person):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"family_name": "X", "given_name": "Y"}).status_code == 404, url
    world.nara_person.refresh_from_db()
    assert world.nara_person.family_name == "奈良"


def test_the_edit_form_starts_from_the_current_details(client: Client, world: World) -> None:
    client.force_login(world.officer)
    page = client.get(reverse("members:person_edit", args=["cwc", world.member_person.pk])).content.decode()
    assert 'value="コバヤシ"' in page
    assert 'type="date"' in page
    assert 'value="1950-05-01"' in page


# Memberships and offices -------------------------------------------------------------------------


def test_an_officer_ends_a_membership(client: Client, world: World) -> None:
    membership = world.nara_person.memberships.get()
    response = post(
        client,
        world.officer,
        "members:membership_end",
        ["cwc", world.nara_person.pk, membership.pk],
        {"left_on": "2016-03-31", "status": "withdrawn"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.left_on, membership.status) == (dt.date(2016, 3, 31), "withdrawn")


def test_an_ended_membership_cannot_be_ended_again(client: Client, world: World) -> None:
    membership = world.nara_person.memberships.get()
    services.membership_end(actor=None, membership=membership, left_on=dt.date(2016, 3, 31), status="withdrawn")
    client.force_login(world.officer)
    url = reverse("members:membership_end", args=["cwc", world.nara_person.pk, membership.pk])
    assert client.get(url).status_code == 404


def test_an_officer_moves_a_member_to_another_home_centre(client: Client, world: World) -> None:
    membership = world.member_person.memberships.get()
    response = post(
        client,
        world.officer,
        "members:membership_edit",
        ["cwc", world.member_person.pk, membership.pk],
        {"kind": "worker", "centre": world.west_nara.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.centre_id == world.west_nara.pk


def test_a_person_can_be_admitted_after_being_registered(client: Client, world: World) -> None:
    person = services.person_create(actor=None, coop=world.cwc, family_name="森", given_name="守")
    response = post(
        client,
        world.officer,
        "members:membership_create",
        ["cwc", person.pk],
        {"kind": "supporting", "member_number": "C0000200", "joined_on": "2015-01-01", "centre": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=person).kind == "supporting"


def test_an_officer_records_and_ends_a_term_of_office(client: Client, world: World) -> None:
    response = post(
        client,
        world.officer,
        "members:officer_term_create",
        ["cwc", world.member_person.pk],
        {"role": "auditor", "started_on": "2014-06-01", "ended_on": ""},
    )
    assert response.status_code == 302
    term = OfficerTerm.objects.get(person=world.member_person)
    assert term.role == "auditor" and term.ended_on is None
    response = post(
        client,
        world.officer,
        "members:officer_term_end",
        ["cwc", world.member_person.pk, term.pk],
        {"ended_on": "2016-06-01"},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.ended_on == dt.date(2016, 6, 1)


def test_a_centre_manager_may_not_record_terms_of_office(client: Client, world: World) -> None:
    response = post(
        client,
        world.manager,
        "members:officer_term_create",
        ["cwc", world.member_person.pk],
        {"role": "director", "started_on": "2014-06-01"},
    )
    assert response.status_code == 403
    assert not OfficerTerm.objects.filter(person=world.member_person).exists()


# Contracts and work ------------------------------------------------------------------------------


def test_contracted_time_is_entered_in_hours_and_minutes_and_kept_in_minutes(client: Client, world: World) -> None:
    response = post(
        client,
        world.manager,
        "members:contract_create",
        ["cwc", world.member_person.pk],
        {"centre": world.ajisai.pk, "started_on": "2015-04-01", "ended_on": "", "hours": "20", "minutes": "30"},
    )
    assert response.status_code == 302
    contract = LabourContract.objects.get(person=world.member_person, started_on=dt.date(2015, 4, 1))
    assert contract.contracted_minutes_per_week == 20 * 60 + 30


def test_the_contract_edit_form_shows_minutes_as_hours_and_minutes(client: Client, world: World) -> None:
    contract = world.member_person.labour_contracts.get()  # 1,200 minutes
    client.force_login(world.manager)
    response = client.get(reverse("members:contract_edit", args=["cwc", world.member_person.pk, contract.pk]))
    assert response.context["form"].initial["hours"] == 20
    assert response.context["form"].initial["minutes"] == 0
    response = client.post(
        reverse("members:contract_edit", args=["cwc", world.member_person.pk, contract.pk]),
        {"hours": "15", "minutes": "45", "ended_on": "2016-03-31"},
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.contracted_minutes_per_week, contract.ended_on) == (945, dt.date(2016, 3, 31))


def test_a_centre_manager_records_and_corrects_a_day_of_work(client: Client, world: World) -> None:
    response = post(
        client,
        world.manager,
        "members:work_record_create",
        ["cwc", world.member_person.pk],
        {
            "centre": world.ajisai.pk,
            "business_line": world.care.pk,
            "worked_on": "2015-03-03",
            "hours": "3",
            "minutes": "15",
        },
    )
    assert response.status_code == 302
    record = WorkRecord.objects.get(person=world.member_person, worked_on=dt.date(2015, 3, 3))
    assert record.worked_minutes == 195
    response = post(
        client,
        world.manager,
        "members:work_record_edit",
        ["cwc", world.member_person.pk, record.pk],
        {"hours": "4", "minutes": "0"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.worked_minutes == 240


def test_a_centre_manager_cannot_correct_work_recorded_at_another_centre(client: Client, world: World) -> None:
    record = WorkRecord.objects.create(
        coop=world.cwc,
        person=world.member_person,
        centre=world.west_nara,
        business_line=world.cleaning,
        worked_on=dt.date(2015, 3, 4),
        worked_minutes=60,
    )
    response = post(
        client, world.manager, "members:work_record_edit", ["cwc", world.member_person.pk, record.pk], {"hours": "9"}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.worked_minutes == 60


# Special care ------------------------------------------------------------------------------------


def test_a_support_worker_records_special_care_information_encrypted(client: Client, world: World) -> None:
    response = post(
        client,
        world.support,
        "members:special_care_add",
        ["cwc", world.member_person.pk],
        {"category": "social_participation", "note": "週3日から", "recorded_on": "2015-04-01"},
    )
    assert response.status_code == 302
    record = SpecialCareRecord.objects.get(person=world.member_person)
    assert b"social_participation" not in bytes(record.payload_encrypted)
    page = client.get(reverse("members:person", args=["cwc", world.member_person.pk])).content.decode()
    assert "週3日から" in page


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_officers_and_managers_cannot_record_special_care_information(
    client: Client, world: World, persona: str
) -> None:
    response = post(
        client,
        getattr(world, persona),
        "members:special_care_add",
        ["cwc", world.member_person.pk],
        {"category": "other", "recorded_on": "2015-04-01"},
    )
    assert response.status_code == 404
    assert not SpecialCareRecord.objects.exists()
