"""Models in the operators' admin (/operator/, see sites.OperatorSite); no personal data of the register."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.http import HttpRequest

from tomoni.core.audit import audit_record
from tomoni.core.models import AuditEvent, Grant, TwoFactorPolicy, User


class AuditedAdmin(admin.ModelAdmin):
    """Every change made in the admin leaves an audit event, like every other write."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "updated" if change else "created"
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"operator.{obj._meta.model_name}.{action}",
                coop_id=getattr(obj, "coop_id", None),
                target=obj,
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"operator.{obj._meta.model_name}.deleted",
                coop_id=getattr(obj, "coop_id", None),
                target=obj,
            )
            super().delete_model(request, obj)


@admin.register(User)
class TomoniUserAdmin(UserAdmin, AuditedAdmin):
    pass


@admin.register(Grant)
class GrantAdmin(AuditedAdmin):
    list_display = ("user", "role", "federation", "coop", "region", "centre")
    list_filter = ("role",)
    raw_id_fields = ("user", "coop", "region", "centre")


@admin.register(TwoFactorPolicy)
class TwoFactorPolicyAdmin(AuditedAdmin):
    list_display = ("coop", "required", "grace_days")
    raw_id_fields = ("coop",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ("occurred_at", "action", "actor", "coop_id", "object_type", "object_id")
    list_filter = ("action",)
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
