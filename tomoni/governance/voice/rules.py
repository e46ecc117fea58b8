"""Rules of proposals, the decision register and the minutes, as pure functions (no Django).

The rules of meetings and voting are in rules.py; these are the ones of members' voice: proposals
answered once, decisions followed up until done, minutes fixed by their signatures, and the
figures of the Art 66 opinion-reflection report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PROPOSAL_OPEN = "open"
PROPOSAL_CLOSED_STATES = frozenset({"on_agenda", "answered", "declined"})


def proposal_may_be_settled(status: str) -> bool:
    """Art 3, 29: a member's proposal is answered once: put on an agenda, answered, or declined with a reason."""
    return status == PROPOSAL_OPEN


def proposal_may_be_supported(*, status: str, supporter_id: int, raiser_id: int) -> bool:
    """Support comes from other members, while the proposal is still open."""
    return status == PROPOSAL_OPEN and supporter_id != raiser_id


def decision_is_overdue(*, due_on: dt.date, status: str, today: dt.date) -> bool:
    """A decision not done by its due date is overdue (the register highlights it)."""
    return status != "done" and due_on < today


def minutes_canonical(blocks: Sequence[Sequence[Any]]) -> str:
    """The minutes' blocks as one canonical text (sorted keys, no spacing), the input of their digest."""
    return json.dumps([list(block) for block in blocks], ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def minutes_digest(blocks: Sequence[Sequence[Any]]) -> str:
    """SHA-256 of the minutes as fixed at the last signature: any later change to the text shows."""
    return hashlib.sha256(minutes_canonical(blocks).encode("utf-8")).hexdigest()


def minutes_complete(*, roles_signed: Sequence[tuple[str, bool]]) -> bool:
    """The minutes are fixed once the chair and every minute signatory have signed (there must be a chair)."""
    return any(role == "chair" for role, _ in roles_signed) and all(signed for _, signed in roles_signed)


@dataclass(frozen=True)
class OpinionTally:
    """Art 66: how members' opinions were gathered and reflected over a period, in figures."""

    raised: int
    supported: int  # proposals at least one other member supported
    supports: int  # supports given in all
    on_agenda: int
    answered: int
    declined: int
    open: int
    centre_meetings: int
    round_tables: int


def opinion_tally(*, proposals: Sequence[tuple[str, int]], centre_meetings: int, round_tables: int) -> OpinionTally:
    """Count proposals (status, support count) and meetings held for the Art 66 report."""
    by_status = {status: 0 for status in ("open", "on_agenda", "answered", "declined")}
    for status, _ in proposals:
        by_status[status] = by_status.get(status, 0) + 1
    return OpinionTally(
        raised=len(proposals),
        supported=sum(1 for _, supports in proposals if supports > 0),
        supports=sum(supports for _, supports in proposals),
        on_agenda=by_status["on_agenda"],
        answered=by_status["answered"],
        declined=by_status["declined"],
        open=by_status["open"],
        centre_meetings=centre_meetings,
        round_tables=round_tables,
    )
