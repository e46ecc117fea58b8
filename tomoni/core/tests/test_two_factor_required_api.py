"""The two-factor rule holds for the API as for the pages: past the grace period without two-factor, a login that
reads other people's records gets no token, and the tokens it has (or its session) are refused, with a JSON 403
that says why in the login's language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.models import AuditEvent, TwoFactorPolicy
from tomoni.core.tests.test_login_mfa import enable_totp, log_in, totp_code
from tomoni.core.tests.test_two_factor_required import granted_days_ago
from tomoni.preferences.models import Preferences
from tomoni.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

REASON = "two_factor_required"


@pytest.fixture(autouse=True)
def fresh_cache(settings: Settings) -> Iterator[None]:
    settings.MFA_TOTP_TOLERANCE = 1
    settings.TWO_FACTOR_GRACE_DAYS = 14
    cache.clear()
    yield
    cache.clear()


def ask_token(login: str, language: str = "en", **extra: str) -> Any:
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": login, "password": PASSWORD, **extra},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def with_token(user: Any, language: str = "en") -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}", HTTP_ACCEPT_LANGUAGE=language
    )
    return client


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "support", "staff"])
def test_past_the_grace_period_no_token_is_issued(world: World, persona: str) -> None:
    granted_days_ago(getattr(world, persona), 15)

    response = ask_token(persona)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == REASON
    assert "two-factor" in response.json()["detail"]
    assert not Token.objects.filter(user=getattr(world, persona)).exists()
    assert not AuditEvent.objects.filter(action="core.api_token.created").exists()


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "support", "staff"])
def test_past_the_grace_period_a_token_issued_before_is_refused(world: World, persona: str) -> None:
    user = getattr(world, persona)
    client = with_token(user)
    granted_days_ago(user, 15)

    response = client.get("/api/v1/coops/")

    assert response.status_code == 403
    assert response.json()["code"] == REASON


def test_within_the_grace_period_the_api_answers(world: World) -> None:
    granted_days_ago(world.officer, 3)
    assert ask_token("officer").status_code == 200
    assert with_token(world.officer).get("/api/v1/coops/").status_code == 200


def test_a_member_with_no_grant_is_never_asked(world: World) -> None:
    assert ask_token("C0000001").status_code == 200
    assert with_token(world.member).get("/api/v1/me/").status_code == 200


def test_with_two_factor_on_the_token_is_issued_and_works(world: World, client: Client) -> None:
    granted_days_ago(world.officer, 30)
    log_in(client, "officer")
    secret = enable_totp(client)

    response = ask_token("officer", code=totp_code(secret))

    assert response.status_code == 200
    assert with_token(world.officer).get("/api/v1/coops/").status_code == 200


def test_the_coop_setting_decides(world: World) -> None:
    granted_days_ago(world.officer, 30)
    policy = TwoFactorPolicy.objects.create(coop=world.cwc, grace_days=60)
    assert ask_token("officer").status_code == 200

    policy.grace_days = 20
    policy.save()
    assert with_token(world.officer).get("/api/v1/coops/").status_code == 403

    policy.required = False
    policy.save()
    assert with_token(world.officer).get("/api/v1/coops/").status_code == 200


def test_the_reason_is_in_the_language_the_login_chose(world: World) -> None:
    granted_days_ago(world.officer, 15)
    in_browser_language = with_token(world.officer, language="ja").get("/api/v1/coops/").json()["detail"]
    assert "2段階認証" in in_browser_language

    Preferences.objects.create(user=world.officer, language="en")
    chosen = with_token(world.officer, language="ja").get("/api/v1/coops/").json()["detail"]
    assert "two-factor" in chosen
    Preferences.objects.filter(user=world.officer).update(language="ja")
    assert "2段階認証" in ask_token("officer", language="en").json()["detail"]


def test_the_session_of_the_pages_is_refused_too(world: World, client: Client) -> None:
    granted_days_ago(world.officer, 15)
    log_in(client, "officer")

    response = client.get("/api/v1/coops/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json()["code"] == REASON


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the token's one query is PostgreSQL's")
def test_a_members_call_costs_no_query_for_the_rule(world: World, django_assert_num_queries: Any) -> None:
    """The token's query says whether its user holds a grant; a member (no grant) pays nothing more."""
    client = with_token(world.member)
    with django_assert_num_queries(2) as captured:  # the token with its user; the view's read of its dates
        assert client.get("/api/v1/auth/token/current/").status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not any("mfa_authenticator" in sql for sql in sqls)
    assert sum("core_grant" in sql for sql in sqls) == 1  # the EXISTS inside the token's own query
