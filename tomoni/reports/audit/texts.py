"""The words of each audit event: a table from the action to a whole sentence, in the reader's language.

Placeholders: %(actor)s, who did it (a name with the member number, or the system); %(person)s, the person the
event concerns where it concerns one (the target itself, or the person of the target: a contract, a membership).
An action missing from the table reads by its kind (`KINDS`), never by its code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The kinds an auditor filters by: the first part of an action.
KINDS: dict[str, StrOrPromise] = {
    "members": _("Member register"),
    "capital": _("Capital"),
    "governance": _("Meetings and votes"),
    "work": _("Work and rosters"),
    "inclusion": _("Work integration"),
    "operations": _("Books and business"),
    "federation": _("Registry"),
    "core": _("Logins and imports"),
    "preferences": _("Personal settings"),
    "reports": _("Notifications"),
    "demo": _("Demonstration data"),
    "operator": _("Operators' admin"),
}

# By kind, for an action the table below does not name.
KIND_SENTENCES: dict[str, StrOrPromise] = {
    "members": _("%(actor)s changed the member register."),
    "capital": _("%(actor)s changed the capital ledger or its settings."),
    "governance": _("%(actor)s changed a meeting, a proposal or a vote."),
    "work": _("%(actor)s changed a roster or the hours worked."),
    "inclusion": _("%(actor)s changed a record of work integration."),
    "operations": _("%(actor)s changed the books or the business records."),
    "federation": _("%(actor)s changed the registry."),
    "core": _("%(actor)s changed a login, an API token or an import."),
    "preferences": _("%(actor)s changed their personal settings."),
    "reports": _("%(actor)s changed notifications."),
    "demo": _("%(actor)s loaded demonstration data."),
    "operator": _("%(actor)s changed a record in the operators' admin."),
}
OTHER_SENTENCE = _("%(actor)s made a change.")

SENTENCES: dict[str, StrOrPromise] = {
    # The member register
    "members.person.created": _("%(actor)s registered %(person)s."),
    "members.person.updated": _("%(actor)s updated the details of %(person)s."),
    "members.membership.created": _("%(actor)s recorded the membership of %(person)s."),
    "members.membership.updated": _("%(actor)s updated the membership of %(person)s."),
    "members.membership.ended": _("%(actor)s recorded that %(person)s left the co-operative."),
    "members.officer_term.created": _("%(actor)s recorded a term of office of %(person)s."),
    "members.officer_term.ended": _("%(actor)s ended a term of office of %(person)s."),
    "members.labour_contract.created": _("%(actor)s registered the labour contract of %(person)s."),
    "members.labour_contract.updated": _("%(actor)s updated the labour contract of %(person)s."),
    "members.work_record.created": _("%(actor)s recorded hours worked by %(person)s."),
    "members.work_record.updated": _("%(actor)s corrected hours worked by %(person)s."),
    "members.special_care.recorded": _("%(actor)s recorded special-care information about %(person)s."),
    "members.special_care.viewed": _("%(actor)s read the special-care information of %(person)s."),
    "members.volunteer.registered": _("%(actor)s registered %(person)s as a volunteer."),
    "members.people.imported": _("%(actor)s imported people into the member register."),
    "members.work_records.imported": _("%(actor)s imported hours worked."),
    "members.special_care.imported": _("%(actor)s imported special-care information."),
    "members.people.bulk_loaded": _("%(actor)s loaded people into the member register."),
    "members.memberships.bulk_loaded": _("%(actor)s loaded memberships into the member register."),
    "members.labour_contracts.bulk_loaded": _("%(actor)s loaded labour contracts into the member register."),
    "members.officer_terms.bulk_created": _("%(actor)s loaded terms of office into the member register."),
    "members.work_records.bulk_loaded": _("%(actor)s loaded hours worked into the member register."),
    "members.volunteers.bulk_registered": _("%(actor)s loaded volunteers into the member register."),
    # Imports
    "core.import.started": _("%(actor)s checked a file to import."),
    "core.import.confirmed": _("%(actor)s confirmed an import."),
    "core.import.saved": _("%(actor)s imported a file."),
    "core.api_token.created": _("%(actor)s issued an API token."),
    "core.api_token.revoked": _("%(actor)s revoked an API token."),
    "core.api_token.expired": _("An API token of %(actor)s expired."),
    # Capital
    "capital.entry.recorded": _("%(actor)s recorded a capital entry of %(person)s."),
    "capital.entry.reversed": _("%(actor)s reversed a capital entry of %(person)s."),
    "capital.refund.recorded": _("%(actor)s recorded a capital refund to %(person)s."),
    "capital.transfer.recorded": _("%(actor)s recorded a transfer of shares."),
    "capital.withdrawal.notified": _("%(actor)s recorded the notice of withdrawal of %(person)s."),
    "capital.dividend.set_off": _("%(actor)s set a dividend against unpaid capital."),
    "capital.settings.updated": _("%(actor)s changed the capital settings."),
    "capital.appropriation.drafted": _("%(actor)s drafted an appropriation of surplus."),
    "capital.appropriation.revised": _("%(actor)s revised an appropriation of surplus."),
    "capital.appropriation.proposed": _("%(actor)s proposed an appropriation of surplus."),
    "capital.appropriation.put_to_meeting": _("%(actor)s put an appropriation of surplus to the general meeting."),
    "capital.appropriation.approved": _("%(actor)s recorded the approval of an appropriation of surplus."),
    "capital.appropriation.posted": _("%(actor)s posted an appropriation of surplus to the ledger."),
    "capital.reserve.posted": _("%(actor)s posted a reserve."),
    "capital.opening_balances.loaded": _("%(actor)s loaded opening capital balances."),
    # Meetings and votes
    "governance.meeting.created": _("%(actor)s created a meeting."),
    "governance.meeting.convened": _("%(actor)s convened a meeting."),
    "governance.meeting.opened": _("%(actor)s opened a meeting."),
    "governance.meeting.closed": _("%(actor)s closed a meeting."),
    "governance.meeting.officers_set": _("%(actor)s set the chair and the minute-taker of a meeting."),
    "governance.agenda_item.added": _("%(actor)s added an item to an agenda."),
    "governance.attendance.recorded": _("%(actor)s recorded attendance at a meeting."),
    "governance.roll.frozen": _("%(actor)s fixed the roll of voters of a meeting."),
    "governance.motion.created": _("%(actor)s put a motion on an agenda."),
    "governance.motion.opened": _("%(actor)s opened the vote on a motion."),
    "governance.motion.closed": _("%(actor)s closed the vote on a motion."),
    "governance.motion.tallied": _("%(actor)s counted the votes on a motion."),
    "governance.motion.tie_resolved": _("%(actor)s recorded the chair's casting vote on a tied motion."),
    "governance.vote.cast": _("%(actor)s cast a vote."),
    "governance.candidate.added": _("%(actor)s added a candidate to an election."),
    "governance.minutes.prepared": _("%(actor)s prepared the minutes of a meeting."),
    "governance.minutes.signed": _("%(actor)s signed the minutes of a meeting."),
    "governance.minutes.fixed": _("%(actor)s fixed the minutes of a meeting."),
    "governance.decision.recorded": _("%(actor)s recorded a decision."),
    "governance.decision.followed_up": _("%(actor)s recorded the follow-up of a decision."),
    "governance.proposal.raised": _("%(actor)s raised a proposal."),
    "governance.proposal.supported": _("%(actor)s supported a proposal."),
    "governance.proposal.commented": _("%(actor)s commented on a proposal."),
    "governance.proposal.answered": _("%(actor)s answered a proposal."),
    "governance.proposal.declined": _("%(actor)s declined a proposal."),
    "governance.proposal.put_on_agenda": _("%(actor)s put a proposal on an agenda."),
    "governance.settings.updated": _("%(actor)s changed the meeting settings."),
    # Work and rosters
    "work.roster.created": _("%(actor)s created a roster."),
    "work.roster.solved": _("%(actor)s filled a roster."),
    "work.roster.published": _("%(actor)s published a roster."),
    "work.assignment.set": _("%(actor)s assigned a shift to %(person)s."),
    "work.assignment.cleared": _("%(actor)s removed a shift of %(person)s."),
    "work.swap.requested": _("%(actor)s asked to swap a shift."),
    "work.swap.approved": _("%(actor)s approved a swap of shifts."),
    "work.swap.declined": _("%(actor)s declined a swap of shifts."),
    "work.swap.withdrawn": _("%(actor)s withdrew a request to swap a shift."),
    "work.hours.reported": _("%(actor)s reported hours worked."),
    "work.actual_minutes.confirmed": _("%(actor)s confirmed the hours worked on a shift."),
    "work.availability.set": _("%(actor)s recorded when they can work."),
    "work.qualification.granted": _("%(actor)s recorded a qualification of %(person)s."),
    "work.qualification.revoked": _("%(actor)s withdrew a qualification of %(person)s."),
    # Work integration
    "inclusion.file.viewed": _("%(actor)s read the case file of a participant."),
    "inclusion.participant.referred": _("%(actor)s recorded the referral of a participant."),
    "inclusion.participants.imported": _("%(actor)s imported participants."),
    "inclusion.plan.drawn_up": _("%(actor)s drew up a support plan."),
    "inclusion.plan.agreed": _("%(actor)s agreed a support plan."),
    # Books
    "operations.year_end.drawn_up": _("%(actor)s drew up the year-end documents."),
    "operations.year_end.audited": _("%(actor)s recorded the audit of the year-end documents."),
    "operations.year_end.approved": _("%(actor)s recorded the approval of the year-end documents."),
    "operations.year_end.filed": _("%(actor)s recorded the filing of the year-end documents."),
}

# Said of the system when nobody signed in did it (a scheduled job, the loader).
SYSTEM = _("The system")
