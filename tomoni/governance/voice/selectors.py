"""Reads of proposals, the decision register, the minutes, the Art 66 report and calendar feeds.

A member sees their coop's proposals and decisions and those of their home centre; a grant sees its
subtree (tomoni.core.scopes). Outside them an object is a 404.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop, open_on
from tomoni.federation.selectors import coop_reached
from tomoni.governance.meetings.selectors import meetings_visible
from tomoni.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    CalendarFeed,
    Decision,
    DecisionNote,
    DecisionStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesSignoff,
    Motion,
    Notice,
    NoticeRecipient,
    Proposal,
    ProposalComment,
    Roll,
)
from tomoni.governance.voice import rules
from tomoni.members.models import Membership, Person

# A member sees their coop's proposals and those of their home centre; a grant sees its subtree.


def _voice_member_centres(user: User, coop: Coop) -> tuple[bool, set[int]]:
    """Whether the user is a member of the coop today, and the home centres of their memberships."""
    scope = scope_for(user)
    if not scope.own_person_ids:
        return False, set()
    rows = list(
        Membership.objects.filter(open_on(clock.today(), "joined_on", "left_on"))
        .filter(coop_id=coop.pk, person_id__in=scope.own_person_ids)
        .values_list("centre_id", flat=True)
    )
    return bool(rows), {centre_id for centre_id in rows if centre_id is not None}


def voice_coop(*, user: User, code: str) -> Coop:
    """The coop with this code if the user is a member of it or holds a grant in it; else 404."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None or not user.is_authenticated:
        raise Http404
    if _voice_member_centres(user, coop)[0]:
        return coop
    return coop_reached(user=user, code=code)


def _voice_centre_q(user: User, coop: Coop, prefix: str = "") -> Q:
    """Rows with a `centre` (null = the whole coop) the user sees: their coop's, their centres'."""
    scope = scope_for(user)
    if scope.reads_coop(coop.pk):
        return Q()
    is_member, home_centres = _voice_member_centres(user, coop)
    reached = (
        set(Centre.objects.filter(scope.centre_q(), coop=coop).values_list("pk", flat=True))
        if (scope.read.region_ids or scope.read.centre_ids)
        else set()
    )
    if not (is_member or reached):
        return Q(pk__in=[])
    return Q(**{f"{prefix}centre__isnull": True}) | Q(**{f"{prefix}centre_id__in": home_centres | reached})


def voice_centres(*, user: User, coop: Coop) -> QuerySet[Centre]:
    """Centres a user may raise a proposal for or filter by: every centre for coop readers, else theirs."""
    centres = Centre.objects.filter(coop=coop, closed_on__isnull=True)
    scope = scope_for(user)
    if scope.reads_coop(coop.pk):
        return centres.order_by("code")
    _, home = _voice_member_centres(user, coop)
    return centres.filter(scope.centre_q() | Q(pk__in=home)).order_by("code")


def voice_person(*, user: User, coop: Coop) -> Person | None:
    """The user's own person record in the coop, if they are a member of it today."""
    scope = scope_for(user)
    if not scope.own_person_ids:
        return None
    return (
        Person.objects.filter(pk__in=scope.own_person_ids, coop=coop)
        .filter(
            Exists(Membership.objects.filter(open_on(clock.today(), "joined_on", "left_on"), person=OuterRef("pk")))
        )
        .first()
    )


def proposals_visible(*, user: User, coop: Coop, status: str = "", centre: Centre | None = None) -> QuerySet[Proposal]:
    """Proposals of the coop the user sees, newest first, with their support counts."""
    proposals = Proposal.objects.filter(_voice_centre_q(user, coop), coop=coop)
    if status:
        proposals = proposals.filter(status=status)
    if centre is not None:
        proposals = proposals.filter(centre=centre)
    return (
        proposals.select_related("centre", "raised_by", "agenda_item__meeting")
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-created_at", "-pk")
    )


def proposal_get(*, user: User, coop: Coop, proposal_id: int) -> Proposal:
    proposal = proposals_visible(user=user, coop=coop).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_comments(*, proposal: Proposal) -> QuerySet[ProposalComment]:
    return proposal.comments.order_by("created_at", "pk")


def proposal_supported_by(*, proposal: Proposal, person: Person | None) -> bool:
    return person is not None and proposal.supports.filter(person=person).exists()


def proposal_may_settle(*, user: User, proposal: Proposal) -> bool:
    """The board (coop officers) settles coop proposals; the centre (its manager) those of the centre."""
    scope = scope_for(user)
    if scope.writes_coop(proposal.coop_id):
        return True
    centre = proposal.centre
    return centre is not None and scope.writes_centre(
        coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk
    )


def proposal_meetings(*, user: User, proposal: Proposal) -> QuerySet[Meeting]:
    """Meetings a proposal may be put before: not yet held, of its coop, or of its centre."""
    meetings = Meeting.objects.filter(
        coop_id=proposal.coop_id, starts_at__gte=clock.now(), status__in=["draft", "convened"]
    )
    centre_id = proposal.centre_id
    if centre_id is None:
        meetings = meetings.filter(centre__isnull=True)
    elif scope_for(user).writes_coop(proposal.coop_id):
        meetings = meetings.filter(Q(centre_id=centre_id) | Q(centre__isnull=True))
    else:
        # A centre manager puts their centre's proposals before the centre's own meetings.
        meetings = meetings.filter(centre_id=centre_id)
    return meetings.order_by("starts_at", "pk")


def decisions_visible(
    *,
    user: User,
    coop: Coop,
    status: str = "",
    centre: Centre | None = None,
    owner: Person | None = None,
    overdue: bool = False,
) -> QuerySet[Decision]:
    """The decision register: decisions of the meetings the user sees, soonest due first."""
    decisions = Decision.objects.filter(coop=coop, meeting_id__in=meetings_visible(user, coop).values("pk"))
    if status:
        decisions = decisions.filter(status=status)
    if centre is not None:
        decisions = decisions.filter(centre=centre)
    if owner is not None:
        decisions = decisions.filter(owner=owner)
    if overdue:
        decisions = decisions.exclude(status=DecisionStatus.DONE).filter(due_on__lt=clock.today())
    return decisions.select_related("meeting", "centre", "owner", "motion").order_by("status", "due_on", "pk")


def decision_get(*, user: User, coop: Coop, decision_id: int) -> Decision:
    decision = decisions_visible(user=user, coop=coop).filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    return decision


def decision_owners(*, coop: Coop, decisions: QuerySet[Decision]) -> QuerySet[Person]:
    """People who own a decision among those listed (the register's owner filter)."""
    return Person.objects.filter(coop=coop, pk__in=decisions.values("owner_id")).order_by(
        "family_name_kana", "given_name_kana", "pk"
    )


def decision_may_write(*, user: User, meeting: Meeting) -> bool:
    """Officers record decisions of any meeting of the coop; a centre manager those of their centre."""
    scope = scope_for(user)
    if scope.writes_coop(meeting.coop_id):
        return True
    centre = meeting.centre
    return centre is not None and scope.writes_centre(
        coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk
    )


def decision_may_follow_up(*, user: User, decision: Decision) -> bool:
    """The owner reports progress on their decision; so do those who may record the meeting's decisions."""
    return decision.owner.user_id == user.pk or decision_may_write(user=user, meeting=decision.meeting)


def decision_owner_choices(*, coop: Coop, meeting: Meeting) -> QuerySet[Person]:
    """Members who may own a decision of the meeting: the coop's members today (a centre's, for its meetings)."""
    memberships = Membership.objects.filter(open_on(clock.today(), "joined_on", "left_on"), coop=coop)
    if meeting.centre_id is not None:
        memberships = memberships.filter(centre_id=meeting.centre_id)
    people = Person.objects.filter(coop=coop, pk__in=memberships.values("person_id"))
    return people.order_by("family_name_kana", "given_name_kana", "pk")


def decision_notes(*, decision: Decision) -> QuerySet[DecisionNote]:
    return decision.notes.order_by("created_at", "pk")


# Minutes -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceFigures:
    """Who took part: the figures the minutes state (Art 64, 65 need members and those present)."""

    members: int
    in_person: int
    online: int
    written: int
    proxy: int
    guests: int

    @property
    def present(self) -> int:
        return self.in_person + self.online + self.written + self.proxy


def meeting_members_count(*, meeting: Meeting) -> int:
    """Members entitled to attend: the latest frozen roll, else the coop's (or centre's) members on the day."""
    roll = Roll.objects.filter(meeting=meeting).order_by("-record_date", "-pk").first()
    if roll is not None:
        return roll.member_count
    day = timezone.localdate(meeting.starts_at)
    memberships = Membership.objects.filter(open_on(day, "joined_on", "left_on"), coop_id=meeting.coop_id)
    if meeting.centre_id is not None:
        memberships = memberships.filter(centre_id=meeting.centre_id)
    return memberships.values("person_id").distinct().count()


def meeting_attendance_figures(*, meeting: Meeting) -> AttendanceFigures:
    counts = dict(
        Attendance.objects.filter(meeting=meeting, person__isnull=False)
        .values_list("mode")
        .annotate(n=Count("pk"))
        .values_list("mode", "n")
    )
    return AttendanceFigures(
        members=meeting_members_count(meeting=meeting),
        in_person=counts.get(AttendanceMode.IN_PERSON, 0),
        online=counts.get(AttendanceMode.ONLINE, 0),
        written=counts.get(AttendanceMode.WRITTEN, 0),
        proxy=counts.get(AttendanceMode.PROXY, 0),
        guests=Attendance.objects.filter(meeting=meeting, person__isnull=True).count(),
    )


def minutes_of(*, meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).prefetch_related("signoffs__person").first()


# Art 66 report -------------------------------------------------------------------------------------


def opinion_report(*, user: User, coop: Coop, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Art 66: proposals raised and centre meetings held in [start, end], for the directors' report."""
    if not scope_for(user).reads_coop(coop.pk):
        raise Http404
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    proposals = list(
        proposals_visible(user=user, coop=coop)
        .filter(created_at__gte=since, created_at__lt=until)
        .order_by("centre__code", "created_at", "pk")
    )
    meetings = list(
        Meeting.objects.filter(
            coop=coop,
            kind__in=[MeetingKind.CENTRE_ALL_MEMBER, MeetingKind.ROUND_TABLE],
            starts_at__gte=since,
            starts_at__lt=until,
        )
        .exclude(status__in=[MeetingStatus.DRAFT, MeetingStatus.CANCELLED])
        .select_related("centre")
        .annotate(
            attended=Count("attendances", filter=Q(attendances__person__isnull=False), distinct=True),
            guests=Count("attendances", filter=Q(attendances__person__isnull=True), distinct=True),
            decided=Count("decisions", distinct=True),
        )
        .order_by("centre__code", "starts_at", "pk")
    )
    tally = rules.opinion_tally(
        proposals=[(p.status, p.support_count) for p in proposals],  # type: ignore[attr-defined]
        centre_meetings=sum(1 for m in meetings if m.kind == MeetingKind.CENTRE_ALL_MEMBER),
        round_tables=sum(1 for m in meetings if m.kind == MeetingKind.ROUND_TABLE),
    )
    return {"tally": tally, "proposals": proposals, "meetings": meetings, "start": start, "end": end}


# Calendar feeds ------------------------------------------------------------------------------------


def calendar_feed_of(*, person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person).first()


def calendar_person(*, code: str, person_id: int, token: str, user: User | AnonymousUser) -> Person:
    """The person whose feed this is: by their secret token, or the signed-in person themself; else 404."""
    person = Person.objects.select_related("coop").filter(pk=person_id, coop__code=code).first()
    if person is None:
        raise Http404
    if user.is_authenticated and person.user_id == user.pk:
        return person
    feed = calendar_feed_of(person=person)
    if feed is None or not token or not hmac.compare_digest(feed.token.encode(), token.encode()):
        raise Http404
    return person


def calendar_meetings(*, person: Person) -> QuerySet[Meeting]:
    """Meetings a member's calendar shows: those they see (their coop's and their centre's), once convened."""
    if person.user is None:
        return Meeting.objects.none()
    return (
        meetings_visible(person.user, person.coop)
        .exclude(status=MeetingStatus.DRAFT)
        .prefetch_related("motions", "agenda_items")
        .order_by("starts_at", "pk")
    )


def meeting_notices(*, meeting: Meeting) -> QuerySet[Notice]:
    """The notices of a meeting (for those who run it, who are checked by the caller), each with its recipients."""
    recipients = NoticeRecipient.objects.select_related("person").order_by("person__family_name_kana", "person_id")
    return (
        Notice.objects.filter(coop_id=meeting.coop_id, meeting=meeting)
        .prefetch_related(Prefetch("recipient_rows", queryset=recipients))
        .order_by("queued_at", "pk")
    )


def decision_motion_choices(*, meeting: Meeting) -> QuerySet[Motion]:
    """The meeting's passed motions a decision may record."""
    return Motion.objects.filter(coop_id=meeting.coop_id, meeting=meeting, passed=True).order_by("opens_at", "pk")


def decision_item_choices(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(coop_id=meeting.coop_id, meeting=meeting).order_by("order", "pk")


def meetings_held(*, user: User, coop: Coop) -> QuerySet[Meeting]:
    """The meetings the user sees that have been held (or begun), newest first, with their minutes."""
    return (
        meetings_visible(user, coop)
        .filter(starts_at__lte=clock.now())
        .exclude(status__in=[MeetingStatus.DRAFT, MeetingStatus.CANCELLED])
        .select_related("minutes")
    )


def signoff_pending(*, minutes: Minutes, user: User) -> MinutesSignoff | None:
    """The user's own signature the minutes still wait for, if any."""
    return minutes.signoffs.filter(person__user_id=user.pk, signed_at__isnull=True).first()
