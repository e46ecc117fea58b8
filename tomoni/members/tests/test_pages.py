"""The register's read pages: my page, the register, a person; who sees what, and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.models import AuditEvent, User
from tomoni.members import services
from tomoni.members.models import LabourContract, Membership, OfficerTerm, Person, WorkRecord
from tomoni.testing import World


def get(client: Client, user: User | None, name: str, *args: object, **query: str):  # type: ignore[no-untyped-def]
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=args), query, HTTP_ACCEPT_LANGUAGE="en")


def add_ajisai_people(world: World, count: int, *, start: int = 100) -> list[Person]:
    """People with a membership, a contract and a few days of work at Ajisai."""
    people = []
    for i in range(start, start + count):
        person = Person.objects.create(
            coop=world.cwc,
            family_name=f"山田{i}",
            given_name="一郎",
            family_name_kana=f"ヤマダ{i}",
            given_name_kana="イチロウ",
        )
        Membership.objects.create(
            coop=world.cwc,
            person=person,
            kind="worker",
            member_number=f"C{i:07d}",
            centre=world.ajisai,
            joined_on=dt.date(2012, 4, 1),
        )
        LabourContract.objects.create(
            coop=world.cwc,
            person=person,
            centre=world.ajisai,
            started_on=dt.date(2012, 4, 1),
            contracted_minutes_per_week=1200,
        )
        people.append(person)
    return people


# My page -----------------------------------------------------------------------------------------


def test_a_member_sees_their_membership_contract_and_hours_on_my_page(client: Client, world: World) -> None:
    response = get(client, world.member, "members:me", as_of="2015-03-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert "C0000001" in page
    assert world.ajisai.name in page
    assert response.context["this_month_minutes"] == 240
    assert response.context["by_month"][0][0] == dt.date(2014, 4, 1)
    assert response.context["by_month"][-1] == (dt.date(2015, 3, 1), 240)
    assert response.context["chart"]["minutes"][-1] == 240
    assert "4:00" in page  # the table beside the chart carries the same figure
    assert 'id="hours-chart-data"' in page


def test_my_page_points_to_the_latest_recorded_work_when_recent_months_are_empty(client: Client, world: World) -> None:
    response = get(client, world.member, "members:me", as_of="2020-06-30")
    assert response.status_code == 200
    assert response.context["year_minutes"] == 0
    assert response.context["last_worked"] == dt.date(2015, 3, 2)
    assert "as_of=2015-03-02" in response.content.decode()


def test_my_page_lists_the_offices_a_member_holds(client: Client, world: World) -> None:
    OfficerTerm.objects.create(
        coop=world.cwc, person=world.member_person, role="director", started_on=dt.date(2013, 6, 1)
    )
    response = get(client, world.member, "members:me", as_of="2015-03-31")
    assert "Director" in response.content.decode()


@pytest.mark.parametrize("persona", ["staff", "officer", "manager", "outsider"])
def test_a_user_with_no_member_record_gets_a_friendly_my_page(client: Client, world: World, persona: str) -> None:
    response = get(client, getattr(world, persona), "members:me")
    assert response.status_code == 200
    assert "members/me_no_person.html" in [t.name for t in response.templates]
    assert reverse("federation:figures") in response.content.decode()


def test_an_officer_without_a_member_record_is_offered_the_register_from_my_page(client: Client, world: World) -> None:
    response = get(client, world.officer, "members:me")
    assert reverse("members:register", args=["cwc"]) in response.content.decode()


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_from_my_page(client: Client, world: World) -> None:
    response = client.get(reverse("members:me"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_page_renders_in_japanese_by_default(client: Client, world: World) -> None:
    client.force_login(world.member)
    response = client.get(reverse("members:me"))
    assert response.status_code == 200
    assert '<html lang="ja">' in response.content.decode()


# The register ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "support"])
def test_officers_auditors_and_centre_staff_open_the_register(client: Client, world: World, persona: str) -> None:
    assert get(client, getattr(world, persona), "members:register", "cwc").status_code == 200


@pytest.mark.parametrize("persona", ["staff", "outsider", "member"])
def test_federation_staff_outsiders_and_members_get_404_for_the_register(
    client: Client, world: World, persona: str
) -> None:
    assert get(client, getattr(world, persona), "members:register", "cwc").status_code == 404


def test_the_register_of_an_unknown_coop_is_404(client: Client, world: World) -> None:
    assert get(client, world.officer, "members:register", "nowhere").status_code == 404


def test_an_officer_sees_everyone_in_the_coop_register(client: Client, world: World) -> None:
    response = get(client, world.officer, "members:register", "cwc")
    listed = {row["person"].pk for row in response.context["rows"]}
    assert listed == {world.member_person.pk, world.nara_person.pk}


def test_a_centre_manager_sees_only_the_people_of_their_centre(client: Client, world: World) -> None:
    response = get(client, world.manager, "members:register", "cwc")
    listed = {row["person"].pk for row in response.context["rows"]}
    assert listed == {world.member_person.pk}
    assert world.nara_person.full_name not in response.content.decode()


@pytest.mark.parametrize(
    "query", ["小林", "コバヤシ", "ハナコ", "小林 花子", "C0000001", "こばやし", "ｺﾊﾞﾔｼ", "Ｃ００００００１"]
)
def test_the_register_finds_a_person_by_name_kana_or_member_number(client: Client, world: World, query: str) -> None:
    response = get(client, world.officer, "members:register", "cwc", q=query)
    assert [row["person"].pk for row in response.context["rows"]] == [world.member_person.pk]


def test_the_register_lists_only_members_on_a_chosen_date(client: Client, world: World) -> None:
    # The Ajisai member joined in 2010, the Nara member in 2000.
    response = get(client, world.officer, "members:register", "cwc", as_of="2005-01-01")
    assert [row["person"].pk for row in response.context["rows"]] == [world.nara_person.pk]
    assert "1 person was a member on" in response.content.decode()


def test_the_register_is_paginated_and_keeps_the_search_in_page_links(client: Client, world: World) -> None:
    add_ajisai_people(world, 55)
    response = get(client, world.officer, "members:register", "cwc", q="一郎")
    assert response.context["page"].paginator.count == 55
    assert len(response.context["rows"]) == 50
    assert "q=%E4%B8%80%E9%83%8E&amp;page=2" in response.content.decode()
    second = get(client, None, "members:register", "cwc", q="一郎", page="2")
    assert len(second.context["rows"]) == 5


def test_an_auditor_sees_the_register_without_any_way_to_change_it(client: Client, world: World) -> None:
    page = get(client, world.auditor, "members:register", "cwc").content.decode()
    assert reverse("members:person_create", args=["cwc"]) not in page
    assert reverse("members:import", args=["cwc"]) not in page


def test_an_officer_is_offered_to_add_and_import_people(client: Client, world: World) -> None:
    page = get(client, world.officer, "members:register", "cwc").content.decode()
    assert reverse("members:person_create", args=["cwc"]) in page
    assert reverse("members:import", args=["cwc"]) in page


def test_the_register_issues_the_same_number_of_queries_however_many_people(
    client: Client, world: World, django_assert_max_num_queries
) -> None:
    client.force_login(world.manager)
    url = reverse("members:register", args=["cwc"])
    # Thirteen with the navigation's one look-up of the user's own participant file (inclusion's links); the
    # same count with 1 or 41 people is what this test is for.
    with django_assert_max_num_queries(13) as few:
        client.get(url)
    add_ajisai_people(world, 40)
    with django_assert_max_num_queries(13) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 41
    assert len(many.captured_queries) == len(few.captured_queries)


# A person ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "support", "member"])
def test_the_page_of_an_ajisai_member_opens_for_those_who_reach_them(
    client: Client, world: World, persona: str
) -> None:
    response = get(client, getattr(world, persona), "members:person", "cwc", world.member_person.pk)
    assert response.status_code == 200
    assert world.member_person.full_name in response.content.decode()


@pytest.mark.parametrize("persona", ["staff", "outsider"])
def test_federation_staff_and_outsiders_get_404_for_a_person_page(client: Client, world: World, persona: str) -> None:
    assert get(client, getattr(world, persona), "members:person", "cwc", world.member_person.pk).status_code == 404


def test_a_member_sees_only_themself(client: Client, world: World) -> None:
    assert get(client, world.member, "members:person", "cwc", world.member_person.pk).status_code == 200
    assert get(client, None, "members:person", "cwc", world.nara_person.pk).status_code == 404
    assert get(client, None, "members:person", "other", world.other_person.pk).status_code == 404


def test_a_centre_manager_gets_404_for_a_person_of_another_centre(client: Client, world: World) -> None:
    assert get(client, world.manager, "members:person", "cwc", world.nara_person.pk).status_code == 404


def test_a_person_page_under_the_wrong_coop_is_404(client: Client, world: World) -> None:
    assert get(client, world.officer, "members:person", "other", world.member_person.pk).status_code == 404


def test_a_person_page_shows_memberships_offices_contracts_and_work(client: Client, world: World) -> None:
    response = get(client, world.officer, "members:person", "cwc", world.nara_person.pk, as_of="2015-03-31")
    page = response.content.decode()
    assert "C0000002" in page
    assert "Director" in page
    assert world.west_nara.name in page
    assert "40:00" in page  # 2,400 contracted minutes a week


def test_an_officer_is_offered_every_change_on_a_person_page(client: Client, world: World) -> None:
    page = get(client, world.officer, "members:person", "cwc", world.member_person.pk).content.decode()
    for name in ("person_edit", "officer_term_create", "contract_create", "work_record_create"):
        assert reverse(f"members:{name}", args=["cwc", world.member_person.pk]) in page
    membership = world.member_person.memberships.get()
    for name in ("membership_edit", "membership_end"):
        assert reverse(f"members:{name}", args=["cwc", world.member_person.pk, membership.pk]) in page
    # Already a member: admitting them again is not offered.
    assert reverse("members:membership_create", args=["cwc", world.member_person.pk]) not in page


def test_a_person_who_is_not_a_member_can_be_admitted_from_their_page(client: Client, world: World) -> None:
    person = Person.objects.create(coop=world.cwc, family_name="森", given_name="守")
    page = get(client, world.officer, "members:person", "cwc", person.pk).content.decode()
    assert reverse("members:membership_create", args=["cwc", person.pk]) in page


def test_a_person_page_offers_the_months_of_their_latest_work(client: Client, world: World) -> None:
    response = get(client, world.officer, "members:person", "cwc", world.member_person.pk, as_of="2020-06-30")
    assert response.context["last_worked"] == dt.date(2015, 3, 2)
    assert "as_of=2015-03-02" in response.content.decode()


def test_an_auditor_and_a_member_see_no_edit_links_on_a_person_page(client: Client, world: World) -> None:
    for user in (world.auditor, world.member):
        page = get(client, user, "members:person", "cwc", world.member_person.pk).content.decode()
        assert "/edit/" not in page
        assert "/new/" not in page


def test_special_care_data_is_shown_to_a_support_worker_and_the_reading_is_logged(client: Client, world: World) -> None:
    services.special_care_record_add(
        actor=None,
        person=world.member_person,
        category="mental_disability",
        note="Prefers morning shifts",
        recorded_on=dt.date(2014, 4, 1),
    )
    before = AuditEvent.objects.filter(action="members.special_care.viewed").count()
    page = get(client, world.support, "members:person", "cwc", world.member_person.pk).content.decode()
    assert "Mental disability" in page
    assert "Prefers morning shifts" in page
    assert AuditEvent.objects.filter(action="members.special_care.viewed").count() == before + 1


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "member"])
def test_others_see_no_sign_of_special_care_data(client: Client, world: World, persona: str) -> None:
    services.special_care_record_add(
        actor=None, person=world.member_person, category="mental_disability", recorded_on=dt.date(2014, 4, 1)
    )
    page = get(client, getattr(world, persona), "members:person", "cwc", world.member_person.pk).content.decode()
    assert "Mental disability" not in page
    assert "special-care" not in page.lower()
    assert not AuditEvent.objects.filter(action="members.special_care.viewed").exists()


def test_a_person_page_issues_the_same_number_of_queries_however_much_is_recorded(
    client: Client, world: World, django_assert_max_num_queries
) -> None:
    client.force_login(world.officer)
    url = reverse("members:person", args=["cwc", world.member_person.pk])
    with django_assert_max_num_queries(16) as few:
        client.get(url, {"as_of": "2015-03-31"})
    for day in range(1, 29):
        WorkRecord.objects.create(
            coop=world.cwc,
            person=world.member_person,
            centre=world.west_nara,
            business_line=world.cleaning,
            worked_on=dt.date(2015, 2, day),
            worked_minutes=300,
        )
    LabourContract.objects.create(
        coop=world.cwc,
        person=world.member_person,
        centre=world.west_nara,
        started_on=dt.date(2014, 4, 1),
        contracted_minutes_per_week=600,
    )
    OfficerTerm.objects.create(
        coop=world.cwc, person=world.member_person, role="auditor", started_on=dt.date(2014, 6, 1)
    )
    with django_assert_max_num_queries(16) as many:
        response = client.get(url, {"as_of": "2015-03-31"})
    assert len(response.context["recent_work"]) == 20
    assert len(many.captured_queries) == len(few.captured_queries)
