"""Every URL of the project, pages and API alike, is a 404 for an outsider from another coop.

The test walks the URL resolver, so a new URL is checked the day it is added: its keyword arguments
are filled with real CWC objects (a CWC insider must reach it, or the filling is wrong), and a URL
with an argument this file cannot fill, or a URL without arguments that nobody has classified
below, fails the test until someone says what it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from tomoni.core.models import AuditEvent, ImportJob
from tomoni.members.models import LabourContract, OfficerTerm, WorkRecord
from tomoni.testing import World, context_hooks

# Whole subtrees this test leaves to others: the operators' admin, allauth's account pages,
# the language switch, and the API's schema and docs (public descriptions, no data).
EXCLUDED_PREFIXES = ("operator/", "accounts/", "i18n/", "api/v1/schema/", "api/v1/docs/")

# URLs without arguments, by what an outsider (an officer of another coop) may get there:
PUBLIC = {"home", "federation:figures", "api-federation-figures", "api-auth-token", "api-business-lines"}
# ... the installable app's manifest and service worker: the same files for everyone, no data in them.
PUBLIC |= {"manifest", "service_worker"}
# ... their own things: 200 allowed, but nothing of CWC's may show.
OWN_ONLY = {"members:me", "api-me", "api-coops", "api-auth-token-current"}
# ... nothing at all: the federation's overview is for federation staff.
NOT_FOUND = {"federation:overview", "api-federation-coops"}
# Each later context classifies its own URLs in its tomoni/<app>/testing.py (see tomoni.testing.context_hooks).
for _hooks in context_hooks():
    PUBLIC |= set(getattr(_hooks, "PUBLIC", ()))
    OWN_ONLY |= set(getattr(_hooks, "OWN_ONLY", ()))
    NOT_FOUND |= set(getattr(_hooks, "NOT_FOUND", ()))

# Keyword arguments named for an object other than the model of the same name.
ALIASES = {"term": OfficerTerm, "contract": LabourContract, "record": WorkRecord}
# Keyword arguments that are not objects: one valid value each.
VALUES: dict[str, str] = {"kind": "people", "fmt": "csv", "format": "json"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
            continue
        assert isinstance(pattern, URLPattern)
        if route.lstrip("^").startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern.pattern, RoutePattern):
            kwargs = tuple(pattern.pattern.converters)
        else:
            assert isinstance(pattern.pattern, RegexPattern)
            kwargs = tuple(pattern.pattern.regex.groupindex)
        name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
        yield Route(name=name, route=route, kwargs=kwargs)


ROUTES = list(_walk(get_resolver().url_patterns))


def _model_for(kwarg: str) -> type[models.Model] | None:
    stem = kwarg.removesuffix("_id")
    if stem in ALIASES:
        return ALIASES[stem]
    wanted = stem.replace("_", "")
    for model in apps.get_models():
        if model._meta.app_label in {"core", "federation", "members"} and model._meta.model_name == wanted:
            return model
    return None


def _fill(route: Route, world: World) -> dict[str, Any]:
    """Real CWC values for each keyword argument, all about the Ajisai member where there is a choice."""
    person = world.member_person
    given: dict[str, Any] = getattr(world, "url_values", {})
    filled: dict[str, Any] = {}
    for kwarg in route.kwargs:
        if kwarg in given:
            filled[kwarg] = given[kwarg]
        elif kwarg == "code":
            filled[kwarg] = world.cwc.code
        elif kwarg == "centre_code":
            filled[kwarg] = world.ajisai.code
        elif kwarg == "person_id":
            filled[kwarg] = person.pk
        elif kwarg in VALUES:
            filled[kwarg] = VALUES[kwarg]
        elif kwarg.endswith("_id") and (model := _model_for(kwarg)) is not None:
            rows = model._default_manager.filter(coop=world.cwc)
            if any(f.name == "person" for f in model._meta.get_fields()):
                rows = rows.filter(person=person)
            row = rows.order_by("pk").first()
            assert row is not None, f"{route.route}: no CWC {model.__name__} of the Ajisai member to fill {kwarg}"
            filled[kwarg] = row.pk
        else:
            pytest.fail(f"{route.route} ({route.name}): teach this test to fill the argument {kwarg!r}")
    return filled


@pytest.fixture
def cwc_world(world: World) -> World:
    """The test world, with one of each row the URLs name for the Ajisai member."""
    OfficerTerm.objects.create(
        coop=world.cwc, person=world.member_person, role="director", started_on=dt.date(2014, 6, 1)
    )
    # An import the CWC officer started (an import job is seen only by the person who started it).
    job = ImportJob.objects.create(coop=world.cwc, kind="people", filename="people.csv", started_by=world.officer)
    values: dict[str, Any] = {"job_id": job.pk}
    for hooks in context_hooks():
        values.update(hooks.url_values(world))
    world.url_values = values  # type: ignore[attr-defined]
    return world


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(route: Route, world: World) -> str:
    assert route.name, f"{route.route} has no name: name it so it can be reversed and checked"
    return reverse(route.name, kwargs=_fill(route, world))


def _insiders(world: World) -> list[Any]:
    return [world.officer, world.manager, world.support, world.auditor, world.member]


CWC_SECRETS = ("C0000001", "C0000002", "小林", "奈良 太郎", "コバヤシ", "ajisai", "west-nara")


def test_every_url_was_found() -> None:
    names = {route.name for route in ROUTES}

    assert {"federation:coop", "members:person", "api-person"} <= names


def test_every_url_without_arguments_is_classified() -> None:
    unclassified = [
        route.route for route in ROUTES if not route.kwargs and route.name not in PUBLIC | OWN_ONLY | NOT_FOUND
    ]

    assert not unclassified, f"say in test_urls_outsider.py what an outsider may see at {unclassified}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwargs], ids=str)
def test_an_outsider_gets_404_for_every_cwc_url(route: Route, cwc_world: World) -> None:
    url = _url(route, cwc_world)
    reached = [_client(user).get(url).status_code for user in _insiders(cwc_world)]
    assert any(code != 404 for code in reached), f"{url}: no CWC insider reaches it, so the filling is wrong"
    events_before = AuditEvent.objects.count()
    outsider = _client(cwc_world.outsider)

    got = outsider.get(url).status_code
    posted = outsider.post(url, {}, content_type="application/json") if url.startswith("/api/") else outsider.post(url)

    assert got == 404 or (got == 405 and posted.status_code == 404), f"GET {url} gave an outsider {got}"
    assert posted.status_code in {404, 405}, f"POST {url} gave an outsider {posted.status_code}"
    assert AuditEvent.objects.count() == events_before, f"an outsider's POST to {url} wrote something"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwargs or r.name not in PUBLIC], ids=str)
def test_an_anonymous_visitor_never_gets_a_page_of_cwc(route: Route, cwc_world: World) -> None:
    url = _url(route, cwc_world)

    response = _client(None).get(url)

    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login")), f"{url} sent a visitor elsewhere"
    else:
        assert response.status_code in {401, 403, 404}, f"GET {url} gave a visitor {response.status_code}"


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.kwargs and r.name in NOT_FOUND], ids=str)
def test_an_outsider_gets_404_for_the_federation_pages(route: Route, cwc_world: World) -> None:
    assert _client(cwc_world.outsider).get(reverse(route.name)).status_code == 404


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.kwargs and r.name in OWN_ONLY], ids=str)
def test_an_outsiders_own_pages_show_nothing_of_cwc(route: Route, cwc_world: World) -> None:
    response = _client(cwc_world.outsider).get(reverse(route.name))

    assert response.status_code in {200, 404}
    body = response.content.decode()
    leaked = [secret for secret in CWC_SECRETS if secret in body]
    assert not leaked, f"{reverse(route.name)} shows an outsider {leaked}"
