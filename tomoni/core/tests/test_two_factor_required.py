"""Two-factor is required of whoever reads other people's records, after a grace period, as each coop sets it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from tomoni.core.models import Grant, TwoFactorPolicy, User
from tomoni.core.rules import TwoFactor, two_factor_state
from tomoni.core.tests.test_login_mfa import enable_totp, log_in
from tomoni.testing import World

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def fresh_cache(settings: Settings) -> Iterator[None]:
    settings.MFA_TOTP_TOLERANCE = 1
    settings.TWO_FACTOR_GRACE_DAYS = 14
    cache.clear()
    yield
    cache.clear()


def granted_days_ago(user: User, days: int) -> None:
    Grant.objects.filter(user=user).update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days))


def test_within_the_grace_period_the_state_says_until_when() -> None:
    state = two_factor_state(required=True, enabled=False, since=TODAY, grace_days=14, today=TODAY)
    assert state == (TwoFactor.GRACE, dt.date(2026, 12, 17))


def test_the_day_after_the_grace_period_two_factor_is_required() -> None:
    on_last_day = two_factor_state(
        required=True, enabled=False, since=TODAY, grace_days=14, today=TODAY + dt.timedelta(14)
    )
    after = two_factor_state(required=True, enabled=False, since=TODAY, grace_days=14, today=TODAY + dt.timedelta(15))
    assert on_last_day[0] == TwoFactor.GRACE and after == (TwoFactor.REQUIRED, None)


@given(required=st.booleans(), since=st.dates(), grace=st.integers(0, 400), today=st.dates())
def test_an_enabled_app_always_satisfies_the_rule(required: bool, since: dt.date, grace: int, today: dt.date) -> None:
    assert two_factor_state(required=required, enabled=True, since=since, grace_days=grace, today=today)[0] == "enabled"


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "support", "staff"])
def test_past_the_grace_period_a_reader_of_others_records_is_sent_to_turn_it_on(
    client: Client, world: World, persona: str
) -> None:
    granted_days_ago(getattr(world, persona), 15)
    log_in(client, persona)

    response = client.get(reverse("members:me"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_within_the_grace_period_pages_open_with_a_reminder(client: Client, world: World) -> None:
    granted_days_ago(world.officer, 3)
    log_in(client, "officer")

    response = client.get(reverse("federation:coop", args=["cwc"]))

    assert response.status_code == 200
    assert reverse("mfa_activate_totp") in response.content.decode()


def test_a_member_with_no_grant_is_never_asked(client: Client, world: World) -> None:
    log_in(client, "C0000001")

    response = client.get(reverse("members:me"))

    assert response.status_code == 200
    assert reverse("mfa_activate_totp") not in response.content.decode()


def test_turning_it_on_opens_the_pages_again_with_recovery_codes(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    granted_days_ago(world.officer, 30)
    log_in(client, "officer")
    assert client.get(reverse("federation:coop", args=["cwc"])).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        enable_totp(client)

    assert client.get(reverse("federation:coop", args=["cwc"])).status_code == 200
    assert Authenticator.objects.filter(user=world.officer, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_a_coop_may_lengthen_the_grace_period_or_not_require_it(client: Client, world: World) -> None:
    granted_days_ago(world.officer, 30)
    policy = TwoFactorPolicy.objects.create(coop=world.cwc, grace_days=60)
    log_in(client, "officer")
    assert client.get(reverse("federation:coop", args=["cwc"])).status_code == 200

    policy.grace_days, policy.required = 0, False
    policy.save()
    client.post(reverse("account_logout"))
    log_in(client, "officer")
    assert client.get(reverse("federation:coop", args=["cwc"])).status_code == 200


def test_federation_staff_follow_the_settings(client: Client, world: World, settings: Settings) -> None:
    settings.TWO_FACTOR_REQUIRED_FOR_FEDERATION_STAFF = False
    granted_days_ago(world.staff, 30)
    log_in(client, "staff")
    assert client.get(reverse("federation:overview")).status_code == 200


def test_the_security_pages_and_logout_stay_open_when_it_is_required(client: Client, world: World) -> None:
    granted_days_ago(world.officer, 30)
    log_in(client, "officer")

    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_pages_cost_no_query_for_the_rule_once_logged_in(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    log_in(client, "C0000001")
    client.get(reverse("members:me"))
    with django_assert_max_num_queries(50) as captured:
        client.get(reverse("members:me"))
    assert not [q for q in captured.captured_queries if "mfa_authenticator" in q["sql"]]
