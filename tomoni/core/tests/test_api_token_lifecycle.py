"""API tokens end: on a new password, on turning on two-factor, on expiry, and when their owner revokes them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.models import AuditEvent
from tomoni.core.tests.test_login_mfa import enable_totp, log_in
from tomoni.testing import PASSWORD, World

NEW_PASSWORD = "another-long-passphrase-42"


@pytest.fixture(autouse=True)
def fresh_cache(settings: Settings) -> Iterator[None]:
    settings.MFA_TOTP_TOLERANCE = 1
    cache.clear()
    yield
    cache.clear()


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def issue(login: str = "officer", password: str = PASSWORD) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": login, "password": password}, format="json")
    assert response.status_code == 200, response.content
    key: str = response.json()["token"]
    return key


def works(key: str) -> bool:
    return api(key).get("/api/v1/coops/").status_code == 200


def test_a_password_change_revokes_the_api_token(client: Client, world: World) -> None:
    key = issue()
    log_in(client, "officer")

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert not works(key)
    assert not Token.objects.filter(user=world.officer).exists()
    assert AuditEvent.objects.filter(action="core.api_token.revoked", data__reason="password_changed").exists()


def test_a_password_reset_by_mail_revokes_the_api_token(client: Client, world: World) -> None:
    key = issue()
    client.post(reverse("account_reset_password"), {"email": world.officer.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)

    client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert not works(key)


def test_turning_on_two_factor_revokes_the_api_token(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    key = issue()
    log_in(client, "officer")

    with django_capture_on_commit_callbacks(execute=True):  # allauth announces the new authenticator on commit
        enable_totp(client)

    assert not works(key)
    assert AuditEvent.objects.filter(action="core.api_token.revoked", data__reason="two_factor_enabled").exists()


def test_an_expired_token_is_refused_and_a_new_login_issues_another(world: World, settings: Settings) -> None:
    settings.API_TOKEN_DAYS = 30
    key = issue()
    Token.objects.filter(key=key).update(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=30, seconds=1))

    refused = api(key).get("/api/v1/coops/")
    fresh = issue()

    assert refused.status_code == 401
    assert refused.json()["detail"] == "The token has expired: ask for a new one."
    assert fresh != key and works(fresh)


def test_a_token_within_its_lifetime_works(world: World, settings: Settings) -> None:
    settings.API_TOKEN_DAYS = 30
    key = issue()
    Token.objects.filter(key=key).update(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=29))

    assert works(key)
    assert issue() == key


def test_login_and_security_lists_the_token_and_its_owner_revokes_it(client: Client, world: World) -> None:
    key = issue()
    log_in(client, "officer")

    page = client.get(reverse("mfa_index")).content.decode()
    revoked = client.post(reverse("api_token_revoke"))

    assert reverse("api_token_revoke") in page
    assert key not in page  # the key is never shown again
    assert revoked.status_code == 302 and revoked["Location"] == reverse("mfa_index")
    assert not works(key)
    assert reverse("api_token_revoke") not in client.get(reverse("mfa_index")).content.decode()


def test_the_revoke_page_takes_only_a_post_from_a_logged_in_person(client: Client, world: World) -> None:
    issue()
    assert client.post(reverse("api_token_revoke")).status_code == 302  # to the login
    assert Token.objects.filter(user=world.officer).exists()
    log_in(client, "officer")
    assert client.get(reverse("api_token_revoke")).status_code == 405


def test_the_owner_reads_and_revokes_their_token_through_the_api(world: World) -> None:
    key = issue()

    shown = api(key).get("/api/v1/auth/token/current/")
    deleted = api(key).delete("/api/v1/auth/token/current/")

    assert shown.status_code == 200 and set(shown.json()) == {"created", "expires_at", "expired"}
    assert deleted.status_code == 204
    assert not works(key)


def test_revoking_touches_only_the_callers_own_token(world: World) -> None:
    mine, theirs = issue("officer"), issue("auditor")

    api(mine).delete("/api/v1/auth/token/current/")

    assert not works(mine) and works(theirs)
