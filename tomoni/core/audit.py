"""Record audit events: every write, and every read of special-care data; verify their hash chains.

The audit log is tamper-evident as the capital ledger is (tomoni.core.chain): every event is a link of a chain and
carries the hash of the event before it, and `manage.py verify_audit` names the first broken link. A chain is the
events of one coop (the platform's, for events of no coop) whose actor falls in one *lane*: the actor's id modulo
AUDIT_LANES (no actor: lane 0). Each append locks its chain's head until the transaction commits, so the scope of
a chain decides who waits for whom:

- per coop, because a coop's auditor reads and verifies their coop's log, and writers in different coops then
  never wait for each other (one chain for the whole platform would make every write anywhere wait for the commit
  of the one before it);
- in lanes within a coop, because the busiest moment is a general meeting's vote, when thousands of members of
  one coop cast ballots at once and each ballot writes an event: with one chain per coop every ballot would wait
  for the commit of the ballot before it; with AUDIT_LANES chains, that many ballots proceed side by side. By the
  actor, so one person's events stay in order in one chain, and one request (one actor) locks one head per coop.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction

from tomoni.core import chain, clock
from tomoni.core.db import consistent_snapshot
from tomoni.core.models import AuditChainHead, AuditEvent, User

# Chains per coop (see the module's docstring). Changing it leaves the existing chains as they are (each event
# records its lane); new events of an actor may then go to another lane.
AUDIT_LANES = 16

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
    """Append one audit event, e.g. `members.person.created`, to its chain.

    `data` holds JSON's own types (text, whole numbers, true/false, lists, objects): what is hashed is read back
    the same from either database.
    """
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        occurred_at=clock.now(),
        actor_id=actor_id,
        action=action,
        coop_id=coop_id,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        data=data or {},
        lane=audit_lane(actor_id),
    )
    # No savepoint: inside the caller's transaction the event is part of it (and the head stays locked until it
    # commits); alone, this is its own transaction.
    with transaction.atomic(savepoint=False):
        head_id, sequence, prev_hash = _lock_head(coop_id or 0, event.lane)
        event.sequence, event.prev_hash = sequence + 1, prev_hash
        event.event_hash = chain.link_hash(audit_content(event), prev_hash)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head_id).update(last_sequence=event.sequence, last_hash=event.event_hash)
    if actor_id is not None:
        event.actor = actor
    if not getattr(_PAUSED, "on", False):
        for handler in _LISTENERS.get(action, ()):
            handler(event.pk)
    return event


def audit_lane(actor_id: int | None) -> int:
    """The lane of an actor's events within a coop's audit log."""
    return (actor_id or 0) % AUDIT_LANES


def _lock_head(coop_key: int, lane: int) -> tuple[int, int, str]:
    """Lock a chain's head for the rest of the transaction (made on first use): (its id, last sequence, hash)."""
    heads = AuditChainHead.objects.select_for_update().filter(coop_id=coop_key, lane=lane)
    head = heads.values_list("pk", "last_sequence", "last_hash").first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(coop_id=coop_key, lane=lane, last_hash=chain.GENESIS_HASH)
        except IntegrityError:
            pass  # another writer made it first; lock theirs
        head = heads.values_list("pk", "last_sequence", "last_hash").get()
    return head


def _instant_text(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat()


def audit_content(event: AuditEvent) -> str:
    """The canonical text of an event, without the previous hash: what its hash covers.

    Its chain and number, when, who, what, on which object, and the data as JSON with sorted keys. Read back from
    the database the event gives the same text as when it was written.
    """
    data = json.dumps(event.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "|".join(
        (
            chain.optional_id(event.coop_id),
            f"{event.lane:d}",
            f"{event.sequence:d}",
            chain.text_field(_instant_text(event.occurred_at)),
            chain.optional_id(event.actor_id),
            chain.text_field(event.action),
            chain.text_field(event.object_type),
            chain.text_field(event.object_id),
            chain.text_field(data),
            "",
        )
    )


@dataclass(frozen=True)
class AuditChainReport:
    """One audit chain as verified: its coop (None: the platform), lane, events that link, the first break."""

    coop_id: int | None
    lane: int
    events: int
    last_hash: str
    broken: chain.Break | None


VERIFY_CHUNK = 5_000


def audit_verify(*, coop_id: int | None) -> list[AuditChainReport]:
    """Walk every audit chain of a coop (None: the platform's), recomputing each hash; name each first break.

    A lane whose head is gone while it has events, an event removed from the end, a log emptied: each is a break.
    """
    events = (
        AuditEvent.objects.filter(coop_id=coop_id)
        if coop_id is not None
        else AuditEvent.objects.filter(coop_id__isnull=True)
    )
    fields = ("pk", "coop_id", "lane", "sequence", "occurred_at", "actor_id", "action", "object_type", "object_id")
    reports = []
    with transaction.atomic():
        consistent_snapshot()  # the heads and the events as of one moment, whatever is appended meanwhile
        heads = {
            lane: (last_sequence, last_hash)
            for lane, last_sequence, last_hash in AuditChainHead.objects.filter(coop_id=coop_id or 0).values_list(
                "lane", "last_sequence", "last_hash"
            )
        }
        lanes = sorted(set(heads) | set(events.values_list("lane", flat=True).distinct()))
        for lane in lanes:
            rows = events.filter(lane=lane).order_by("sequence").only(*fields, "data", "prev_hash", "event_hash")

            def links(rows: Any = rows) -> Iterator[tuple[int, int, str, str, str | None]]:
                for event in rows.iterator(chunk_size=VERIFY_CHUNK):
                    yield event.pk, event.sequence, event.prev_hash, event.event_hash, _content_or_none(event)

            walked = chain.walk(links(), head=heads.get(lane), hash_name="event_hash")
            reports.append(AuditChainReport(coop_id, lane, walked.links, walked.last_hash, walked.broken))
    return reports


def _content_or_none(event: AuditEvent) -> str | None:
    try:
        return audit_content(event)
    except (TypeError, ValueError):  # a value of the wrong type in a tampered row
        return None


def audit_chain_coop_ids() -> list[int | None]:
    """Every coop with an audit chain or event (None: the platform's), for the verify command."""
    with_events = set(AuditEvent.objects.values_list("coop_id", flat=True).distinct())
    with_heads = {c or None for c in AuditChainHead.objects.values_list("coop_id", flat=True).distinct()}
    return sorted(with_events | with_heads, key=lambda c: -1 if c is None else c)
