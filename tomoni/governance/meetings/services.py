"""Writes of the governance context's meetings: the coop's settings, the meeting, its agenda and attendance.

Every write is one transaction with one audit event. Services GOV-VOICE (proposals, decisions, minutes)
may call:

- ``meeting_create(*, actor, coop, kind, title, starts_at, centre=None, place="", online_url="") -> Meeting``
- ``meeting_convene(*, actor, meeting, notify=True) -> Meeting``: sends it out (the convocation is mailed after
  the commit); refuses a date inside the notice period.
- ``agenda_item_add(*, actor, meeting, title, body, proposal=None) -> AgendaItem``: `proposal` is accepted
  and recorded in the audit event; GOV-VOICE links its own Proposal to the item.

Selectors (tomoni.governance.meetings.selectors): ``meetings_visible(user, coop)``,
``meeting_get(user, code, meeting_id)``, ``motion_get(user, code, motion_id)``. The motions put to the meeting,
their roll and their ballots are written in tomoni.governance.voting.services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.core import clock, jobs
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop
from tomoni.governance import rules
from tomoni.governance.meetings.selectors import can_manage_meeting, settings_for
from tomoni.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    GovernanceSettings,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Motion,
    Notice,
    NoticeKind,
)
from tomoni.members.models import Membership, Person
from tomoni.members.rules import DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE
from tomoni.members.selectors import memberships_on

# Permissions -----------------------------------------------------------------------------------------


def _require_manager(actor: User | None, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting):
        raise TomoniError(_("Only the coop's officers or the centre's manager may run this meeting."))


# Settings --------------------------------------------------------------------------------------------


SETTINGS_FIELDS = (
    "notice_days",
    "board_notice_days",
    "ordinary_quorum_numerator",
    "ordinary_quorum_denominator",
    "ordinary_majority_numerator",
    "ordinary_majority_denominator",
    "special_quorum_numerator",
    "special_quorum_denominator",
    "special_majority_numerator",
    "special_majority_denominator",
    "written_votes_allowed",
    "proxy_votes_allowed",
    "proxy_limit",
)


@transaction.atomic
def governance_settings_update(*, actor: User | None, coop: Coop, **fields: Any) -> GovernanceSettings:
    """Set the coop's rules of meeting and voting as its articles say."""
    if actor is not None and not scope_for(actor).writes_coop(coop.pk):
        raise TomoniError(_("Only the coop's officers may change its governance settings."))
    current = settings_for(coop)
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise TomoniError(_("Unknown setting."), field=name)
        setattr(current, name, value)
    for part in ("ordinary_quorum", "ordinary_majority", "special_quorum", "special_majority"):
        num, den = getattr(current, f"{part}_numerator"), getattr(current, f"{part}_denominator")
        if den <= 0 or num > den:
            raise TomoniError(_("A threshold must be a fraction between 0 and 1."), field=f"{part}_numerator")
    refuse_looser_than_act(current)
    current.save()
    audit_record(
        actor=actor,
        action="governance.settings.updated",
        coop_id=coop.pk,
        target=current,
        data={k: v for k, v in fields.items()},
    )
    return current


def _fraction(settings: GovernanceSettings, part: str) -> Fraction:
    return Fraction(getattr(settings, f"{part}_numerator"), getattr(settings, f"{part}_denominator") or 1)


def refuse_looser_than_act(settings: GovernanceSettings) -> None:
    """Refuse settings that make a resolution easier than the Act allows, naming the article (Art 62, 64, 65)."""
    refused = rules.looser_than_act(
        notice_days=settings.notice_days,
        ordinary_majority=_fraction(settings, "ordinary_majority"),
        special_quorum=_fraction(settings, "special_quorum"),
        special_majority=_fraction(settings, "special_majority"),
    )
    if not refused:
        return
    first = refused[0]
    act = {"num": first.act.numerator, "den": first.act.denominator, "article": first.article}
    messages = {
        "notice_days": (
            _(
                "A general or delegate meeting needs at least %(num)s days' notice (Art %(article)s of the Worker"
                " Cooperatives Act); the articles may ask for more, never less."
            ),
            "notice_days",
        ),
        "ordinary_majority": (
            _(
                "An ordinary resolution needs more than %(num)s/%(den)s of the votes of those present (Art"
                " %(article)s of the Worker Cooperatives Act); the articles may ask for more, never less."
            ),
            "ordinary_majority_numerator",
        ),
        "special_quorum": (
            _(
                "A special resolution needs at least %(num)s/%(den)s of all members present (Art %(article)s of"
                " the Worker Cooperatives Act); the articles may ask for more, never less."
            ),
            "special_quorum_numerator",
        ),
        "special_majority": (
            _(
                "A special resolution needs at least %(num)s/%(den)s of the votes of those present (Art"
                " %(article)s of the Worker Cooperatives Act); the articles may ask for more, never less."
            ),
            "special_majority_numerator",
        ),
    }
    message, field = messages[first.setting]
    raise TomoniError(message % act, field=field)


# Meetings --------------------------------------------------------------------------------------------


def members_on(coop: Coop, day: dt.date) -> int:
    return Membership.objects.filter(memberships_on(day), coop=coop).count()


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    coop: Coop,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    centre: Centre | None = None,
    place: str = "",
    online_url: str = "",
    record_date: dt.date | None = None,
) -> Meeting:
    """Plan a meeting (a draft until it is convened)."""
    if kind not in MeetingKind.values:
        raise TomoniError(_("Choose one of the options offered."), field="kind")
    if centre is not None and centre.coop_id != coop.pk:
        raise TomoniError(_("The centre belongs to another coop."), field="centre")
    if kind == MeetingKind.CENTRE_ALL_MEMBER and centre is None:
        raise TomoniError(_("An all-member centre meeting needs its centre."), field="centre")
    if kind not in (MeetingKind.CENTRE_ALL_MEMBER, MeetingKind.ROUND_TABLE):
        centre = None
    if not title.strip():
        raise TomoniError(_("A meeting needs a title."), field="title")
    meeting = Meeting(
        coop=coop,
        kind=kind,
        centre=centre,
        title=title.strip(),
        starts_at=starts_at,
        place=place,
        online_url=online_url,
        record_date=record_date,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _require_manager(actor, meeting)
    # Art 71: a delegate meeting only with more than 200 members.
    if kind == MeetingKind.DELEGATE:
        count = members_on(coop, timezone.localdate(starts_at))
        if not rules.delegate_meeting_allowed(count):
            raise TomoniError(
                _(
                    "A delegate meeting needs more than %(limit)s members (Art 71); the coop has %(count)s."
                    " Hold a general meeting instead."
                )
                % {"limit": DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE, "count": count},
                field="kind",
            )
    meeting.save()
    audit_record(actor=actor, action="governance.meeting.created", coop_id=coop.pk, target=meeting)
    return meeting


def _lawful_settings(coop: Coop) -> GovernanceSettings:
    """The coop's settings, refused if a row saved before the Act's floors were checked goes below them."""
    settings = settings_for(coop)
    refuse_looser_than_act(settings)
    return settings


def notice_days_for(meeting: Meeting) -> int:
    """The notice period of the articles: the general one for general and delegate meetings, else the short one."""
    settings = _lawful_settings(meeting.coop)
    if meeting.kind in (MeetingKind.GENERAL, MeetingKind.DELEGATE):
        return settings.notice_days
    return settings.board_notice_days


@transaction.atomic
def meeting_convene(*, actor: User | None, meeting: Meeting, notify: bool = True) -> Meeting:
    """Convene the meeting (招集) and mail its convocation to every member entitled to it, after the commit.

    Refused if the meeting is sooner than the notice period allows. `notify=False` only where the members
    were given notice outside Tomoni (a past year loaded as history); the notices page can still send it.
    """
    _require_manager(actor, meeting)
    if meeting.status != MeetingStatus.DRAFT:
        raise TomoniError(_("This meeting has already been convened."))
    days = notice_days_for(meeting)
    today = clock.today()
    meeting_day = timezone.localdate(meeting.starts_at)
    if not rules.notice_ok(convened_on=today, meeting_on=meeting_day, notice_days=days):
        earliest = rules.earliest_meeting_day(convened_on=today, notice_days=days)
        raise TomoniError(
            _(
                "The articles require %(days)s days' notice: a meeting convened today can be held on"
                " %(earliest)s at the earliest. Move the meeting date."
            )
            % {"days": days, "earliest": earliest.isoformat()},
            field="starts_at",
        )
    meeting.status = MeetingStatus.CONVENED
    meeting.convened_at = clock.now()
    meeting.notice_days = days
    meeting.save(update_fields=["status", "convened_at", "notice_days", "updated_at"])
    audit_record(
        actor=actor,
        action="governance.meeting.convened",
        coop_id=meeting.coop_id,
        target=meeting,
        data={"notice_days": days, "starts_at": meeting.starts_at.isoformat()},
    )
    if notify:
        notice_queue(actor=actor, meeting=meeting, kind=NoticeKind.CONVOCATION)
    return meeting


def notice_queue(*, actor: User | None, meeting: Meeting, kind: str) -> Notice | None:
    """Record a notice of the meeting and mail it after the commit (a job); None if it was already sent.

    Part of the calling service's transaction: if that rolls back, no notice is recorded and nothing is mailed.
    """
    if Notice.objects.filter(coop_id=meeting.coop_id, meeting=meeting, kind=kind).exists():
        return None
    notice = Notice.objects.create(coop_id=meeting.coop_id, meeting=meeting, kind=kind, queued_at=clock.now())
    audit_record(actor=actor, action=f"governance.notice.{kind}.queued", coop_id=meeting.coop_id, target=notice)
    notice_id = notice.pk
    # The task by its name (tasks.py calls the services, never the reverse): registered when the app is ready.
    jobs.start(current_app.tasks["governance.meeting_notice_send"], notice_id)
    return notice


def results_notice_if_declared(*, actor: User | None, meeting: Meeting) -> Notice | None:
    """Mail the results once they are declared: the meeting closed and every motion decided (ties resolved)."""
    if not Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.CLOSED).exists():
        return None
    motions = Motion.objects.filter(coop_id=meeting.coop_id, meeting_id=meeting.pk)
    if not motions.exists() or motions.filter(passed__isnull=True).exists():
        return None
    return notice_queue(actor=actor, meeting=meeting, kind=NoticeKind.RESULTS)


_NEXT_STATUS = {
    MeetingStatus.IN_SESSION: (MeetingStatus.CONVENED,),
    MeetingStatus.CLOSED: (MeetingStatus.IN_SESSION, MeetingStatus.CONVENED),
    MeetingStatus.CANCELLED: (MeetingStatus.DRAFT, MeetingStatus.CONVENED),
}


@transaction.atomic
def meeting_set_status(*, actor: User | None, meeting: Meeting, status: str, notify: bool = True) -> Meeting:
    """Open the session, close it, or cancel a meeting not yet held; closing declares the results counted."""
    _require_manager(actor, meeting)
    allowed = _NEXT_STATUS.get(MeetingStatus(status)) if status in MeetingStatus.values else None
    if not allowed or meeting.status not in allowed:
        raise TomoniError(_("The meeting cannot move to that status now."), field="status")
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=f"governance.meeting.{status}", coop_id=meeting.coop_id, target=meeting, data={})
    if notify:
        results_notice_if_declared(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_officers_set(
    *, actor: User | None, meeting: Meeting, chair: Person | None, minute_takers: Sequence[Person] = ()
) -> Meeting:
    """Name the chair (議長) and the minute-takers (議事録署名人)."""
    _require_manager(actor, meeting)
    for person in [chair, *minute_takers]:
        if person is not None and person.coop_id != meeting.coop_id:
            raise TomoniError(_("That person belongs to another coop."), field="chair")
    meeting.chair = chair
    meeting.save(update_fields=["chair", "updated_at"])
    meeting.minute_takers.set(minute_takers)
    audit_record(
        actor=actor,
        action="governance.meeting.officers_set",
        coop_id=meeting.coop_id,
        target=meeting,
        data={"chair": chair.pk if chair else None, "minute_takers": [p.pk for p in minute_takers]},
    )
    return meeting


@transaction.atomic
def agenda_item_add(
    *, actor: User | None, meeting: Meeting, title: str, body: str = "", proposal: Any = None
) -> AgendaItem:
    """Put an item on the agenda, after the last one."""
    _require_manager(actor, meeting)
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise TomoniError(_("The meeting is over: its agenda can no longer change."))
    if not title.strip():
        raise TomoniError(_("An agenda item needs a title."), field="title")
    # Lock the meeting so two officers adding items at once do not take the same number.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = AgendaItem.objects.filter(coop_id=meeting.coop_id, meeting=meeting).order_by("-order").first()
    item = AgendaItem.objects.create(
        coop_id=meeting.coop_id,
        meeting=meeting,
        order=(last.order + 1) if last else 1,
        title=title.strip(),
        body=body,
    )
    audit_record(
        actor=actor,
        action="governance.agenda_item.added",
        coop_id=meeting.coop_id,
        target=item,
        data={"proposal": getattr(proposal, "pk", None)},
    )
    return item


# Attendance ------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    meeting: Meeting,
    mode: str,
    person: Person | None = None,
    guest_name: str = "",
    affiliation: str = "",
    proxy_holder: Person | None = None,
    paper_reference: str = "",
) -> Attendance:
    """Record who is present: a member in person, online, by written vote or by proxy; or a round-table guest."""
    _require_manager(actor, meeting)
    if mode not in AttendanceMode.values:
        raise TomoniError(_("Choose one of the options offered."), field="mode")
    if person is None and not guest_name.strip():
        raise TomoniError(_("Name the person attending."), field="guest_name")
    if person is None and meeting.kind != MeetingKind.ROUND_TABLE:
        raise TomoniError(_("Only a round table is open to guests who are not members."), field="guest_name")
    if person is not None and person.coop_id != meeting.coop_id:
        raise TomoniError(_("That person belongs to another coop."), field="person")
    settings = settings_for(meeting.coop)
    if meeting.kind == MeetingKind.ROUND_TABLE and mode not in (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE):
        raise TomoniError(_("A round table takes no written or proxy votes."), field="mode")
    if mode in (AttendanceMode.WRITTEN, AttendanceMode.PROXY) and not paper_reference.strip():
        raise TomoniError(_("Give the reference written on the paper."), field="paper_reference")
    if mode == AttendanceMode.WRITTEN and not settings.written_votes_allowed:
        raise TomoniError(_("The articles do not allow written votes."), field="mode")
    if mode == AttendanceMode.PROXY:
        if not settings.proxy_votes_allowed:
            raise TomoniError(_("The articles do not allow proxy votes."), field="mode")
        if proxy_holder is None or proxy_holder.coop_id != meeting.coop_id or proxy_holder == person:
            raise TomoniError(_("Name the member who holds the proxy."), field="proxy_holder")
        held = Attendance.objects.filter(
            coop_id=meeting.coop_id, meeting=meeting, mode=AttendanceMode.PROXY, proxy_holder=proxy_holder
        ).count()
        if not rules.proxy_within_limit(held=held + 1, limit=settings.proxy_limit):
            raise TomoniError(
                _("%(name)s already holds %(limit)s proxies, the most the articles allow.")
                % {"name": proxy_holder.full_name, "limit": settings.proxy_limit},
                field="proxy_holder",
            )
    if (
        person is not None
        and Attendance.objects.filter(coop_id=meeting.coop_id, meeting=meeting, person=person).exists()
    ):
        raise TomoniError(_("This member's attendance is already recorded."), field="person")
    attendance = Attendance.objects.create(
        coop_id=meeting.coop_id,
        meeting=meeting,
        person=person,
        guest_name=guest_name.strip(),
        affiliation=affiliation.strip(),
        mode=mode,
        proxy_holder=proxy_holder if mode == AttendanceMode.PROXY else None,
        paper_reference=paper_reference.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="governance.attendance.recorded",
        coop_id=meeting.coop_id,
        target=attendance,
        data={"mode": mode, "paper_reference": attendance.paper_reference},
    )
    return attendance


@transaction.atomic
def attendance_record_many(
    *, actor: User | None, meeting: Meeting, mode: str, people: Sequence[Person]
) -> list[Attendance]:
    """Tick several members present in one go (in person or online), each with its own audit event; those
    already recorded are left as they are. All or nothing: one refused person saves no one."""
    if mode not in (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE):
        raise TomoniError(_("Tick members present in person or online; record written and proxy votes one by one."))
    _require_manager(actor, meeting)
    recorded = set(
        Attendance.objects.filter(coop_id=meeting.coop_id, meeting=meeting, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    done = []
    for person in people:
        if person.pk in recorded:
            continue
        recorded.add(person.pk)
        done.append(attendance_record(actor=actor, meeting=meeting, mode=mode, person=person))
    return done
