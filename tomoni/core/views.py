"""Home (a signed-in person goes to their start page, settings.START_PAGE; everyone else to the figures), and
"Login and security" with the person's own API token."""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.views import IndexView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tomoni.core import selectors, services
from tomoni.core.models import User


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.START_PAGE)
    return redirect("federation:figures")


class SecurityView(IndexView):
    """allauth's two-factor page, which is our "Login and security", with the person's API token beside it."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["api_token"] = selectors.api_token_of(user=self.request.user)
        return context


@login_required
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    """The owner revokes their own API token; programs using it must log in again."""
    user: User = request.user  # type: ignore[assignment]
    if services.api_token_revoke(user=user, actor=user, reason=services.REVOKED_BY_OWNER):
        messages.success(request, _("Your API token was revoked. Programs that used it must log in again."))
    return redirect("mfa_index")
