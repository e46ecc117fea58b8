"""The operators' admin site: platform operators only; officers work in Tomoni's own pages."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class OperatorSite(admin.AdminSite):
    """Only superusers (platform operators) enter; a staff flag alone does not open it."""

    site_header = "Tomoni operators"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
