"""Every write of the business and its books: one transaction, one audit event each.

Posting: the lines are written first, then the entry; the database refuses an entry that does not balance
or falls in a closed month (see models.py), and the monthly summaries are brought up to date in the same
transaction. A wrong entry is never changed: it is reversed by a new one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.core.services import submission_once
from tomoni.federation.models import Centre, Coop
from tomoni.operations import rules
from tomoni.operations.models import (
    Account,
    Budget,
    BudgetLine,
    BudgetStatus,
    ClosedPeriod,
    Contract,
    Customer,
    Department,
    EntrySource,
    JournalEntry,
    JournalHead,
    ProductionLog,
    ProductKind,
    ServiceKind,
    ServiceRecord,
    YearEnd,
    YearEndStatus,
)

HEAD_OFFICE = "head-office"


# ===== who may write ===================================================================================


def _require_officer(actor: User | None, coop: Coop) -> None:
    """The books are kept by the coop's officers (and the replica loader, which has no actor)."""
    if actor is not None and not scope_for(actor).writes_coop(coop.pk):
        raise TomoniError(_("Only the coop's officers may change its books."))


def _require_centre_writer(actor: User | None, centre: Centre) -> None:
    if actor is not None and not scope_for(actor).writes_centre(
        coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk
    ):
        raise TomoniError(_("Only the centre's manager or the coop's officers may record its work."))


# ===== chart and departments ===========================================================================


def chart_install(*, actor: User | None, coop: Coop) -> int:
    """Give a coop the standard chart of accounts and a department for its head office and each centre."""
    _require_officer(actor, coop)
    with transaction.atomic():
        have = set(Account.objects.filter(coop=coop).values_list("code", flat=True))
        accounts = [
            Account(coop=coop, code=a.code, name=a.name, name_en=a.name_en, section=a.section)
            for a in rules.STANDARD_CHART
            if a.code not in have
        ]
        Account.objects.bulk_create(accounts)
        added = len(accounts) + departments_sync(coop=coop)
        JournalHead.objects.get_or_create(coop=coop)
        audit_record(actor=actor, action="operations.chart.installed", coop_id=coop.pk, data={"added": added})
    return added


def departments_sync(*, coop: Coop) -> int:
    """A department for the head office and for each centre of the coop that has none yet (called in a service)."""
    have = set(Department.objects.filter(coop=coop).values_list("code", flat=True))
    new = []
    if HEAD_OFFICE not in have:
        new.append(Department(coop=coop, code=HEAD_OFFICE, name=_("Head office")))
    for centre in Centre.objects.filter(coop=coop).exclude(department__isnull=False).order_by("code"):
        if centre.code not in have:
            new.append(Department(coop=coop, code=centre.code, name=centre.name, centre=centre))
    Department.objects.bulk_create(new)
    return len(new)


# ===== posting =========================================================================================


@dataclass(frozen=True)
class EntryInput:
    """An entry to post: its date, description and lines (account and department by code)."""

    entry_on: dt.date
    lines: Sequence[rules.Line]
    memo: str = ""


def _entry_ids(count: int) -> list[int]:
    """Ids for entries about to be posted, taken before their lines are written (the lines name them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval('operations_journal_entry_id_seq') FROM generate_series(1, %s)", [count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite has one writer at a time, and the caller already holds the write lock (it updated the
        # journal head): the highest id cannot move under us.
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM operations_journalentry")
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


def _refusal(reason: str) -> str:
    return {
        "too_few_lines": _("An entry needs at least two lines."),
        "not_yen": _("Amounts are whole yen."),
        "one_side": _("Each line is a debit or a credit of more than ¥0, not both."),
        "unequal": _("The entry does not balance: its debits and credits must be equal."),
    }[reason]


class _Resolver:
    """Accounts and departments of a coop by code, read once per posting."""

    def __init__(self, coop: Coop) -> None:
        self.accounts = {a.code: a for a in Account.objects.filter(coop=coop)}
        self.departments = {d.code: d for d in Department.objects.filter(coop=coop)}

    def account(self, code: str) -> Account:
        found = self.accounts.get(code)
        if found is None:
            raise TomoniError(_("There is no account %(code)s in this coop's chart.") % {"code": code}, field="account")
        return found

    def department(self, code: str) -> Department:
        found = self.departments.get(code)
        if found is None:
            raise TomoniError(
                _("There is no department (centre) %(code)s in this coop's books.") % {"code": code},
                field="department",
            )
        return found


def _closed_periods(coop: Coop, periods: Iterable[int]) -> set[int]:
    return set(ClosedPeriod.objects.filter(coop=coop, period__in=set(periods)).values_list("period", flat=True))


def _write_entries(
    *,
    actor: User | None,
    coop: Coop,
    entries: Sequence[EntryInput],
    source: str,
    resolver: _Resolver,
    reverses: Sequence[JournalEntry | None] | None = None,
) -> list[tuple[int, int]]:
    """Write checked entries and update the monthly summaries, in the caller's transaction; (id, number) each."""
    head = JournalHead.objects.select_for_update().filter(coop=coop).first()
    if head is None:
        raise TomoniError(_("This coop has no books yet: install the chart of accounts first."))
    first_number = head.last_number + 1
    # Updating the head first takes the write lock on SQLite before the ids are read.
    JournalHead.objects.filter(pk=head.pk).update(last_number=head.last_number + len(entries))
    ids = _entry_ids(len(entries))
    recorded_at = clock.now()
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    line_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    posted: list[tuple[int, int]] = []
    recorded = connection.ops.adapt_datetimefield_value(recorded_at)
    sums: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0, 0])
    for i, (entry, entry_id) in enumerate(zip(entries, ids, strict=True)):
        period = rules.period_of(entry.entry_on)
        total = 0
        for line in entry.lines:
            account = resolver.account(line.account)
            department = resolver.department(line.department)
            line_rows.append(
                (entry_id, coop.pk, period, account.pk, department.pk, line.debit_yen, line.credit_yen, "")
            )
            total += line.debit_yen
            key = (period, account.pk, department.pk)
            sums[key][0] += line.debit_yen
            sums[key][1] += line.credit_yen
        reversed_entry = reverses[i] if reverses else None
        number = first_number + i
        posted.append((entry_id, number))
        entry_rows.append(
            (
                entry_id,
                coop.pk,
                number,
                entry.entry_on.isoformat(),
                period,
                rules.fiscal_year_of_period(period),
                entry.memo[:200],
                source,
                reversed_entry.pk if reversed_entry else None,
                len(entry.lines),
                total,
                recorded,
                actor_id,
            )
        )
    # Lines first, then their entries: the entry's trigger checks its lines balance. Plain executemany:
    # the replica posts hundreds of thousands of lines, and model instances would cost more than the insert.
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO operations_journalline (entry_id, coop_id, period, account_id, department_id, debit_yen,"
            " credit_yen, memo) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            line_rows,
        )
        cursor.executemany(
            "INSERT INTO operations_journalentry (id, coop_id, number, entry_on, period, fiscal_year, memo, source,"
            " reverses_id, line_count, total_yen, recorded_at, actor_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            entry_rows,
        )
    _summaries_add(coop=coop, sums=sums, sections={a.pk: a.section for a in resolver.accounts.values()})
    return posted


def _summaries_add(*, coop: Coop, sums: Mapping[tuple[int, int, int], list[int]], sections: Mapping[int, str]) -> None:
    """Add the posted amounts to the monthly summaries (one upsert per account, department and month)."""
    sql = (
        "INSERT INTO operations_monthlysummary "
        "(coop_id, period, fiscal_year, account_id, department_id, section, debit_yen, credit_yen) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (coop_id, period, account_id, department_id) DO UPDATE SET "
        "debit_yen = operations_monthlysummary.debit_yen + excluded.debit_yen, "
        "credit_yen = operations_monthlysummary.credit_yen + excluded.credit_yen"
    )
    rows = [
        (coop.pk, period, rules.fiscal_year_of_period(period), account_id, department_id, sections[account_id], d, c)
        for (period, account_id, department_id), (d, c) in sorted(sums.items())
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _check_entries(coop: Coop, entries: Sequence[EntryInput], resolver: _Resolver) -> None:
    for entry in entries:
        try:
            rules.check_balanced(entry.lines)
        except rules.Unbalanced as refused:
            raise TomoniError(_refusal(str(refused)), field="lines") from None
        for line in entry.lines:
            resolver.account(line.account)
            resolver.department(line.department)
    closed = _closed_periods(coop, (rules.period_of(e.entry_on) for e in entries))
    if closed:
        first = min(closed)
        raise TomoniError(
            _("%(year)s-%(month)02d is closed: post the correction in an open month.")
            % {"year": first // 100, "month": first % 100},
            field="entry_on",
        )


def _database_refusal(error: DatabaseError) -> TomoniError:
    text = str(error)
    if "closed" in text:
        return TomoniError(_("The month is closed: post the correction in an open month."), field="entry_on")
    return TomoniError(_("The entry does not balance: its debits and credits must be equal."), field="lines")


def journal_post(
    *,
    actor: User | None,
    coop: Coop,
    entry_on: dt.date,
    lines: Sequence[rules.Line],
    memo: str = "",
    source: str = EntrySource.MANUAL,
) -> JournalEntry:
    """Post one balanced entry into an open month."""
    _require_officer(actor, coop)
    entry = EntryInput(entry_on=entry_on, lines=lines, memo=memo)
    resolver = _Resolver(coop)
    _check_entries(coop, [entry], resolver)
    try:
        with transaction.atomic():
            entry_id, _number = _write_entries(
                actor=actor, coop=coop, entries=[entry], source=source, resolver=resolver
            )[0]
            posted = JournalEntry.objects.get(pk=entry_id)
            audit_record(
                actor=actor,
                action="operations.entry.posted",
                coop_id=coop.pk,
                target=posted,
                data={"number": posted.number, "total_yen": posted.total_yen, "entry_on": entry_on.isoformat()},
            )
    except (IntegrityError, DatabaseError) as error:
        raise _database_refusal(error) from error
    return posted


def journal_post_many(
    *, actor: User | None, coop: Coop, entries: Sequence[EntryInput], source: str, reference: str = ""
) -> list[int]:
    """Post many entries at once, all or nothing (imports, the replica): their numbers; one audit event."""
    _require_officer(actor, coop)
    if not entries:
        return []
    resolver = _Resolver(coop)
    _check_entries(coop, entries, resolver)
    try:
        with transaction.atomic():
            numbers = [
                n
                for _id, n in _write_entries(actor=actor, coop=coop, entries=entries, source=source, resolver=resolver)
            ]
            audit_record(
                actor=actor,
                action="operations.entries.posted",
                coop_id=coop.pk,
                data={
                    "entries": len(numbers),
                    "first_number": numbers[0],
                    "last_number": numbers[-1],
                    "source": source,
                    "reference": reference,
                },
            )
    except (IntegrityError, DatabaseError) as error:
        raise _database_refusal(error) from error
    return numbers


def journal_reverse(*, actor: User | None, entry: JournalEntry, entry_on: dt.date, memo: str = "") -> JournalEntry:
    """Correct an entry by a reversing one, dated in an open month; the original stays as it was."""
    coop = entry.coop
    _require_officer(actor, coop)
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise TomoniError(_("This entry has already been reversed."))
    if entry.reverses_id is not None:
        raise TomoniError(_("A reversal is not reversed again: post the entry anew instead."))
    originals = [
        rules.Line(line.account.code, line.department.code, line.debit_yen, line.credit_yen)
        for line in entry.lines.select_related("account", "department").order_by("pk")
    ]
    reversal = EntryInput(
        entry_on=entry_on,
        lines=rules.reversed_lines(originals),
        memo=memo or _("Reversal of entry %(number)s") % {"number": entry.number},
    )
    resolver = _Resolver(coop)
    _check_entries(coop, [reversal], resolver)
    try:
        with transaction.atomic():
            entry_id, _number = _write_entries(
                actor=actor,
                coop=coop,
                entries=[reversal],
                source=EntrySource.REVERSAL,
                resolver=resolver,
                reverses=[entry],
            )[0]
            posted = JournalEntry.objects.get(pk=entry_id)
            audit_record(
                actor=actor,
                action="operations.entry.reversed",
                coop_id=coop.pk,
                target=posted,
                data={"reverses": entry.number, "number": posted.number},
            )
    except (IntegrityError, DatabaseError) as error:
        raise _database_refusal(error) from error
    return posted


def period_close(*, actor: User | None, coop: Coop, period: int) -> ClosedPeriod:
    """Close a month of the books: from now on no entry may be posted into it."""
    _require_officer(actor, coop)
    year, month = divmod(period, 100)
    if not 1 <= month <= 12 or year < 1900:
        raise TomoniError(_("That is not a month."), field="period")
    with transaction.atomic():
        closed, created = ClosedPeriod.objects.get_or_create(
            coop=coop, period=period, defaults={"closed_at": clock.now(), "closed_by": actor}
        )
        if not created:
            raise TomoniError(_("This month is already closed."), field="period")
        audit_record(actor=actor, action="operations.period.closed", coop_id=coop.pk, data={"period": period})
    return closed


def periods_close(*, actor: User | None, coop: Coop, periods: Sequence[int]) -> int:
    """Close several months at once (a year's, once its accounts are approved); one audit event."""
    _require_officer(actor, coop)
    with transaction.atomic():
        already = _closed_periods(coop, periods)
        now = clock.now()
        ClosedPeriod.objects.bulk_create(
            ClosedPeriod(coop=coop, period=p, closed_at=now, closed_by=actor) for p in sorted(set(periods) - already)
        )
        audit_record(
            actor=actor,
            action="operations.periods.closed",
            coop_id=coop.pk,
            data={"periods": sorted(set(periods) - already)},
        )
    return len(set(periods) - already)


# ===== the business ====================================================================================


def customer_create(*, actor: User | None, coop: Coop, kind: str, name: str, reference: str = "") -> Customer:
    _require_officer(actor, coop)
    with transaction.atomic():
        customer = Customer.objects.create(coop=coop, kind=kind, name=name, reference=reference)
        audit_record(actor=actor, action="operations.customer.created", coop_id=coop.pk, target=customer)
    return customer


def contract_create(
    *,
    actor: User | None,
    centre: Centre,
    customer: Customer,
    business_line_id: int,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    amount_yen: int,
    facility: str = "",
) -> Contract:
    """Record a contract of a centre: a municipal contract, designated management, care insurance, private."""
    _require_officer(actor, centre.coop)
    if customer.coop_id != centre.coop_id:
        raise TomoniError(_("The customer is not one of this coop's."), field="customer")
    if ends_on < starts_on:
        raise TomoniError(_("A contract ends on or after the day it starts."), field="ends_on")
    if amount_yen < 0:
        raise TomoniError(_("The amount cannot be negative."), field="amount_yen")
    if kind == "designated_management" and not facility.strip():
        raise TomoniError(_("Name the public facility managed."), field="facility")
    with transaction.atomic():
        contract = Contract.objects.create(
            coop_id=centre.coop_id,
            centre=centre,
            customer=customer,
            business_line_id=business_line_id,
            kind=kind,
            title=title,
            facility=facility,
            starts_on=starts_on,
            ends_on=ends_on,
            amount_yen=amount_yen,
        )
        audit_record(actor=actor, action="operations.contract.created", coop_id=centre.coop_id, target=contract)
    return contract


def service_record_add(
    *,
    actor: User | None,
    centre: Centre,
    kind: str,
    day: dt.date,
    count: int,
    minutes: int = 0,
    note: str = "",
    client_key: uuid.UUID | None = None,
) -> tuple[ServiceRecord, bool]:
    """Record a day's visits, jobs or facility days of a centre (from a phone, perhaps sent later): the record
    and whether it was a replay. Stored once per client key: the same key again with the same values answers
    with the first record; with other values it is a conflicting edit and is refused."""
    _require_centre_writer(actor, centre)
    if kind not in ServiceKind.values:
        raise TomoniError(_("Choose what kind of work this was."), field="kind")
    if day > clock.today():
        raise TomoniError(_("A day's work is recorded on the day or after it."), field="day")
    if count <= 0 or count > rules.MAX_RECORD_COUNT:
        raise TomoniError(
            _("Enter how many, from 1 to %(most)s.") % {"most": f"{rules.MAX_RECORD_COUNT:,}"}, field="count"
        )
    if minutes < 0 or minutes > count * 24 * 60:
        raise TomoniError(_("The time spent is at most 24 hours for each one."), field="minutes")
    if len(note) > 200:
        raise TomoniError(_("The note is at most 200 characters."), field="note")

    def write() -> ServiceRecord:
        record = ServiceRecord.objects.create(
            coop_id=centre.coop_id, centre=centre, kind=kind, day=day, count=count, minutes=minutes, note=note
        )
        audit_record(
            actor=actor,
            action="operations.service.recorded",
            coop_id=centre.coop_id,
            target=record,
            data={"key": str(client_key)} if client_key else None,
        )
        return record

    with transaction.atomic():
        if client_key is None:
            return write(), False
        stored_id, replayed = submission_once(
            actor=actor,
            coop_id=centre.coop_id,
            key=client_key,
            action="operations.service.recorded",
            payload={
                "centre": centre.pk,
                "kind": kind,
                "day": day.isoformat(),
                "count": count,
                "minutes": minutes,
                "note": note,
            },
            write=write,
        )
        return ServiceRecord.objects.get(pk=int(stored_id), coop_id=centre.coop_id), replayed


def production_log_record(
    *,
    actor: User | None,
    centre: Centre,
    day: dt.date,
    kind: str,
    litres: int,
    sales_yen: int = 0,
    client_key: uuid.UUID | None = None,
) -> tuple[ProductionLog, bool]:
    """Record a plant's day: litres of oil collected, fuel produced or sold (or timber); one row per day and kind.
    The log and whether it was a replay: stored once per client key, as service_record_add."""
    _require_centre_writer(actor, centre)
    if kind not in ProductKind.values:
        raise TomoniError(_("Choose what was produced."), field="kind")
    if litres < 0 or sales_yen < 0:
        raise TomoniError(_("Quantities and amounts cannot be negative."), field="litres")
    if day > clock.today():
        raise TomoniError(_("A day's production is recorded on the day or after it."), field="day")

    def write() -> ProductionLog:
        # A replay of the same key is answered before this check (submission_once), so it is not refused here.
        if ProductionLog.objects.filter(coop_id=centre.coop_id, centre=centre, day=day, kind=kind).exists():
            raise TomoniError(_("This day is already recorded for this kind."), field="day")
        log = ProductionLog.objects.create(
            coop_id=centre.coop_id, centre=centre, day=day, kind=kind, litres=litres, sales_yen=sales_yen
        )
        audit_record(
            actor=actor,
            action="operations.production.recorded",
            coop_id=centre.coop_id,
            target=log,
            data={"key": str(client_key)} if client_key else None,
        )
        return log

    with transaction.atomic():
        if client_key is None:
            return write(), False
        stored_id, replayed = submission_once(
            actor=actor,
            coop_id=centre.coop_id,
            key=client_key,
            action="operations.production.recorded",
            payload={"centre": centre.pk, "day": day.isoformat(), "kind": kind, "litres": litres, "sales": sales_yen},
            write=write,
        )
        return ProductionLog.objects.get(pk=int(stored_id), coop_id=centre.coop_id), replayed


# ===== budgets =========================================================================================


def budget_draft(
    *, actor: User | None, department: Department, fiscal_year: int, yearly_yen: Mapping[str, int], notes: str = ""
) -> Budget:
    """Draft (or redraft) a centre's budget: a yearly amount per account, spread evenly over the months."""
    coop = department.coop
    if actor is not None and department.centre is not None:
        _require_centre_writer(actor, department.centre)
    else:
        _require_officer(actor, coop)
    resolver = _Resolver(coop)
    for code, amount in yearly_yen.items():
        resolver.account(code)
        if amount < 0:
            raise TomoniError(_("Budgeted amounts cannot be negative."), field="amount")
    with transaction.atomic():
        budget, _created = Budget.objects.select_for_update().get_or_create(
            coop=coop, department=department, fiscal_year=fiscal_year
        )
        if budget.status != BudgetStatus.DRAFT:
            raise TomoniError(_("The budget has been put to the meeting: it can no longer be changed."))
        budget.notes = notes
        budget.save(update_fields=["notes", "updated_at"])
        BudgetLine.objects.filter(budget=budget).delete()
        periods = rules.periods_of_fiscal_year(fiscal_year)
        BudgetLine.objects.bulk_create(
            BudgetLine(coop=coop, budget=budget, account=resolver.account(code), period=period, amount_yen=part)
            for code, amount in sorted(yearly_yen.items())
            for period, part in zip(periods, rules.split_evenly(amount), strict=True)
        )
        audit_record(
            actor=actor,
            action="operations.budget.drafted",
            coop_id=coop.pk,
            target=budget,
            data={"fiscal_year": fiscal_year, "total_yen": sum(yearly_yen.values())},
        )
    return budget


def budget_propose(*, actor: User | None, budget: Budget) -> Budget:
    """Put the draft to the centre's all-member meeting (its motion is made in the governance pages)."""
    if actor is not None and budget.department.centre is not None:
        _require_centre_writer(actor, budget.department.centre)
    else:
        _require_officer(actor, budget.coop)
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        if budget.status != BudgetStatus.DRAFT:
            raise TomoniError(_("Only a draft budget can be put to the meeting."))
        if not budget.lines.exists():
            raise TomoniError(_("The budget has no lines yet."))
        budget.status = BudgetStatus.PROPOSED
        budget.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="operations.budget.proposed", coop_id=budget.coop_id, target=budget)
    return budget


def budget_approve_from_motion(*, actor: User | None, budget: Budget, motion_id: int) -> Budget:
    """Record the approval of a budget from the motion its meeting passed (read from governance, read only)."""
    from tomoni.governance.models import MeetingKind, MotionStatus
    from tomoni.governance.models import Motion as GovernanceMotion

    if actor is not None and budget.department.centre is not None:
        _require_centre_writer(actor, budget.department.centre)
    else:
        _require_officer(actor, budget.coop)
    motion = GovernanceMotion.objects.select_related("meeting").filter(coop_id=budget.coop_id, pk=motion_id).first()
    if motion is None:
        raise TomoniError(_("There is no such motion in this coop."), field="motion")
    centre_id = budget.department.centre_id
    if centre_id is not None and (
        motion.meeting.kind != MeetingKind.CENTRE_ALL_MEMBER or motion.meeting.centre_id != centre_id
    ):
        raise TomoniError(_("A centre's budget is approved by that centre's all-member meeting."), field="motion")
    if motion.status != MotionStatus.TALLIED or not motion.passed:
        raise TomoniError(_("The motion has not been passed: record the approval only once it has."), field="motion")
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        if budget.status != BudgetStatus.PROPOSED:
            raise TomoniError(_("Only a budget put to the meeting can be approved."))
        budget.status = BudgetStatus.APPROVED
        budget.motion_id = motion.pk
        budget.approved_on = timezone.localdate(motion.meeting.starts_at)
        budget.save(update_fields=["status", "motion_id", "approved_on", "updated_at"])
        audit_record(
            actor=actor,
            action="operations.budget.approved",
            coop_id=budget.coop_id,
            target=budget,
            data={"motion_id": motion.pk},
        )
    return budget


# ===== year end and the filing =========================================================================


def year_end_draw_up(*, actor: User | None, coop: Coop, fiscal_year: int) -> YearEnd:
    """The directors draw up the year's documents (Art 51(2)): the surplus is fixed from the books."""
    from tomoni.operations.selectors import profit_and_loss_of

    _require_officer(actor, coop)
    surplus = profit_and_loss_of(coop=coop, fiscal_year=fiscal_year).surplus_yen
    with transaction.atomic():
        year_end = YearEnd.objects.select_for_update().filter(coop=coop, fiscal_year=fiscal_year).first()
        if year_end is not None and year_end.status != YearEndStatus.DRAFT:
            raise TomoniError(_("The documents have been audited: they can no longer be drawn up again."))
        if year_end is None:
            year_end = YearEnd(coop=coop, fiscal_year=fiscal_year, keep_until=rules.retention_until(fiscal_year))
        year_end.surplus_yen = surplus
        year_end.drawn_up_at = clock.now()
        year_end.save()
        audit_record(
            actor=actor,
            action="operations.year_end.drawn_up",
            coop_id=coop.pk,
            target=year_end,
            data={"fiscal_year": fiscal_year, "surplus_yen": surplus},
        )
    return year_end


def year_end_audit(*, actor: User | None, year_end: YearEnd, opinion: str) -> YearEnd:
    """The auditor (監事) audits the documents and gives an opinion (Art 51(5))."""
    if actor is not None and year_end.coop_id not in scope_for(actor).audit_coop_ids:
        raise TomoniError(_("Only the coop's auditor may audit its documents."))
    if not opinion.strip():
        raise TomoniError(_("Write the auditor's opinion."), field="opinion")
    with transaction.atomic():
        year_end = YearEnd.objects.select_for_update().get(pk=year_end.pk)
        if year_end.status != YearEndStatus.DRAFT:
            raise TomoniError(_("These documents have already been audited."))
        year_end.status = YearEndStatus.AUDITED
        year_end.audited_at = clock.now()
        year_end.auditor = actor
        year_end.audit_opinion = opinion.strip()
        year_end.save()
        audit_record(actor=actor, action="operations.year_end.audited", coop_id=year_end.coop_id, target=year_end)
    return year_end


def year_end_approve(
    *, actor: User | None, year_end: YearEnd, meeting_held_on: dt.date, minutes_reference: str
) -> YearEnd:
    """The ordinary general meeting approved the documents: the Art 124 filing is due two weeks later."""
    _require_officer(actor, year_end.coop)
    if not minutes_reference.strip():
        raise TomoniError(_("Name the minutes of the general meeting."), field="minutes_reference")
    with transaction.atomic():
        year_end = YearEnd.objects.select_for_update().get(pk=year_end.pk)
        if year_end.status != YearEndStatus.AUDITED:
            raise TomoniError(_("The documents go to the general meeting once the auditor has audited them."))
        year_end.status = YearEndStatus.APPROVED
        year_end.meeting_held_on = meeting_held_on
        year_end.minutes_reference = minutes_reference.strip()[:200]
        year_end.filing_due_on = rules.filing_due_on(meeting_held_on)
        year_end.save()
        audit_record(
            actor=actor,
            action="operations.year_end.approved",
            coop_id=year_end.coop_id,
            target=year_end,
            data={"meeting_held_on": meeting_held_on.isoformat(), "filing_due_on": year_end.filing_due_on.isoformat()},
        )
    return year_end


def year_end_file(*, actor: User | None, year_end: YearEnd, filed_on: dt.date, reference: str = "") -> YearEnd:
    """Record that the packet was filed with the administrative agency (Art 124)."""
    _require_officer(actor, year_end.coop)
    with transaction.atomic():
        year_end = YearEnd.objects.select_for_update().get(pk=year_end.pk)
        if year_end.status != YearEndStatus.APPROVED:
            raise TomoniError(_("The documents are filed once the general meeting has approved them."))
        if year_end.meeting_held_on is not None and filed_on < year_end.meeting_held_on:
            raise TomoniError(_("The filing cannot be before the general meeting."), field="filed_on")
        year_end.status = YearEndStatus.FILED
        year_end.filed_on = filed_on
        year_end.filing_reference = reference.strip()[:200]
        year_end.save()
        audit_record(
            actor=actor,
            action="operations.year_end.filed",
            coop_id=year_end.coop_id,
            target=year_end,
            data={
                "filed_on": filed_on.isoformat(),
                "late": bool(year_end.filing_due_on and filed_on > year_end.filing_due_on),
            },
        )
    return year_end


def production_logs_bulk_load(*, actor: User | None, rows: Sequence[tuple[Any, ...]]) -> int:
    """Load many days of production logs at once (coop, centre, day, kind, litres, sales): the replica and imports."""
    if not rows:
        return 0
    coop_ids = {row[0] for row in rows}
    with transaction.atomic():
        now = connection.ops.adapt_datetimefield_value(clock.now())
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO operations_productionlog (coop_id, centre_id, day, kind, litres, sales_yen, created_at,"
                " updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [(*row, now, now) for row in rows],
            )
        for coop_id in sorted(coop_ids):
            audit_record(
                actor=actor,
                action="operations.production.loaded",
                coop_id=int(coop_id),
                data={"rows": sum(1 for row in rows if row[0] == coop_id)},
            )
    return len(rows)


# ===== jobs ============================================================================================


def summaries_rebuild(*, actor: User | None, coop: Coop) -> int:
    """Recompute a coop's monthly summaries from its journal lines, in one statement (a job, not a request).

    The posting service keeps the summaries current entry by entry; this job is for after a bulk load made
    with SQL (the benchmark's ten-year journal) and to check that the summaries still agree with the lines.
    Returns the number of summary rows.
    """
    _require_officer(actor, coop)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM operations_monthlysummary WHERE coop_id = %s", [coop.pk])
        # fiscal year of a yyyymm period: the year, less one for January to March
        cursor.execute(
            "INSERT INTO operations_monthlysummary "
            "(coop_id, period, fiscal_year, account_id, department_id, section, debit_yen, credit_yen) "
            "SELECT l.coop_id, l.period, l.period / 100 - CASE WHEN l.period - (l.period / 100) * 100 < 4"
            " THEN 1 ELSE 0 END, l.account_id, l.department_id, a.section, SUM(l.debit_yen), SUM(l.credit_yen) "
            "FROM operations_journalline l JOIN operations_account a ON a.id = l.account_id "
            "WHERE l.coop_id = %s GROUP BY l.coop_id, l.period, l.account_id, l.department_id, a.section",
            [coop.pk],
        )
        rows = cursor.rowcount
        audit_record(actor=actor, action="operations.summaries.rebuilt", coop_id=coop.pk, data={"rows": rows})
    return rows
