"""Logging in: django-allauth with an email address or a member number, lockout, and MFA.

Sign-up is closed: officers register members. Failed logins are counted per account, whichever
identifier was typed, so trying the email address and then the member number does not double the
attempts an attacker gets.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core import checks
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import User


class AccountAdapter(DefaultAccountAdapter):
    """No self sign-up, and login failures counted per account."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_REGISTRATION)

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
