"""Record audit events: every write, and every read of special-care data."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

from tomoni.core import clock
from tomoni.core.models import AuditEvent, User

# What happened may concern people beyond the one who did it (a vote opened, a roster published): a layer
# above the contexts listens for those actions (tomoni.reports notifies the people concerned), so the context
# that wrote the event needs no knowledge of it. A handler gets the event's id and must defer its work until
# the transaction commits (tomoni.core.jobs.start does).
_LISTENERS: dict[str, list[Callable[[int], None]]] = {}
_PAUSED = threading.local()


def audit_listen(action: str, handler: Callable[[int], None]) -> None:
    """Call `handler(event_id)` whenever an event of this action is recorded."""
    _LISTENERS.setdefault(action, []).append(handler)


@contextmanager
def audit_listeners_paused() -> Iterator[None]:
    """Record events without calling their listeners: loading history (the replica) is no news to anyone."""
    previous = getattr(_PAUSED, "on", False)
    _PAUSED.on = True
    try:
        yield
    finally:
        _PAUSED.on = previous


def audit_record(
    *,
    actor: User | None,
    action: str,
    coop_id: int | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event, e.g. `members.person.created`."""
    event = AuditEvent.objects.create(
        occurred_at=clock.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        coop_id=coop_id,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
    if not getattr(_PAUSED, "on", False):
        for handler in _LISTENERS.get(action, ()):
            handler(event.pk)
    return event
