"""Logging in: django-allauth with an email address or a member number, lockout, and MFA.

Sign-up is closed: officers register members. Failed logins are counted per account, whichever
identifier was typed, so trying the email address and then the member number does not double the
attempts an attacker gets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core import checks
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from tomoni.core import clock
from tomoni.core.db import prepared_cursor
from tomoni.core.errors import TwoFactorRequired
from tomoni.core.models import Grant, User
from tomoni.core.rules import TwoFactor
from tomoni.core.selectors import api_token_expired, two_factor_blocks_api


class AccountAdapter(DefaultAccountAdapter):
    """No self sign-up, and login failures counted per account."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_REGISTRATION)

    def set_password(self, user: Any, password: str) -> None:
        """A new password (changed, or reset by mail) also revokes the API tokens issued under the old one."""
        from tomoni.core.services import REVOKED_PASSWORD_CHANGED, api_token_revoke

        with transaction.atomic():
            super().set_password(user, password)
            api_token_revoke(user=user, actor=user, reason=REVOKED_PASSWORD_CHANGED)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the lockout by the text typed; key it by the account it names, when it names one.
        user = account_for_login(credentials.get("username") or credentials.get("email") or "")
        if user is not None:
            return f"account:{user.pk}"
        return super()._get_login_attempts_cache_key(request, **credentials)


def account_for_login(login: str) -> User | None:
    """The one account a login identifier (member number or email address) names, if exactly one."""
    login = login.strip()
    if not login:
        return None
    field = "email__iexact" if "@" in login else "username__iexact"
    users = list(User.objects.filter(**{field: login}).only("pk", "username")[:2])
    return users[0] if len(users) == 1 else None


class LoginForm(AllauthLoginForm):
    """allauth's login form, with the identifier named as members know it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.CharField(
            label=_("Email address or member number"),
            max_length=254,
            widget=forms.TextInput(
                attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
            ),
        )
        self.fields["password"].widget.attrs.pop("placeholder", None)  # the label says it already
        self.order_fields(["login", "password", "remember"])

    def user_credentials(self) -> dict[str, Any]:
        credentials: dict[str, Any] = super().user_credentials()
        # allauth matches an email address exactly as stored; accept any letter case for one account.
        if "email" in credentials:
            user = account_for_login(credentials["email"])
            if user is not None:
                credentials = {"username": user.username, "password": credentials["password"]}
        return credentials


@checks.register(checks.Tags.security, deploy=True)
def check_field_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Production keeps special-care data under its own key, not one derived from SECRET_KEY."""
    if settings.DEBUG or settings.FIELD_ENCRYPTION_KEY:
        return []
    return [
        checks.Warning(
            "FIELD_ENCRYPTION_KEY is not set: special-care personal data would be encrypted with a key "
            "derived from SECRET_KEY.",
            hint="Set FIELD_ENCRYPTION_KEY to a Fernet key (python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())') and keep it apart from SECRET_KEY.",
            id="tomoni.W001",
        )
    ]


@checks.register(checks.Tags.security, checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Production counts failed logins in one shared cache: each process's own would multiply the attempts."""
    if settings.DEBUG or settings.CACHE_URL:
        return []
    return [
        checks.Warning(
            "CACHE_URL is not set: failed logins are counted per process, so with several gunicorn workers "
            "the lockout allows that many times more attempts.",
            hint="Set CACHE_URL to a Redis shared by every worker, e.g. redis://redis.internal:6379/1.",
            id="tomoni.W002",
        )
    ]


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's API token authentication; on PostgreSQL its one query (the token and its user) is written in SQL.

    The same check, a token with exactly this key whose user is active, and the same refusals: any other case goes
    to DRF's own method, which answers in its own words. Only the ORM's compiling of the token-and-user query is
    gone; it cost several times the query itself, on the path of every vote cast. PostgreSQL only, where the
    driver's values are the fields' values as they are (no converters), so the rows become the same objects.
    """

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        found = _token_and_user(key) if connection.vendor == "postgresql" else None
        has_grants: bool | None = None
        if found is None or not found[1].is_active:
            user, token = super().authenticate_credentials(key)
        else:
            token, user, has_grants = found
        if api_token_expired(token.created):
            # Expired tokens stop working; logging in to the API again issues a new one.
            raise exceptions.AuthenticationFailed(_("The token has expired: ask for a new one."))
        # The pages' rule holds for the API: past the grace period without two-factor, a 403 saying why.
        if two_factor_blocks_api(user=user, today=clock.today(), has_grants=has_grants):
            raise TwoFactorRequired(user.pk)
        return user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (the pages' login calling the API), under the pages' two-factor rule: the
    state the session remembers, worked out again as the pages do it (TwoFactorRequiredMiddleware)."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        found = super().authenticate(request)
        if found is not None and two_factor_state_for_request(request._request, found[0]) == TwoFactor.REQUIRED:
            raise TwoFactorRequired(found[0].pk)
        return found


def revoke_api_tokens_when_two_factor_is_turned_on(sender: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    """allauth.mfa's authenticator_added: a token issued on a password alone no longer stands once TOTP is on."""
    from allauth.mfa.models import Authenticator

    from tomoni.core.services import REVOKED_TWO_FACTOR_ENABLED, api_token_revoke

    if authenticator.type == Authenticator.Type.TOTP:
        api_token_revoke(user=user, actor=user, reason=REVOKED_TWO_FACTOR_ENABLED)


def _token_and_user(key: str) -> tuple[Token, User, bool] | None:
    """The token, its user, and whether the user holds any grant (so a member's call needs no query more for the
    two-factor rule)."""
    sql, attnames = _token_user_sql()
    with prepared_cursor() as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    if row is None:
        return None
    user = User.from_db(connection.alias, attnames, row[2:])
    token = Token.from_db(connection.alias, ["key", "user_id", "created"], [key, user.pk, row[0]])
    token.user = user
    return token, user, bool(row[1])


@functools.cache
def _token_user_sql() -> tuple[str, list[str]]:
    """The query of the token with a key, whether its user holds a grant, and the user's every column; and the
    user's field names in its order."""
    user, token, grant = User._meta, Token._meta, Grant._meta
    fields = user.concrete_fields
    columns = ", ".join(f'u."{f.column}"' for f in fields)
    has_grants = f'EXISTS (SELECT 1 FROM "{grant.db_table}" g WHERE g."user_id" = u."{user.pk.column}")'  # noqa: S608 - names
    sql = (
        f'SELECT t."created", {has_grants}, {columns} FROM "{token.db_table}" t'  # noqa: S608 - the models' names; the key a parameter
        f' JOIN "{user.db_table}" u ON u."{user.pk.column}" = t."user_id" WHERE t."key" = %s'
    )
    return sql, [f.attname for f in fields]


# The session remembers where the login stands with two-factor, so a page costs no query for it; it is worked out
# at login, when an authenticator is added or removed, and again once a grace period it recorded has run out.
TWO_FACTOR_SESSION_KEY = "tomoni_two_factor"
# Always open, so a person can turn two-factor on (allauth's pages), log out, or change language; the API answers
# for itself, with a JSON 403 (TokenAuthentication and SessionAuthentication here, and api_token_issue).
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/api/")


def remember_two_factor_state(request: HttpRequest, user: User) -> list[str | None]:
    """Work out the user's two-factor state and keep it in their session."""
    from tomoni.core.selectors import two_factor_state_of

    state, last_day = two_factor_state_of(user=user, today=clock.today())
    remembered = [state.value, last_day.isoformat() if last_day else None]
    request.session[TWO_FACTOR_SESSION_KEY] = remembered
    return remembered


def remember_two_factor_state_on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """user_logged_in, and allauth.mfa's authenticator_added and _removed."""
    if request is not None and hasattr(request, "session") and user is not None and user.pk is not None:
        remember_two_factor_state(request, user)


class TwoFactorRequiredMiddleware:
    """Past the grace period, a login that must use two-factor and does not reaches only the security pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            and two_factor_state_for_request(request, user) == TwoFactor.REQUIRED
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def two_factor_state_for_request(request: HttpRequest, user: User) -> str | None:
    """The login's two-factor state as its session remembers it, worked out again when unknown, when a grace it
    recorded has run out, and while it blocks (so turning the app on opens the pages at once): the few queries
    fall on those who must act, not on every page."""
    remembered = request.session.get(TWO_FACTOR_SESSION_KEY)
    if (
        remembered is None
        or remembered[0] == TwoFactor.REQUIRED
        or (remembered[0] == TwoFactor.GRACE and (remembered[1] or "") < clock.today().isoformat())
    ):
        remembered = remember_two_factor_state(request, user)
    return remembered[0]
