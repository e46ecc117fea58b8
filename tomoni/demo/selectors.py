"""Reads about the replica itself: whether it is loaded, and the demonstration logins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tomoni.core.models import AuditEvent, Grant, User
from tomoni.demo import data, personas
from tomoni.federation.models import Federation


@dataclass(frozen=True)
class ReplicaState:
    federation: Federation
    scale: str  # "" when the federation was registered some other way
    summary: dict[str, Any]


def replica_state() -> ReplicaState | None:
    """The replica as loaded, or None if its federation is not registered."""
    federation = Federation.objects.filter(code=data.FEDERATION["code"]).first()
    if federation is None:
        return None
    event = (
        AuditEvent.objects.filter(
            action="demo.replica.loaded", object_type="federation.federation", object_id=str(federation.pk)
        )
        .order_by("-occurred_at")
        .first()
    )
    summary: dict[str, Any] = dict(event.data) if event is not None else {}
    return ReplicaState(federation=federation, scale=str(summary.get("scale", "")), summary=summary)


@dataclass(frozen=True)
class PersonaLogin:
    key: str
    role: str
    username: str
    email: str
    sees: str
    exists: bool
    grants: list[Grant]


def persona_logins() -> list[PersonaLogin]:
    """The demonstration logins, in the order of personas.USERNAMES, with their grants."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=personas.USERNAMES.values()).prefetch_related(
            "grants__coop", "grants__centre", "grants__federation"
        )
    }
    rows = []
    for key, username in personas.USERNAMES.items():
        user = users.get(username)
        rows.append(
            PersonaLogin(
                key=key,
                role=str(personas.ROLE_LABELS[key]),
                username=username,
                email=user.email if user is not None else personas.EMAILS[key],
                sees=str(personas.SEES[key]),
                exists=user is not None,
                grants=list(user.grants.all()) if user is not None else [],
            )
        )
    return rows
