"""Meeting notices by email (convocation, results) and each member's calendar feed (.ics).

Notices are written in each member's language, the one of their reading preferences (Japanese by default;
plain Japanese gets furigana: readings in brackets in the text, <ruby> in the HTML part); the feed too.
The mail is sent by the job in tomoni.governance.tasks after the
service's transaction commits, and each recipient is recorded; the feed is read by calendar apps at the
member's secret address.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.federation.models import open_on
from tomoni.governance.models import (
    Delegate,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Notice,
    NoticeKind,
    NoticeRecipient,
)
from tomoni.governance.voice.selectors import calendar_meetings
from tomoni.members.models import DIRECTOR_ROLES, Membership, OfficerTerm, Person
from tomoni.preferences import furigana
from tomoni.preferences.models import PLAIN_JAPANESE
from tomoni.preferences.selectors import language_for_user, languages_for_users

NOTICE_LANGUAGE = "ja"
# A meeting's length is not recorded; calendars show this much.
MEETING_LENGTH = dt.timedelta(hours=2)


def notice_recipients(*, meeting: Meeting, kind: str) -> QuerySet[Person]:
    """Members a notice goes to: the coop's (the centre's, for its meetings); the directors for the board;
    the delegates for a delegate meeting's convocation."""
    today = clock.today()
    people = Person.objects.filter(coop_id=meeting.coop_id)
    if meeting.kind == MeetingKind.BOARD:
        terms = OfficerTerm.objects.filter(open_on(today, "started_on", "ended_on"), coop_id=meeting.coop_id)
        return people.filter(pk__in=terms.filter(role__in=DIRECTOR_ROLES).values("person_id"))
    if meeting.kind == MeetingKind.DELEGATE and kind == NoticeKind.CONVOCATION:
        delegates = Delegate.objects.filter(open_on(today, "started_on", "ended_on"), coop_id=meeting.coop_id)
        if delegates.exists():
            return people.filter(pk__in=delegates.values("person_id"))
    memberships = Membership.objects.filter(open_on(today, "joined_on", "left_on"), coop_id=meeting.coop_id)
    if meeting.centre_id is not None:
        memberships = memberships.filter(centre_id=meeting.centre_id)
    return people.filter(pk__in=memberships.values("person_id"))


def _address(person: Person) -> str:
    if person.email:
        return person.email
    return person.user.email if person.user is not None else ""


def notice_language(person: Person) -> str:
    """The language of a member's notices: the one of their reading preferences, else Japanese."""
    return language_for_user(person.user) if person.user_id is not None else NOTICE_LANGUAGE


def _with_readings(text: str, language: str) -> str:
    """In plain Japanese, each kanji run followed by its reading in brackets (mail has no <ruby>)."""
    if language != PLAIN_JAPANESE:
        return text
    return "\n".join(furigana.annotate_plain_text(line) for line in text.split("\n"))


def _html_part(body: str) -> str:
    """The plain-Japanese body as HTML with <ruby> over the kanji, for mail readers that show HTML."""
    lines = "".join(f"<p>{furigana.annotate(line)}</p>" if line else "<br>" for line in body.split("\n"))
    return f'<!DOCTYPE html><html lang="ja"><body style="line-height:2">{lines}</body></html>'


def notice_message(*, meeting: Meeting, kind: str, language: str = NOTICE_LANGUAGE) -> tuple[str, str]:
    """The subject and body of a notice, in the language given (Japanese by default; with readings in plain)."""
    subject, body = _notice_text(meeting=meeting, kind=kind, language=language)
    return _with_readings(subject, language), _with_readings(body, language)


def _notice_text(*, meeting: Meeting, kind: str, language: str) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "meeting": meeting,
            "coop": meeting.coop,
            "kind": MeetingKind(meeting.kind).label,
            "starts_at": timezone.localtime(meeting.starts_at),
            "items": list(meeting.agenda_items.order_by("order")),
            "motions": list(meeting.motions.filter(passed__isnull=False).order_by("opens_at", "pk")),
        }
        if kind == NoticeKind.CONVOCATION:
            subject = _("Convocation: %(meeting)s") % {"meeting": meeting.title}
            body = render_to_string("governance/notice_convocation.txt", context)
        else:
            subject = _("Results: %(meeting)s") % {"meeting": meeting.title}
            body = render_to_string("governance/notice_results.txt", context)
    return subject, body


def notice_deliver(*, notice_id: int) -> int:
    """Send a queued notice to each recipient with an email address, once, in their language; returns how many
    messages were sent. Every recipient is recorded, those without an address as notified on paper."""
    notice = Notice.objects.select_related("meeting__coop").get(pk=notice_id)
    if notice.sent_at is not None:
        return 0
    meeting = notice.meeting
    people = list(notice_recipients(meeting=meeting, kind=notice.kind).select_related("user").order_by("pk"))
    chosen = languages_for_users([p.user_id for p in people if p.user_id is not None])  # one query for all
    rows = [
        NoticeRecipient(
            coop_id=notice.coop_id,
            notice=notice,
            person=p,
            address=_address(p),
            language=chosen.get(p.user_id, NOTICE_LANGUAGE) if p.user_id is not None else NOTICE_LANGUAGE,
        )
        for p in people
    ]
    languages = {row.language for row in rows}
    texts = {language: _notice_text(meeting=meeting, kind=notice.kind, language=language) for language in languages}
    # One message per address, so no one sees the others' addresses (two members sharing one get one message).
    messages = []
    for address, language in sorted({(row.address, row.language) for row in rows if row.address}):
        subject, body = texts[language]
        message = mail.EmailMultiAlternatives(
            subject=_with_readings(subject, language),
            body=_with_readings(body, language),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        if language == PLAIN_JAPANESE:
            message.attach_alternative(_html_part(body), "text/html")
        messages.append(message)
    with mail.get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    with transaction.atomic():
        NoticeRecipient.objects.bulk_create(rows, batch_size=2000)
        notice.sent_at = clock.now()
        notice.recipients = sent
        notice.save(update_fields=["sent_at", "recipients", "updated_at"])
        audit_record(
            actor=None,
            action=f"governance.notice.{notice.kind}.sent",
            coop_id=notice.coop_id,
            target=notice,
            data={"recipients": sent, "on_paper": sum(1 for row in rows if not row.address)},
        )
    return sent


def _description(meeting: Meeting) -> str:
    lines = [str(MeetingKind(meeting.kind).label)]
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    items = list(meeting.agenda_items.order_by("order"))
    if items:
        lines.append(_("Agenda:"))
        lines += [f"{item.order}. {item.title}" for item in items]
    counted = [m for m in meeting.motions.all() if m.passed is not None]
    if counted:
        lines.append(_("Results:"))
        for motion in counted:
            verdict = _("passed") if motion.passed else _("not passed")
            lines.append(
                _("%(title)s: %(verdict)s (for %(for)s, against %(against)s, abstaining %(abstain)s)")
                % {
                    "title": motion.title,
                    "verdict": verdict,
                    "for": motion.for_count or 0,
                    "against": motion.against_count or 0,
                    "abstain": motion.abstain_count or 0,
                }
            )
    return "\n".join(lines)


def calendar_ics(*, person: Person, host: str = "tomoni") -> bytes:
    """A member's meetings (convocations and result summaries) as an iCalendar feed, in their language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tomoni//governance//JA")
    calendar.add("version", "2.0")
    language = notice_language(person)
    with translation.override(language):
        calendar.add("x-wr-calname", _("Meetings of %(coop)s") % {"coop": person.coop.name})
        for meeting in calendar_meetings(person=person):
            event = icalendar.Event()
            event.add("uid", f"meeting-{meeting.pk}@{host}")
            event.add("dtstamp", meeting.updated_at)
            event.add("dtstart", meeting.starts_at)
            event.add("dtend", meeting.starts_at + MEETING_LENGTH)
            event.add("summary", meeting.title)
            if meeting.place:
                event.add("location", meeting.place)
            event.add("description", _with_readings(_description(meeting), language))
            event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
            calendar.add_component(event)
    return calendar.to_ical()
