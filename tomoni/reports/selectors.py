"""The start page: what needs the signed-in person now, read from every context in a fixed number of queries.

The reports layer sits above the contexts, so it may read each of them; every query here is bounded by the
person's own records or by their grants (tomoni.core.scopes), so nothing outside them is ever listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tomoni.capital.models import Appropriation, AppropriationStatus
from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.money import fiscal_year_of
from tomoni.core.scopes import Scope, scope_for
from tomoni.federation.models import Coop
from tomoni.governance.models import Meeting, MeetingStatus, Motion, MotionStatus, Proposal, RollEntry
from tomoni.inclusion import selectors as inclusion
from tomoni.inclusion.models import PlanStatus, SupportPlan
from tomoni.members import selectors as members
from tomoni.members.models import OfficerTerm, Person
from tomoni.operations import rules as books_rules
from tomoni.operations import selectors as books
from tomoni.preferences.selectors import languages_for_users
from tomoni.reports import rules
from tomoni.reports.models import Notification, NotificationKind
from tomoni.work.models import Assignment, Roster, RosterStatus, SwapRequest, SwapStatus

DECIDED = (AppropriationStatus.APPROVED, AppropriationStatus.POSTED)


@dataclass(frozen=True)
class Need:
    """A reminder with its words and the page where the person deals with it."""

    reminder: rules.Reminder
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class StartPage:
    person: Person | None
    needs: list[Need]
    shifts: list[Assignment]
    federation_staff: bool
    coops: list[Coop] = field(default_factory=list)
    notifications: list[tuple[Notification, str, str]] = field(default_factory=list)

    @property
    def newest_notification_id(self) -> int:
        return max((n.pk for n, _title, _detail in self.notifications), default=0)


def start_page(*, user: User, now: dt.datetime | None = None) -> StartPage:
    """Everything that needs this user now, what they must do first at the top."""
    now = now or clock.now()
    today = _local(now).date()
    scope = scope_for(user)
    own = sorted(scope.own_person_ids)
    person = Person.objects.filter(pk__in=own).order_by("pk").first() if own else None
    needs: list[Need] = []
    if own:
        needs += _votes(own, now)
        needs += _meetings(own, now, today)
        needs += _roster_news(own, today)
        needs += _swaps_answered(own, today)
        needs += _proposals_answered(own, today)
        needs += _plans_to_agree(own)
    needs += _caseload(user, today)
    if scope.write:
        needs += _swaps_to_decide(scope)
        needs += _rosters_to_publish(scope, today)
    board_coops = list(Coop.objects.filter(pk__in=scope.read.coop_ids).order_by("name")) if scope.read.coop_ids else []
    for coop in board_coops:
        needs += _compliance(coop, today)
    if board_coops:
        needs += _year_ends(board_coops, today)
        needs += _terms_ending(board_coops, today)
        needs += _filings(board_coops, today)
    if scope.federation_ids:
        needs += _federation_year_ends(scope, today)
    order = {id(r): i for i, r in enumerate(rules.ordered(n.reminder for n in needs))}
    needs.sort(key=lambda n: order[id(n.reminder)])
    return StartPage(
        person=person,
        needs=needs,
        shifts=_shifts(own, today) if own else [],
        federation_staff=bool(scope.federation_ids),
        coops=board_coops,
        notifications=[(n, *notification_words(n)) for n in unread_notifications(user=user)],
    )


def _local(when: dt.datetime) -> dt.datetime:
    return timezone.localtime(when)


def _day(when: dt.date) -> str:
    return date_format(when, "DATE_FORMAT")


def _votes(own: list[int], now: dt.datetime) -> list[Need]:
    """Open motions whose frozen roll holds the person, not yet voted on."""
    on_roll = RollEntry.objects.filter(person_id__in=own).values("roll_id")
    motions = (
        Motion.objects.filter(status=MotionStatus.OPEN, opens_at__lte=now, closes_at__gt=now, roll_id__in=on_roll)
        .exclude(participations__person_id__in=own)
        .select_related("meeting", "coop")
        .order_by("closes_at", "pk")
    )
    return [
        Need(
            rules.Reminder("vote", _local(m.closes_at).date(), must_act=True),
            _("Vote: %(title)s") % {"title": m.title},
            _("%(meeting)s. Voting closes on %(day)s.")
            % {"meeting": m.meeting.title, "day": _day(_local(m.closes_at))},
            reverse("governance:vote", args=[m.coop.code, m.pk]),
        )
        for m in motions
    ]


def _meetings(own: list[int], now: dt.datetime, today: dt.date) -> list[Need]:
    """Convened meetings in the coming month whose roll holds the person."""
    _first, last = rules.window(today, rules.MEETING_DAYS_AHEAD)
    meetings = (
        Meeting.objects.filter(
            status__in=(MeetingStatus.CONVENED, MeetingStatus.IN_SESSION),
            starts_at__gte=now - dt.timedelta(hours=12),
            starts_at__date__lte=last,
            rolls__entries__person_id__in=own,
        )
        .select_related("coop")
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [
        Need(
            rules.Reminder("meeting", _local(m.starts_at).date(), must_act=False),
            _("Meeting: %(title)s") % {"title": m.title},
            _("On %(day)s at %(time)s. %(place)s")
            % {
                "day": _day(_local(m.starts_at)),
                "time": date_format(_local(m.starts_at), "TIME_FORMAT"),
                "place": m.place,
            },
            reverse("governance:meeting", args=[m.coop.code, m.pk]),
        )
        for m in meetings
    ]


def _shifts(own: list[int], today: dt.date) -> list[Assignment]:
    """The person's published shifts in the coming week."""
    first, last = rules.window(today, rules.SHIFT_DAYS_AHEAD)
    return list(
        Assignment.objects.filter(
            person_id__in=own, on_date__range=(first, last), roster__status=RosterStatus.PUBLISHED
        )
        .select_related("shift_type", "roster__centre")
        .order_by("on_date", "shift_type__starts_at")
    )


def _roster_news(own: list[int], today: dt.date) -> list[Need]:
    """Rosters published in the last two weeks that give the person shifts."""
    since = today - dt.timedelta(days=rules.NEWS_DAYS)
    rosters = (
        Roster.objects.filter(
            status=RosterStatus.PUBLISHED, published_at__date__gt=since, assignments__person_id__in=own
        )
        .select_related("centre")
        .distinct()
        .order_by("month", "pk")
    )
    return [
        Need(
            rules.Reminder("roster_published", _local(r.published_at).date() if r.published_at else None, False),
            _("Your shifts for %(month)s are published") % {"month": date_format(r.month, "YEAR_MONTH_FORMAT")},
            r.centre.name,
            reverse("work:my_roster") + f"?month={r.month:%Y-%m}",
        )
        for r in rosters
        if r.published_at is not None and rules.is_news(_local(r.published_at).date(), today)
    ]


def _swaps_answered(own: list[int], today: dt.date) -> list[Need]:
    since = today - dt.timedelta(days=rules.NEWS_DAYS)
    swaps = (
        SwapRequest.objects.filter(
            requester_id__in=own,
            status__in=(SwapStatus.APPROVED, SwapStatus.DECLINED),
            decided_at__date__gt=since,
        )
        .select_related("assignment")
        .order_by("-decided_at")
    )
    needs = []
    for swap in swaps:
        decided = _local(swap.decided_at).date() if swap.decided_at else None
        if not rules.is_news(decided, today):
            continue
        title = (
            _("Your swap of %(day)s was approved")
            if swap.status == SwapStatus.APPROVED
            else _("Your swap of %(day)s was declined")
        ) % {"day": _day(swap.assignment.on_date)}
        needs.append(
            Need(
                rules.Reminder("swap_answered", decided, must_act=False),
                title,
                swap.decision_reason,
                reverse("work:my_roster") + f"?month={swap.assignment.on_date:%Y-%m}",
            )
        )
    return needs


def _proposals_answered(own: list[int], today: dt.date) -> list[Need]:
    since = today - dt.timedelta(days=rules.NEWS_DAYS)
    proposals = (
        Proposal.objects.filter(raised_by_id__in=own, responded_at__date__gt=since)
        .select_related("coop")
        .order_by("-responded_at")
    )
    return [
        Need(
            rules.Reminder("proposal_answered", _local(p.responded_at).date() if p.responded_at else None, False),
            _("Your proposal was answered: %(title)s") % {"title": p.title},
            p.get_status_display(),
            reverse("governance:proposal", args=[p.coop.code, p.pk]),
        )
        for p in proposals
        if p.responded_at is not None and rules.is_news(_local(p.responded_at).date(), today)
    ]


def _plans_to_agree(own: list[int]) -> list[Need]:
    """A support plan drawn up with the person, waiting for them to read it and say whether they agree."""
    plans = SupportPlan.objects.filter(
        participant__person_id__in=own, participant__anonymised_on__isnull=True, status=PlanStatus.DRAFT
    ).order_by("pk")
    return [
        Need(
            rules.Reminder("plan_to_agree", None, must_act=True),
            _("Your support plan is ready: please read it"),
            _("If it is right for you, you agree to it on the same page."),
            reverse("inclusion:my_plan", args=[plan.pk]),
        )
        for plan in plans
    ]


def _caseload(user: User, today: dt.date) -> list[Need]:
    """A support worker's own cases: plan reviews coming due and follow-ups open or overdue (names and dates only)."""
    load = inclusion.caseload(user=user, today=today)
    coop_ids = {plan.coop_id for plan in load.reviews_due} | {follow_up.coop_id for follow_up, _s in load.follow_ups}
    codes = dict(Coop.objects.filter(pk__in=coop_ids).values_list("pk", "code")) if coop_ids else {}
    needs = [
        Need(
            rules.Reminder("plan_review", plan.next_review_on, must_act=True),
            _("Review the support plan of %(name)s") % {"name": _name(plan.participant.person)},
            _("The review is due on %(day)s.") % {"day": _day(plan.next_review_on)} if plan.next_review_on else "",
            reverse("inclusion:case_file", args=[codes[plan.coop_id], plan.participant_id]),
        )
        for plan in load.reviews_due
    ]
    needs += [
        Need(
            rules.Reminder("follow_up", follow_up.due_on, must_act=state == "overdue"),
            (
                _("Follow-up overdue: %(name)s, %(months)d months after placement")
                if state == "overdue"
                else _("Follow-up due: %(name)s, %(months)d months after placement")
            )
            % {"name": _name(follow_up.participant.person), "months": follow_up.months},
            _("Due on %(day)s.") % {"day": _day(follow_up.due_on)},
            reverse("inclusion:case_file", args=[codes[follow_up.coop_id], follow_up.participant_id]),
        )
        for follow_up, state in load.follow_ups
    ]
    return needs


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else _("a participant")


def _swaps_to_decide(scope: Scope) -> list[Need]:
    """Pending swaps at the centres the manager or officer may change."""
    swaps = (
        SwapRequest.objects.filter(status=SwapStatus.PENDING)
        .filter(scope.centre_q(scope.write, prefix="roster__centre__"))
        .select_related("roster__centre", "requester", "counterpart", "assignment", "coop")
        .order_by("assignment__on_date", "pk")
    )
    return [
        Need(
            rules.Reminder("swap_to_decide", s.assignment.on_date, must_act=True),
            _("A swap to decide: %(asker)s with %(other)s")
            % {"asker": s.requester.full_name, "other": s.counterpart.full_name},
            _("%(centre)s, the shift of %(day)s.")
            % {"centre": s.roster.centre.name, "day": _day(s.assignment.on_date)},
            reverse("work:roster", args=[s.coop.code, s.roster.centre.code, s.roster_id]) + "#swaps",
        )
        for s in swaps
    ]


def _rosters_to_publish(scope: Scope, today: dt.date) -> list[Need]:
    """Solved rosters of this month or later not yet published to the members."""
    rosters = (
        Roster.objects.filter(status=RosterStatus.SOLVED, month__gte=today.replace(day=1))
        .filter(scope.centre_q(scope.write, prefix="centre__"))
        .select_related("centre", "coop")
        .order_by("month", "pk")
    )
    return [
        Need(
            rules.Reminder("roster_to_publish", r.month, must_act=True),
            _("Check and publish the roster for %(month)s") % {"month": date_format(r.month, "YEAR_MONTH_FORMAT")},
            r.centre.name,
            reverse("work:roster", args=[r.coop.code, r.centre.code, r.pk]),
        )
        for r in rosters
    ]


def _compliance(coop: Coop, today: dt.date) -> list[Need]:
    """The rules of the Act the coop fails today (the compliance page has the details)."""
    failing = [line.result for line in members.coop_compliance(coop=coop, as_of=today) if not line.result.passed]
    if not failing:
        return []
    articles = ", ".join(sorted({r.article for r in failing}))
    return [
        Need(
            rules.Reminder("compliance", today, must_act=True),
            ngettext(
                "%(coop)s: %(count)d rule of the Act is not met",
                "%(coop)s: %(count)d rules of the Act are not met",
                len(failing),
            )
            % {"coop": coop.name, "count": len(failing)},
            _("Articles: %(articles)s") % {"articles": articles},
            reverse("federation:compliance", args=[coop.code]),
        )
    ]


def _year_ends(coops: list[Coop], today: dt.date) -> list[Need]:
    """A closed fiscal year whose surplus has no appropriation decided yet."""
    last_closed = fiscal_year_of(today) - 1
    decided = set(
        Appropriation.objects.filter(coop__in=coops, fiscal_year=last_closed, status__in=DECIDED).values_list(
            "coop_id", flat=True
        )
    )
    return [
        Need(
            rules.Reminder("year_end", None, must_act=True),
            _("%(coop)s: the appropriation of the surplus of fiscal year %(year)d is not decided yet")
            % {"coop": coop.name, "year": last_closed},
            _("The general meeting decides it (Art 77); the reserves come first (Art 76)."),
            reverse("capital:appropriations", args=[coop.code]),
        )
        for coop in coops
        if rules.year_end_open(last_closed, [last_closed] if coop.pk in decided else [])
    ]


def _filings(coops: list[Coop], today: dt.date) -> list[Need]:
    """Year-end documents the general meeting approved and nobody has filed yet: the Art 124 filing, due two
    weeks after the meeting; said more strongly once it is a week away or late."""
    needs = []
    for year_end in books.filings_due(coop_ids=[c.pk for c in coops]):
        due = year_end.filing_due_on
        assert due is not None
        state = books_rules.filing_reminder_due(due_on=due, today=today, filed=False)
        words = {"coop": year_end.coop.name, "year": year_end.fiscal_year, "day": _day(due)}
        needs.append(
            Need(
                rules.Reminder("filing", due, must_act=True),
                _("%(coop)s: the filing of fiscal year %(year)d is late: it was due on %(day)s") % words
                if state == "overdue"
                else _("%(coop)s: file the documents of fiscal year %(year)d by %(day)s") % words,
                _(
                    "Art 124: the year's documents and the general meeting's minutes go to the authority within two"
                    " weeks of the meeting."
                ),
                reverse("operations:statements", args=[year_end.coop.code, year_end.fiscal_year]),
            )
        )
    return needs


def _terms_ending(coops: list[Coop], today: dt.date) -> list[Need]:
    """Officers whose term ends in the coming two months: the board prepares the election.

    A term ends on the day recorded for it, else on the last day the coop's articles allow (Art 36); a term
    already past that day is a failing rule of the compliance page, not a reminder.
    """
    first, last = rules.window(today, rules.TERM_DAYS_AHEAD)
    terms = (
        OfficerTerm.objects.filter(coop__in=coops, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .select_related("person", "coop")
        .order_by("started_on", "pk")
    )
    needs = []
    for t in terms:
        recorded = t.ended_on is not None and t.ended_on <= t.term_ends_on
        day = t.ended_on if recorded and t.ended_on is not None else t.term_last_day
        if not first <= day <= last:
            continue
        words = {"name": t.person.full_name, "role": t.get_role_display(), "day": _day(day)}
        needs.append(
            Need(
                rules.Reminder("term_ending", day, must_act=False),
                _("%(name)s's term as %(role)s ends on %(day)s") % words
                if recorded
                else _("%(name)s's term as %(role)s runs until %(day)s, the longest the articles allow") % words,
                t.coop.name,
                reverse("members:person", args=[t.coop.code, t.person_id]),
            )
        )
    return needs


def _federation_year_ends(scope: Scope, today: dt.date) -> list[Need]:
    """For federation staff, a count only: member coops without a decided appropriation of the last year."""
    last_closed = fiscal_year_of(today) - 1
    decided = Appropriation.objects.filter(fiscal_year=last_closed, status__in=DECIDED).values("coop_id")
    open_count = Coop.objects.filter(federation_id__in=scope.federation_ids).exclude(pk__in=decided).count()
    if not open_count:
        return []
    return [
        Need(
            rules.Reminder("federation_year_end", None, must_act=False),
            ngettext(
                "%(count)d member coop has not decided the appropriation of fiscal year %(year)d",
                "%(count)d member coops have not decided the appropriation of fiscal year %(year)d",
                open_count,
            )
            % {"count": open_count, "year": last_closed},
            _("Counts only; each coop's officers see their own."),
            reverse("federation:overview"),
        )
    ]


# Notifications ---------------------------------------------------------------------------------------------

UNREAD_SHOWN = 20


def unread_notifications(*, user: User) -> list[Notification]:
    """The person's own notifications not yet marked read, newest first."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    return list(unread.order_by("-created_at", "-pk")[:UNREAD_SHOWN])


def reader_languages(*, user_ids: list[int]) -> dict[int, str]:
    """The language each reader's notices are written in: their reading preference, else Japanese (one query)."""
    return languages_for_users(user_ids)


def notification_words(notification: Notification) -> tuple[str, str]:
    """The title and detail of a notification, in the active language."""
    params = notification.params
    if notification.kind == NotificationKind.VOTE_OPEN:
        closes = _local(dt.datetime.fromisoformat(params["closes_at"]))
        return (
            _("A vote is open: %(title)s") % {"title": params["title"]},
            _("%(meeting)s. Voting closes on %(day)s.") % {"meeting": params["meeting"], "day": _day(closes)},
        )
    if notification.kind == NotificationKind.ROSTER_PUBLISHED:
        month = dt.date.fromisoformat(params["month"])
        return (
            _("Your shifts for %(month)s are published") % {"month": date_format(month, "YEAR_MONTH_FORMAT")},
            params["centre"],
        )
    if notification.kind == NotificationKind.SWAP_ANSWERED:
        day = _day(dt.date.fromisoformat(params["day"]))
        title = (
            _("Your swap of %(day)s was approved")
            if params["status"] == "approved"
            else _("Your swap of %(day)s was declined")
        )
        return title % {"day": day}, params.get("reason", "")
    statuses = {
        "answered": _("Your proposal was answered: %(title)s"),
        "declined": _("Your proposal was declined: %(title)s"),
        "on_agenda": _("Your proposal was put on a meeting's agenda: %(title)s"),
    }
    return statuses.get(params["status"], statuses["answered"]) % {"title": params["title"]}, ""
