"""Two-factor authentication (allauth.mfa): an officer turns on TOTP and then needs a code to log in."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tomoni.testing import PASSWORD, World


@pytest.fixture(autouse=True)
def fresh_cache(settings: Settings) -> Iterator[None]:
    # One time step either side, so a code made just before a 30-second boundary still counts.
    settings.MFA_TOTP_TOLERANCE = 1
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now (RFC 6238, on the wall clock as allauth reads it)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client: Client, login: str) -> None:
    client.post(reverse("account_login"), {"login": login, "password": PASSWORD})


def enable_totp(client: Client) -> str:
    """Turn on TOTP for the logged-in user as they would on the page; return the secret."""
    # A sensitive change: allauth asks for the password again first.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret: str = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_an_officer_can_enable_totp_and_then_needs_the_code_to_log_in(client: Client, world: World) -> None:
    log_in(client, "officer")
    secret = enable_totp(client)
    assert Authenticator.objects.filter(user=world.officer, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))
    assert logged_in_user_id(client) is None

    response = client.post(reverse("account_login"), {"login": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None  # the password alone is not enough

    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert logged_in_user_id(client) == world.officer.pk


def test_a_wrong_totp_code_does_not_log_in(client: Client, world: World) -> None:
    log_in(client, "officer")
    secret = enable_totp(client)
    client.post(reverse("account_logout"))
    log_in(client, "officer")
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert logged_in_user_id(client) is None
    assert "コードが正しくありません。" in response.content.decode()


def test_a_recovery_code_logs_in_once_in_place_of_totp(client: Client, world: World) -> None:
    log_in(client, "officer")
    enable_totp(client)
    client.post(reverse("account_logout"))
    recovery = Authenticator.objects.get(user=world.officer, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(recovery).get_unused_codes()[0]

    log_in(client, "officer")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in_user_id(client) == world.officer.pk

    client.post(reverse("account_logout"))
    log_in(client, "officer")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert logged_in_user_id(client) is None  # a recovery code works only once


def test_the_two_factor_page_is_open_to_a_logged_in_officer(client: Client, world: World) -> None:
    log_in(client, "officer")

    response = client.get(reverse("mfa_index"))

    assert response.status_code == 200
    assert reverse("mfa_activate_totp") in response.content.decode()


def test_the_two_factor_page_asks_an_anonymous_visitor_to_log_in(client: Client, db: None) -> None:
    response = client.get(reverse("mfa_index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_page_links_a_logged_in_person_to_login_and_security(client: Client, world: World) -> None:
    client.force_login(world.member)

    html = client.get(reverse("members:me")).content.decode()

    assert f'href="{reverse("mfa_index")}"' in html


def test_the_security_page_offers_to_change_the_password_and_turn_on_the_app(client: Client, world: World) -> None:
    log_in(client, "officer")

    html = client.get(reverse("mfa_index")).content.decode()

    assert reverse("account_change_password") in html
    assert reverse("mfa_activate_totp") in html
