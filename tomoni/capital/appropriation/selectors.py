"""Reads of the year-end appropriation and the work-engaged dividend (CAP-APPROP): a coop's appropriations,
the members' minutes of work in a fiscal year, the dividend plan and its rows, a member's dividend lines.

Scoped to the asking user where a user asks (outside a user's grants a 404); the plan's reads take no user
and are called by the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from tomoni.capital import rules
from tomoni.capital.ledger.selectors import unpaid_capital_by_person
from tomoni.capital.models import Appropriation, AppropriationStatus, DividendLine
from tomoni.core.models import User
from tomoni.core.money import fiscal_year_bounds
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.members.models import Membership, Person, WorkRecord

# --- Appropriation (剰余金処分) and the work-engaged dividend (CAP-APPROP) ------------------------------


def appropriations_of(*, user: User, coop: Coop) -> QuerySet[Appropriation]:
    """The coop's appropriations, newest year first; none for someone who does not read the whole coop."""
    if not scope_for(user).reads_coop(coop.pk):
        return Appropriation.objects.none()
    return Appropriation.objects.filter(coop=coop).order_by("-fiscal_year")


def appropriation_get(*, user: User, coop: Coop, fiscal_year: int) -> Appropriation:
    """One fiscal year's appropriation of a coop the user reads; else 404."""
    appropriation = appropriations_of(user=user, coop=coop).filter(fiscal_year=fiscal_year).first()
    if appropriation is None:
        raise Http404
    appropriation.coop = coop
    return appropriation


def _member_work_sql() -> str:
    work, membership = WorkRecord._meta.db_table, Membership._meta.db_table
    # Minutes count only on days the person was a member (Art 77(2) shares among members);
    # a membership's span is [joined_on, left_on). EXISTS, not a join: each minute counts once, whatever
    # the memberships (the database refuses overlapping ones, and a register loaded before that refusal
    # still counts right). Table names come from the models, values are parameters.
    return (
        f"SELECT w.person_id, SUM(w.worked_minutes) FROM {work} w "  # noqa: S608
        "WHERE w.coop_id = %s AND w.worked_on >= %s AND w.worked_on <= %s "
        f"AND EXISTS (SELECT 1 FROM {membership} m WHERE m.person_id = w.person_id AND m.coop_id = w.coop_id "
        "AND m.joined_on <= w.worked_on AND (m.left_on IS NULL OR m.left_on > w.worked_on)) "
        "GROUP BY w.person_id"
    )


def member_minutes_in_year(*, coop: Coop, fiscal_year: int) -> dict[int, int]:
    """Minutes each member worked in a fiscal year while a member: one SQL aggregate (SUM … GROUP BY person)."""
    start, end = fiscal_year_bounds(fiscal_year)
    with connection.cursor() as cursor:
        cursor.execute(_member_work_sql(), [coop.pk, start, end])
        return {int(person_id): int(minutes) for person_id, minutes in cursor.fetchall()}


def work_records_in_year(*, coop: Coop, fiscal_year: int) -> int:
    """How many work records the coop has in a fiscal year (members' or not)."""
    start, end = fiscal_year_bounds(fiscal_year)
    return WorkRecord.objects.filter(coop=coop, worked_on__range=(start, end)).count()


@dataclass(frozen=True)
class MemberOfYear:
    """The membership a member's dividend is paid under: their last one that began by the year end."""

    person_id: int
    member_number: str
    kind: str
    name: str
    name_kana: str


def members_of_year(*, coop: Coop, person_ids: Iterable[int], fiscal_year: int) -> dict[int, MemberOfYear]:
    """For each person, the member number, kind and name their dividend line shows."""
    _start, end = fiscal_year_bounds(fiscal_year)
    found: dict[int, MemberOfYear] = {}
    ids = set(person_ids)
    # The coop's memberships begun by the year end, filtered here: a list of thousands of ids in an
    # IN (…) clause is slower than reading the few more rows.
    rows = (
        Membership.objects.filter(coop=coop, joined_on__lte=end)
        .order_by("person_id", "joined_on", "pk")
        .values_list(
            "person_id",
            "member_number",
            "kind",
            "person__family_name",
            "person__given_name",
            "person__family_name_kana",
            "person__given_name_kana",
        )
    )
    for person_id, number, kind, family, given, family_kana, given_kana in rows.iterator(chunk_size=5000):
        if person_id not in ids:
            continue
        # Ordered by joining date: the last membership of the year wins.
        found[person_id] = MemberOfYear(
            person_id, number, kind, f"{family} {given}", f"{family_kana} {given_kana}".strip()
        )
    return found


@dataclass(frozen=True)
class DividendPlan:
    """The split of a year's dividend pool as it stands on the records (before posting)."""

    parts: list[rules.DividendPart]
    members: dict[int, MemberOfYear]
    total_minutes: int

    @property
    def members_with_work(self) -> int:
        return sum(1 for part in self.parts if part.minutes > 0)


def dividend_plan(
    *,
    coop: Coop,
    fiscal_year: int,
    pool_yen: int,
    weights: Mapping[str, int],
    set_off: bool,
    as_of: dt.date,
) -> DividendPlan:
    """Split a pool by the minutes members worked in the year (Art 77(2)), unpaid capital set off first (Art 78)."""
    minutes = member_minutes_in_year(coop=coop, fiscal_year=fiscal_year)
    members = members_of_year(coop=coop, person_ids=minutes.keys(), fiscal_year=fiscal_year)
    shares = [
        rules.WorkShare(
            person_id=person_id,
            member_number=members[person_id].member_number,
            minutes=worked,
            weight=int(weights.get(members[person_id].kind, 1)),
        )
        for person_id, worked in minutes.items()
    ]
    shares.sort(key=lambda share: (share.member_number, share.person_id))
    # No work to split by: nothing is planned (the services refuse a pool in that case).
    parts = rules.dividend_split(pool_yen, shares) if any(s.units for s in shares) else []
    if set_off and parts:
        parts = rules.dividend_set_off(parts, unpaid_capital_by_person(coop=coop, as_of=as_of))
    return DividendPlan(parts=parts, members=members, total_minutes=sum(minutes.values()))


@dataclass(frozen=True)
class DividendRow:
    """A line of the dividend list or payment list, posted or planned."""

    person_id: int
    member_number: str
    name: str
    name_kana: str
    worked_minutes: int
    weight: int
    dividend_yen: int
    set_off_yen: int
    payable_yen: int


def dividend_rows(*, appropriation: Appropriation, as_of: dt.date | None = None) -> list[DividendRow]:
    """The dividend list of an appropriation: its fixed lines once posted, else the split on today's records."""
    if appropriation.status == AppropriationStatus.POSTED:
        return [
            DividendRow(
                line.person_id,
                line.member_number,
                line.name,
                line.name_kana,
                line.worked_minutes,
                line.weight,
                line.dividend_yen,
                line.set_off_yen,
                line.payable_yen,
            )
            for line in DividendLine.objects.filter(coop_id=appropriation.coop_id, appropriation=appropriation)
            .order_by("member_number", "person_id")
            .iterator(chunk_size=5000)
        ]
    plan = dividend_plan(
        coop=appropriation.coop,
        fiscal_year=appropriation.fiscal_year,
        pool_yen=appropriation.dividend_pool_yen,
        weights=appropriation.dividend_weights,
        set_off=appropriation.set_off_unpaid_capital,
        as_of=as_of or appropriation.meeting_held_on or fiscal_year_bounds(appropriation.fiscal_year)[1],
    )
    return [
        DividendRow(
            part.person_id,
            part.member_number,
            plan.members[part.person_id].name,
            plan.members[part.person_id].name_kana,
            part.minutes,
            part.weight,
            part.dividend_yen,
            part.set_off_yen,
            part.payable_yen,
        )
        for part in plan.parts
        if part.minutes > 0
    ]


def dividend_lines_for_person(*, user: User, person: Person) -> QuerySet[DividendLine]:
    """A person's posted work-engaged dividends, newest year first: for themself or whoever reads their coop."""
    scope = scope_for(user)
    if person.pk not in scope.own_person_ids and not scope.reads_coop(person.coop_id):
        return DividendLine.objects.none()
    return (
        DividendLine.objects.filter(coop_id=person.coop_id, person=person)
        .select_related("appropriation")
        .order_by("-appropriation__fiscal_year")
    )
