"""Writes of the governance context's voting: the roll, motions, candidates, ballots and the count.

Every write is one transaction with one audit event. Services GOV-VOICE (proposals, decisions, minutes)
may call:

- ``motion_create(*, actor, meeting, kind, title, body, opens_at, closes_at, agenda_item=None,
  special_matter="", record_date=None, secret=True, seats=0) -> Motion``
- ``motion_open(*, actor, motion)``, ``motion_close(*, actor, motion)``, ``motion_tally(*, actor, motion)``

The meeting itself (settings, convening, agenda, attendance) is written in tomoni.governance.meetings.services.

Re-voting policy: none. The first ballot a member casts on a motion stands; a second is refused with a message
and nothing is written. Ballots are append-only and carry nothing that could find "the earlier ballot" of a
member, which is what keeps them secret.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.db import prepared_cursor
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.federation.models import Coop, open_on
from tomoni.governance import rules
from tomoni.governance.delegates.selectors import is_member, membership_q
from tomoni.governance.meetings.selectors import is_closed, settings_for, threshold_of, threshold_text
from tomoni.governance.meetings.services import _lawful_settings, _require_manager, results_notice_if_declared
from tomoni.governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotMark,
    Candidate,
    Channel,
    Choice,
    Constituency,
    Delegate,
    GovernanceSettings,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Motion,
    MotionKind,
    MotionStatus,
    Participation,
    Roll,
    RollEntry,
    SpecialMatter,
    TieOutcome,
)
from tomoni.governance.rules import receipt_hash
from tomoni.members.models import DIRECTOR_ROLES, Membership, OfficerTerm, Person
from tomoni.members.selectors import memberships_on

# Receipt codes: 12 characters from an alphabet without look-alikes (0/O, 1/I/L), about 59 bits of chance.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


# The roll --------------------------------------------------------------------------------------------


def eligible_people(
    meeting: Meeting, record_date: dt.date, constituency: Constituency | None = None
) -> list[tuple[int, str]]:
    """(person id, member number) of everyone entitled to vote at the meeting on the record date, by number;
    for a constituency's election, only its members."""
    members = Membership.objects.filter(memberships_on(record_date), coop_id=meeting.coop_id)
    if constituency is not None:
        members = members.filter(membership_q(constituency))
    if meeting.kind == MeetingKind.CENTRE_ALL_MEMBER:
        members = members.filter(centre_id=meeting.centre_id or 0)
    elif meeting.kind == MeetingKind.BOARD:
        directors = OfficerTerm.objects.filter(
            open_on(record_date, "started_on", "ended_on"), coop_id=meeting.coop_id, role__in=DIRECTOR_ROLES
        ).values("person_id")
        members = members.filter(person_id__in=directors)
    elif meeting.kind == MeetingKind.DELEGATE:
        delegates = Delegate.objects.filter(
            open_on(record_date, "started_on", "ended_on"), coop_id=meeting.coop_id
        ).values("person_id")
        members = members.filter(person_id__in=delegates)
    elif meeting.kind == MeetingKind.ROUND_TABLE:
        return []
    rows = members.values_list("person_id", "member_number").order_by("member_number")
    seen: set[int] = set()
    out = []
    for person_id, number in rows:
        if person_id not in seen:
            seen.add(person_id)
            out.append((person_id, number))
    return out


def roll_digest(
    *,
    coop_code: str,
    meeting_id: int,
    record_date: dt.date,
    numbers: Iterable[str],
    constituency_id: int | None = None,
) -> str:
    """SHA-256 of the roll as published: a header line, then one member number a line, sorted, each ending in LF.

    A constituency's roll names it after the meeting (`constituency <id>`)."""
    text = f"tomoni-roll v1\ncoop {coop_code}\nmeeting {meeting_id}\n"
    if constituency_id is not None:
        text += f"constituency {constituency_id}\n"
    text += f"record-date {record_date.isoformat()}\n"
    text += "".join(f"{n}\n" for n in sorted(numbers))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def roll_freeze(
    *, actor: User | None, meeting: Meeting, record_date: dt.date, constituency: Constituency | None = None
) -> Roll:
    """Freeze the roll of the meeting (of one constituency's election) at the record date, once; returns the
    existing one if frozen."""
    _require_manager(actor, meeting)
    if meeting.kind == MeetingKind.ROUND_TABLE:
        raise TomoniError(_("A round table is advisory: it has no roll and takes no binding votes."))
    existing = Roll.objects.filter(
        coop_id=meeting.coop_id, meeting=meeting, record_date=record_date, constituency=constituency
    ).first()
    if existing is not None:
        return existing
    people = eligible_people(meeting, record_date, constituency)
    numbers = [number for _pid, number in people]
    roll = Roll.objects.create(
        coop_id=meeting.coop_id,
        meeting=meeting,
        record_date=record_date,
        constituency=constituency,
        member_count=len(people),
        sha256=roll_digest(
            coop_code=meeting.coop.code,
            meeting_id=meeting.pk,
            record_date=record_date,
            numbers=numbers,
            constituency_id=constituency.pk if constituency is not None else None,
        ),
        frozen_by=actor if actor is not None and actor.is_authenticated else None,
    )
    RollEntry.objects.bulk_create(
        [RollEntry(coop_id=meeting.coop_id, roll=roll, person_id=pid, member_number=num) for pid, num in people],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        action="governance.roll.frozen",
        coop_id=meeting.coop_id,
        target=roll,
        data={"record_date": record_date.isoformat(), "members": len(people), "sha256": roll.sha256},
    )
    return roll


# Motions ---------------------------------------------------------------------------------------------


def _threshold_fields(kind: str, settings: GovernanceSettings) -> dict[str, Any]:
    if kind == MotionKind.SPECIAL:
        return {
            "quorum_numerator": settings.special_quorum_numerator,
            "quorum_denominator": settings.special_quorum_denominator,
            "majority_numerator": settings.special_majority_numerator,
            "majority_denominator": settings.special_majority_denominator,
            "majority_strict": False,
        }
    if kind == MotionKind.ELECTION:
        # Elections need the meeting's quorum; seats go to the most votes (rules.election_result).
        return {
            "quorum_numerator": settings.ordinary_quorum_numerator,
            "quorum_denominator": settings.ordinary_quorum_denominator,
            "majority_numerator": 0,
            "majority_denominator": 1,
            "majority_strict": True,
        }
    return {
        "quorum_numerator": settings.ordinary_quorum_numerator,
        "quorum_denominator": settings.ordinary_quorum_denominator,
        "majority_numerator": settings.ordinary_majority_numerator,
        "majority_denominator": settings.ordinary_majority_denominator,
        "majority_strict": True,
    }


@transaction.atomic
def motion_create(
    *,
    actor: User | None,
    meeting: Meeting,
    kind: str,
    title: str,
    body: str = "",
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    agenda_item: AgendaItem | None = None,
    special_matter: str = "",
    record_date: dt.date | None = None,
    secret: bool = True,
    seats: int = 0,
    constituency: Constituency | None = None,
) -> Motion:
    """Put a motion to the meeting; thresholds are copied from the coop's settings now.

    An election with a constituency elects its delegates: its members alone are on the roll and may stand,
    and its seats are the constituency's unless given."""
    _require_manager(actor, meeting)
    if meeting.kind == MeetingKind.ROUND_TABLE:
        raise TomoniError(_("A round table is advisory: it has no roll and takes no binding votes."))
    if kind not in MotionKind.values:
        raise TomoniError(_("Choose one of the options offered."), field="kind")
    if not title.strip():
        raise TomoniError(_("A motion needs a title."), field="title")
    if closes_at <= opens_at:
        raise TomoniError(_("Voting must close after it opens."), field="closes_at")
    if kind == MotionKind.SPECIAL and special_matter not in SpecialMatter.values[1:]:
        raise TomoniError(
            _("Say what the special resolution decides: the articles, dissolution, merger, expulsion or a transfer."),
            field="special_matter",
        )
    if kind != MotionKind.SPECIAL:
        special_matter = ""
    if constituency is not None:
        _check_constituency_election(meeting, kind, constituency)
        seats = seats or constituency.seats
    if kind == MotionKind.ELECTION and seats < 1:
        raise TomoniError(_("An election needs at least one seat."), field="seats")
    if kind != MotionKind.ELECTION:
        seats = 0
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise TomoniError(_("The agenda item belongs to another meeting."), field="agenda_item")
    if record_date is None:
        record_date = meeting.record_date or timezone.localdate(opens_at)
    motion = Motion.objects.create(
        coop_id=meeting.coop_id,
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        special_matter=special_matter,
        title=title.strip(),
        body=body,
        opens_at=opens_at,
        closes_at=closes_at,
        record_date=record_date,
        # Elections are always secret; others as the meeting decides.
        secret=True if kind == MotionKind.ELECTION else secret,
        seats=seats,
        constituency=constituency,
        **_threshold_fields(kind, _lawful_settings(meeting.coop)),
    )
    motion.threshold_text = threshold_text(motion)
    motion.save(update_fields=["threshold_text"])
    audit_record(
        actor=actor,
        action="governance.motion.created",
        coop_id=meeting.coop_id,
        target=motion,
        data={
            "kind": kind,
            "special_matter": special_matter,
            "constituency": constituency.pk if constituency is not None else None,
        },
    )
    return motion


def _check_constituency_election(meeting: Meeting, kind: str, constituency: Constituency) -> None:
    """A constituency elects its delegates at a general meeting, or at its own centre's all-member meeting."""
    if kind != MotionKind.ELECTION:
        raise TomoniError(_("Only an election is held by constituency."), field="constituency")
    if constituency.coop_id != meeting.coop_id:
        raise TomoniError(_("The constituency belongs to another coop."), field="constituency")
    if meeting.kind == MeetingKind.GENERAL:
        return
    if meeting.kind == MeetingKind.CENTRE_ALL_MEMBER and constituency.centre_id == meeting.centre_id:
        return
    raise TomoniError(
        _(
            "A constituency elects its delegates at a general meeting, or at the all-member meeting of the"
            " centre that is the constituency."
        ),
        field="constituency",
    )


@transaction.atomic
def candidate_add(*, actor: User | None, motion: Motion, person: Person, statement: str = "") -> Candidate:
    """Add a candidate to an election before voting opens."""
    _require_manager(actor, motion.meeting)
    if motion.kind != MotionKind.ELECTION:
        raise TomoniError(_("Only an election has candidates."))
    if motion.status != MotionStatus.DRAFT:
        raise TomoniError(_("Voting has opened: the candidates can no longer change."))
    if person.coop_id != motion.coop_id:
        raise TomoniError(_("That person belongs to another coop."), field="person")
    if Candidate.objects.filter(coop_id=motion.coop_id, motion=motion, person=person).exists():
        raise TomoniError(_("This person is already a candidate."), field="person")
    constituency = motion.constituency
    if constituency is not None and not is_member(constituency, person.pk, motion.record_date):
        raise TomoniError(
            _("%(name)s is not a member of %(constituency)s, so cannot stand in its election.")
            % {"name": person.full_name, "constituency": constituency.name},
            field="person",
        )
    last = Candidate.objects.filter(coop_id=motion.coop_id, motion=motion).order_by("-order").first()
    candidate = Candidate.objects.create(
        coop_id=motion.coop_id, motion=motion, person=person, order=(last.order + 1) if last else 1, statement=statement
    )
    audit_record(actor=actor, action="governance.candidate.added", coop_id=motion.coop_id, target=candidate)
    return candidate


@transaction.atomic
def motion_open(*, actor: User | None, motion: Motion) -> Motion:
    """Freeze the roll at the motion's record date and open it for voting (from `opens_at` to `closes_at`)."""
    _require_manager(actor, motion.meeting)
    if motion.status != MotionStatus.DRAFT:
        raise TomoniError(_("This motion is already open or closed."))
    if motion.meeting.status in (MeetingStatus.DRAFT, MeetingStatus.CANCELLED):
        raise TomoniError(_("Convene the meeting before opening its motions."))
    if motion.kind == MotionKind.ELECTION and motion.candidates.count() == 0:
        raise TomoniError(_("Add the candidates before opening the election."))
    motion.roll = roll_freeze(
        actor=actor, meeting=motion.meeting, record_date=motion.record_date, constituency=motion.constituency
    )
    motion.status = MotionStatus.OPEN
    motion.save(update_fields=["roll", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="governance.motion.opened",
        coop_id=motion.coop_id,
        target=motion,
        data={"roll_sha256": motion.roll.sha256},
    )
    return motion


def _refuse_before_the_session(meeting: Meeting) -> None:
    """A motion is closed and counted at its meeting: not before the session is opened (or after a cancel).
    The status is read afresh, as the motion's cached meeting may predate the session's opening."""
    status = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first()
    if status not in (MeetingStatus.IN_SESSION, MeetingStatus.CLOSED):
        raise TomoniError(_("Open the meeting's session before closing or counting its motions."))


@transaction.atomic
def motion_close(*, actor: User | None, motion: Motion) -> Motion:
    """Close voting (early if the chair closes it before `closes_at`), once the meeting's session is open."""
    _require_manager(actor, motion.meeting)
    _refuse_before_the_session(motion.meeting)
    locked = Motion.objects.select_for_update().get(pk=motion.pk)
    if locked.status != MotionStatus.OPEN:
        raise TomoniError(_("This motion is not open."))
    now = clock.now()
    locked.status = MotionStatus.CLOSED
    locked.closes_at = min(locked.closes_at, now) if now > locked.opens_at else locked.closes_at
    locked.save(update_fields=["status", "closes_at", "updated_at"])
    audit_record(actor=actor, action="governance.motion.closed", coop_id=motion.coop_id, target=locked)
    motion.status, motion.closes_at = locked.status, locked.closes_at
    return motion


def ballot_counts(motion: Motion) -> dict[str, int]:
    """Ballots by choice: one GROUP BY over the motion's ballots."""
    rows = (
        Ballot.objects.filter(coop_id=motion.coop_id, motion_id=motion.pk)
        .values_list("choice")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {choice: n for choice, n in rows}


def mark_counts(motion: Motion) -> dict[int, int]:
    """Election marks by candidate: one GROUP BY."""
    rows = (
        BallotMark.objects.filter(coop_id=motion.coop_id, motion_id=motion.pk)
        .values_list("candidate_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {cid: n for cid, n in rows}


def present_on_roll(motion: Motion) -> int:
    """Those present for the motion (出席者): members on its roll who attend its meeting (in person, online, in
    writing, by proxy) or whose ballot was received; an online vote with no attendance: those who took part."""
    if motion.roll_id is None:
        return 0
    attending = Attendance.objects.filter(
        coop_id=motion.coop_id, meeting_id=motion.meeting_id, person_id__isnull=False
    ).values("person_id")
    took_part = Participation.objects.filter(coop_id=motion.coop_id, motion_id=motion.pk).values("person_id")
    return (
        RollEntry.objects.filter(coop_id=motion.coop_id, roll_id=motion.roll_id)
        .filter(Q(person_id__in=attending) | Q(person_id__in=took_part))
        .count()
    )


@transaction.atomic
def motion_tally(*, actor: User | None, motion: Motion) -> Motion:
    """Count the ballots once voting has closed (the meeting's session opened) and write every figure the
    minutes need."""
    _require_manager(actor, motion.meeting)
    _refuse_before_the_session(motion.meeting)
    locked = Motion.objects.select_for_update(of=("self",)).select_related("roll").get(pk=motion.pk)
    if locked.status == MotionStatus.TALLIED:
        raise TomoniError(_("This motion has already been counted."))
    if locked.status == MotionStatus.DRAFT or not is_closed(locked):
        raise TomoniError(_("Voting has not closed yet: count after the close."))
    counts = ballot_counts(locked)
    participations = Participation.objects.filter(coop_id=locked.coop_id, motion_id=locked.pk).count()
    ballots = sum(counts.values())
    if ballots != participations:  # one transaction writes both: a mismatch means the database was tampered with
        raise TomoniError(_("The ballots and the record of who voted do not agree: do not publish this result."))
    on_roll = locked.roll.member_count if locked.roll else 0
    present = present_on_roll(locked)
    threshold = threshold_of(locked)
    locked.on_roll_count = on_roll
    locked.present_count = present
    locked.abstain_count = counts.get(Choice.ABSTAIN, 0)
    locked.quorum_met = rules.quorum_met(present=present, on_roll=on_roll, quorum=threshold.quorum)
    if locked.kind == MotionKind.ELECTION:
        candidates = list(locked.candidates.order_by("order"))
        result = rules.election_result(
            candidate_ids=[c.pk for c in candidates], marks=mark_counts(locked), seats=locked.seats
        )
        locked.for_count = counts.get(Choice.CANDIDATES, 0)
        locked.against_count = 0
        locked.tie = bool(result.tied) and bool(locked.quorum_met)
        for c in candidates:
            c.votes = result.votes[c.pk]
            c.elected = bool(locked.quorum_met) and c.pk in result.elected
            if locked.tie and c.pk in result.tied:
                c.elected = None  # awaiting the chair's lot
        Candidate.objects.bulk_update(candidates, ["votes", "elected"])
        locked.passed = None if locked.tie else bool(locked.quorum_met and result.elected)
    else:
        outcome = rules.resolution_result(
            on_roll=on_roll,
            votes_for=counts.get(Choice.FOR, 0),
            against=counts.get(Choice.AGAINST, 0),
            abstaining=counts.get(Choice.ABSTAIN, 0),
            no_ballot=present - ballots,
            threshold=threshold,
        )
        locked.for_count, locked.against_count = outcome.votes_for, outcome.against
        locked.tie, locked.passed = outcome.tie, outcome.passed
    locked.status = MotionStatus.TALLIED
    locked.tallied_at = clock.now()
    locked.save()
    audit_record(
        actor=actor,
        action="governance.motion.tallied",
        coop_id=locked.coop_id,
        target=locked,
        data={
            "on_roll": on_roll,
            "present": present,
            "for": locked.for_count,
            "against": locked.against_count,
            "abstaining": locked.abstain_count,
            "passed": locked.passed,
        },
    )
    results_notice_if_declared(actor=actor, meeting=motion.meeting)
    return locked


@transaction.atomic
def motion_tie_resolve(
    *,
    actor: User | None,
    motion: Motion,
    note: str,
    outcome: str = "",
    elected_candidate_ids: Sequence[int] = (),
) -> Motion:
    """Record how the chair resolved a tie: their decision on a resolution, or the lot drawn in an election."""
    _require_manager(actor, motion.meeting)
    locked = Motion.objects.select_for_update().get(pk=motion.pk)
    if not locked.tie or locked.tie_outcome or locked.passed is not None:
        raise TomoniError(_("There is no tie to resolve."))
    if not note.strip():
        raise TomoniError(_("Record how the tie was resolved (who drew the lot, in front of whom)."), field="note")
    if locked.kind == MotionKind.ELECTION:
        candidates = list(locked.candidates.order_by("order"))
        result = rules.election_result(
            candidate_ids=[c.pk for c in candidates],
            marks={c.pk: c.votes or 0 for c in candidates},
            seats=locked.seats,
        )
        chosen = set(elected_candidate_ids)
        if not chosen <= set(result.tied) or len(chosen) != result.seats_left_for_lot:
            raise TomoniError(
                _("Choose %(n)s of the tied candidates, as the lot decided.") % {"n": result.seats_left_for_lot},
                field="elected_candidate_ids",
            )
        for c in candidates:
            if c.pk in result.tied:
                c.elected = c.pk in chosen
        Candidate.objects.bulk_update(candidates, ["elected"])
        locked.passed = True
        locked.tie_outcome = TieOutcome.PASSED
    else:
        if outcome not in (TieOutcome.PASSED, TieOutcome.REJECTED):
            raise TomoniError(_("Say whether the chair's decision passes or rejects the motion."), field="outcome")
        locked.tie_outcome = outcome
        locked.passed = outcome == TieOutcome.PASSED
    locked.tie_note = note.strip()
    locked.save(update_fields=["tie_outcome", "tie_note", "passed", "updated_at"])
    audit_record(
        actor=actor,
        action="governance.motion.tie_resolved",
        coop_id=locked.coop_id,
        target=locked,
        data={"outcome": locked.tie_outcome, "elected": sorted(elected_candidate_ids), "note": locked.tie_note},
    )
    results_notice_if_declared(actor=actor, meeting=motion.meeting)
    return locked


# Voting ----------------------------------------------------------------------------------------------


def receipt_new() -> str:
    """A fresh receipt code, shown once to the voter, e.g. `K7QM-4XTR-9HWP`."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


class NotOnRoll(TomoniError):
    """The voter is not on the motion's roll (the API then decides between this message and a 404)."""


def _refuse_unless_open(motion: Motion, now: dt.datetime) -> None:
    if motion.status == MotionStatus.DRAFT or now < motion.opens_at:
        raise TomoniError(_("Voting on this motion has not opened yet."))
    if motion.status != MotionStatus.OPEN or now >= motion.closes_at:
        raise TomoniError(_("Voting on this motion has closed. Your vote was not recorded."))


def _check_ballot(motion: Motion, choice: str, candidate_ids: Sequence[int]) -> tuple[str, list[int]]:
    if motion.kind == MotionKind.ELECTION:
        marked = [int(c) for c in candidate_ids]
        valid = Candidate.objects.filter(coop_id=motion.coop_id, motion=motion).values_list("pk", flat=True)
        if choice == Choice.ABSTAIN and not marked:
            return Choice.ABSTAIN, []
        if not marked or not rules.marks_valid(marked=marked, candidate_ids=list(valid), seats=motion.seats):
            raise TomoniError(
                _("Choose between one and %(seats)s of the candidates listed.") % {"seats": motion.seats},
                field="candidates",
            )
        return Choice.CANDIDATES, marked
    if choice not in (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN):
        raise TomoniError(_("Choose for, against or abstain."), field="choice")
    return choice, []


def _not_on_roll() -> NotOnRoll:
    return NotOnRoll(
        _("You are not on the roll for this motion, so you cannot vote on it. Ask the office if this is wrong.")
    )


def _already_voted() -> TomoniError:
    return TomoniError(_("A vote has already been recorded for this member on this motion. The first vote stands."))


def vote_cast(*, actor: User, motion: Motion, choice: str = "", candidate_ids: Sequence[int] = ()) -> str:
    """A member casts their own vote online; returns the receipt code (shown once)."""
    now = clock.now()
    _refuse_unless_open(motion, now)
    if not actor.is_authenticated or motion.roll_id is None:
        raise _not_on_roll()
    choice, marked = _check_ballot(motion, choice, candidate_ids)
    voter = _voters(_open_motions(now).filter(pk=motion.pk, coop_id=motion.coop_id), person=_person_of(actor))
    code = _cast(voter=voter, motion_id=motion.pk, choice=choice, marked=marked, channel=Channel.ONLINE, actor=actor)
    if code is None:
        # Nothing was written: off the roll, or the motion closed between reading it and casting.
        motion.refresh_from_db(fields=["status", "closes_at"])
        _refuse_unless_open(motion, clock.now())
        raise _not_on_roll()
    return code


def vote_cast_in_coop(
    *, actor: User, coop_code: str, motion_id: int, choice: str = "", candidate_ids: Sequence[int] = ()
) -> str:
    """vote_cast on the motion `motion_id` of the coop `coop_code`, as the API names it; returns the receipt code.

    A for/against/abstain ballot is cast without reading the motion first: the voter's query (open, not an
    election, in the coop, the login's person on its roll) and the rows are written together (on PostgreSQL one
    statement, one round trip). Whatever it does not write (an election, a refusal of any kind) goes through
    vote_cast with the motion read, for the exact check and message. A motion outside the coop is refused as not
    on the roll. The same path runs on every database; only `_write_vote` differs.
    """
    if actor.is_authenticated and not candidate_ids and choice in (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN):
        motions = _open_motions(clock.now()).filter(pk=motion_id, coop_id=_coop_by_code(coop_code))
        voter = _voters(motions.exclude(kind=MotionKind.ELECTION), person=_person_of(actor))
        code = _cast(voter=voter, motion_id=motion_id, choice=choice, marked=[], channel=Channel.ONLINE, actor=actor)
        if code is not None:
            return code
    motion = Motion.objects.filter(pk=motion_id, coop__code=coop_code).order_by().first()
    if motion is None:
        raise _not_on_roll()
    return vote_cast(actor=actor, motion=motion, choice=choice, candidate_ids=candidate_ids)


# What a vote checks and writes, defined once -------------------------------------------------------------------
#
# The checks are one query, `_voters`: the person on the roll of an open motion (status open, opens_at <= now <
# closes_at), each of motion, coop and person found by a unique key, so the roll entry is one probe of its unique
# index whatever the planner's statistics say (a freshly loaded roll has none yet). The rows are one description,
# `_VoteRows`: the participation (that the member voted), the ballot and its marks (how, with no person), and the
# audit event (who and by which channel, never the choice). `_write_vote` writes them: on PostgreSQL as one
# statement whose first part is the voters' query compiled by Django (one round trip, atomic on its own; prepared
# once per connection), elsewhere with the ORM in one transaction. Every ballot, online, on paper, by proxy or in
# an election, goes through it; `tests/test_vote_parity.py` checks that both writers leave the same rows.


_VoterQuery = QuerySet[RollEntry, tuple[int, int]]


def _open_motions(now: dt.datetime) -> QuerySet[Motion]:
    """The motions that take ballots at `now` (rules.voting_open, with the motion opened and not yet closed)."""
    return Motion.objects.filter(status=MotionStatus.OPEN, opens_at__lte=now, closes_at__gt=now).order_by()


def _coop_by_code(code: str) -> Subquery:
    return Subquery(Coop.objects.filter(code=code).values("pk")[:1])


def _person_of(user: User) -> Subquery:
    return Subquery(Person.objects.filter(user_id=user.pk).order_by().values("pk")[:1])


def _voters(motions: QuerySet[Motion], *, person: int | Subquery) -> _VoterQuery:
    """The voter (person_id, coop_id) if `person` is on the roll of the one motion of `motions`, else nothing."""
    person_key: Any = person
    return (
        RollEntry.objects.filter(
            coop_id=Subquery(motions.values("coop_id")[:1]),
            roll_id=Subquery(motions.values("roll_id")[:1]),
            person_id=person_key,
        )
        .order_by()
        .values_list("person_id", "coop_id")
    )


@dataclass(frozen=True)
class _VoteRows:
    """Everything one vote writes, but the voter (person and coop), which the voters' query supplies."""

    motion_id: int
    choice: str
    marks: tuple[int, ...]
    ballot_id: uuid.UUID
    mark_ids: tuple[uuid.UUID, ...]
    receipt_sha256: str
    channel: str
    paper_reference: str
    proxy_holder_id: int | None
    recorded_by_id: int | None
    actor_id: int | None
    now: dt.datetime

    def participation(self, *, coop_id: int, person_id: int) -> dict[str, Any]:
        return {
            "created_at": self.now,
            "updated_at": self.now,
            "coop_id": coop_id,
            "motion_id": self.motion_id,
            "person_id": person_id,
            "channel": self.channel,
            "paper_reference": self.paper_reference,
            "proxy_holder_id": self.proxy_holder_id,
            "recorded_by_id": self.recorded_by_id,
        }

    def ballot(self, *, coop_id: int) -> dict[str, Any]:
        return {
            "id": self.ballot_id,
            "coop_id": coop_id,
            "motion_id": self.motion_id,
            "choice": self.choice,
            "receipt_sha256": self.receipt_sha256,
        }

    def audit_data(self, *, person_id: int | None) -> dict[str, Any]:
        """The audit event says who took part and how (online or on paper), never the choice or the ballot."""
        return {"person": person_id, "channel": self.channel, "paper_reference": self.paper_reference}


def _cast(
    *,
    voter: _VoterQuery,
    motion_id: int,
    choice: str,
    marked: Sequence[int],
    channel: str,
    actor: User | None,
    paper_reference: str = "",
    proxy_holder_id: int | None = None,
) -> str | None:
    """Write one vote if `voter` finds the voter; the receipt code, or None when nothing was written.

    A second ballot of the member fails on the participation's unique key and is refused with the message.
    """
    code = receipt_new()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    rows = _VoteRows(
        motion_id=motion_id,
        choice=choice,
        marks=tuple(marked),
        ballot_id=uuid.uuid4(),
        mark_ids=tuple(uuid.uuid4() for _ in marked),
        receipt_sha256=receipt_hash(code),
        channel=channel,
        paper_reference=paper_reference,
        proxy_holder_id=proxy_holder_id,
        recorded_by_id=actor_id if channel != Channel.ONLINE else None,
        actor_id=actor_id,
        now=clock.now(),
    )
    try:
        written = _write_vote(voter, rows)
    except IntegrityError:
        already = Participation.objects.filter(
            motion_id=motion_id, person_id__in=voter.values("person_id"), coop_id__in=voter.values("coop_id")
        )
        if already.exists():
            raise _already_voted() from None
        raise
    return code if written else None


def _write_vote(voter: _VoterQuery, rows: _VoteRows) -> bool:
    """Write the rows of one vote for the voter `voter` finds; False (nothing written) if it finds none."""
    if connection.vendor == "postgresql":
        return _write_vote_in_one_statement(voter, rows)
    return _write_vote_with_the_orm(voter, rows)


def _write_vote_with_the_orm(voter: _VoterQuery, rows: _VoteRows) -> bool:
    """The rows of one vote by the ORM in one transaction (every database but PostgreSQL; the parity test's twin)."""
    with transaction.atomic():
        found = voter.first()
        if found is None:
            return False
        person_id, coop_id = found
        Participation.objects.create(**rows.participation(coop_id=coop_id, person_id=person_id))
        Ballot.objects.create(**rows.ballot(coop_id=coop_id))
        BallotMark.objects.bulk_create(
            BallotMark(id=mark_id, coop_id=coop_id, motion_id=rows.motion_id, ballot_id=rows.ballot_id, candidate_id=c)
            for mark_id, c in zip(rows.mark_ids, rows.marks, strict=True)
        )
        _record_vote_event(rows, coop_id=coop_id, person_id=person_id)
    return True


def _record_vote_event(rows: _VoteRows, *, coop_id: int, person_id: int) -> None:
    """The vote's audit event, by the one audit writer (its hash chain, its listeners), whichever wrote the rows."""
    audit_record(
        actor=User(pk=rows.actor_id) if rows.actor_id is not None else None,
        action="governance.vote.cast",
        coop_id=coop_id,
        target=Motion(pk=rows.motion_id),
        data=rows.audit_data(person_id=person_id),
    )


@functools.cache
def _vote_statement_sql(voter_sql: str, part_columns: tuple[str, ...], ballot_columns: tuple[str, ...]) -> str:
    """The one statement: the voters' query, then the participation, ballot and marks from its row."""
    from_voter = {"coop_id", "person_id"}  # supplied by the voters' query, the rest are parameters

    def values(columns: tuple[str, ...]) -> str:
        return ", ".join(column if column in from_voter else "%s" for column in columns)

    # Table and column names come from the models, the voters' query from Django; every value is a parameter.
    return f"""
WITH voter AS ({voter_sql}), part AS (
    INSERT INTO {Participation._meta.db_table} ({", ".join(part_columns)})
    SELECT {values(part_columns)} FROM voter
    RETURNING coop_id, person_id
), ballot AS (
    INSERT INTO {Ballot._meta.db_table} ({", ".join(ballot_columns)})
    SELECT {values(ballot_columns)} FROM part
    RETURNING id, coop_id, motion_id
), marks AS (
    INSERT INTO {BallotMark._meta.db_table} (id, coop_id, motion_id, ballot_id, candidate_id)
    SELECT m.id, b.coop_id, b.motion_id, b.id, m.candidate_id
    FROM ballot b, unnest(%s::uuid[], %s::bigint[]) AS m (id, candidate_id)
)
SELECT coop_id, person_id FROM part
"""  # noqa: S608


def _write_vote_in_one_statement(voter: _VoterQuery, rows: _VoteRows) -> bool:
    """The same rows as the ORM writes: the voters' query and the inserts from its row as one statement, then the
    audit event by the same writer as the ORM's, in the same transaction."""
    voter_sql, voter_params = voter.query.sql_with_params()
    part = rows.participation(coop_id=0, person_id=0)
    ballot = rows.ballot(coop_id=0)
    from_voter = ("coop_id", "person_id")
    params = [
        *voter_params,
        *(value for column, value in part.items() if column not in from_voter),
        *(value for column, value in ballot.items() if column not in from_voter),
        list(rows.mark_ids),
        list(rows.marks),
    ]
    sql = _vote_statement_sql(voter_sql, tuple(part), tuple(ballot))
    # Its own transaction, or a savepoint inside a caller's (a refused second ballot rolls back only this).
    # Prepared once per connection (prepared_cursor): PostgreSQL does not plan it again for every ballot.
    with transaction.atomic(savepoint=connection.in_atomic_block):
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchone()
        if found is None:
            return False
        coop_id, person_id = found
        _record_vote_event(rows, coop_id=coop_id, person_id=person_id)
    return True


def vote_record_paper(
    *,
    actor: User | None,
    motion: Motion,
    person: Person,
    channel: str,
    paper_reference: str,
    choice: str = "",
    candidate_ids: Sequence[int] = (),
    proxy_holder: Person | None = None,
) -> str:
    """An officer enters a ballot paper, a written vote or a proxy vote, with the paper's reference."""
    _require_manager(actor, motion.meeting)
    now = clock.now()
    _refuse_unless_open(motion, now)
    if channel not in (Channel.IN_PERSON, Channel.WRITTEN, Channel.PROXY):
        raise TomoniError(_("Choose one of the options offered."), field="channel")
    if not paper_reference.strip():
        raise TomoniError(_("Give the reference written on the paper."), field="paper_reference")
    if not RollEntry.objects.filter(coop_id=motion.coop_id, roll_id=motion.roll_id or 0, person_id=person.pk).exists():
        raise TomoniError(
            _("%(name)s is not on the roll for this motion.") % {"name": person.full_name}, field="person"
        )
    settings = settings_for(motion.coop)
    if channel == Channel.WRITTEN and not settings.written_votes_allowed:
        raise TomoniError(_("The articles do not allow written votes."), field="channel")
    holder_id = None
    if channel == Channel.PROXY:
        if not settings.proxy_votes_allowed:
            raise TomoniError(_("The articles do not allow proxy votes."), field="channel")
        if proxy_holder is None or proxy_holder.pk == person.pk:
            raise TomoniError(_("Name the member who holds the proxy."), field="proxy_holder")
        if not RollEntry.objects.filter(
            coop_id=motion.coop_id, roll_id=motion.roll_id or 0, person_id=proxy_holder.pk
        ).exists():
            raise TomoniError(_("The proxy holder must be on the roll too."), field="proxy_holder")
        with transaction.atomic():
            # Lock the motion so two officers cannot both give a holder their last allowed proxy.
            Motion.objects.select_for_update().filter(pk=motion.pk).first()
            held = Participation.objects.filter(
                coop_id=motion.coop_id, motion_id=motion.pk, channel=Channel.PROXY, proxy_holder=proxy_holder
            ).count()
            if not rules.proxy_within_limit(held=held + 1, limit=settings.proxy_limit):
                raise TomoniError(
                    _("%(name)s already holds %(limit)s proxies, the most the articles allow.")
                    % {"name": proxy_holder.full_name, "limit": settings.proxy_limit},
                    field="proxy_holder",
                )
            holder_id = proxy_holder.pk
            return _cast_paper(motion, person, choice, candidate_ids, channel, actor, paper_reference, holder_id)
    return _cast_paper(motion, person, choice, candidate_ids, channel, actor, paper_reference, holder_id)


def _cast_paper(
    motion: Motion,
    person: Person,
    choice: str,
    candidate_ids: Sequence[int],
    channel: str,
    actor: User | None,
    paper_reference: str,
    holder_id: int | None,
) -> str:
    choice, marked = _check_ballot(motion, choice, candidate_ids)
    now = clock.now()
    code = _cast(
        voter=_voters(_open_motions(now).filter(pk=motion.pk, coop_id=motion.coop_id), person=person.pk),
        motion_id=motion.pk,
        choice=choice,
        marked=marked,
        channel=channel,
        actor=actor,
        paper_reference=paper_reference.strip(),
        proxy_holder_id=holder_id,
    )
    if code is None:  # the motion closed between the checks and the write
        motion.refresh_from_db(fields=["status", "closes_at"])
        _refuse_unless_open(motion, clock.now())
        raise TomoniError(_("%(name)s is not on the roll for this motion.") % {"name": person.full_name})
    return code


# --- Proposals, decisions, minutes ---------------------------------------------------------------
# In their own sub-package: voice/services.py (and voice/minutes.py, voice/notices.py). See docs/governance.md.
