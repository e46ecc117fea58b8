"""Reads of the capital ledger: balances as of any day, a member's statement, the register, federation totals.

Scoped to the asking user: a member sees their own statement, officers and the auditor of a coop its
register, federation staff totals by coop (no personal data). Outside a user's grants a 404.
Every list is a fixed number of queries, however many members a coop has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from tomoni.capital import rules
from tomoni.capital.models import CapitalEntry, CapitalSettings, ReserveKind, WithdrawalNotice, WithdrawalStatus
from tomoni.core import chain
from tomoni.core.db import consistent_snapshot
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop, open_on
from tomoni.members.models import Membership, Person

# Settings and balances (no user: the services and the appropriation call these) ---------------------


def capital_settings_of(*, coop: Coop) -> CapitalSettings:
    """The coop's capital settings, or an unsaved row with the Act's defaults."""
    return CapitalSettings.objects.filter(coop=coop).first() or CapitalSettings(coop=coop)


def _sums(entries: QuerySet[CapitalEntry]) -> rules.Holding:
    row = entries.aggregate(s=Sum("shares"), sub=Sum("subscribed_yen"), paid=Sum("paid_yen"))
    return rules.Holding(row["s"] or 0, row["sub"] or 0, row["paid"] or 0)


def holding_of(*, person: Person, as_of: dt.date) -> rules.Holding:
    """A member's shares, subscribed and paid capital as of a day: the sum of their entries effective by then."""
    return _sums(CapitalEntry.objects.filter(coop_id=person.coop_id, person=person, effective_on__lte=as_of))


def holdings_by_person(*, coop: Coop, as_of: dt.date) -> dict[int, rules.Holding]:
    """Every member's holding as of a day, in one query."""
    rows = (
        CapitalEntry.objects.filter(coop=coop, person__isnull=False, effective_on__lte=as_of)
        .values("person_id")
        .annotate(s=Sum("shares"), sub=Sum("subscribed_yen"), paid=Sum("paid_yen"))
        .order_by()
    )
    return {row["person_id"]: rules.Holding(row["s"], row["sub"], row["paid"]) for row in rows}


def shares_by_person(*, coop: Coop, as_of: dt.date) -> dict[int, int]:
    """person_id → shares held as of a day (people with shares only)."""
    return {pid: h.shares for pid, h in holdings_by_person(coop=coop, as_of=as_of).items() if h.shares}


def unpaid_capital_by_person(*, coop: Coop, as_of: dt.date) -> dict[int, int]:
    """person_id → unpaid capital (yen) as of a day, for people with something unpaid (Art 78 set-off)."""
    return {pid: h.unpaid_yen for pid, h in holdings_by_person(coop=coop, as_of=as_of).items() if h.unpaid_yen > 0}


@dataclass(frozen=True)
class CoopTotals:
    """A coop's capital as of a day: members holding shares, shares, subscribed, paid and unpaid capital."""

    members: int = 0
    shares: int = 0
    subscribed_yen: int = 0
    paid_yen: int = 0
    reserves: dict[str, int] = field(default_factory=dict)

    @property
    def unpaid_yen(self) -> int:
        return self.subscribed_yen - self.paid_yen


def coop_capital_totals(*, coop: Coop, as_of: dt.date) -> CoopTotals:
    """The coop's total capital and reserves as of a day (two queries)."""
    holdings = holdings_by_person(coop=coop, as_of=as_of).values()
    return CoopTotals(
        members=sum(1 for h in holdings if h.shares > 0),
        shares=sum(h.shares for h in holdings),
        subscribed_yen=sum(h.subscribed_yen for h in holdings),
        paid_yen=sum(h.paid_yen for h in holdings),
        reserves=reserve_balances(coop=coop, as_of=as_of),
    )


def reserve_balances(*, coop: Coop, as_of: dt.date) -> dict[str, int]:
    """ReserveKind value → balance (yen) as of a day; every kind present."""
    balances = dict.fromkeys(ReserveKind.values, 0)
    rows = (
        CapitalEntry.objects.filter(coop=coop, person__isnull=True, effective_on__lte=as_of)
        .exclude(reserve_kind="")
        .values("reserve_kind")
        .annotate(total=Sum("reserve_yen"))
        .order_by()
    )
    for row in rows:
        balances[row["reserve_kind"]] = row["total"] or 0
    return balances


def reserve_fund_loss_reference(*, fiscal_year: int) -> str:
    """The reference of the draws on the reserve fund that cover the losses of a fiscal year (Art 76(3))."""
    return f"loss:{fiscal_year}"


def reserve_fund_drawn_for(*, coop: Coop, fiscal_year: int) -> int:
    """Yen drawn on the reserve fund so far to cover the losses of a fiscal year, net of reversals (Art 76(3))."""
    total = CapitalEntry.objects.filter(
        coop=coop,
        person__isnull=True,
        reserve_kind=ReserveKind.RESERVE_FUND,
        reference=reserve_fund_loss_reference(fiscal_year=fiscal_year),
    ).aggregate(total=Sum("reserve_yen"))["total"]
    return -(total or 0)


def person_by_member_number(*, coop: Coop, number: str) -> Person | None:
    """The person holding a member number in a coop (read without regard to case, as numbers are unique), or None."""
    membership = (
        Membership.objects.filter(coop=coop, member_number__iexact=number.strip()).select_related("person").first()
    )
    return None if membership is None else membership.person


def open_general_meetings(*, coop: Coop) -> QuerySet[Any]:
    """The coop's general and delegate meetings still to be held (governance's), soonest first."""
    from tomoni.governance.models import Meeting, MeetingKind, MeetingStatus

    return Meeting.objects.filter(
        coop=coop,
        kind__in=[MeetingKind.GENERAL, MeetingKind.DELEGATE],
        status__in=[MeetingStatus.DRAFT, MeetingStatus.CONVENED],
    ).order_by("starts_at", "pk")


def member_count_on(*, coop: Coop, day: dt.date) -> int:
    """Members of the coop on a day (for the Art 9 cap, which lifts with 3 or fewer members)."""
    return Membership.objects.filter(open_on(day, "joined_on", "left_on"), coop=coop).count()


def admission_complete(*, person: Person, as_of: dt.date) -> bool:
    """Whether the member's admission is complete: the subscribed capital paid, or as the articles say."""
    settings = capital_settings_of(coop=person.coop)
    return rules.admission_complete(
        holding=holding_of(person=person, as_of=as_of),
        minimum_shares=settings.minimum_shares,
        requires_full_payment=settings.admission_requires_full_payment,
    )


# Scoped reads ---------------------------------------------------------------------------------------


def capital_coop_get(*, user: User, code: str) -> Coop:
    """A coop whose whole capital register the user reads (its officers and auditor); else 404."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None or not scope_for(user).reads_coop(coop.pk):
        raise Http404
    return coop


def writes_ledger(*, user: User, coop: Coop) -> bool:
    return scope_for(user).writes_coop(coop.pk)


def capital_person_get(*, user: User, coop: Coop, person_id: int) -> Person:
    """A person of a coop whose register the user reads; else 404."""
    capital_coop_get(user=user, code=coop.code)
    person = Person.objects.filter(coop=coop, pk=person_id).select_related("coop").first()
    if person is None:
        raise Http404
    return person


def capital_entry_get(*, user: User, coop: Coop, entry_id: int) -> CapitalEntry:
    capital_coop_get(user=user, code=coop.code)
    entry = CapitalEntry.objects.filter(coop=coop, pk=entry_id).select_related("coop", "person").first()
    if entry is None:
        raise Http404
    return entry


def own_person(*, user: User) -> Person:
    """The user's own person record; 404 if they have none."""
    person = Person.objects.select_related("coop").filter(user_id=user.pk).first() if user.is_authenticated else None
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class StatementLine:
    entry: CapitalEntry
    holding: rules.Holding  # after this entry


@dataclass(frozen=True)
class Statement:
    """A member's capital statement (出資金明細): entries with running balances, and the holding as of a day."""

    person: Person
    member_number: str
    as_of: dt.date
    holding: rules.Holding
    lines: list[StatementLine]
    share_value_yen: int
    admission_complete: bool
    pending_withdrawal: WithdrawalNotice | None


def statement_for(*, person: Person, as_of: dt.date) -> Statement:
    """The statement of a person already reached through a scoped selector (four queries)."""
    entries = list(
        CapitalEntry.objects.filter(coop_id=person.coop_id, person=person, effective_on__lte=as_of)
        .select_related("counterparty")
        .order_by("effective_on", "sequence")
    )
    lines, holding = [], rules.Holding()
    for entry in entries:
        holding = holding.plus(shares=entry.shares, subscribed_yen=entry.subscribed_yen, paid_yen=entry.paid_yen)
        lines.append(StatementLine(entry=entry, holding=holding))
    settings = capital_settings_of(coop=person.coop)
    membership = Membership.objects.filter(person=person).order_by("-joined_on").first()
    return Statement(
        person=person,
        member_number=membership.member_number if membership else "",
        as_of=as_of,
        holding=holding,
        lines=lines,
        share_value_yen=settings.share_value_yen,
        admission_complete=rules.admission_complete(
            holding=holding,
            minimum_shares=settings.minimum_shares,
            requires_full_payment=settings.admission_requires_full_payment,
        ),
        pending_withdrawal=WithdrawalNotice.objects.filter(person=person, status=WithdrawalStatus.PENDING).first(),
    )


def own_statement(*, user: User, as_of: dt.date) -> Statement:
    """The asking member's own statement."""
    return statement_for(person=own_person(user=user), as_of=as_of)


def member_statement(*, user: User, coop: Coop, person_id: int, as_of: dt.date) -> Statement:
    """A member's statement for the officers and auditor of their coop."""
    return statement_for(person=capital_person_get(user=user, coop=coop, person_id=person_id), as_of=as_of)


@dataclass(frozen=True)
class RegisterRow:
    person_id: int
    member_number: str
    name: str
    name_kana: str
    postal_code: str
    address: str
    holding: rules.Holding
    joined_on: dt.date | None = None


def capital_register(*, user: User, coop: Coop, as_of: dt.date) -> list[RegisterRow]:
    """The capital register (出資者名簿) as of a day: every person with entries, ordered by member number.

    One query: people annotated with their sums and latest member number.
    """
    capital_coop_get(user=user, code=coop.code)
    on_day = Q(capital_entries__effective_on__lte=as_of)
    number = (
        Membership.objects.filter(person=OuterRef("pk"), joined_on__lte=as_of)
        .order_by("-joined_on")
        .values("member_number")[:1]
    )
    people = (
        Person.objects.filter(coop=coop, capital_entries__effective_on__lte=as_of)
        .annotate(
            shares=Sum("capital_entries__shares", filter=on_day),
            subscribed=Sum("capital_entries__subscribed_yen", filter=on_day),
            paid=Sum("capital_entries__paid_yen", filter=on_day),
            number=Subquery(number),
            joined=Subquery(
                Membership.objects.filter(person=OuterRef("pk"), joined_on__lte=as_of)
                .order_by("-joined_on")
                .values("joined_on")[:1]
            ),
        )
        .values(
            "pk",
            "number",
            "joined",
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "postal_code",
            "address",
            "shares",
            "subscribed",
            "paid",
        )
        .order_by("number", "pk")
    )
    return [
        RegisterRow(
            person_id=p["pk"],
            member_number=p["number"] or "",
            name=f"{p['family_name']} {p['given_name']}",
            name_kana=f"{p['family_name_kana']} {p['given_name_kana']}".strip(),
            postal_code=p["postal_code"],
            address=p["address"],
            holding=rules.Holding(p["shares"] or 0, p["subscribed"] or 0, p["paid"] or 0),
            joined_on=p["joined"],
        )
        for p in people
    ]


def register_totals(rows: list[RegisterRow]) -> rules.Holding:
    total = rules.Holding()
    for row in rows:
        total = total.plus(
            shares=row.holding.shares, subscribed_yen=row.holding.subscribed_yen, paid_yen=row.holding.paid_yen
        )
    return total


def recent_entries(*, user: User, coop: Coop, limit: int = 50) -> list[CapitalEntry]:
    """The coop's latest ledger entries, newest first."""
    capital_coop_get(user=user, code=coop.code)
    return list(CapitalEntry.objects.filter(coop=coop).select_related("person").order_by("-sequence")[:limit])


@dataclass(frozen=True)
class CoopCapitalLine:
    """One coop's totals for the federation (no personal data)."""

    code: str
    name: str
    members: int
    shares: int
    subscribed_yen: int
    paid_yen: int
    reserve_yen: int

    @property
    def unpaid_yen(self) -> int:
        return self.subscribed_yen - self.paid_yen


def federation_capital_by_coop(*, user: User, as_of: dt.date) -> list[CoopCapitalLine]:
    """Capital by coop for federation staff: totals only; 404 for anyone else (three queries)."""
    scope = scope_for(user)
    if not scope.federation_ids:
        raise Http404
    in_federation = Q(coop__federation_id__in=scope.federation_ids, effective_on__lte=as_of)
    rows = {
        row["coop_id"]: row
        for row in CapitalEntry.objects.filter(in_federation)
        .values("coop_id")
        .annotate(
            shares=Sum("shares"), subscribed=Sum("subscribed_yen"), paid=Sum("paid_yen"), reserves=Sum("reserve_yen")
        )
        .order_by()
    }
    # Members holding shares: per-member sums stay inside this function; only the count leaves it.
    holders: dict[int, int] = {}
    held = (
        CapitalEntry.objects.filter(in_federation, person__isnull=False)
        .values("coop_id", "person_id")
        .annotate(s=Sum("shares"))
        .filter(s__gt=0)
        .values_list("coop_id", flat=True)
        .order_by()
    )
    for coop_id in held.iterator(chunk_size=10_000):
        holders[coop_id] = holders.get(coop_id, 0) + 1
    coops = Coop.objects.filter(federation_id__in=scope.federation_ids, pk__in=list(rows)).order_by("code")
    return [
        CoopCapitalLine(
            code=coop.code,
            name=coop.name,
            members=holders.get(coop.pk, 0),
            shares=rows[coop.pk]["shares"] or 0,
            subscribed_yen=rows[coop.pk]["subscribed"] or 0,
            paid_yen=rows[coop.pk]["paid"] or 0,
            reserve_yen=rows[coop.pk]["reserves"] or 0,
        )
        for coop in coops
    ]


# Verification of the chain (the auditor's command; no user: run by operators) -------------------------


@dataclass(frozen=True)
class ChainBreak:
    """The first broken link of a coop's chain: where, and what differs."""

    coop_code: str
    sequence: int
    entry_id: int | None
    problem: str


@dataclass(frozen=True)
class ChainReport:
    coop_code: str
    entries: int
    broken: ChainBreak | None


VERIFY_CHUNK = 20_000


def _canonical_sql(vendor: str) -> str:
    """SQL computing rules.canonical_text of a row without its prev_hash, so verify fetches one text a row.

    The database formats in C; the tests of every kind of entry, on SQLite and PostgreSQL, check this
    against the Python form the services hash. `%%` is a literal percent sign (the query takes a parameter).
    """
    optional = ("person_id", "counterparty_id", "actor_id", "reverses_id", "paired_with_id")
    texts = ("kind", "reserve_kind", "payment_method", "effective_on", "recorded_at", "memo", "reference")
    if vendor == "sqlite":
        # One printf a row: SQLite stores the day and the instant as the text the canonical form uses.
        formats, arguments = [], []
        for name in rules.HASHED_FIELDS:
            if name in optional:
                formats.append("%%s")
                arguments.append(f"ifnull({name}, '-')")
            elif name == "recorded_at":
                # Stored as Python's str(): a six-digit fraction only when there are microseconds.
                formats.append("%%d:%%s")
                instant = "(CASE WHEN length(recorded_at) > 19 THEN rtrim(recorded_at, '0') ELSE recorded_at END)"
                arguments += [f"length({instant})", instant]
            elif name in texts:
                formats.append("%%d:%%s")
                arguments += [f"length({name})", name]
            else:
                formats.append("%%d")
                arguments.append(name)
        return f"printf('{'|'.join(formats)}|', {', '.join(arguments)})"
    if vendor == "postgresql":
        # Text output with DateStyle ISO (set for the walk): "YYYY-MM-DD", and "YYYY-MM-DD HH:MM:SS[.ff]"
        # with the fraction's trailing zeros dropped, as rules.instant_text writes it.
        expressions = {"recorded_at": "(recorded_at AT TIME ZONE 'UTC')::text", "effective_on": "effective_on::text"}
        parts = []
        for name in rules.HASHED_FIELDS:
            if name in optional:
                parts.append(f"COALESCE({name}::text, '-')")
            elif name in texts:
                expression = expressions.get(name, name)
                parts.append(f"length({expression})::text || ':' || {expression}")
            else:
                parts.append(f"{name}::text")
        return "(" + " || '|' || ".join(parts) + " || '|')"
    raise NotImplementedError(f"ledger verification is not written for {vendor}")


def ledger_verify(*, coop: Coop) -> ChainReport:
    """Walk a coop's chain in sequence order, recomputing every hash; report the first broken link.

    The database builds each row's canonical text (see _canonical_sql) and Python hashes it with the
    previous hash, streaming through a chunked (server-side on PostgreSQL) cursor: a million entries
    take seconds and little memory.
    """
    from tomoni.capital.models import CapitalChainHead

    table = connection.ops.quote_name(CapitalEntry._meta.db_table)
    sql = (
        f"SELECT id, sequence, prev_hash, entry_hash, {_canonical_sql(connection.vendor)} "  # noqa: S608 - fixed names
        f"FROM {table} WHERE coop_id = %s ORDER BY sequence"
    )

    def rows(cursor: Any) -> Iterator[tuple[int, int, str, str, str | None]]:
        while chunk := cursor.fetchmany(VERIFY_CHUNK):
            yield from chunk

    with transaction.atomic(), connection.chunked_cursor() as cursor:
        consistent_snapshot()  # the head and the rows as of one moment, whatever is appended meanwhile
        if connection.vendor == "postgresql":
            with connection.cursor() as settings_cursor:
                settings_cursor.execute("SET LOCAL DateStyle = 'ISO'")
        head = CapitalChainHead.objects.filter(coop=coop).values_list("last_sequence", "last_hash").first()
        cursor.execute(sql, [coop.pk])
        walked = chain.walk(rows(cursor), head=head, hash_name="entry_hash")
    broken = walked.broken
    return ChainReport(
        coop.code,
        walked.links,
        None if broken is None else ChainBreak(coop.code, broken.sequence, broken.row_id, broken.problem),
    )
