"""Logging in with django-allauth: member number or email, Argon2, lockout, closed sign-up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from config import settings as project_settings
from tomoni.core.models import User
from tomoni.testing import PASSWORD, World


@pytest.fixture(autouse=True)
def fresh_lockout_counters() -> Iterator[None]:
    # The failure counters live in the cache; keep them from leaking between tests.
    cache.clear()
    yield
    cache.clear()


def log_in(client: Client, login: str, password: str = PASSWORD, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": login, "password": password}, **headers)


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_a_member_logs_in_with_their_member_number(client: Client, world: World) -> None:
    response = log_in(client, "C0000001")

    assert response.status_code == 302
    assert logged_in_user_id(client) == world.member.pk


def test_a_member_number_is_accepted_in_lower_case(client: Client, world: World) -> None:
    log_in(client, "c0000001")

    assert logged_in_user_id(client) == world.member.pk


def test_a_member_logs_in_with_their_email_address(client: Client, world: World) -> None:
    response = log_in(client, "C0000001@example.jp")

    assert response.status_code == 302
    assert logged_in_user_id(client) == world.member.pk


def test_a_wrong_password_is_refused_with_a_message_in_japanese(client: Client, world: World) -> None:
    response = log_in(client, "C0000001", "not-the-password")

    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert "正しくありません" in response.content.decode()


def test_passwords_are_stored_with_argon2(client: Client, settings: Settings, world: World) -> None:
    # The suite hashes with MD5 for speed (conftest.py); put the project's own hashers back.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    world.member.set_password(PASSWORD)
    world.member.save()

    log_in(client, "C0000001")

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert world.member.password.startswith("argon2$argon2id$")
    assert logged_in_user_id(client) == world.member.pk


def test_an_account_is_locked_after_five_failed_logins_even_for_the_right_password(
    client: Client, world: World
) -> None:
    for _ in range(5):
        log_in(client, "C0000001", "not-the-password")

    response = log_in(client, "C0000001")

    assert logged_in_user_id(client) is None
    assert "ログイン失敗が連続しています。時間が経ってからやり直してください。" in response.content.decode()


def test_the_lockout_message_follows_the_language_of_the_person(client: Client, world: World) -> None:
    for _ in range(5):
        log_in(client, "C0000001", "not-the-password", HTTP_ACCEPT_LANGUAGE="en")

    response = log_in(client, "C0000001", HTTP_ACCEPT_LANGUAGE="en")

    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_failures_by_email_and_by_member_number_count_against_one_account(client: Client, world: World) -> None:
    for login in ["C0000001", "c0000001@example.jp", "C0000001", "C0000001@EXAMPLE.JP", "c0000001"]:
        log_in(client, login, "not-the-password")

    log_in(client, "C0000001@example.jp")

    assert logged_in_user_id(client) is None


def test_failures_on_one_account_do_not_lock_another(client: Client, world: World) -> None:
    for _ in range(5):
        log_in(client, "C0000001", "not-the-password")

    log_in(client, "officer")

    assert logged_in_user_id(client) == world.officer.pk


def test_four_failures_then_the_right_password_logs_in(client: Client, world: World) -> None:
    for _ in range(4):
        log_in(client, "C0000001", "not-the-password")

    log_in(client, "C0000001")

    assert logged_in_user_id(client) == world.member.pk


def test_sign_up_is_closed(client: Client, world: World) -> None:
    users_before = User.objects.count()

    page = client.get(reverse("account_signup"))
    client.post(
        reverse("account_signup"),
        {"email": "new@example.jp", "username": "newbie", "password1": "a-Long-pass-9", "password2": "a-Long-pass-9"},
    )

    assert 'name="password1"' not in page.content.decode()
    assert User.objects.count() == users_before


def test_the_login_page_is_in_japanese_by_default(client: Client, db: None) -> None:
    response = client.get(reverse("account_login"))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ja"' in html
    assert "パスワード" in html  # allauth's own catalogue: "Password"
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html


def test_the_login_page_offers_no_sign_up_link(client: Client, db: None) -> None:
    html = client.get(reverse("account_login")).content.decode()

    assert reverse("account_signup") not in html


def test_an_inactive_account_cannot_log_in(client: Client, world: World) -> None:
    User.objects.filter(pk=world.member.pk).update(is_active=False)

    log_in(client, "C0000001")

    assert logged_in_user_id(client) is None
