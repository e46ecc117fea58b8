"""Every API endpoint, found from the URL resolver, is a 404 for anyone without a grant on CWC's objects.

New endpoints are covered automatically: a URL keyword this test cannot fill fails it, asking for a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.models import User
from tomoni.testing import World, context_hooks

pytestmark = pytest.mark.django_db

API_PREFIX = "api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def api_routes() -> list[tuple[str, URLPattern]]:
    """Every URL pattern under /api/v1/, as (route, pattern)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    return [(route, p) for route, p in walk(get_resolver().url_patterns, "") if route.startswith(API_PREFIX)]


# The schema and its viewer describe the API (prefecture names such as 奈良県 among the choices), not data.
PUBLIC_DOCUMENTS = {API_PREFIX + "schema/", API_PREFIX + "docs/"}


def cwc_kwargs(world: World) -> dict[str, object]:
    """A value for each URL keyword, naming an object of CWC; nested objects belong to their parents."""
    person = world.nara_person  # has a membership, a contract and a term of office
    return {
        "code": world.cwc.code,
        "centre_code": world.west_nara.code,
        "person_id": person.pk,
        "membership_id": person.memberships.get().pk,
        "term_id": person.officer_terms.get().pk,
        "contract_id": person.labour_contracts.get().pk,
        "record_id": world.member_person.work_records.get().pk,
    } | _context_values(world)


def _context_values(world: World) -> dict[str, object]:
    """The values each later context names for its own URL keywords (tomoni/<app>/testing.py)."""
    values: dict[str, object] = {}
    for hooks in context_hooks():
        values.update(hooks.url_values(world))
    return values


def member_routes() -> set[str]:
    """API routes a CWC worker member may reach about their own coop (a meeting to vote in, say)."""
    return {route for hooks in context_hooks() for route in getattr(hooks, "API_MEMBER_ROUTES", ())}


def fill(route: str, values: dict[str, object]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"add a CWC value for the URL keyword {name!r} to cwc_kwargs()"
        return str(values[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


def methods_of(pattern: URLPattern) -> list[str]:
    view_class = getattr(pattern.callback, "view_class", None)
    assert view_class is not None, f"{pattern} is not a class-based API view"
    return [m for m in METHODS if hasattr(view_class, m)]


def client_for(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_resolver_finds_every_object_endpoint() -> None:
    routes = [route for route, _ in api_routes() if "<" in route]
    assert len(routes) >= 15
    assert "api/v1/coops/<slug:code>/people/<int:person_id>/" in routes


@pytest.mark.parametrize("persona", ["outsider", "member", "staff"])
def test_every_object_endpoint_of_cwc_is_404_without_a_grant_on_it(world: World, persona: str) -> None:
    """An officer of another coop, a member (who gets only /me/) and federation staff (aggregates only)."""
    client = client_for(getattr(world, persona))
    values = cwc_kwargs(world)
    checked = 0
    for route, pattern in api_routes():
        if "<" not in route or (persona == "member" and route in member_routes()):
            continue
        url = fill(route, values)
        for method in methods_of(pattern):
            response = getattr(client, method)(url, {}, format="json") if method != "get" else client.get(url)
            assert response.status_code == 404, f"{persona} {method.upper()} {url} → {response.status_code}"
            checked += 1
    assert checked >= 25


def test_every_object_endpoint_is_found_by_an_officer_of_cwc(world: World) -> None:
    """The same URLs are real: CWC's officer reads each of them, so the 404s above are about grants."""
    client = client_for(world.officer)
    values = cwc_kwargs(world)
    for route, pattern in api_routes():
        if "<" not in route or "get" not in methods_of(pattern):
            continue
        url = fill(route, values)
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["outsider", "member", "staff"])
def test_no_list_leaks_cwc_data_to_someone_without_a_grant_on_it(world: World, persona: str) -> None:
    client = client_for(getattr(world, persona))
    secrets = [
        world.member_person.family_name,
        world.nara_person.family_name,
        "C0000002",
        world.ajisai.code,
        world.west_nara.code,
        world.region.code,
    ]
    if persona == "member":
        secrets = [world.nara_person.family_name, "C0000002", world.west_nara.code]  # their own record is theirs
    for route, pattern in api_routes():
        if "<" in route or "get" not in methods_of(pattern) or route in PUBLIC_DOCUMENTS:
            continue
        response = client.get("/" + route)
        assert response.status_code < 500, route
        content = response.content.decode()
        for secret in secrets:
            assert secret not in content, f"{persona} sees {secret!r} at /{route}"
    assert world.cwc.code not in [c["code"] for c in client.get("/api/v1/coops/").json()["results"]]
