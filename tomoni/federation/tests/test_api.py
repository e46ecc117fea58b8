"""The registry's REST API: token issuance, the public figures, and coops, regions and centres by persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.models import Grant, Role, User
from tomoni.federation.models import Centre, Region
from tomoni.members.models import Membership, Person
from tomoni.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    """Throttles and lockouts count in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def client_for(user: User | None = None, *, language: str = "ja") -> APIClient:
    """An API client sending the user's token, as a script would."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# Token issuance ----------------------------------------------------------------------------------------


def test_a_member_gets_a_token_with_their_member_number_and_password(world: World) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"username": "C0000001", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=world.member).key


def test_an_officer_gets_a_token_with_their_email_address(world: World) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer@example.jp", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=world.officer).key


def test_the_token_authenticates_later_requests(world: World) -> None:
    token = APIClient().post("/api/v1/auth/token/", {"username": "officer", "password": PASSWORD}, format="json")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert client.get("/api/v1/coops/").json()["results"][0]["code"] == "cwc"


def test_a_wrong_password_gets_no_token(world: World) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"username": "officer", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Token.objects.exists()


def test_a_token_request_without_a_password_names_the_field(world: World) -> None:
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post("/api/v1/auth/token/", {"username": "officer"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["password"] == ["This field is required."]


def test_repeated_failures_lock_the_account_out_of_the_api(world: World, settings) -> None:
    for _ in range(settings.LOGIN_FAILURES if hasattr(settings, "LOGIN_FAILURES") else 5):
        APIClient().post("/api/v1/auth/token/", {"username": "officer", "password": "wrong"}, format="json")
    response = APIClient().post("/api/v1/auth/token/", {"username": "officer", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert not Token.objects.exists()


def test_token_requests_are_throttled_per_address(world: World) -> None:
    codes = [
        APIClient().post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}, format="json").status_code
        for _ in range(25)
    ]
    assert codes[-1] == 429


def test_an_account_with_two_factor_authentication_needs_its_code(world: World) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value, yield_hotp_counters_from_time

    secret = generate_totp_secret()
    TOTP.activate(world.officer, secret)
    without = APIClient().post("/api/v1/auth/token/", {"username": "officer", "password": PASSWORD}, format="json")
    assert without.status_code == 400
    assert "code" in without.json()["errors"]
    wrong = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": PASSWORD, "code": "000000"}, format="json"
    )
    assert wrong.status_code == 400
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    right = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": PASSWORD, "code": code}, format="json"
    )
    assert right.status_code == 200
    assert right.json()["token"] == Token.objects.get(user=world.officer).key


def test_a_request_without_a_token_is_unauthorised(world: World) -> None:
    assert APIClient().get("/api/v1/coops/").status_code == 401


def test_a_bad_token_is_unauthorised(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/coops/").status_code == 401


# Figures --------------------------------------------------------------------------------------------------


def test_the_figures_are_public(world: World) -> None:
    response = APIClient().get("/api/v1/federation/figures/?as_of=2015-03-31")
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2015-03-31"
    assert body["member_societies"] == 1
    assert body["individual_members"] == 3
    assert body["worker_members"] == 3
    assert body["consumer_members"] == 0
    assert body["cwc_regions"] == 1
    assert body["cwc_centres"] == 2
    assert body["cwc_members"] == 2
    assert body["coops_by_kind"]["worker_coop"] == 1
    assert body["members_by_kind"]["worker"] == 3


def test_the_figures_answer_as_of_a_date(world: World) -> None:
    body = APIClient().get("/api/v1/federation/figures/?as_of=2000-12-31").json()
    assert body["individual_members"] == 1  # only the West Nara member had joined
    assert body["cwc_members"] == 1
    assert body["member_societies"] == 1
    assert APIClient().get("/api/v1/federation/figures/?as_of=1999-12-31").json()["member_societies"] == 0


def test_the_figures_default_to_today(world: World) -> None:
    from tomoni.core import clock

    body = APIClient().get("/api/v1/federation/figures/").json()
    assert body["as_of"] == clock.today().isoformat()


def test_a_bad_as_of_date_is_refused_in_japanese_by_default(world: World) -> None:
    response = APIClient().get("/api/v1/federation/figures/?as_of=31-03-2015")
    assert response.status_code == 400
    (message,) = response.json()["errors"]["as_of"]
    assert "日付の形式が違います" in message


def test_a_bad_as_of_date_is_refused_in_english_when_asked(world: World) -> None:
    response = client_for(language="en").get("/api/v1/federation/figures/?as_of=2015-02-30")
    assert response.status_code == 400
    assert response.json()["errors"]["as_of"][0].startswith("Date has wrong format.")


def test_the_figures_cost_the_same_queries_however_many_members(world: World, django_assert_max_num_queries) -> None:
    for n in range(30):
        person = Person.objects.create(coop=world.cwc, family_name="山田", given_name=f"{n}")
        Membership.objects.create(
            coop=world.cwc, person=person, kind="worker", member_number=f"X{n:05d}", joined_on=dt.date(2014, 4, 1)
        )
    # Nine, whatever the number of members: the eighth sums the books' kept summaries, the ninth counts the
    # work-integration path (inclusion's figures), one aggregate each.
    with django_assert_max_num_queries(9):
        assert APIClient().get("/api/v1/federation/figures/?as_of=2015-03-31").json()["cwc_members"] == 32


# Federation staff: aggregates only ------------------------------------------------------------------------


def test_federation_staff_see_each_coop_with_its_member_count(world: World) -> None:
    response = client_for(world.staff).get("/api/v1/federation/coops/?as_of=2015-03-31")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert rows["cwc"]["member_count"] == 2
    assert rows["other"]["member_count"] == 1
    assert set(rows["cwc"]) == {"code", "name", "kind", "directly_controlled", "member_count"}


def test_federation_staff_read_no_coop_register(world: World) -> None:
    client = client_for(world.staff)
    assert client.get("/api/v1/coops/").json()["results"] == []
    assert client.get("/api/v1/coops/cwc/").status_code == 404
    assert client.get("/api/v1/coops/cwc/people/").status_code == 404
    assert client.get(f"/api/v1/coops/cwc/people/{world.member_person.pk}/").status_code == 404


def test_coop_officers_get_404_for_the_federation_aggregates(world: World) -> None:
    assert client_for(world.officer).get("/api/v1/federation/coops/").status_code == 404


# Business lines -----------------------------------------------------------------------------------------------


def test_business_lines_are_public_reference_data(world: World) -> None:
    body = APIClient().get("/api/v1/business-lines/").json()
    assert [line["code"] for line in body["results"]] == ["elderly-care", "cleaning"]


# Coops, regions, centres ------------------------------------------------------------------------------------------


def test_an_officer_lists_and_reads_their_coop(world: World) -> None:
    client = client_for(world.officer)
    assert [c["code"] for c in client.get("/api/v1/coops/").json()["results"]] == ["cwc"]
    coop = client.get("/api/v1/coops/cwc/").json()
    assert coop["kind"] == "worker_coop"
    assert coop["directly_controlled"] is True


def test_an_officer_gets_404_for_another_coop(world: World) -> None:
    assert client_for(world.officer).get("/api/v1/coops/other/").status_code == 404


def test_an_auditor_reads_the_coop(world: World) -> None:
    assert client_for(world.auditor).get("/api/v1/coops/cwc/").status_code == 200


def test_an_officer_lists_every_region_and_centre_of_the_coop(world: World) -> None:
    client = client_for(world.officer)
    assert [r["code"] for r in client.get("/api/v1/coops/cwc/regions/").json()["results"]] == ["kanto"]
    centres = client.get("/api/v1/coops/cwc/centres/").json()["results"]
    assert [c["code"] for c in centres] == ["ajisai", "west-nara"]
    assert centres[0]["business_lines"] == ["elderly-care"]
    assert centres[0]["region"] == "kanto"
    assert centres[1]["region"] is None


def test_a_centre_manager_sees_only_their_centre_and_its_region(world: World) -> None:
    client = client_for(world.manager)
    assert client.get("/api/v1/coops/").json()["results"] == []  # no coop-wide grant
    assert client.get("/api/v1/coops/cwc/").status_code == 404
    assert [c["code"] for c in client.get("/api/v1/coops/cwc/centres/").json()["results"]] == ["ajisai"]
    assert [r["code"] for r in client.get("/api/v1/coops/cwc/regions/").json()["results"]] == ["kanto"]
    assert client.get("/api/v1/coops/cwc/centres/ajisai/").json()["name"] == world.ajisai.name
    assert client.get("/api/v1/coops/cwc/centres/west-nara/").status_code == 404


def test_a_centre_does_not_show_special_care_data(world: World) -> None:
    body = client_for(world.support).get("/api/v1/coops/cwc/centres/ajisai/").json()
    assert not any("special" in key or "care" in key for key in body)


def test_the_centre_list_costs_the_same_queries_however_many_centres(
    world: World, django_assert_max_num_queries
) -> None:
    region = Region.objects.create(coop=world.cwc, code="tohoku", name="東北", opened_on=dt.date(2000, 1, 1))
    for n in range(30):
        Centre.objects.create(
            coop=world.cwc,
            region=region,
            code=f"c{n}",
            name=f"事業所{n}",
            prefecture_code="04",
            municipality="仙台市",
            opened_on=dt.date(2001, 1, 1),
        )
    client = client_for(world.officer)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/coops/cwc/centres/?limit=100").json()
    assert body["count"] == 32


def test_a_region_manager_reaches_the_centres_of_their_region(world: World) -> None:
    regional = User.objects.create_user(username="regional", password=PASSWORD)
    Grant.objects.create(user=regional, role=Role.CENTRE_MANAGER, coop=world.cwc, region=world.region)
    client = client_for(regional)
    assert [c["code"] for c in client.get("/api/v1/coops/cwc/centres/").json()["results"]] == ["ajisai"]
    assert client.get("/api/v1/coops/cwc/centres/west-nara/").status_code == 404


def test_lists_are_paginated_by_limit_and_offset(world: World) -> None:
    body = client_for(world.officer).get("/api/v1/coops/cwc/centres/?limit=1&offset=1").json()
    assert body["count"] == 2
    assert [c["code"] for c in body["results"]] == ["west-nara"]
    assert body["previous"] is not None
