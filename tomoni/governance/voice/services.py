"""Writes of members' voice: proposals, support and discussion, the decision register and its follow-up,
the minutes' sign-off, notices and calendar feeds. One transaction and one audit event each.

Meetings, agenda items and motions are written by tomoni.governance.voting.services; a proposal goes on an
agenda through its ``agenda_item_add``.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.federation.models import Centre, Coop
from tomoni.governance.models import (
    AgendaItem,
    CalendarFeed,
    Decision,
    DecisionNote,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesSignoff,
    MinutesStatus,
    Motion,
    Notice,
    NoticeKind,
    Proposal,
    ProposalComment,
    ProposalKind,
    ProposalStatus,
    ProposalSupport,
    SignatoryRole,
)
from tomoni.governance.voice import rules, selectors
from tomoni.members.models import Person

TITLE_MAX = 200
TEXT_MAX = 5000


def _text(value: str, *, field: str, max_length: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise TomoniError(_("Please fill in this field."), field=field)
    if len(value) > max_length:
        raise TomoniError(_("Please keep this to %(max)s characters or fewer.") % {"max": max_length}, field=field)
    return value


def _author_name(user: User, person: Person | None) -> str:
    if person is not None:
        return person.full_name
    return user.get_full_name() or user.get_username()


# Proposals -----------------------------------------------------------------------------------------


@transaction.atomic
def proposal_raise(
    *, actor: User, coop: Coop, title: str, body: str, kind: str = ProposalKind.ITEM, centre: Centre | None = None
) -> Proposal:
    """A member raises an item or a question for their centre, or for the whole coop (centre None)."""
    person = selectors.voice_person(user=actor, coop=coop)
    if person is None:
        raise TomoniError(_("Only a member of the coop may raise a proposal."))
    if kind not in ProposalKind.values:
        raise TomoniError(_("Choose one of the options offered."), field="kind")
    if centre is not None and not selectors.voice_centres(user=actor, coop=coop).filter(pk=centre.pk).exists():
        raise TomoniError(_("You may raise a proposal only for your own centre or the whole coop."), field="centre")
    proposal = Proposal.objects.create(
        coop=coop,
        centre=centre,
        raised_by=person,
        title=_text(title, field="title", max_length=TITLE_MAX),
        body=_text(body, field="body"),
        kind=kind,
    )
    audit_record(actor=actor, action="governance.proposal.raised", coop_id=coop.pk, target=proposal)
    return proposal


def _visible(actor: User, proposal: Proposal) -> None:
    coop = proposal.coop
    if not selectors.proposals_visible(user=actor, coop=coop).filter(pk=proposal.pk).exists():
        raise TomoniError(_("You may not take part in this proposal."))


@transaction.atomic
def proposal_comment_add(*, actor: User, proposal: Proposal, body: str) -> ProposalComment:
    """Add a message to a proposal's discussion thread."""
    _visible(actor, proposal)
    person = selectors.voice_person(user=actor, coop=proposal.coop)
    comment = ProposalComment.objects.create(
        coop_id=proposal.coop_id,
        proposal=proposal,
        author=actor,
        author_name=_author_name(actor, person),
        body=_text(body, field="body", max_length=3000),
    )
    audit_record(actor=actor, action="governance.proposal.commented", coop_id=proposal.coop_id, target=comment)
    return comment


@transaction.atomic
def proposal_support(*, actor: User, proposal: Proposal) -> ProposalSupport:
    """A member supports another member's open proposal, once."""
    _visible(actor, proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    person = selectors.voice_person(user=actor, coop=proposal.coop)
    if person is None:
        raise TomoniError(_("Only a member of the coop may support a proposal."))
    if person.pk == proposal.raised_by_id:
        raise TomoniError(_("You raised this proposal: support comes from other members."))
    if not rules.proposal_may_be_supported(
        status=proposal.status, supporter_id=person.pk, raiser_id=proposal.raised_by_id
    ):
        raise TomoniError(_("This proposal has been settled and no longer takes support."))
    if ProposalSupport.objects.filter(coop_id=proposal.coop_id, proposal=proposal, person=person).exists():
        raise TomoniError(_("You already support this proposal."))
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.create(coop_id=proposal.coop_id, proposal=proposal, person=person)
    except IntegrityError:
        raise TomoniError(_("You already support this proposal.")) from None
    audit_record(actor=actor, action="governance.proposal.supported", coop_id=proposal.coop_id, target=proposal)
    return support


def _settle(actor: User, proposal: Proposal) -> Proposal:
    if not selectors.proposal_may_settle(user=actor, proposal=proposal):
        raise TomoniError(_("Only the board, or the centre for its own proposals, may settle a proposal."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.proposal_may_be_settled(locked.status):
        raise TomoniError(_("This proposal has already been settled."))
    return locked


@transaction.atomic
def proposal_put_on_agenda(*, actor: User, proposal: Proposal, meeting: Meeting, response: str = "") -> Proposal:
    """The board or the centre puts a proposal on a meeting's agenda (as a new agenda item)."""
    from tomoni.governance.meetings import services as meetings

    proposal = _settle(actor, proposal)
    if not selectors.proposal_meetings(user=actor, proposal=proposal).filter(pk=meeting.pk).exists():
        raise TomoniError(_("Choose a meeting of this coop or centre that has not been held yet."), field="meeting")
    item: AgendaItem = meetings.agenda_item_add(
        actor=actor, meeting=meeting, title=proposal.title, body=proposal.body, proposal=proposal
    )
    proposal.status = ProposalStatus.ON_AGENDA
    proposal.agenda_item = item
    proposal.response = (response or "").strip()
    proposal.responded_by = actor
    proposal.responded_at = clock.now()
    proposal.save()
    audit_record(
        actor=actor,
        action="governance.proposal.put_on_agenda",
        coop_id=proposal.coop_id,
        target=proposal,
        data={"meeting": meeting.pk, "agenda_item": item.pk},
    )
    return proposal


@transaction.atomic
def proposal_answer(*, actor: User, proposal: Proposal, response: str, decline: bool = False) -> Proposal:
    """The board or the centre answers a question, or declines a proposal, with its reasons."""
    proposal = _settle(actor, proposal)
    proposal.response = _text(response, field="response")
    proposal.status = ProposalStatus.DECLINED if decline else ProposalStatus.ANSWERED
    proposal.responded_by = actor
    proposal.responded_at = clock.now()
    proposal.save()
    action = "governance.proposal.declined" if decline else "governance.proposal.answered"
    audit_record(actor=actor, action=action, coop_id=proposal.coop_id, target=proposal)
    return proposal


# Decisions -----------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    actor: User | None,
    meeting: Meeting,
    text: str,
    owner: Person,
    due_on: dt.date,
    motion: Motion | None = None,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """Record a decision of a meeting (a passed motion or an item decided) with its owner and due date."""
    if actor is not None and not selectors.decision_may_write(user=actor, meeting=meeting):
        raise TomoniError(_("You may not record the decisions of this meeting."))
    if meeting.status in (MeetingStatus.DRAFT, MeetingStatus.CANCELLED):
        raise TomoniError(_("Decisions are recorded for a meeting that has been convened."))
    if not selectors.decision_owner_choices(coop=meeting.coop, meeting=meeting).filter(pk=owner.pk).exists():
        raise TomoniError(
            _("The owner must be a member of this coop (of the centre, for its meetings)."), field="owner"
        )
    if due_on < timezone.localdate(meeting.starts_at):
        raise TomoniError(_("The due date cannot be before the meeting."), field="due_on")
    if motion is not None:
        if motion.meeting_id != meeting.pk:
            raise TomoniError(_("The motion belongs to another meeting."), field="motion")
        if motion.passed is not True:
            raise TomoniError(_("Only a motion that passed becomes a decision."), field="motion")
        agenda_item = agenda_item or motion.agenda_item
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise TomoniError(_("The agenda item belongs to another meeting."), field="agenda_item")
    decision = Decision.objects.create(
        coop_id=meeting.coop_id,
        meeting=meeting,
        agenda_item=agenda_item,
        motion=motion,
        centre_id=meeting.centre_id,
        text=_text(text, field="text", max_length=3000),
        owner=owner,
        due_on=due_on,
    )
    audit_record(actor=actor, action="governance.decision.recorded", coop_id=meeting.coop_id, target=decision)
    return decision


@transaction.atomic
def decision_follow_up(*, actor: User | None, decision: Decision, body: str, status: str) -> DecisionNote:
    """Append a progress note to a decision and set its status (open, in progress, done)."""
    if actor is not None and not selectors.decision_may_follow_up(user=actor, decision=decision):
        raise TomoniError(_("Only the owner, or those who record the meeting's decisions, may report on it."))
    if status not in DecisionStatus.values:
        raise TomoniError(_("Choose one of the options offered."), field="status")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    person = decision.owner if actor is not None and decision.owner.user_id == actor.pk else None
    author_name = _author_name(actor, person) if actor is not None else ""
    note = DecisionNote.objects.create(
        coop_id=decision.coop_id,
        decision=decision,
        author=actor,
        author_name=author_name,
        body=_text(body, field="body", max_length=3000),
        status=status,
    )
    decision.status = status
    if status == DecisionStatus.DONE:
        decision.done_on = decision.done_on or clock.today()
    else:
        decision.done_on = None
    decision.save(update_fields=["status", "done_on", "updated_at"])
    audit_record(
        actor=actor,
        action="governance.decision.followed_up",
        coop_id=decision.coop_id,
        target=decision,
        data={"status": status, "note": note.pk},
    )
    return note


# Minutes -------------------------------------------------------------------------------------------


@transaction.atomic
def minutes_prepare(*, actor: User | None, meeting: Meeting, questions: str = "") -> Minutes:
    """Draw up the minutes of a held meeting for signature by its chair and minute signatories."""
    if actor is not None and not selectors.decision_may_write(user=actor, meeting=meeting):
        raise TomoniError(_("You may not prepare the minutes of this meeting."))
    if meeting.status in (MeetingStatus.DRAFT, MeetingStatus.CANCELLED) or meeting.starts_at > clock.now():
        raise TomoniError(_("Minutes are drawn up after the meeting has been held."))
    if meeting.chair_id is None:
        raise TomoniError(_("Name the chair of the meeting before drawing up its minutes."))
    if len(questions) > 20000:
        raise TomoniError(_("Please keep this to %(max)s characters or fewer.") % {"max": 20000}, field="questions")
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.status == MinutesStatus.FIXED:
        raise TomoniError(_("The minutes are signed and fixed: they can no longer change."))
    if minutes is None:
        minutes = Minutes.objects.create(coop_id=meeting.coop_id, meeting=meeting, questions=questions.strip())
    else:
        minutes.questions = questions.strip()
        minutes.save(update_fields=["questions", "updated_at"])
    # The signatories follow the meeting record; signatures already given stay.
    wanted = {meeting.chair_id: SignatoryRole.CHAIR}
    for person_id in meeting.minute_takers.values_list("pk", flat=True):
        wanted.setdefault(person_id, SignatoryRole.MINUTE_TAKER)
    minutes.signoffs.filter(signed_at__isnull=True).exclude(person_id__in=list(wanted)).delete()
    existing = {s.person_id: s for s in minutes.signoffs.all()}
    for person_id, role in wanted.items():
        signoff = existing.get(person_id)
        if signoff is None:
            MinutesSignoff.objects.create(coop_id=meeting.coop_id, minutes=minutes, person_id=person_id, role=role)
        elif signoff.role != role and signoff.signed_at is None:
            signoff.role = role
            signoff.save(update_fields=["role", "updated_at"])
    audit_record(actor=actor, action="governance.minutes.prepared", coop_id=meeting.coop_id, target=minutes)
    return minutes


@transaction.atomic
def minutes_sign(*, actor: User, minutes: Minutes) -> MinutesSignoff:
    """The chair or a minute signatory signs; at the last signature the minutes are fixed with their digest."""
    from tomoni.governance.voice import minutes as rendering

    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status == MinutesStatus.FIXED:
        raise TomoniError(_("The minutes are signed and fixed: they can no longer change."))
    signoff = minutes.signoffs.filter(person__user_id=actor.pk).first() if actor.is_authenticated else None
    if signoff is None:
        raise TomoniError(_("Only the chair and the minute signatories sign the minutes."))
    if signoff.signed_at is not None:
        raise TomoniError(_("You have already signed these minutes."))
    signoff.signed_at = clock.now()
    signoff.signed_by = actor
    signoff.save(update_fields=["signed_at", "signed_by", "updated_at"])
    audit_record(actor=actor, action="governance.minutes.signed", coop_id=minutes.coop_id, target=minutes)
    roles_signed = [(s.role, s.signed_at is not None) for s in minutes.signoffs.all()]
    if rules.minutes_complete(roles_signed=roles_signed):
        blocks = rendering.minutes_blocks(meeting=minutes.meeting, minutes=minutes)
        minutes.fixed_content = blocks
        minutes.content_sha256 = rules.minutes_digest(blocks)
        minutes.fixed_at = clock.now()
        minutes.status = MinutesStatus.FIXED
        minutes.save(update_fields=["fixed_content", "content_sha256", "fixed_at", "status", "updated_at"])
        audit_record(
            actor=actor,
            action="governance.minutes.fixed",
            coop_id=minutes.coop_id,
            target=minutes,
            data={"sha256": minutes.content_sha256},
        )
    return signoff


# Notices and calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def notice_send(*, actor: User | None, meeting: Meeting, kind: str) -> Notice:
    """Mail the convocation or the results of a meeting to each of its members with an email address.

    Convening a meeting and declaring its results send them already; this sends one that was not (a meeting
    convened with its notice given on paper). The mail goes out after the commit, as a job.
    """
    from tomoni.governance.meetings import services as meetings

    if actor is not None and not selectors.decision_may_write(user=actor, meeting=meeting):
        raise TomoniError(_("You may not send the notices of this meeting."))
    if kind not in NoticeKind.values:
        raise TomoniError(_("Choose one of the options offered."), field="kind")
    if kind == NoticeKind.CONVOCATION and meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION):
        raise TomoniError(_("A convocation is sent once the meeting has been convened."), field="kind")
    if kind == NoticeKind.RESULTS and not meeting.motions.filter(passed__isnull=False).exists():
        raise TomoniError(_("Results are sent once a motion of the meeting has been counted."), field="kind")
    notice = meetings.notice_queue(actor=actor, meeting=meeting, kind=kind)
    if notice is None:
        raise TomoniError(_("This notice has already been sent."), field="kind")
    return notice


@transaction.atomic
def calendar_feed_issue(*, actor: User, person: Person) -> CalendarFeed:
    """Give a member a new secret calendar address; any earlier address stops working."""
    if person.user_id != actor.pk:
        raise TomoniError(_("Only the member themself may change their calendar address."))
    token = secrets.token_urlsafe(32)
    feed, _created = CalendarFeed.objects.update_or_create(
        person=person, defaults={"coop_id": person.coop_id, "token": token}
    )
    audit_record(actor=actor, action="governance.calendar_feed.issued", coop_id=person.coop_id, target=feed)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor: User, person: Person) -> None:
    """Stop a member's calendar address from working."""
    if person.user_id != actor.pk:
        raise TomoniError(_("Only the member themself may change their calendar address."))
    deleted, _rows = CalendarFeed.objects.filter(person=person).delete()
    if deleted:
        audit_record(actor=actor, action="governance.calendar_feed.revoked", coop_id=person.coop_id)
