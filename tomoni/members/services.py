"""Every write to the member register: one transaction, one audit event, permission checked.

Views, the API, imports, commands and the demo loader all call these.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import formats
from django.utils.translation import gettext as _

from tomoni.core import clock, crypto
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import BusinessLine, Centre, Coop
from tomoni.members import japanese, rules
from tomoni.members.models import (
    MINUTES_IN_DAY,
    MINUTES_IN_WEEK,
    PERSON_FIELDS,
    LabourContract,
    Membership,
    MembershipKind,
    MembershipStatus,
    OfficerRole,
    OfficerTerm,
    Person,
    SpecialCareCategory,
    SpecialCareRecord,
    Volunteer,
    WorkRecord,
)
from tomoni.members.selectors import person_centres, reads_special_care
from tomoni.preferences.models import Preferences
from tomoni.preferences.services import preferences_update

if TYPE_CHECKING:
    from tomoni.members.imports import PersonRow, WorkRow


def _require_coop_writer(actor: User | None, coop: Coop) -> None:
    """Officers write anywhere in their coop; system jobs (actor None) are trusted callers."""
    if actor is None:
        return
    if not scope_for(actor).writes_coop(coop.pk):
        raise TomoniError(_("You may not change this coop's register."))


def _require_centre_writer(actor: User | None, centre: Centre) -> None:
    if actor is None:
        return
    if not scope_for(actor).writes_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk):
        raise TomoniError(_("You may not change the register of this centre."))


def _require_person_writer(actor: User | None, person: Person, centre: Centre | None = None) -> None:
    """A centre manager may edit people of their centre; an officer anyone in the coop."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.writes_coop(person.coop_id):
        return
    centres = [centre] if centre is not None else person_centres(person=person)
    if any(scope.writes_centre(coop_id=c.coop_id, region_id=c.region_id, centre_id=c.pk) for c in centres):
        return
    raise TomoniError(_("You may not change this person's record."))


def check_recorded_day(day: dt.date, *, field: str) -> None:
    """Refuse a date outside the window a register records (rules.day_in_recorded_window)."""
    if not rules.day_in_recorded_window(day):
        raise TomoniError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {
                "earliest": formats.date_format(rules.EARLIEST_RECORDED_DAY),
                "latest": formats.date_format(rules.LATEST_RECORDED_DAY),
            },
            field=field,
        )


START_FIELD_OF = {"left_on": "joined_on", "ended_on": "started_on"}


def _check_span(start: dt.date, end: dt.date | None, *, end_field: str) -> None:
    check_recorded_day(start, field=START_FIELD_OF.get(end_field, end_field))
    if end is not None:
        check_recorded_day(end, field=end_field)
    if end is not None and end <= start:
        raise TomoniError(_("The end date must be after the start date."), field=end_field)


def _check_choice(value: str, choices: Iterable[str], *, field: str) -> None:
    """Refuse a value outside a field's choices (forms check them too; the API and imports come here)."""
    if value not in choices:
        raise TomoniError(_("Choose one of the options offered."), field=field)


def _check_names(fields: dict[str, Any], *, required: bool) -> None:
    """A person keeps a family and a given name: required on creation, never blanked on update."""
    for name in ("family_name", "given_name"):
        if (required or name in fields) and not str(fields.get(name) or "").strip():
            raise TomoniError(_("A person needs a family name and a given name."), field=name)
    for name in ("family_name", "given_name", "family_name_kana", "given_name_kana"):
        # A line break or other control character is never part of a name; it would break the calendar files
        # and exports the name is written into.
        if any(unicodedata.category(char) == "Cc" for char in str(fields.get(name) or "")):
            raise TomoniError(_("A name cannot contain line breaks or control characters."), field=name)


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Readings in katakana (hiragana converted) and the postal code as its seven digits; else refused."""
    fields = dict(fields)
    for name in ("family_name_kana", "given_name_kana"):
        if fields.get(name):
            reading = japanese.katakana(str(fields[name]))
            if reading is None:
                raise TomoniError(_("Write the reading in katakana, as in タカハシ."), field=name)
            fields[name] = reading
    if fields.get("postal_code"):
        digits = japanese.postal_code(str(fields["postal_code"]))
        if digits is None:
            raise TomoniError(_("A postal code has seven digits, as in 271-0092."), field="postal_code")
        fields["postal_code"] = digits
    return fields


# People ------------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor: User | None, coop: Coop, centre: Centre | None = None, **fields: Any) -> Person:
    """Register a person with a coop (a centre manager registers them for their centre)."""
    if centre is not None:
        _require_centre_writer(actor, centre)
        # A manager's centre is no door into another coop's register.
        if centre.coop_id != coop.pk:
            raise TomoniError(_("The centre belongs to another coop."), field="centre")
    else:
        _require_coop_writer(actor, coop)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    _check_names(fields, required=True)
    fields = _normalised(fields)
    person = Person.objects.create(coop=coop, **fields)
    audit_record(actor=actor, action="members.person.created", coop_id=coop.pk, target=person)
    return person


@transaction.atomic
def person_create_referred(*, actor: User | None, coop: Coop, referred_to: Centre, **fields: Any) -> Person:
    """Register a person referred to a programme at a centre, with the coop only (no membership, no centre).

    The centre's writers and its support workers may: a support worker refers a newcomer without writing the
    rest of the register. The audit event names who registered them and the centre they were referred to.
    """
    if referred_to.coop_id != coop.pk:
        raise TomoniError(_("The centre belongs to another coop."), field="centre")
    if actor is not None:
        scope = scope_for(actor)
        coop_id, region_id, centre_id = referred_to.coop_id, referred_to.region_id, referred_to.pk
        if not (
            scope.writes_centre(coop_id=coop_id, region_id=region_id, centre_id=centre_id)
            or scope.reads_special_care(coop_id=coop_id, region_id=region_id, centre_id=centre_id)
        ):
            raise TomoniError(_("You may not change the register of this centre."))
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    _check_names(fields, required=True)
    person = Person.objects.create(coop=coop, **fields)
    audit_record(
        actor=actor,
        action="members.person.created",
        coop_id=coop.pk,
        target=person,
        data={"referred_to_centre": referred_to.pk},
    )
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, **fields: Any) -> Person:
    """Change a person's name, reading, birth date or contact details."""
    _require_person_writer(actor, person)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    _check_names(fields, required=False)
    fields = _normalised(fields)
    changed = sorted(name for name, value in fields.items() if getattr(person, name) != value)
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="members.person.updated",
            coop_id=person.coop_id,
            target=person,
            data={"fields": changed},
        )
    return person


# Memberships -------------------------------------------------------------------------------------


def _check_no_overlap(
    person: Person, start: dt.date, end: dt.date | None, *, field: str, excluding: int | None = None
) -> None:
    """A person holds one membership of their coop at a time (rules.spans_overlap); the database agrees."""
    # The person's row is locked, so two admissions of one person at once queue up and the second sees the first.
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk").first()
    memberships = Membership.objects.filter(coop_id=person.coop_id, person=person)
    if excluding is not None:
        memberships = memberships.exclude(pk=excluding)
    spans = memberships.values_list("joined_on", "left_on")
    other = rules.overlapping_span(start, end, spans)
    if other is None:
        return
    if other[1] is None:
        # Whatever the date, a current member is not admitted twice: the error is the membership itself.
        raise TomoniError(
            _("This person is already a member, since %(joined)s.") % {"joined": formats.date_format(other[0])},
            field="kind" if field == "joined_on" else field,
        )
    raise TomoniError(
        _(
            "This person was a member from %(joined)s until %(left)s: a membership of the same person begins "
            "on or after the day the other one ends."
        )
        % {"joined": formats.date_format(other[0]), "left": formats.date_format(other[1])},
        field=field,
    )


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    member_number: str,
    joined_on: dt.date,
    centre: Centre | None = None,
) -> Membership:
    """Admit a person as a member of their coop."""
    if centre is not None:
        _require_centre_writer(actor, centre)
        if centre.coop_id != person.coop_id:
            raise TomoniError(_("The centre belongs to another coop."), field="centre")
    else:
        _require_coop_writer(actor, person.coop)
    _check_choice(kind, MembershipKind.values, field="kind")
    _check_span(joined_on, None, end_field="left_on")
    if Membership.objects.filter(coop_id=person.coop_id, member_number__iexact=member_number).exists():
        raise TomoniError(
            _("Member number %(number)s is already taken.") % {"number": member_number}, field="member_number"
        )
    _check_no_overlap(person, joined_on, None, field="joined_on")
    membership = Membership.objects.create(
        coop_id=person.coop_id,
        person=person,
        kind=kind,
        member_number=member_number,
        joined_on=joined_on,
        centre=centre,
    )
    audit_record(actor=actor, action="members.membership.created", coop_id=person.coop_id, target=membership)
    return membership


@transaction.atomic
def membership_end(*, actor: User | None, membership: Membership, left_on: dt.date, status: str) -> Membership:
    """Record that a membership ended (withdrawal, expulsion, death); the history stays."""
    _require_person_writer(actor, membership.person)
    if status == MembershipStatus.ACTIVE or status not in MembershipStatus.values:
        raise TomoniError(_("Choose why the membership ended."), field="status")
    _check_span(membership.joined_on, left_on, end_field="left_on")
    _check_no_overlap(membership.person, membership.joined_on, left_on, field="left_on", excluding=membership.pk)
    membership.left_on, membership.status = left_on, status
    membership.save(update_fields=["left_on", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="members.membership.ended",
        coop_id=membership.coop_id,
        target=membership,
        data={"left_on": left_on.isoformat(), "status": status},
    )
    return membership


@transaction.atomic
def membership_update(
    *, actor: User | None, membership: Membership, centre: Centre | None, kind: str | None = None
) -> Membership:
    """Move a member to another home centre or change the kind of membership."""
    # Both ends of a move: a manager may not take in another centre's member, nor send theirs where they can't write.
    _require_person_writer(actor, membership.person, membership.centre)
    if centre is not None and centre.coop_id != membership.coop_id:
        raise TomoniError(_("The centre belongs to another coop."), field="centre")
    if centre is not None:
        _require_centre_writer(actor, centre)
    if kind:
        _check_choice(kind, MembershipKind.values, field="kind")
    membership.centre = centre
    if kind:
        membership.kind = kind
    membership.save(update_fields=["centre", "kind", "updated_at"])
    audit_record(actor=actor, action="members.membership.updated", coop_id=membership.coop_id, target=membership)
    return membership


# Officers ----------------------------------------------------------------------------------------


@transaction.atomic
def officer_term_create(
    *, actor: User | None, person: Person, role: str, started_on: dt.date, ended_on: dt.date | None = None
) -> OfficerTerm:
    """Record a term of office; only the coop's officers may."""
    _require_coop_writer(actor, person.coop)
    _check_choice(role, OfficerRole.values, field="role")
    _check_span(started_on, ended_on, end_field="ended_on")
    term = OfficerTerm.objects.create(
        coop_id=person.coop_id, person=person, role=role, started_on=started_on, ended_on=ended_on
    )
    audit_record(actor=actor, action="members.officer_term.created", coop_id=person.coop_id, target=term)
    return term


@transaction.atomic
def officer_term_end(*, actor: User | None, term: OfficerTerm, ended_on: dt.date) -> OfficerTerm:
    _require_coop_writer(actor, term.coop)
    _check_span(term.started_on, ended_on, end_field="ended_on")
    term.ended_on = ended_on
    term.save(update_fields=["ended_on", "updated_at"])
    audit_record(actor=actor, action="members.officer_term.ended", coop_id=term.coop_id, target=term)
    return term


# Labour contracts --------------------------------------------------------------------------------


def _check_contracted(contracted_minutes_per_week: int) -> None:
    if not 0 < contracted_minutes_per_week <= MINUTES_IN_WEEK:
        raise TomoniError(
            _("Contracted minutes a week must be between 1 and 10,080."), field="contracted_minutes_per_week"
        )


@transaction.atomic
def labour_contract_create(
    *,
    actor: User | None,
    person: Person,
    centre: Centre,
    started_on: dt.date,
    contracted_minutes_per_week: int,
    ended_on: dt.date | None = None,
) -> LabourContract:
    """Sign a labour contract (Art 20) between the coop and a person at a centre."""
    _require_centre_writer(actor, centre)
    if centre.coop_id != person.coop_id:
        raise TomoniError(_("The centre belongs to another coop."), field="centre")
    _check_span(started_on, ended_on, end_field="ended_on")
    _check_contracted(contracted_minutes_per_week)
    contract = LabourContract.objects.create(
        coop_id=person.coop_id,
        person=person,
        centre=centre,
        started_on=started_on,
        ended_on=ended_on,
        contracted_minutes_per_week=contracted_minutes_per_week,
    )
    audit_record(actor=actor, action="members.labour_contract.created", coop_id=person.coop_id, target=contract)
    return contract


@transaction.atomic
def labour_contract_update(
    *, actor: User | None, contract: LabourContract, contracted_minutes_per_week: int, ended_on: dt.date | None
) -> LabourContract:
    """Change the contracted minutes or end a contract."""
    _require_centre_writer(actor, contract.centre)
    _check_span(contract.started_on, ended_on, end_field="ended_on")
    _check_contracted(contracted_minutes_per_week)
    contract.contracted_minutes_per_week, contract.ended_on = contracted_minutes_per_week, ended_on
    contract.save(update_fields=["contracted_minutes_per_week", "ended_on", "updated_at"])
    audit_record(actor=actor, action="members.labour_contract.updated", coop_id=contract.coop_id, target=contract)
    return contract


# Work records ------------------------------------------------------------------------------------


def _check_work(worked_minutes: int) -> None:
    if not 0 < worked_minutes <= MINUTES_IN_DAY:
        raise TomoniError(_("Minutes worked must be between 1 and 1,440 in a day."), field="worked_minutes")


@transaction.atomic
def work_record_create(
    *,
    actor: User | None,
    person: Person,
    centre: Centre,
    business_line: BusinessLine,
    worked_on: dt.date,
    worked_minutes: int,
) -> WorkRecord:
    """Record the minutes a person worked on one day at one centre."""
    _require_centre_writer(actor, centre)
    if centre.coop_id != person.coop_id:
        raise TomoniError(_("The centre belongs to another coop."), field="centre")
    _check_work(worked_minutes)
    check_recorded_day(worked_on, field="worked_on")
    if WorkRecord.objects.filter(
        coop_id=person.coop_id, person=person, centre=centre, business_line=business_line, worked_on=worked_on
    ).exists():
        raise TomoniError(_("Work on this day is already recorded; edit that record instead."), field="worked_on")
    record = WorkRecord.objects.create(
        coop_id=person.coop_id,
        person=person,
        centre=centre,
        business_line=business_line,
        worked_on=worked_on,
        worked_minutes=worked_minutes,
    )
    audit_record(actor=actor, action="members.work_record.created", coop_id=person.coop_id, target=record)
    return record


@transaction.atomic
def work_record_update(*, actor: User | None, record: WorkRecord, worked_minutes: int) -> WorkRecord:
    """Correct the minutes of a work record."""
    _require_centre_writer(actor, record.centre)
    _check_work(worked_minutes)
    before = record.worked_minutes
    record.worked_minutes = worked_minutes
    record.save(update_fields=["worked_minutes", "updated_at"])
    audit_record(
        actor=actor,
        action="members.work_record.updated",
        coop_id=record.coop_id,
        target=record,
        data={"worked_minutes": [before, worked_minutes]},
    )
    return record


# Reading preferences ----------------------------------------------------------------------------


def person_reading_preferences_set(
    *, actor: User | None, person: Person, language: str, text_size: str, high_contrast: bool
) -> Preferences:
    """Set how a member reads Tomoni, by an officer or their centre's manager for a member who asks."""
    _require_person_writer(actor, person)
    if person.user_id is None:
        raise TomoniError(_("This person has no login, so there is nothing to set."))
    return preferences_update(
        actor=actor,
        user=person.user,
        coop_id=person.coop_id,
        language=language,
        text_size=text_size,
        high_contrast=high_contrast,
    )


# Volunteers --------------------------------------------------------------------------------------


@transaction.atomic
def volunteer_register(*, actor: User | None, person: Person, centre: Centre, started_on: dt.date) -> Volunteer:
    """Register a local resident as a volunteer at a centre."""
    _require_centre_writer(actor, centre)
    if centre.coop_id != person.coop_id:
        raise TomoniError(_("The centre belongs to another coop."), field="centre")
    volunteer = Volunteer.objects.create(coop_id=centre.coop_id, person=person, centre=centre, started_on=started_on)
    audit_record(actor=actor, action="members.volunteer.registered", coop_id=centre.coop_id, target=volunteer)
    return volunteer


# Special-care personal information ---------------------------------------------------------------


@transaction.atomic
def special_care_record_add(
    *, actor: User | None, person: Person, category: str, note: str = "", recorded_on: dt.date
) -> SpecialCareRecord:
    """Record special-care information (encrypted); only support workers of the person's coop or centre may."""
    if actor is not None and not reads_special_care(scope_for(actor), person, person_centres(person=person)):
        raise TomoniError(_("You may not record special-care information about this person."))
    _check_choice(category, SpecialCareCategory.values, field="category")
    record = SpecialCareRecord.objects.create(
        coop_id=person.coop_id,
        person=person,
        payload_encrypted=crypto.encrypt_json({"category": category, "note": note}),
        recorded_on=recorded_on,
    )
    # The audit event names the record, never its contents.
    audit_record(actor=actor, action="members.special_care.recorded", coop_id=person.coop_id, target=record)
    return record


def special_care_records_bulk_create(
    *, actor: User | None, coop: Coop, items: Sequence[tuple[int, str, str, dt.date]]
) -> int:
    """Insert special-care records of one coop's people at once (person_id, category, note, recorded_on).

    Only a support worker granted on the whole coop may, or a trusted system job (the replica loader).
    """
    if actor is not None and not scope_for(actor).reads_special_care(coop_id=coop.pk, region_id=None, centre_id=None):
        raise TomoniError(_("You may not record special-care information about this person."))
    for _person_id, category, _note, _recorded_on in items:
        _check_choice(category, SpecialCareCategory.values, field="category")
    person_ids = {person_id for person_id, *_rest in items}
    if Person.objects.filter(coop=coop, pk__in=person_ids).count() != len(person_ids):
        raise ValueError("special-care records name people of another coop")
    records = [
        SpecialCareRecord(
            coop=coop,
            person_id=person_id,
            payload_encrypted=crypto.encrypt_json({"category": category, "note": note}),
            recorded_on=recorded_on,
        )
        for person_id, category, note, recorded_on in items
    ]
    with transaction.atomic():
        SpecialCareRecord.objects.bulk_create(records)
        audit_record(actor=actor, action="members.special_care.imported", coop_id=coop.pk, data={"rows": len(records)})
    return len(records)


# Registering and importing (the register pages and the CSV/Excel import) --------------------------


@transaction.atomic
def person_register(
    *,
    actor: User | None,
    coop: Coop,
    centre: Centre | None = None,
    member_number: str = "",
    kind: str = "",
    joined_on: dt.date | None = None,
    **fields: Any,
) -> Person:
    """Register a person and, when a member number is given, admit them as a member: both or neither."""
    person = person_create(actor=actor, coop=coop, centre=centre, **fields)
    if member_number:
        if not kind or joined_on is None:
            raise TomoniError(_("A membership needs a kind and the date it began."), field="kind")
        membership_create(
            actor=actor, person=person, kind=kind, member_number=member_number, joined_on=joined_on, centre=centre
        )
    return person


def _require_import_writer(actor: User | None, coop: Coop, centre_ids: set[int | None]) -> None:
    """An officer imports anything of the coop; a centre manager only rows of their own centres."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.writes_coop(coop.pk):
        return
    centres = list(Centre.objects.filter(coop=coop, pk__in=[c for c in centre_ids if c is not None]))
    if None in centre_ids or len(centres) != len(centre_ids):
        raise TomoniError(_("You may not change this coop's register."))
    for centre in centres:
        _require_centre_writer(actor, centre)


@transaction.atomic
def people_import(*, actor: User | None, coop: Coop, rows: Sequence[PersonRow], source: str) -> int:
    """Register many validated people (and their memberships) of one coop at once; one audit event."""
    _require_import_writer(actor, coop, {row.centre_id if row.member_number else None for row in rows})
    people = Person.objects.bulk_create([Person(coop=coop, **row.person_fields()) for row in rows], batch_size=2000)
    memberships: list[Membership] = []
    # Member numbers are unique in a coop without regard to case (the database agrees).
    numbers = {
        number.lower() for number in Membership.objects.filter(coop=coop).values_list("member_number", flat=True)
    }
    for person, row in zip(people, rows, strict=True):
        if not row.member_number:
            continue
        if row.joined_on is None or not row.membership_kind:
            raise TomoniError(_("A membership needs a kind and the date it began."), field="joined_on")
        check_recorded_day(row.joined_on, field="joined_on")
        if row.member_number.lower() in numbers:
            raise TomoniError(
                _("Member number %(number)s is already taken.") % {"number": row.member_number}, field="member_number"
            )
        numbers.add(row.member_number.lower())
        memberships.append(
            Membership(
                coop=coop,
                person=person,
                kind=row.membership_kind,
                member_number=row.member_number,
                joined_on=row.joined_on,
                centre_id=row.centre_id,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=2000)
    audit_record(
        actor=actor,
        action="members.people.imported",
        coop_id=coop.pk,
        data={"people": len(people), "memberships": len(memberships), "source": source},
    )
    return len(people)


@transaction.atomic
def work_records_import(*, actor: User | None, coop: Coop, rows: Sequence[WorkRow], source: str) -> int:
    """Record many validated days of work of one coop at once; one audit event."""
    _require_import_writer(actor, coop, {row.centre_id for row in rows})
    # The rows were validated against the register; check again that each is the coop's own.
    people, centres = _coop_ids(Person, coop), _coop_ids(Centre, coop)
    lines = set(BusinessLine.objects.values_list("pk", flat=True))
    for row in rows:
        if row.person_id not in people or row.centre_id not in centres or row.business_line_id not in lines:
            raise TomoniError(_("A row belongs to another coop."))
        _check_work(row.worked_minutes)
        check_recorded_day(row.worked_on, field="worked_on")
    insert = _PlainInsert(WorkRecord, ("coop", "person", "centre", "business_line", "worked_on", "worked_minutes"))
    count = insert.write(
        insert.adapt((coop.pk, r.person_id, r.centre_id, r.business_line_id, r.worked_on, r.worked_minutes))
        for r in rows
    )
    audit_record(
        actor=actor, action="members.work_records.imported", coop_id=coop.pk, data={"rows": count, "source": source}
    )
    return count


# Bulk loads (the JWCU replica, large migrations) -----------------------------------------------------
# Each call is one transaction and one audit event, whatever the number of rows. Rows are plain
# tuples, checked as the forms would check them (the coop's own people and centres, spans that end
# after they start), and written with executemany (COPY on PostgreSQL) rather than model instances:
# the fast path for hundreds of thousands of rows.

BULK_CHUNK = 50_000
# SQLite page cache for a bulk load, in KiB (a negative cache_size); memory only, restored afterwards.
SQLITE_BULK_CACHE_KIB = 512 * 1024

# family_name, given_name, family_name_kana, given_name_kana, birth_date, email, phone, postal_code, address
PersonValues = tuple[str, str, str, str, dt.date | None, str, str, str, str]
# person_id, kind, member_number, centre_id, joined_on, left_on, status
MembershipValues = tuple[int, str, str, int | None, dt.date, dt.date | None, str]
# person_id, centre_id, started_on, ended_on, contracted_minutes_per_week
ContractValues = tuple[int, int, dt.date, dt.date | None, int]
# person_id, centre_id, business_line_id, worked_on, worked_minutes
WorkRecordValues = tuple[int, int, int, dt.date, int]

_TenantRow = TypeVar("_TenantRow", OfficerTerm, Volunteer)


class _PlainInsert:
    """INSERT of plain tuples into one model's table, timestamps added and dates adapted once each."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.connection = connections[router.db_for_write(model)]
        ops = self.connection.ops
        by_name = {field.name: field for field in model._meta.concrete_fields}
        self.table = ops.quote_name(model._meta.db_table)
        self.columns = [by_name[name].column for name in ("created_at", "updated_at", *fields)]
        self.column_list = ", ".join(ops.quote_name(column) for column in self.columns)
        self.stamp = ops.adapt_datetimefield_value(clock.now())
        self._days: dict[dt.date, Any] = {}
        # Dates are the only values a backend wants adapted; the rest pass as they are.
        self.date_positions = [i for i, name in enumerate(fields) if by_name[name].get_internal_type() == "DateField"]

    def day(self, value: dt.date | None) -> Any:
        if value is None:
            return None
        adapted = self._days.get(value)
        if adapted is None:
            adapted = self._days[value] = self.connection.ops.adapt_datefield_value(value)
        return adapted

    def adapt(self, row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for i in self.date_positions:
            values[i] = self.day(values[i])
        return (self.stamp, self.stamp, *values)

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert rows already adapted (with their timestamps); returns how many."""
        count = 0
        with self.connection.cursor() as cursor, _bulk_pragmas(self.connection):
            if self.connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
                with cursor.cursor.copy(f"COPY {self.table} ({self.column_list}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                return count
            # Table and column names come from the model's meta; every value is a parameter.
            placeholders = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {self.table} ({self.column_list}) VALUES ({placeholders})"  # noqa: S608
            rows = iter(rows)
            while chunk := list(itertools.islice(rows, BULK_CHUNK)):
                cursor.executemany(sql, chunk)
                count += len(chunk)
        return count


@contextmanager
def _bulk_pragmas(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """On SQLite, a large page cache for the duration of a bulk load (memory only; durability unchanged)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _coop_ids(model: type[models.Model], coop: Coop) -> set[int]:
    return set(model._default_manager.filter(coop=coop).values_list("pk", flat=True))


@transaction.atomic
def people_bulk_load(*, actor: User | None, coop: Coop, rows: Sequence[PersonValues], source: str) -> list[int]:
    """Register many people of one coop at once; returns their ids, in the order of the rows."""
    _require_coop_writer(actor, coop)
    if any(not row[0] or not row[1] for row in rows):
        raise TomoniError(_("A person needs a family name and a given name."), field="family_name")
    if not rows:
        return []
    fields = ("coop", *PERSON_FIELDS)
    if connections[router.db_for_write(Person)].vendor != "sqlite":
        # Elsewhere the ORM returns the new ids (INSERT … RETURNING) at a small cost.
        people = Person.objects.bulk_create(
            [Person(coop=coop, **dict(zip(PERSON_FIELDS, row, strict=True))) for row in rows], batch_size=2000
        )
        ids = [person.pk for person in people]
    else:
        insert = _PlainInsert(Person, fields)
        insert.write(insert.adapt((coop.pk, *row)) for row in rows)
        # SQLite gives an AUTOINCREMENT table's new rows consecutive ids, and the transaction holds the
        # write lock throughout, so the rows just written are the last len(rows) ids.
        last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ids = list(range(last - len(rows) + 1, last + 1))
    audit_record(
        actor=actor, action="members.people.bulk_loaded", coop_id=coop.pk, data={"rows": len(ids), "source": source}
    )
    return ids


@transaction.atomic
def memberships_bulk_load(*, actor: User | None, coop: Coop, rows: Sequence[MembershipValues], source: str) -> int:
    """Admit many members of one coop at once, current and past memberships alike."""
    _require_coop_writer(actor, coop)
    people, centres = _coop_ids(Person, coop), _coop_ids(Centre, coop)
    kinds, statuses = set(MembershipKind.values), set(MembershipStatus.values)
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    numbers: set[str] = set()
    for person_id, number, joined_on, left_on in Membership.objects.filter(coop=coop).values_list(
        "person_id", "member_number", "joined_on", "left_on"
    ):
        spans.setdefault(person_id, []).append((joined_on, left_on))
        numbers.add(number.lower())
    for person_id, kind, number, centre_id, joined_on, left_on, status in rows:
        if person_id not in people or (centre_id is not None and centre_id not in centres):
            raise TomoniError(_("A row belongs to another coop."))
        if kind not in kinds or status not in statuses or not number:
            raise TomoniError(_("A membership needs a kind, a member number and a status."), field="kind")
        _check_span(joined_on, left_on, end_field="left_on")
        if number.lower() in numbers:
            raise TomoniError(
                _("Member number %(number)s is already taken.") % {"number": number}, field="member_number"
            )
        numbers.add(number.lower())
        held = spans.setdefault(person_id, [])
        if rules.overlapping_span(joined_on, left_on, held) is not None:
            raise TomoniError(
                _("Member number %(number)s: the same person holds another membership over the same days.")
                % {"number": number},
                field="joined_on",
            )
        held.append((joined_on, left_on))
    insert = _PlainInsert(
        Membership, ("coop", "person", "kind", "member_number", "centre", "joined_on", "left_on", "status")
    )
    count = insert.write(insert.adapt((coop.pk, *row)) for row in rows)
    audit_record(
        actor=actor, action="members.memberships.bulk_loaded", coop_id=coop.pk, data={"rows": count, "source": source}
    )
    return count


@transaction.atomic
def labour_contracts_bulk_load(*, actor: User | None, coop: Coop, rows: Sequence[ContractValues], source: str) -> int:
    """Record many labour contracts (Art 20) of one coop at once."""
    _require_coop_writer(actor, coop)
    people, centres = _coop_ids(Person, coop), _coop_ids(Centre, coop)
    for person_id, centre_id, started_on, ended_on, minutes in rows:
        if person_id not in people or centre_id not in centres:
            raise TomoniError(_("A row belongs to another coop."))
        _check_span(started_on, ended_on, end_field="ended_on")
        _check_contracted(minutes)
    insert = _PlainInsert(
        LabourContract, ("coop", "person", "centre", "started_on", "ended_on", "contracted_minutes_per_week")
    )
    count = insert.write(insert.adapt((coop.pk, *row)) for row in rows)
    audit_record(
        actor=actor,
        action="members.labour_contracts.bulk_loaded",
        coop_id=coop.pk,
        data={"rows": count, "source": source},
    )
    return count


@transaction.atomic
def work_records_bulk_load(*, actor: User | None, coop: Coop, rows: Iterable[WorkRecordValues], source: str) -> int:
    """Record many days of work of one coop at once (millions of rows: rows may be a generator)."""
    _require_coop_writer(actor, coop)
    people, centres = _coop_ids(Person, coop), _coop_ids(Centre, coop)
    lines = set(BusinessLine.objects.values_list("pk", flat=True))
    insert = _PlainInsert(WorkRecord, ("coop", "person", "centre", "business_line", "worked_on", "worked_minutes"))
    stamp, coop_id = insert.stamp, coop.pk
    known_day, day = insert._days.get, insert.day  # a lookup per row, a call per new day

    def checked() -> Iterator[tuple[Any, ...]]:
        for person_id, centre_id, line_id, worked_on, minutes in rows:
            if person_id not in people or centre_id not in centres or line_id not in lines:
                raise TomoniError(_("A work record belongs to another coop."))
            if not 0 < minutes <= MINUTES_IN_DAY:
                raise TomoniError(_("Minutes worked must be between 1 and 1,440 in a day."), field="worked_minutes")
            adapted = known_day(worked_on)
            if adapted is None:  # a day not seen yet: checked once, then adapted once
                check_recorded_day(worked_on, field="worked_on")
                adapted = day(worked_on)
            yield (stamp, stamp, coop_id, person_id, centre_id, line_id, adapted, minutes)

    count = insert.write(checked())
    audit_record(
        actor=actor, action="members.work_records.bulk_loaded", coop_id=coop.pk, data={"rows": count, "source": source}
    )
    return count


def _bulk_create(
    *, actor: User | None, coop: Coop, objects: Sequence[_TenantRow], action: str, source: str
) -> list[_TenantRow]:
    _require_coop_writer(actor, coop)
    if any(obj.coop_id != coop.pk for obj in objects):
        raise TomoniError(_("A row belongs to another coop."))
    created = type(objects[0]).objects.bulk_create(objects, batch_size=2000) if objects else []
    audit_record(actor=actor, action=action, coop_id=coop.pk, data={"rows": len(created), "source": source})
    return created


@transaction.atomic
def officer_terms_bulk_create(
    *, actor: User | None, coop: Coop, terms: Sequence[OfficerTerm], source: str
) -> list[OfficerTerm]:
    """Record many terms of office of one coop at once."""
    for term in terms:
        _check_span(term.started_on, term.ended_on, end_field="ended_on")
    return _bulk_create(
        actor=actor, coop=coop, objects=terms, action="members.officer_terms.bulk_created", source=source
    )


@transaction.atomic
def volunteers_bulk_register(
    *, actor: User | None, coop: Coop, volunteers: Sequence[Volunteer], source: str
) -> list[Volunteer]:
    """Register many volunteers at the coop's centres at once."""
    return _bulk_create(
        actor=actor, coop=coop, objects=volunteers, action="members.volunteers.bulk_registered", source=source
    )
