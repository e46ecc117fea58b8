"""Answers that did not match openapi.yaml, each checked against the committed schema by schemathesis's own checks.

Found by hand and by the bounded schemathesis run (tests/test_api_schema_conformance.py): the capital ledger's
writes answered a bare list where the schema named a page of entries; the errors of a nested input (a list of
attendance rows, an election's marks) were objects where the schema names a list of messages per field; times
of day were `format: time` (RFC 3339, with seconds and an offset) but came as 09:00:00; a bad `as_of` (or
`date_from`) was a 400 the schema did not list.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tomoni.core.errors import field_errors
from tomoni.federation.tests.test_api_scope import cwc_kwargs
from tomoni.testing import World

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_path(Path(__file__).resolve().parent.parent / "openapi.yaml")
schema.app = get_wsgi_application()
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _in_the_test_transaction() -> Iterator[None]:
    """The WSGI handler would close the connection that holds the test's transaction after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(user: Any, method: str, path: str, *, status: int, **case: Any) -> Any:
    """Send one request as `user` through the WSGI app; fail unless the status is `status` and the answer is
    what openapi.yaml says for it (documented status, content type, body against its schema)."""
    token, _ = Token.objects.get_or_create(user=user)
    operation = schema[path][method]
    made = operation.Case(**case)
    response = made.call(headers={"Authorization": f"Token {token.key}", "Accept-Language": "en"})
    assert response.status_code == status, response.text
    made.validate_response(response, checks=CHECKS)
    return response.json() if response.content else None


PERSON = "/api/v1/coops/{code}/capital/people/{person_id}/"


def test_capital_writes_answer_with_the_entries_as_the_schema_names_them(world: World) -> None:
    person = {"code": "cwc", "person_id": world.member_person.pk}
    day = "2015-03-31"
    subscribed = call(
        world.officer,
        "POST",
        PERSON + "subscriptions/",
        status=201,
        path_parameters=person,
        body={"shares": 3, "effective_on": day},
    )
    assert [entry["kind"] for entry in subscribed] == ["subscription"]
    paid = call(
        world.officer,
        "POST",
        PERSON + "payments/",
        status=201,
        path_parameters=person,
        body={"amount_yen": 150_000, "payment_method": "lump_sum", "effective_on": day},
    )
    assert [entry["paid_yen"] for entry in paid] == [150_000]
    refunded = call(
        world.officer,
        "POST",
        PERSON + "refunds/",
        status=201,
        path_parameters=person,
        body={"shares": 1, "effective_on": day},
    )
    assert len(refunded) == 1
    reversed_ = call(
        world.officer,
        "POST",
        "/api/v1/coops/{code}/capital/entries/{entry_id}/reversal/",
        status=201,
        path_parameters={"code": "cwc", "entry_id": refunded[0]["id"]},
        body={"effective_on": day, "memo": "entered twice"},
    )
    assert len(reversed_) == 1
    # No limit and offset on a write: the schema no longer offers them.
    assert "limit" not in {p.name for p in schema[PERSON + "payments/"]["POST"].query}


def test_nested_input_errors_are_lists_of_messages_under_dotted_names(world: World) -> None:
    values = cwc_kwargs(world)
    answer = call(
        world.officer,
        "PUT",
        "/api/v1/coops/{code}/training-sessions/{training_session_id}/attendance/",
        status=400,
        path_parameters={"code": "cwc", "training_session_id": values["training_session_id"]},
        body={"entries": [{"participant": 1, "attended_minutes": 60}, {"participant": 1, "attended_minutes": -5}]},
    )
    assert list(answer["errors"]) == ["entries.1.attended_minutes"]
    answer = call(
        world.member,
        "POST",
        "/api/v1/coops/{code}/motions/{motion_id}/vote/",
        status=400,
        path_parameters={"code": "cwc", "motion_id": values["motion_id"]},
        body={"candidates": [1, "first"]},
    )
    assert list(answer["errors"]) == ["candidates.1"]


def test_field_errors_flattens_every_shape_drf_and_django_give() -> None:
    assert field_errors({"a": ["x"], "b": {"0": ["y"]}, "c": [{}, {"d": ["z"]}]}) == {
        "a": ["x"],
        "b.0": ["y"],
        "c.1.d": ["z"],
    }
    assert field_errors(["refused"]) == {"non_field_errors": ["refused"]}
    assert field_errors("refused") == {"non_field_errors": ["refused"]}


def test_times_of_day_are_hours_and_minutes_as_the_schema_says(world: World) -> None:
    cwc_kwargs(world)  # Ajisai's published March 2015 roster, with a shift of the Ajisai member
    answer = call(
        world.member,
        "GET",
        "/api/v1/me/roster/",
        status=200,
        query={"date_from": "2015-03-01", "date_to": "2015-03-31"},
    )
    starts = {row["shift_type"]["starts_at"] for row in answer["results"]}
    assert starts and all(len(value) == 5 for value in starts), starts


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/api/v1/me/capital/", "as_of"),
        ("/api/v1/federation/capital/", "as_of"),
        ("/api/v1/coops/{code}/capital/register/", "as_of"),
        (PERSON, "as_of"),
        ("/api/v1/federation/inclusion/", "as_of"),
        ("/api/v1/coops/{code}/work-integration/", "as_of"),
        ("/api/v1/coops/{code}/funding-agreements/{funding_agreement_id}/report/", "as_of"),
        ("/api/v1/me/roster/", "date_from"),
        ("/api/v1/me/wishes/", "date_to"),
        ("/api/v1/me/availability/", "date_from"),
    ],
)
def test_a_bad_day_in_the_query_is_a_documented_400(world: World, path: str, day: str) -> None:
    values = cwc_kwargs(world) | {"person_id": world.member_person.pk}
    world.member_person.user = world.officer  # their own capital and roster, for /me/…
    world.member_person.save(update_fields=["user"])
    names = [p.name for p in schema[path]["GET"].path_parameters]
    answer = call(
        world.staff if path.startswith("/api/v1/federation/") else world.officer,
        "GET",
        path,
        status=400,
        path_parameters={name: values[name] for name in names},
        query={day: "2015-02-30"},
    )
    assert list(answer["errors"]) == [day]
