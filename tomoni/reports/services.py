"""Every write of the reports layer: the notifications made from an audit event, mailed, and marked read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.models import AuditEvent, User
from tomoni.governance.models import Motion, Proposal
from tomoni.members.models import Person
from tomoni.preferences import furigana
from tomoni.preferences.models import PLAIN_JAPANESE
from tomoni.reports.models import Notification, NotificationKind
from tomoni.work.models import Roster, SwapRequest

Made = tuple[str, dict[str, Any], str, list[int]]  # kind, params, url, the users told


def _vote_open(event: AuditEvent) -> Made:
    motion = Motion.objects.select_related("meeting", "coop").get(pk=event.object_id)
    if motion.roll_id is None:
        return NotificationKind.VOTE_OPEN, {}, "", []
    users = Person.objects.filter(roll_entries__roll_id=motion.roll_id, user__isnull=False).values_list("user_id")
    params = {"title": motion.title, "meeting": motion.meeting.title, "closes_at": motion.closes_at.isoformat()}
    url = reverse("governance:vote", args=[motion.coop.code, motion.pk])
    return NotificationKind.VOTE_OPEN, params, url, [u for (u,) in users]


def _roster_published(event: AuditEvent) -> Made:
    roster = Roster.objects.select_related("centre").get(pk=event.object_id)
    users = (
        Person.objects.filter(shift_assignments__roster=roster, user__isnull=False).values_list("user_id").distinct()
    )
    params = {"month": roster.month.isoformat(), "centre": roster.centre.name}
    url = reverse("work:my_roster") + f"?month={roster.month:%Y-%m}"
    return NotificationKind.ROSTER_PUBLISHED, params, url, [u for (u,) in users]


def _swap_answered(event: AuditEvent) -> Made:
    swap = SwapRequest.objects.select_related("assignment", "requester", "counterpart").get(pk=event.object_id)
    users = [p.user_id for p in (swap.requester, swap.counterpart) if p.user_id is not None]
    params = {"status": swap.status, "day": swap.assignment.on_date.isoformat(), "reason": swap.decision_reason}
    url = reverse("work:my_roster") + f"?month={swap.assignment.on_date:%Y-%m}"
    return NotificationKind.SWAP_ANSWERED, params, url, users


def _proposal_answered(event: AuditEvent) -> Made:
    proposal = Proposal.objects.select_related("coop", "raised_by").get(pk=event.object_id)
    users = [proposal.raised_by.user_id] if proposal.raised_by.user_id is not None else []
    params = {"title": proposal.title, "status": proposal.status}
    url = reverse("governance:proposal", args=[proposal.coop.code, proposal.pk])
    return NotificationKind.PROPOSAL_ANSWERED, params, url, users


# The actions people are told of, and whom each concerns.
TOLD: dict[str, Callable[[AuditEvent], Made]] = {
    "governance.motion.opened": _vote_open,
    "work.roster.published": _roster_published,
    "work.swap.approved": _swap_answered,
    "work.swap.declined": _swap_answered,
    "governance.proposal.answered": _proposal_answered,
    "governance.proposal.declined": _proposal_answered,
    "governance.proposal.put_on_agenda": _proposal_answered,
}


def notifications_create(*, event_id: int) -> int:
    """Tell everyone an event concerns, once each (a second run adds nothing); returns how many were told."""
    event = AuditEvent.objects.get(pk=event_id)
    if event.coop_id is None or event.action not in TOLD:
        return 0
    kind, params, url, user_ids = TOLD[event.action](event)
    if not user_ids:
        return 0
    rows = [
        Notification(user_id=user_id, coop_id=event.coop_id, event=event, kind=kind, params=params, url=url)
        for user_id in sorted(set(user_ids))
    ]
    with transaction.atomic():
        already = set(Notification.objects.filter(event=event).values_list("user_id", flat=True))
        fresh = [row for row in rows if row.user_id not in already]
        Notification.objects.bulk_create(fresh, batch_size=2000, ignore_conflicts=True)
        if fresh:
            audit_record(
                actor=None,
                action="reports.notifications.created",
                coop_id=event.coop_id,
                data={"event": event.pk, "kind": kind, "people": len(fresh)},
            )
    return len(fresh)


def notifications_mail(*, event_id: int) -> int:
    """Mail each notification of an event not mailed yet, in its reader's language; returns how many were sent."""
    from tomoni.reports.selectors import notification_words, reader_languages

    pending = list(
        Notification.objects.filter(event_id=event_id, emailed_at__isnull=True).select_related("user").order_by("pk")
    )
    addressed = [n for n in pending if n.user.email]
    if not addressed:
        return 0
    languages = reader_languages(user_ids=[n.user_id for n in addressed])
    messages = []
    for notification in addressed:
        language = languages[notification.user_id]
        with translation.override(language):
            title, detail = notification_words(notification)
        if language == PLAIN_JAPANESE:  # mail has no <ruby>: each kanji run is followed by its reading
            title, detail = furigana.annotate_plain_text(title), furigana.annotate_plain_text(detail)
        body = "\n\n".join(part for part in (detail, settings.SITE_URL.rstrip("/") + notification.url) if part)
        messages.append(
            mail.EmailMessage(
                subject=title, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[notification.user.email]
            )
        )
    with mail.get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    with transaction.atomic():
        Notification.objects.filter(pk__in=[n.pk for n in addressed]).update(emailed_at=clock.now())
        event = AuditEvent.objects.get(pk=event_id)
        audit_record(
            actor=None,
            action="reports.notifications.mailed",
            coop_id=event.coop_id,
            data={"event": event_id, "sent": sent},
        )
    return sent


@transaction.atomic
def notifications_mark_read(*, user: User, up_to_id: int | None = None) -> int:
    """The person has seen their notifications (those up to the one shown last, all by default)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if up_to_id is not None:
        unread = unread.filter(pk__lte=up_to_id)
    count = unread.update(read_at=clock.now())
    if count:
        audit_record(actor=user, action="reports.notifications.read", data={"count": count})
    return count
