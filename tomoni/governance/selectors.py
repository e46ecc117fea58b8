"""Reads of the governance context, scoped to the asking user. Outside their reach a meeting is a 404.

Who sees a coop's meetings: its officers and auditor (all of them); a centre manager or support worker (the
coop's general, delegate and round-table meetings, and the meetings of the centres they reach); a member
(the general and delegate meetings, round tables, their home centre's meetings, and the board if they sit on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop, open_on
from tomoni.governance import rules
from tomoni.governance.models import (
    Attendance,
    AttendanceMode,
    Ballot,
    GovernanceSettings,
    Meeting,
    MeetingKind,
    Motion,
    MotionKind,
    MotionStatus,
    Participation,
    Roll,
    RollEntry,
)
from tomoni.governance.rules import receipt_hash
from tomoni.members.models import DIRECTOR_ROLES, Membership, OfficerTerm, Person
from tomoni.members.selectors import memberships_on

COOP_WIDE = (MeetingKind.GENERAL, MeetingKind.DELEGATE, MeetingKind.ROUND_TABLE)


def _member_person(user: User, coop: Coop) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk, coop_id=coop.pk).first()


def meetings_q(user: User, coop: Coop) -> Q | None:
    """The meetings of `coop` the user may see, as a Q; None when they reach nothing of the coop."""
    scope = scope_for(user)
    if scope.reads_coop(coop.pk):
        return Q(coop_id=coop.pk)
    q = Q(pk__in=[])
    reached = False
    if scope.read.region_ids or scope.read.centre_ids:
        centres = Centre.objects.filter(scope.centre_q(), coop_id=coop.pk).values_list("pk", flat=True)
        centre_ids = list(centres)
        if centre_ids:
            reached = True
            q |= Q(kind__in=COOP_WIDE, centre__isnull=True) | Q(centre_id__in=centre_ids)
    person = _member_person(user, coop)
    if person is not None:
        today = clock.today()
        membership = Membership.objects.filter(memberships_on(today), person=person).first()
        if membership is not None:
            reached = True
            q |= Q(kind__in=COOP_WIDE, centre__isnull=True) | Q(kind=MeetingKind.ROUND_TABLE)
            if membership.centre_id is not None:
                q |= Q(centre_id=membership.centre_id)
            if OfficerTerm.objects.filter(
                open_on(today, "started_on", "ended_on"), person=person, role__in=DIRECTOR_ROLES
            ).exists():
                q |= Q(kind=MeetingKind.BOARD)
    if not reached:
        return None
    return Q(coop_id=coop.pk) & q


def coop_for_meetings(*, user: User, code: str) -> Coop:
    """The coop whose meetings the user reaches; 404 otherwise."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None or meetings_q(user, coop) is None:
        raise Http404
    return coop


def meetings_visible(user: User, coop: Coop) -> QuerySet[Meeting]:
    """Meetings of the coop the user may see, newest first."""
    q = meetings_q(user, coop)
    if q is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(q).select_related("coop", "centre").order_by("-starts_at", "-pk")


def meeting_get(user: User, code: str, meeting_id: int) -> Meeting:
    """One meeting the user may see; else 404."""
    coop = coop_for_meetings(user=user, code=code)
    meeting = meetings_visible(user, coop).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def motion_get(user: User, code: str, motion_id: int) -> Motion:
    """One motion of a meeting the user may see; else 404."""
    coop = coop_for_meetings(user=user, code=code)
    q = meetings_q(user, coop)
    assert q is not None
    motion = (
        Motion.objects.filter(pk=motion_id, coop_id=coop.pk, meeting__in=Meeting.objects.filter(q))
        .select_related("meeting", "meeting__coop", "meeting__centre", "roll", "coop")
        .first()
    )
    if motion is None:
        raise Http404
    return motion


def motion_by_code(code: str, motion_id: int) -> Motion:
    """The motion with this id in the coop with this code, unscoped: only for motion_for_voting, which scopes it."""
    # No Meta ordering (it would join the meeting just to sort one row): the primary key finds it.
    motion = Motion.objects.filter(pk=motion_id, coop__code=code).select_related("coop").order_by("pk").first()
    if motion is None:
        raise Http404
    return motion


def motion_for_voting(user: User, code: str, motion_id: int) -> Motion:
    """The motion a member votes on: a member on its roll, or anyone who may see its meeting; else 404."""
    motion = motion_by_code(code, motion_id)
    if on_roll(user, motion):
        return motion
    q = meetings_q(user, motion.coop)
    if q is None or not Meeting.objects.filter(q, pk=motion.meeting_id).exists():
        raise Http404
    return motion


def motions_of(meeting: Meeting) -> QuerySet[Motion]:
    return (
        meeting.motions.select_related("roll", "agenda_item")
        .prefetch_related("candidates__person")
        .order_by("opens_at", "pk")
    )


def has_voted(user: User, motion: Motion) -> bool:
    return (
        user.is_authenticated
        and Participation.objects.filter(coop_id=motion.coop_id, motion_id=motion.pk, person__user_id=user.pk).exists()
    )


def on_roll(user: User, motion: Motion) -> bool:
    return (
        motion.roll_id is not None
        and user.is_authenticated
        and RollEntry.objects.filter(coop_id=motion.coop_id, roll_id=motion.roll_id, person__user_id=user.pk).exists()
    )


def receipt_verify(*, motion: Motion, code: str) -> bool:
    """After the close: whether a ballot with this receipt code is among those counted. Never says how it voted."""
    if not is_closed(motion):
        return False
    return Ballot.objects.filter(
        coop_id=motion.coop_id, motion_id=motion.pk, receipt_sha256=receipt_hash(code)
    ).exists()


@dataclass(frozen=True)
class Quorum:
    on_roll: int
    present: int
    in_person: int
    online: int
    written: int
    proxy: int
    needed: int
    met: bool
    record_date: dt.date | None
    roll_sha256: str


def meeting_quorum(meeting: Meeting) -> Quorum:
    """The chair's live figure: members present (in person, online, by written vote or proxy) against the roll."""
    roll = Roll.objects.filter(coop_id=meeting.coop_id, meeting=meeting).order_by("-record_date").first()
    counts = {mode: 0 for mode in AttendanceMode.values}
    rows = Attendance.objects.filter(coop_id=meeting.coop_id, meeting=meeting, person__isnull=False)
    if roll is not None:
        rows = rows.filter(person_id__in=RollEntry.objects.filter(roll=roll).values("person_id"))
    for mode in rows.values_list("mode", flat=True):
        counts[mode] += 1
    settings = settings_for(meeting.coop)
    quorum = Fraction(settings.ordinary_quorum_numerator, settings.ordinary_quorum_denominator or 1)
    on_roll = roll.member_count if roll is not None else 0
    present = sum(counts.values())
    _p, needed, met = rules.live_quorum(present=present, on_roll=on_roll, quorum=quorum)
    return Quorum(
        on_roll=on_roll,
        present=present,
        in_person=counts[AttendanceMode.IN_PERSON],
        online=counts[AttendanceMode.ONLINE],
        written=counts[AttendanceMode.WRITTEN],
        proxy=counts[AttendanceMode.PROXY],
        needed=needed,
        met=met,
        record_date=roll.record_date if roll else None,
        roll_sha256=roll.sha256 if roll else "",
    )


def results_visible(motion: Motion) -> bool:
    """Results are published once counted; until then only the turnout is shown."""
    return motion.status == MotionStatus.TALLIED


def may_manage(user: User, meeting: Meeting) -> bool:
    return bool(user.is_authenticated) and can_manage_meeting(user, meeting)


def participation_count(motion: Motion) -> int:
    """Turnout so far (who voted is not secret; how is)."""
    return Participation.objects.filter(coop_id=motion.coop_id, motion_id=motion.pk).count()


def roll_numbers(roll: Roll) -> list[str]:
    return list(RollEntry.objects.filter(coop_id=roll.coop_id, roll=roll).values_list("member_number", flat=True))


# --- Proposals, decisions, minutes ---------------------------------------------------------------
# In their own modules: selectors_voice.py (and minutes.py, notices.py). See docs/governance.md.


# Moved from services (reads): permissions, settings, the rule of a motion in words ------------------------


def can_manage_meeting(actor: User | None, meeting: Meeting) -> bool:
    """Officers run any meeting of their coop; a centre manager runs their centre's meetings."""
    if actor is None:
        return True
    scope = scope_for(actor)
    if scope.writes_coop(meeting.coop_id):
        return True
    centre = meeting.centre
    return centre is not None and scope.writes_centre(
        coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk
    )


def settings_for(coop: Coop) -> GovernanceSettings:
    """The coop's governance settings; the Act's defaults (unsaved) until an officer changes them."""
    found = GovernanceSettings.objects.filter(coop=coop).first()
    return found if found is not None else GovernanceSettings(coop=coop)


def is_closed(motion: Motion, now: dt.datetime | None = None) -> bool:
    return motion.status in (MotionStatus.CLOSED, MotionStatus.TALLIED) or (
        motion.status == MotionStatus.OPEN and (now or clock.now()) >= motion.closes_at
    )


def threshold_of(motion: Motion) -> rules.Threshold:
    return rules.Threshold(
        quorum=Fraction(motion.quorum_numerator, motion.quorum_denominator or 1),
        majority=Fraction(motion.majority_numerator, motion.majority_denominator or 1),
        strict=motion.majority_strict,
    )


def threshold_text(motion: Motion) -> str:
    """The rule in words, as the minutes state it."""
    q = {"num": motion.quorum_numerator, "den": motion.quorum_denominator}
    m = {"num": motion.majority_numerator, "den": motion.majority_denominator}
    if motion.kind == MotionKind.ELECTION:
        return _("Quorum: %(num)s/%(den)s of the roll present. The candidates with the most votes fill the seats.") % q
    quorum = _("Quorum: %(num)s/%(den)s of the roll present.") % q
    if motion.majority_strict:
        majority = _("Passes with more than %(num)s/%(den)s of the votes of those present.") % m
    else:
        majority = _("Passes with at least %(num)s/%(den)s of the votes of those present.") % m
    return f"{quorum} {majority}"
