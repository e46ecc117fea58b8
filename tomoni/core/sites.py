"""The operators' admin site: platform operators only; officers work in Tomoni's own pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


class OperatorSite(admin.AdminSite):
    """Only superusers (platform operators) enter; a staff flag alone does not open it.

    Operators log in through the one login of the site (allauth: two-factor and the lockout), never through
    Django's own admin login form, which knows neither.
    """

    site_header = "Tomoni operators"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Send the operator to the site's login, then back to the admin."""
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get(REDIRECT_FIELD_NAME) or index
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = index
        if request.user.is_authenticated and not self.has_permission(request):
            # Logged in, but not an operator: the admin is not for them (no second login form to try).
            return redirect("home")
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
