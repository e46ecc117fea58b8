"""Bad input is refused with a reason, never a server error (issue 13 item 14); nothing is saved in any case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tomoni.core.errors import TomoniError
from tomoni.core.models import ImportStatus
from tomoni.members import services
from tomoni.members.models import Person
from tomoni.members.tests.test_import import PEOPLE_CSV, job_page, upload
from tomoni.testing import World
from tomoni.work import services as work_services
from tomoni.work import testing as work_testing


def api(world: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.officer)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def people_count() -> int:
    return Person.objects.count()


def test_a_utf8_mark_followed_by_shift_jis_bytes_is_refused_as_unreadable(client: Client, world: World) -> None:
    before = people_count()
    page = job_page(
        client, upload(client, world.officer, "people", b"\xef\xbb\xbf" + PEOPLE_CSV.encode("cp932"), "people.csv")
    )
    assert page.context["job"].status == ImportStatus.REFUSED
    assert "could not be read" in page.content.decode()
    assert people_count() == before


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_a_nul_byte_in_a_cell_is_refused_with_its_row(client: Client, world: World, encoding: str) -> None:
    before = people_count()
    data = PEOPLE_CSV.replace("佐藤", "佐\x00藤").encode(encoding)
    page = job_page(client, upload(client, world.officer, "people", data, "people.csv"))
    assert page.context["job"].status == ImportStatus.REFUSED
    assert "Row 2 holds a NUL character" in page.content.decode()
    assert people_count() == before


def test_an_email_over_254_characters_is_a_400_through_the_api(world: World) -> None:
    before = people_count()
    email = "a" * 250 + "@example.jp"
    response = api(world).post(
        "/api/v1/coops/cwc/people/", {"family_name": "長", "given_name": "太郎", "email": email}, format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert people_count() == before


@pytest.mark.parametrize("name", ["山田\r\n太郎", "山田\n", "\x00山田", "山\t田"])
def test_a_name_with_a_line_break_or_control_character_is_refused(world: World, name: str) -> None:
    with pytest.raises(TomoniError) as refused:
        services.person_create(actor=world.officer, coop=world.cwc, family_name=name, given_name="太郎")
    assert refused.value.field == "family_name"
    with pytest.raises(TomoniError):
        services.person_update(actor=world.officer, person=world.nara_person, given_name=name)


def test_the_api_refuses_a_name_with_a_line_break(world: World) -> None:
    response = api(world).post(
        "/api/v1/coops/cwc/people/", {"family_name": "山田\r\nX", "given_name": "太郎"}, format="json"
    )
    assert response.status_code == 400
    assert "family_name" in response.json()["errors"]


def test_a_roster_calendar_of_a_name_stored_with_a_line_break_still_opens(world: World) -> None:
    staffed = work_testing.staffed_centre(world)
    roster = work_services.roster_create(actor=world.manager, centre=world.ajisai, month=dt.date(2015, 3, 1))
    work_services.assignment_set(
        actor=world.manager, roster=roster, person=world.member_person, on_date=dt.date(2015, 3, 2),
        shift_type=staffed.shifts.early,
    )  # fmt: skip
    Person.objects.filter(pk=world.member_person.pk).update(family_name="小林\r\nX-INJECTED:1")
    client = Client()
    client.force_login(world.manager)

    response = client.get(
        reverse("work:roster_person_calendar", args=["cwc", "ajisai", roster.pk, world.member_person.pk])
    )

    assert response.status_code == 200
    assert b"\r\nX-INJECTED" not in response.content


@pytest.mark.parametrize(
    "path", ["/api/v1/coops/cwc/people/abc/", "/api/v1/coops/cwc/people/1e3/memberships/", "/api/v1/nowhere/"]
)
def test_a_url_no_api_route_matches_is_a_json_404(world: World, path: str) -> None:
    response = api(world).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_url_that_matches_nothing_is_still_the_html_404(client: Client, world: World) -> None:
    response = client.get("/coops/cwc/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
