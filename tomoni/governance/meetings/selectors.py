"""Reads of the governance context, scoped to the asking user. Outside their reach a meeting is a 404.

Who sees a coop's meetings: its officers and auditor (all of them); a centre manager or support worker (the
coop's general, delegate and round-table meetings, and the meetings of the centres they reach); a member
(the general and delegate meetings, round tables, their home centre's meetings, and the board if they sit on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop, open_on
from tomoni.governance import rules
from tomoni.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    Ballot,
    Candidate,
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
# In their own sub-package: voice/selectors.py (and voice/minutes.py, voice/notices.py). See docs/governance.md.


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


# What the meeting pages show (each page calls these; no query of its own) --------------------------------


def members_for_choice(coop: Coop) -> QuerySet[Person]:
    """The coop's current members with their member number, for naming a person on officers' forms."""
    current = Membership.objects.filter(memberships_on(clock.today()), coop=coop)
    return (
        Person.objects.filter(coop=coop, pk__in=current.values("person_id"))
        .annotate(member_number=Subquery(current.filter(person_id=OuterRef("pk")).values("member_number")[:1]))
        .order_by("family_name_kana", "given_name_kana", "pk")
    )


def voters_for_choice(motion: Motion) -> QuerySet[Person]:
    """The members who may hand in a paper for `motion`: those on its frozen roll (the coop's, before it opens)."""
    people = members_for_choice(motion.coop)
    if motion.roll_id is not None:
        people = people.filter(roll_entries__roll_id=motion.roll_id)
    return people


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(coop_id=meeting.coop_id, meeting=meeting).order_by("order", "pk")


def attendances_of(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(coop_id=meeting.coop_id, meeting=meeting)
        .select_related("person", "proxy_holder")
        .order_by("pk")
    )


def candidates_of(motion: Motion, *, undecided_only: bool = False) -> QuerySet[Candidate]:
    """An election's candidates in ballot order; `undecided_only`: those awaiting the chair's lot."""
    found = Candidate.objects.filter(coop_id=motion.coop_id, motion=motion).select_related("person")
    if undecided_only:
        found = found.filter(elected__isnull=True)
    return found.order_by("order", "pk")


def candidate_choices(motion: Motion, *, undecided_only: bool = False) -> list[tuple[int, str]]:
    if motion.kind != MotionKind.ELECTION:
        return []
    return [(c.pk, c.person.full_name) for c in candidates_of(motion, undecided_only=undecided_only)]


ROLL_PAGE_SIZE = 50


def attendance_centres(meeting: Meeting) -> QuerySet[Centre]:
    """The centres the roll can be filtered by: the meeting's own centre, else every open centre of the coop."""
    centres = Centre.objects.filter(open_on(clock.today(), "opened_on", "closed_on"), coop_id=meeting.coop_id)
    if meeting.centre_id is not None:
        centres = centres.filter(pk=meeting.centre_id)
    return centres.order_by("code", "pk")


def attendance_roll(meeting: Meeting, *, centre_id: int | None = None, text: str = "") -> QuerySet[Person]:
    """Who can be ticked present: the meeting's frozen roll if it has one, else the coop's (or its centre's)
    current members; by centre and by a part of the name, kana or member number. Each row carries its
    member number, its centre's name and the attendance already recorded (`recorded_mode`, "" if none)."""
    today = clock.today()
    current = Membership.objects.filter(memberships_on(today), coop_id=meeting.coop_id)
    roll = Roll.objects.filter(coop_id=meeting.coop_id, meeting=meeting).order_by("-record_date", "-pk").first()
    people = Person.objects.filter(coop_id=meeting.coop_id)
    if roll is not None:
        people = people.filter(pk__in=RollEntry.objects.filter(roll=roll).values("person_id"))
    else:
        people = people.filter(pk__in=current.values("person_id"))
    centre = centre_id or meeting.centre_id
    if centre:
        people = people.filter(pk__in=current.filter(centre_id=centre).values("person_id"))
    text = text.strip()
    if text:
        people = people.filter(
            Q(family_name__icontains=text)
            | Q(given_name__icontains=text)
            | Q(family_name_kana__icontains=text)
            | Q(given_name_kana__icontains=text)
            | Q(pk__in=current.filter(member_number__icontains=text).values("person_id"))
        )
    mine = current.filter(person_id=OuterRef("pk")).order_by("-joined_on", "-pk")
    recorded = Attendance.objects.filter(coop_id=meeting.coop_id, meeting=meeting, person_id=OuterRef("pk"))
    return people.annotate(
        member_number=Subquery(mine.values("member_number")[:1]),
        centre_name=Subquery(mine.values("centre__name")[:1]),
        recorded_mode=Coalesce(Subquery(recorded.values("mode")[:1]), Value("")),
    ).order_by("family_name_kana", "given_name_kana", "pk")


def may_audit(user: User, meeting: Meeting) -> bool:
    """Who sees the roll's SHA-256 (to check it against the frozen roll): the meeting's officers and those who
    read the whole coop, its auditor among them; members see the result without it."""
    if not user.is_authenticated:
        return False
    scope = scope_for(user)
    return scope.reads_coop(meeting.coop_id) or meeting.coop_id in scope.audit_coop_ids or may_manage(user, meeting)


def notice_given_days(meeting: Meeting) -> int | None:
    """The notice actually given: whole days from the day it was convened to the meeting's day (None if not
    convened). The articles' minimum in force then is kept on the meeting as `notice_days`."""
    if meeting.convened_at is None:
        return None
    return (timezone.localdate(meeting.starts_at) - timezone.localdate(meeting.convened_at)).days


def outcome_text(motion: Motion) -> str:
    """The result in words: a quorum not met is not a rejection, and an election elects."""
    if motion.status != MotionStatus.TALLIED:
        return ""
    if motion.quorum_met is False:
        return _("The quorum was not met: no decision was taken.")
    if motion.passed is None:
        return _("Tie: awaiting the chair's decision.")
    if motion.kind == MotionKind.ELECTION:
        return _("Elected as shown below.") if motion.passed else _("No one was elected.")
    return _("Passed") if motion.passed else _("Not passed")
