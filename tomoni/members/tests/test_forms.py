"""Bad input on the register's forms: field errors in the user's language, tied to the field, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoni.core.models import AuditEvent
from tomoni.members import forms
from tomoni.members.models import LabourContract, Membership, Person, WorkRecord
from tomoni.testing import World

LANGUAGES = ["en", "ja"]


def post_as(client: Client, user, name: str, args: list[object], data: dict[str, object], language: str):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(reverse(name, args=args), data, HTTP_ACCEPT_LANGUAGE=language)


def required_message(language: str) -> str:
    with translation.override(language):
        return str(forms.forms.Field.default_error_messages["required"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_without_a_name_and_with_a_bad_date_is_refused_field_by_field(
    client: Client, world: World, language: str
) -> None:
    people, events = Person.objects.count(), AuditEvent.objects.count()
    response = post_as(
        client,
        world.officer,
        "members:person_create",
        ["cwc"],
        {"family_name": "", "given_name": "", "birth_date": "1950-13-45", "email": "not-an-email"},
        language,
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"family_name", "given_name", "birth_date", "email"}
    assert errors["family_name"] == [required_message(language)]
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    # Each error is announced with its field: the input points at the message and is marked invalid.
    assert 'id="id_family_name_error"' in page
    assert 'aria-describedby="id_family_name_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'role="alert"' in page
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_django_s_own_messages_are_in_japanese_for_a_japanese_user(client: Client, world: World) -> None:
    response = post_as(client, world.officer, "members:person_create", ["cwc"], {"family_name": ""}, "ja")
    assert "この項目は必須です。" in response.context["form"].errors["family_name"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_birth_date_in_the_future_is_refused(client: Client, world: World, language: str) -> None:
    response = post_as(
        client,
        world.officer,
        "members:person_create",
        ["cwc"],
        {"family_name": "未来", "given_name": "人", "birth_date": "2999-01-01"},
        language,
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("birth_date", code="future")
    assert not Person.objects.filter(family_name="未来").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_taken_member_number_is_shown_on_its_field_and_the_person_is_not_half_saved(
    client: Client, world: World, language: str
) -> None:
    people, events = Person.objects.count(), AuditEvent.objects.count()
    response = post_as(
        client,
        world.officer,
        "members:person_create",
        ["cwc"],
        {
            "family_name": "重複",
            "given_name": "番号",
            "member_number": "C0000001",
            "kind": "worker",
            "joined_on": "2015-04-01",
        },
        language,
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["member_number"]
    assert "C0000001" in errors["member_number"][0]
    # The person was created inside the same transaction as the membership and rolled back with it.
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_a_membership_needs_its_number_when_its_other_parts_are_given(client: Client, world: World) -> None:
    response = post_as(
        client,
        world.officer,
        "members:person_create",
        ["cwc"],
        {"family_name": "半端", "given_name": "入力", "kind": "worker"},
        "en",
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["member_number"]
    assert not Person.objects.filter(family_name="半端").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_membership_ending_before_it_began_is_refused_on_the_date_field(
    client: Client, world: World, language: str
) -> None:
    membership = world.member_person.memberships.get()
    response = post_as(
        client,
        world.officer,
        "members:membership_end",
        ["cwc", world.member_person.pk, membership.pk],
        {"left_on": "2009-01-01", "status": "withdrawn"},
        language,
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["left_on"]
    membership.refresh_from_db()
    assert membership.left_on is None and membership.status == "active"


def test_a_membership_cannot_be_ended_as_still_active(client: Client, world: World) -> None:
    membership = world.member_person.memberships.get()
    response = post_as(
        client,
        world.officer,
        "members:membership_end",
        ["cwc", world.member_person.pk, membership.pk],
        {"left_on": "2016-01-01", "status": "active"},
        "en",
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("status", code="invalid_choice")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("hours", "minutes", "field", "code"),
    [
        ("0", "0", "hours", None),  # no time at all
        ("169", "0", "hours", "max_value"),
        ("20", "60", "minutes", "max_value"),
        ("", "30", "hours", "required"),
        ("abc", "0", "hours", "invalid"),
    ],
)
def test_contracted_time_must_be_hours_and_minutes_within_a_week(
    client: Client, world: World, language: str, hours: str, minutes: str, field: str, code: str | None
) -> None:
    response = post_as(
        client,
        world.manager,
        "members:contract_create",
        ["cwc", world.member_person.pk],
        {"centre": world.ajisai.pk, "started_on": "2015-04-01", "hours": hours, "minutes": minutes},
        language,
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    if code is not None:
        assert form.has_error(field, code=code)
    assert LabourContract.objects.filter(person=world.member_person).count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_contract_ending_before_it_starts_is_refused_on_the_end_date(
    client: Client, world: World, language: str
) -> None:
    response = post_as(
        client,
        world.manager,
        "members:contract_create",
        ["cwc", world.member_person.pk],
        {"centre": world.ajisai.pk, "started_on": "2015-04-01", "ended_on": "2015-03-01", "hours": "10"},
        language,
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["ended_on"]
    assert LabourContract.objects.filter(person=world.member_person).count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_second_record_of_the_same_day_is_refused_on_the_date(client: Client, world: World, language: str) -> None:
    response = post_as(
        client,
        world.manager,
        "members:work_record_create",
        ["cwc", world.member_person.pk],
        {
            "centre": world.ajisai.pk,
            "business_line": world.care.pk,
            "worked_on": "2015-03-02",  # the world already has this day
            "hours": "2",
            "minutes": "0",
        },
        language,
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["worked_on"]
    assert WorkRecord.objects.get(person=world.member_person, worked_on=dt.date(2015, 3, 2)).worked_minutes == 240


@pytest.mark.parametrize("language", LANGUAGES)
def test_more_than_a_day_of_work_in_a_day_is_refused(client: Client, world: World, language: str) -> None:
    record = WorkRecord.objects.get(person=world.member_person)
    response = post_as(
        client,
        world.manager,
        "members:work_record_edit",
        ["cwc", world.member_person.pk, record.pk],
        {"hours": "24", "minutes": "30"},
        language,
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["hours"]
    record.refresh_from_db()
    assert record.worked_minutes == 240


def test_work_cannot_be_recorded_for_a_day_in_the_future(client: Client, world: World) -> None:
    response = post_as(
        client,
        world.manager,
        "members:work_record_create",
        ["cwc", world.member_person.pk],
        {"centre": world.ajisai.pk, "business_line": world.care.pk, "worked_on": "2999-01-01", "hours": "1"},
        "en",
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("worked_on", code="future")


def test_a_membership_for_someone_already_a_member_is_refused_without_saving(client: Client, world: World) -> None:
    response = post_as(
        client,
        world.officer,
        "members:membership_create",
        ["cwc", world.member_person.pk],
        {"kind": "worker", "member_number": "C0000777", "joined_on": "2015-04-01"},
        "en",
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["kind"]
    assert not Membership.objects.filter(member_number="C0000777").exists()


def test_hours_and_minutes_split_back_for_editing() -> None:
    assert forms.split_minutes(1230) == {"hours": 20, "minutes": 30}
    assert forms.split_minutes(59) == {"hours": 0, "minutes": 59}
