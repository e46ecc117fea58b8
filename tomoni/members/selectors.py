"""Reads of the member register, scoped to the asking user. Outside their grants an object is a 404."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from tomoni.core import crypto
from tomoni.core.audit import audit_record
from tomoni.core.models import User
from tomoni.core.money import age_on, month_bounds
from tomoni.core.scopes import Scope, scope_for
from tomoni.federation.models import BusinessLine, Centre, Coop, open_on
from tomoni.members import rules
from tomoni.members.models import (
    DIRECTOR_ROLES,
    MENTAL_OR_SOCIAL,
    LabourContract,
    Membership,
    OfficerRole,
    OfficerTerm,
    Person,
    SpecialCareRecord,
    Volunteer,
    WorkRecord,
)

# A member counts as engaged in the business (従事) on a day if they hold a labour contract
# then, or worked within this many days before it.
ENGAGED_LOOKBACK_DAYS = 30


def _person_q(scope: Scope) -> Q:
    """People the scope reaches: the coop, or people with a membership or contract at a reached centre."""
    q = Q(coop_id__in=scope.read.coop_ids) | Q(pk__in=scope.own_person_ids)
    if scope.read.region_ids or scope.read.centre_ids:
        centre_q = scope.centre_q(prefix="centre__")
        q |= Q(Exists(Membership.objects.filter(centre_q, person=OuterRef("pk"))))
        q |= Q(Exists(LabourContract.objects.filter(centre_q, person=OuterRef("pk"))))
    return q


def people_visible(*, user: User, coop: Coop | None = None) -> QuerySet[Person]:
    people = Person.objects.filter(_person_q(scope_for(user)))
    return people.filter(coop=coop) if coop is not None else people


def person_get(*, user: User, person_id: int, coop: Coop | None = None) -> Person:
    """A person the user may see; else 404."""
    person = people_visible(user=user, coop=coop).filter(pk=person_id).select_related("coop").first()
    if person is None:
        raise Http404
    return person


def person_ids_of_user(user_id: int) -> frozenset[int]:
    """The people of the register a user account stands for (core's scopes ask through a hook)."""
    return frozenset(Person.objects.filter(user_id=user_id).values_list("pk", flat=True))


def person_of_user(*, user: User) -> Person:
    """The user's own person record (a member's "my page"); 404 if they have none."""
    person = Person.objects.select_related("coop").filter(user_id=user.pk).first() if user.is_authenticated else None
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class RegisterFilters:
    """The register narrowed to memberships of a home centre, a status and a kind (empty: any)."""

    centre_id: int | None = None
    status: str = ""
    kind: str = ""

    def __bool__(self) -> bool:
        return bool(self.centre_id or self.status or self.kind)

    def memberships(self, coop: Coop) -> QuerySet[Membership]:
        memberships = Membership.objects.filter(coop_id=coop.pk)
        if self.centre_id:
            memberships = memberships.filter(centre_id=self.centre_id)
        if self.status:
            memberships = memberships.filter(status=self.status)
        if self.kind:
            memberships = memberships.filter(kind=self.kind)
        return memberships


def register_centres(*, user: User, coop: Coop) -> list[Centre]:
    """The centres of the coop whose people the user reads, for the register's filter."""
    centres = Centre.objects.filter(coop=coop).order_by("code")
    scope = scope_for(user)
    if not scope.reads_coop(coop.pk):
        centres = centres.filter(scope.centre_q(prefix=""))
    return list(centres)


def people_search(
    *,
    user: User,
    coop: Coop,
    query: str = "",
    as_of: dt.date | None = None,
    filters: RegisterFilters | None = None,
) -> QuerySet[Person]:
    """The member register of a coop: search by name, kana or member number; members on `as_of` only if given."""
    people = people_visible(user=user, coop=coop)
    if filters:
        people = people.filter(pk__in=filters.memberships(coop).values("person_id"))
    # Full-width letters and digits (as a Japanese keyboard types them) and half-width kana are folded.
    query = unicodedata.normalize("NFKC", query).strip()
    if query:
        # A search for "小林 花子" or "コバヤシ ハナコ" matches family and given name together; a reading
        # typed in hiragana ("こばやし") matches the katakana one.
        name_q = Q()
        for word in query.split():
            kana = _katakana(word)
            name_q &= (
                Q(family_name__icontains=word)
                | Q(given_name__icontains=word)
                | Q(family_name_kana__icontains=kana)
                | Q(given_name_kana__icontains=kana)
            )
        # Exists rather than a join, so a person with two memberships is listed once without DISTINCT.
        number_q = Exists(Membership.objects.filter(coop_id=coop.pk, person=OuterRef("pk"), member_number=query))
        people = people.filter(name_q | number_q)
    if as_of is not None:
        # IN (members on the day), computed once: a correlated EXISTS per person is slow on large registers.
        people = people.filter(
            pk__in=Membership.objects.filter(memberships_on(as_of), coop_id=coop.pk).values("person_id")
        )
    return people.order_by("family_name_kana", "given_name_kana", "pk")


def _katakana(text: str) -> str:
    """Hiragana turned into katakana (こばやし → コバヤシ); everything else unchanged."""
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def memberships_on(day: dt.date) -> Q:
    return open_on(day, "joined_on", "left_on")


@dataclass(frozen=True)
class CentreSummary:
    members: list[Membership]
    officers: list[OfficerTerm]
    contracts: list[LabourContract]
    minutes_this_month: dict[int, int]  # person id → minutes worked in the month
    month_start: dt.date
    month_end: dt.date
    total_minutes_this_month: int
    aged_60_or_over: int
    special_care_mental_or_social: int
    volunteers: int


def centre_summary(*, centre: Centre, as_of: dt.date) -> CentreSummary:
    """Members, officers, contracts and this month's hours of a centre already reached by the caller.

    Special-care data appears only as a count; no one's category is shown here.
    """
    members = list(
        Membership.objects.filter(coop_id=centre.coop_id, centre=centre)
        .filter(memberships_on(as_of))
        .select_related("person")
        .order_by("person__family_name_kana", "person__given_name_kana")
    )
    member_person_ids = [m.person_id for m in members]
    contracts = list(
        LabourContract.objects.filter(coop_id=centre.coop_id, centre=centre)
        .filter(open_on(as_of, "started_on", "ended_on"))
        .select_related("person")
        .order_by("person__family_name_kana")
    )
    officers = list(
        OfficerTerm.objects.filter(coop_id=centre.coop_id, person_id__in=member_person_ids)
        .filter(open_on(as_of, "started_on", "ended_on"))
        .select_related("person")
    )
    first, last = month_bounds(as_of)
    minutes = dict(
        WorkRecord.objects.filter(coop_id=centre.coop_id, centre=centre, worked_on__range=(first, last))
        .values_list("person_id")
        .annotate(total=Sum("worked_minutes"))
        .order_by()
    )
    payloads = SpecialCareRecord.objects.filter(coop_id=centre.coop_id, person_id__in=member_person_ids).values_list(
        "person_id", "payload_encrypted"
    )
    flagged = {pid for pid, payload in payloads if crypto.decrypt_json(payload)["category"] in MENTAL_OR_SOCIAL}
    return CentreSummary(
        members=members,
        officers=officers,
        contracts=contracts,
        minutes_this_month=minutes,
        month_start=first,
        month_end=last,
        total_minutes_this_month=sum(minutes.values()),
        aged_60_or_over=sum(1 for m in members if m.person.birth_date and age_on(m.person.birth_date, as_of) >= 60),
        special_care_mental_or_social=len(flagged),
        volunteers=Volunteer.objects.filter(coop_id=centre.coop_id, centre=centre)
        .filter(open_on(as_of, "started_on", "ended_on"))
        .count(),
    )


@dataclass(frozen=True)
class PersonRecord:
    person: Person
    memberships: list[Membership]
    officer_terms: list[OfficerTerm]
    contracts: list[LabourContract]
    minutes_by_month: list[tuple[dt.date, int]]


def person_record(*, person: Person, since: dt.date) -> PersonRecord:
    """Everything of the register about one person already reached by the caller; minutes from the month of `since`."""
    # Filtering on the month rather than on worked_on keeps the planner on the (coop, person, …) index:
    # a range on worked_on tempts SQLite without statistics into scanning the whole coop by day.
    by_month = (
        WorkRecord.objects.filter(coop_id=person.coop_id, person=person)
        .annotate(month=TruncMonth("worked_on"))
        .filter(month__gte=since.replace(day=1))
        .values_list("month")
        .annotate(total=Sum("worked_minutes"))
        .order_by("month")
    )
    return PersonRecord(
        person=person,
        memberships=list(person.memberships.select_related("centre").order_by("joined_on")),
        officer_terms=[_with_coop(t, person.coop) for t in person.officer_terms.order_by("started_on")],
        contracts=list(person.labour_contracts.select_related("centre").order_by("started_on")),
        minutes_by_month=[(month, total) for month, total in by_month],
    )


def _with_coop(term: OfficerTerm, coop: Coop) -> OfficerTerm:
    """The term with its coop already known (its end follows the coop's articles), at no query."""
    term.coop = coop
    return term


def special_care_for(*, user: User, person: Person) -> list[dict[str, object]] | None:
    """Special-care records of a person, for a support worker granted on them; each read is logged.

    Returns None when the user may not read them (the page then shows nothing, not even that they exist).
    """
    if not reads_special_care(scope_for(user), person, person_centres(person=person)):
        return None
    records = list(SpecialCareRecord.objects.filter(coop_id=person.coop_id, person=person).order_by("recorded_on"))
    audit_record(
        actor=user,
        action="members.special_care.viewed",
        coop_id=person.coop_id,
        target=person,
        data={"records": [r.pk for r in records]},
    )
    return [{"recorded_on": r.recorded_on, **crypto.decrypt_json(r.payload_encrypted)} for r in records]


# Compliance with the Act ----------------------------------------------------------------------------


def coop_facts(*, coop: Coop, as_of: dt.date) -> rules.CoopFacts:
    """The facts the Act's rules need, for one coop on one date."""
    members = frozenset(
        Membership.objects.filter(coop=coop).filter(memberships_on(as_of)).values_list("person_id", flat=True)
    )
    contracted = frozenset(
        LabourContract.objects.filter(coop=coop)
        .filter(open_on(as_of, "started_on", "ended_on"))
        .values_list("person_id", flat=True)
    )
    worked = frozenset(
        WorkRecord.objects.filter(coop=coop, worked_on__range=(as_of - dt.timedelta(days=ENGAGED_LOOKBACK_DAYS), as_of))
        .values_list("person_id", flat=True)
        .order_by()  # the model's default ordering would widen DISTINCT to every row
        .distinct()
    )
    terms = list(
        OfficerTerm.objects.filter(coop=coop)
        .filter(open_on(as_of, "started_on", "ended_on"))
        .values_list("person_id", "role", "started_on")
    )
    directors = frozenset(pid for pid, role, _ in terms if role in DIRECTOR_ROLES)
    auditors = frozenset(pid for pid, role, _ in terms if role == OfficerRole.AUDITOR)
    exempt = frozenset(pid for pid, role, _ in terms if role in rules.CONTRACT_EXEMPT_ROLES)
    return rules.CoopFacts(
        members=members,
        engaged=contracted | worked,
        contracted=contracted,
        directors=directors,
        auditors=auditors,
        contract_exempt=exempt,
        member_audit_board=coop.member_audit_board,
        delegate_meeting=coop.delegate_meeting,
        as_of=as_of,
        terms=tuple(rules.TermFact(pid, role, started_on) for pid, role, started_on in terms),
        director_term_months=coop.director_term_months,
        auditor_term_months=coop.auditor_term_months,
    )


@dataclass(frozen=True)
class ComplianceLine:
    result: rules.RuleResult
    concerns: list[Person]  # at most CONCERNS_SHOWN, by name
    concerns_total: int


CONCERNS_SHOWN = 50


def coop_compliance(*, coop: Coop, as_of: dt.date) -> list[ComplianceLine]:
    """Each rule of the Act for a coop the caller reads, with the people each failing rule concerns."""
    results = rules.compliance(coop_facts(coop=coop, as_of=as_of))
    wanted = {pid for r in results if not r.passed for pid in sorted(r.concerns)[:CONCERNS_SHOWN]}
    people = Person.objects.in_bulk(wanted) if wanted else {}
    return [
        ComplianceLine(
            result=r,
            concerns=[people[pid] for pid in sorted(r.concerns)[:CONCERNS_SHOWN] if pid in people]
            if not r.passed
            else [],
            concerns_total=len(r.concerns) if not r.passed else 0,
        )
        for r in results
    ]


# REST API ---------------------------------------------------------------------------------------------


def people_register(*, user: User, coop: Coop, query: str = "", as_of: dt.date | None = None) -> QuerySet[Person]:
    """The register's search (people_search) with each person's memberships and home centres, for the API's list:
    the memberships come in one more query for each page, however many people it lists."""
    return people_search(user=user, coop=coop, query=query, as_of=as_of).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("centre"))
    )


def person_memberships(*, person: Person) -> QuerySet[Membership]:
    """Memberships of a person already reached by the caller, oldest first."""
    return (
        Membership.objects.filter(coop_id=person.coop_id, person=person)
        .select_related("centre")
        .order_by("joined_on", "pk")
    )


def person_officer_terms(*, person: Person) -> QuerySet[OfficerTerm]:
    """Terms of office of a person already reached by the caller, oldest first."""
    return OfficerTerm.objects.filter(coop_id=person.coop_id, person=person).order_by("started_on", "pk")


def person_labour_contracts(*, person: Person) -> QuerySet[LabourContract]:
    """Labour contracts of a person already reached by the caller, oldest first."""
    return (
        LabourContract.objects.filter(coop_id=person.coop_id, person=person)
        .select_related("centre")
        .order_by("started_on", "pk")
    )


def work_records_visible(
    *,
    user: User,
    coop: Coop,
    person_id: int | None = None,
    centre: Centre | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[WorkRecord]:
    """Work records of a coop at the centres the user reaches, optionally narrowed; newest first."""
    scope = scope_for(user)
    records = WorkRecord.objects.filter(coop_id=coop.pk)
    if not scope.reads_coop(coop.pk):
        records = records.filter(scope.centre_q(prefix="centre__"))
    if person_id is not None:
        records = records.filter(person_id=person_id)
    if centre is not None:
        records = records.filter(centre=centre)
    if since is not None:
        records = records.filter(worked_on__gte=since)
    if until is not None:
        records = records.filter(worked_on__lte=until)
    return records.select_related("person", "centre", "business_line").order_by("-worked_on", "pk")


def work_record_visible_get(*, user: User, coop: Coop, record_id: int) -> WorkRecord:
    """One work record of the coop at a centre the user reaches (work_records_visible); else 404."""
    record = work_records_visible(user=user, coop=coop).filter(pk=record_id).first()
    if record is None:
        raise Http404
    return record


# Register pages: coops, people and their records, and what the user may change ------------------


def register_coop_get(*, user: User, code: str) -> Coop:
    """A coop whose register the user's read grants reach (the coop, a region or a centre of it); else 404."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None or not reaches_register(user=user, coop=coop):
        raise Http404
    return coop


def reaches_register(*, user: User, coop: Coop) -> bool:
    """Whether the user's read grants reach any part of the coop's register."""
    scope = scope_for(user)
    if scope.reads_coop(coop.pk):
        return True
    from tomoni.federation.models import Region

    return bool(
        (scope.read.centre_ids and Centre.objects.filter(coop=coop, pk__in=scope.read.centre_ids).exists())
        or (scope.read.region_ids and Region.objects.filter(coop=coop, pk__in=scope.read.region_ids).exists())
    )


def register_page_people(people: Iterable[Person]) -> list[Person]:
    """Attach each listed person's memberships (with home centre) in one query, for a page of the register."""
    from django.db.models import prefetch_related_objects

    listed = list(people)
    prefetch_related_objects(
        listed, Prefetch("memberships", queryset=Membership.objects.select_related("centre").order_by("joined_on"))
    )
    return listed


def person_in_coop_get(*, user: User, coop_code: str, person_id: int) -> Person:
    """A person of the coop with this code whom the user may see (their grants, or themself); else 404."""
    person = people_visible(user=user).filter(coop__code=coop_code, pk=person_id).select_related("coop", "user").first()
    if person is None:
        raise Http404
    return person


def membership_get(*, person: Person, membership_id: int) -> Membership:
    """A membership of a person the caller already reached; else 404."""
    membership = (
        Membership.objects.select_related("centre").filter(coop_id=person.coop_id, person=person, pk=membership_id)
    ).first()
    if membership is None:
        raise Http404
    membership.person = person
    return membership


def officer_term_get(*, person: Person, term_id: int) -> OfficerTerm:
    term = OfficerTerm.objects.filter(coop_id=person.coop_id, person=person, pk=term_id).first()
    if term is None:
        raise Http404
    term.person = person
    term.coop = person.coop
    return term


def contract_get(*, person: Person, contract_id: int) -> LabourContract:
    contract = (
        LabourContract.objects.select_related("centre")
        .filter(coop_id=person.coop_id, person=person, pk=contract_id)
        .first()
    )
    if contract is None:
        raise Http404
    contract.person = person
    return contract


def work_record_get(*, person: Person, record_id: int) -> WorkRecord:
    record = (
        WorkRecord.objects.select_related("centre", "business_line")
        .filter(coop_id=person.coop_id, person=person, pk=record_id)
        .first()
    )
    if record is None:
        raise Http404
    record.person = person
    return record


# Newest first, led by the month: an ORDER BY no index can serve keeps the planner on the person's
# (coop, person, …) index, instead of walking the whole coop's (coop, worked_on) index backwards.
_NEWEST_FIRST = (TruncMonth("worked_on").desc(), "-worked_on", "-pk")


def recent_work_records(*, person: Person, limit: int = 20) -> list[WorkRecord]:
    """The person's latest work records, newest first."""
    return list(
        WorkRecord.objects.filter(coop_id=person.coop_id, person=person)
        .select_related("centre", "business_line")
        .order_by(*_NEWEST_FIRST)[:limit]
    )


def last_worked_on(*, person: Person) -> dt.date | None:
    """The latest day the person has work recorded, if any."""
    return (
        WorkRecord.objects.filter(coop_id=person.coop_id, person=person)
        .order_by(*_NEWEST_FIRST)
        .values_list("worked_on", flat=True)
        .first()
    )


def months_back(day: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` calendar months ending with the month of `day`, oldest first."""
    months: list[dt.date] = []
    year, month = day.year, day.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def months_filled(
    by_month: Sequence[tuple[dt.date, int]], *, until: dt.date, months: int = 12
) -> list[tuple[dt.date, int]]:
    """The `months` calendar months up to `until` with the minutes of `by_month` (person_record), zeros included."""
    totals = {(month.year, month.month): total for month, total in by_month}
    return [(first, totals.get((first.year, first.month), 0)) for first in months_back(until, months)]


@dataclass(frozen=True)
class PersonRights:
    """What the asking user may change about one person (never more than the services allow)."""

    edit: bool  # the person's details and memberships
    officer_terms: bool  # only the coop's officers
    centres: frozenset[int]  # centres where they may add contracts and work records for the person
    special_care: bool  # support workers granted on the person

    @property
    def any(self) -> bool:
        return self.edit or self.officer_terms or bool(self.centres) or self.special_care


def person_centres(*, person: Person) -> list[Centre]:
    """Centres a person belongs to: home centres of their memberships and centres of their contracts."""
    home = Membership.objects.filter(coop_id=person.coop_id, person=person).values("centre_id")
    contracted = LabourContract.objects.filter(coop_id=person.coop_id, person=person).values("centre_id")
    return list(Centre.objects.filter(Q(pk__in=home) | Q(pk__in=contracted), coop_id=person.coop_id))


def person_rights(*, user: User, person: Person, centres: Sequence[Centre] | None = None) -> PersonRights:
    """What `user` may change about `person` (a person they already reach)."""
    scope = scope_for(user)
    centres = person_centres(person=person) if centres is None else centres
    coop_writer = scope.writes_coop(person.coop_id)
    writable = [c for c in centres if scope.writes_centre(coop_id=c.coop_id, region_id=c.region_id, centre_id=c.pk)]
    if coop_writer:
        centre_ids = frozenset(Centre.objects.filter(coop_id=person.coop_id).values_list("pk", flat=True))
    else:
        centre_ids = frozenset(c.pk for c in writable)
    return PersonRights(
        edit=coop_writer or bool(writable),
        officer_terms=coop_writer,
        centres=centre_ids,
        special_care=reads_special_care(scope, person, centres),
    )


def reads_special_care(scope: Scope, person: Person, centres: Sequence[Centre]) -> bool:
    """Whether a support worker's grant reaches the person's coop or one of their centres (`person_centres`)."""
    return scope.reads_special_care(coop_id=person.coop_id, region_id=None, centre_id=None) or any(
        scope.reads_special_care(coop_id=c.coop_id, region_id=c.region_id, centre_id=c.pk) for c in centres
    )


def writable_centres(*, user: User, coop: Coop) -> QuerySet[Centre]:
    """Open or closed centres of a coop where the user may change the register (officers: all)."""
    scope = scope_for(user)
    return Centre.objects.filter(scope.centre_q(scope.write), coop=coop).order_by("code")


def writes_register(*, user: User, coop: Coop) -> bool:
    """Whether the user may change any part of the coop's register (an officer, or a manager of one of its centres)."""
    scope = scope_for(user)
    return scope.writes_coop(coop.pk) or writable_centres(user=user, coop=coop).exists()


def places_of_user(*, user: User) -> list[Coop]:
    """Coops whose register the user's grants reach, for a user with no person record of their own."""
    scope = scope_for(user)
    from tomoni.federation.models import Region

    coop_ids = set(scope.read.coop_ids)
    if scope.read.centre_ids:
        coop_ids |= set(Centre.objects.filter(pk__in=scope.read.centre_ids).values_list("coop_id", flat=True))
    if scope.read.region_ids:
        coop_ids |= set(Region.objects.filter(pk__in=scope.read.region_ids).values_list("coop_id", flat=True))
    return list(Coop.objects.filter(pk__in=coop_ids).order_by("code")) if coop_ids else []


@dataclass(frozen=True)
class ImportCodes:
    """The codes an import file may name: the centres the user writes, by region, and the business lines."""

    regions: list[tuple[str, list[Centre]]]
    business_lines: list[BusinessLine]


def import_codes(*, user: User, coop: Coop) -> ImportCodes:
    """The centre and business-line codes listed on the import page (the user's own centres only)."""
    regions: dict[str, list[Centre]] = {}
    for centre in writable_centres(user=user, coop=coop).select_related("region").order_by("region__name", "code"):
        regions.setdefault(centre.region.name if centre.region is not None else "", []).append(centre)
    return ImportCodes(
        regions=list(regions.items()), business_lines=list(BusinessLine.objects.order_by("sort_order", "code"))
    )


def register_export_rows(
    *, user: User, coop: Coop, query: str = "", as_of: dt.date | None = None, filters: RegisterFilters | None = None
) -> Iterable[Membership]:
    """Every membership of the people the register lists (with person and home centre), in one query."""
    people = people_search(user=user, coop=coop, query=query, as_of=as_of, filters=filters)
    memberships = (filters or RegisterFilters()).memberships(coop).filter(person__in=people.values("pk"))
    if as_of is not None:
        memberships = memberships.filter(memberships_on(as_of))
    rows = memberships.select_related("person", "centre").order_by(
        "person__family_name_kana", "person__given_name_kana", "person_id", "joined_on"
    )
    return rows.iterator(chunk_size=2000)
