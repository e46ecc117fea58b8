"""The committed OpenAPI schema (openapi.yaml) is what the code generates, and real responses match it.

Regenerate it after changing the API with:

    .venv/bin/python manage.py spectacular --file openapi.yaml --validate --lang en --fail-on-warn

(in English, so the schema does not change when the Japanese catalogue does).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.models import User
from tomoni.federation.tests.test_api_scope import api_routes, cwc_kwargs, fill, methods_of
from tomoni.testing import PASSWORD, World

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_the_committed_schema_is_what_the_code_generates(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    GENERATOR_STATS.reset()
    call_command("spectacular", file=str(generated), validate=True, lang="en", fail_on_warn=True)
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "openapi.yaml is stale: regenerate it (see this module's docstring) and commit it"
    )


def test_every_api_route_is_in_the_schema(schema: dict[str, Any]) -> None:
    documented = set(schema["paths"])
    for route, pattern in api_routes():
        if route in (f"api/v1/{name}/" for name in ("schema", "docs")):
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        assert path in documented, path
        for method in methods_of(pattern):
            assert method in schema["paths"][path], f"{method.upper()} {path}"


# Real responses against the schema ------------------------------------------------------------------------


def _strict(node: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema: `nullable` becomes a null alternative; objects allow no undocumented keys."""
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _strict(value) for key, value in node.items()}
    if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def assert_matches(schema: dict[str, Any], path: str, method: str, status: int, body: Any) -> None:
    """The body is exactly what the schema documents for this operation and status."""
    operation = schema["paths"][path][method]
    assert str(status) in operation["responses"], f"{method.upper()} {path} does not document {status}"
    response_schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    document = {**_strict(response_schema), "components": _strict(copy.deepcopy(schema["components"]))}
    jsonschema.validate(body, document, format_checker=jsonschema.FormatChecker())


def client_for(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
def test_every_read_endpoint_answers_as_its_schema_says(world: World, schema: dict[str, Any]) -> None:
    values = cwc_kwargs(world)
    persona = {"/api/v1/me/": world.member, "/api/v1/federation/coops/": world.staff}
    checked = 0
    for route, pattern in api_routes():
        if route in ("api/v1/schema/", "api/v1/docs/") or "get" not in methods_of(pattern):
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        # A member's own routes are read as that member, the federation's aggregates as federation staff.
        default = world.member if path.startswith("/api/v1/me/") else world.officer
        user = persona.get(path, world.staff if path.startswith("/api/v1/federation/") else default)
        response = client_for(user).get(fill(route, values))
        assert response.status_code == 200, path
        body = response.json()
        if "results" in body:
            assert body["results"], f"{path} lists nothing, so its items were not checked"
        assert_matches(schema, path, "get", 200, body)
        checked += 1
    assert checked >= 15


@pytest.mark.django_db
def test_writes_and_refusals_answer_as_the_schema_says(world: World, schema: dict[str, Any]) -> None:
    officer = client_for(world.officer)
    token = APIClient().post("/api/v1/auth/token/", {"username": "officer", "password": PASSWORD}, format="json")
    assert_matches(schema, "/api/v1/auth/token/", "post", 200, token.json())

    people = "/api/v1/coops/{code}/people/"
    created = officer.post("/api/v1/coops/cwc/people/", {"family_name": "田中", "given_name": "一郎"}, format="json")
    assert_matches(schema, people, "post", 201, created.json())
    refused = officer.post("/api/v1/coops/cwc/people/", {"given_name": "一郎"}, format="json")
    assert_matches(schema, people, "post", 400, refused.json())
    forbidden = client_for(world.auditor).post("/api/v1/coops/cwc/people/", {}, format="json")
    assert_matches(schema, people, "post", 403, forbidden.json())
    missing = client_for(world.outsider).post("/api/v1/coops/cwc/people/", {}, format="json")
    assert_matches(schema, people, "post", 404, missing.json())

    record = {
        "person": world.member_person.pk,
        "centre": "ajisai",
        "business_line": "elderly-care",
        "worked_on": dt.date(2015, 3, 3).isoformat(),
        "worked_minutes": 60,
    }
    made = officer.post("/api/v1/coops/cwc/work-records/", record, format="json")
    assert_matches(schema, "/api/v1/coops/{code}/work-records/", "post", 201, made.json())
    duplicate = officer.post("/api/v1/coops/cwc/work-records/", record, format="json")
    assert_matches(schema, "/api/v1/coops/{code}/work-records/", "post", 400, duplicate.json())

    bad_date = APIClient().get("/api/v1/federation/figures/?as_of=yesterday")
    assert_matches(schema, "/api/v1/federation/figures/", "get", 400, bad_date.json())


def test_the_strict_check_refuses_an_undocumented_key(schema: dict[str, Any]) -> None:
    body = {"code": "x", "name": "x", "name_en": "x", "surprise": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            body,
            {
                **_strict({"$ref": "#/components/schemas/BusinessLineOutput"}),
                "components": _strict(schema["components"]),
            },
        )
