"""Record audit events: every write, and every read of special-care data."""

from __future__ import annotations

from typing import Any

from django.db import models

from tomoni.core import clock
from tomoni.core.models import AuditEvent, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    coop_id: int | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event, e.g. `members.person.created`."""
    return AuditEvent.objects.create(
        occurred_at=clock.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        coop_id=coop_id,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
