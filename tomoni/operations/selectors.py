"""Reads of the business and its books, scoped to the asking user. Outside their grants a coop is a 404.

Open books: every member of a coop reads its books (the statements, each centre's P&L, budgets) — they hold
no one's pay or special-care data, only accounts and departments. Statements read the monthly summaries,
never the raw journal lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.figures_hooks import Turnover
from tomoni.federation.models import Centre, Coop, Federation, open_on
from tomoni.members.models import Membership, Person
from tomoni.operations import rules
from tomoni.operations.models import (
    Account,
    Budget,
    BudgetLine,
    Department,
    JournalEntry,
    MonthlySummary,
    ProductionLog,
    ServiceRecord,
    YearEnd,
)

# ===== scope ===========================================================================================


def _member_of(user: User, coop: Coop, day: dt.date) -> bool:
    person_ids = scope_for(user).own_person_ids
    if not person_ids:
        return False
    return (
        Membership.objects.filter(person_id__in=person_ids, coop=coop)
        .filter(open_on(day, "joined_on", "left_on"))
        .exists()
    )


def books_coop_get(*, user: User, code: str) -> Coop:
    """A coop whose books the user reads: its officers, auditor, managers inside it, and every member (open books)."""
    coop = Coop.objects.filter(code=code).first()
    if coop is None:
        raise Http404
    scope = scope_for(user)
    if scope.reads_coop(coop.pk):
        return coop
    if Centre.objects.filter(coop=coop).filter(scope.centre_q()).exists():
        return coop
    if _member_of(user, coop, clock.today()):
        return coop
    raise Http404


def keeps_books(*, user: User, coop: Coop) -> bool:
    return scope_for(user).writes_coop(coop.pk)


def audits_books(*, user: User, coop: Coop) -> bool:
    return coop.pk in scope_for(user).audit_coop_ids


def own_coop(*, user: User) -> Coop:
    """The coop of the user's own current membership, for "my coop's books"; 404 without one."""
    person = Person.objects.filter(user_id=user.pk).select_related("coop").order_by("pk").first()
    if person is None:
        raise Http404
    return person.coop


def own_department(*, user: User, coop: Coop) -> Department | None:
    """The department of the centre where the user works (their latest labour contract's or work record's)."""
    from tomoni.members.models import WorkRecord

    person_ids = scope_for(user).own_person_ids
    centre_id = (
        WorkRecord.objects.filter(person_id__in=person_ids, coop=coop)
        .order_by("-worked_on")
        .values_list("centre_id", flat=True)
        .first()
    )
    if centre_id is None:
        return None
    return Department.objects.filter(coop=coop, centre_id=centre_id).first()


def department_get(*, coop: Coop, code: str) -> Department:
    department = Department.objects.filter(coop=coop, code=code).select_related("centre").first()
    if department is None:
        raise Http404
    return department


def departments_of(*, coop: Coop) -> QuerySet[Department]:
    return Department.objects.filter(coop=coop).order_by("code")


def entry_get(*, user: User, coop: Coop, number: int) -> JournalEntry:
    books_coop_get(user=user, code=coop.code)
    entry = JournalEntry.objects.filter(coop=coop, number=number).first()
    if entry is None:
        raise Http404
    return entry


def recent_entries(*, coop: Coop, limit: int = 30) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(coop=coop).order_by("-number")[:limit])


# ===== statements ======================================================================================


def _section_sums(rows: QuerySet[MonthlySummary]) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for section, debit, credit in rows.values_list("section").annotate(
        d=Coalesce(Sum("debit_yen"), 0), c=Coalesce(Sum("credit_yen"), 0)
    ):
        sums[section] += rules.signed_balance(section, debit, credit)
    return dict(sums)


def profit_and_loss_of(*, coop: Coop, fiscal_year: int, department: Department | None = None) -> rules.ProfitAndLoss:
    """The year's 損益計算書 of a coop, or of one department, from the monthly summaries."""
    rows = MonthlySummary.objects.filter(coop=coop, fiscal_year=fiscal_year, section__in=rules.PL_SECTIONS)
    if department is not None:
        rows = rows.filter(department=department)
    return rules.profit_and_loss(_section_sums(rows))


@dataclass(frozen=True)
class DepartmentYear:
    department: Department
    revenue_yen: int
    expenses_yen: int
    surplus_yen: int
    months: list[int]  # surplus per month, April first


def pl_by_department(*, coop: Coop, fiscal_year: int) -> list[DepartmentYear]:
    """Every department's revenue, expenses and surplus for the year, and its surplus month by month."""
    periods = rules.periods_of_fiscal_year(fiscal_year)
    index = {p: i for i, p in enumerate(periods)}
    revenue: dict[int, int] = defaultdict(int)
    expenses: dict[int, int] = defaultdict(int)
    months: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    rows = (
        MonthlySummary.objects.filter(coop=coop, fiscal_year=fiscal_year, section__in=rules.PL_SECTIONS)
        .values_list("department_id", "period", "section")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    )
    for department_id, period, section, debit, credit in rows:
        amount = rules.signed_balance(section, debit, credit)
        if section in rules.REVENUE_SECTIONS:
            revenue[department_id] += amount
            months[department_id][index[period]] += amount
        else:
            expenses[department_id] += amount
            months[department_id][index[period]] -= amount
    departments = Department.objects.filter(coop=coop, pk__in=set(revenue) | set(expenses)).order_by("code")
    return [
        DepartmentYear(
            department=d,
            revenue_yen=revenue[d.pk],
            expenses_yen=expenses[d.pk],
            surplus_yen=revenue[d.pk] - expenses[d.pk],
            months=months[d.pk],
        )
        for d in departments
    ]


@dataclass(frozen=True)
class TrialBalanceRow:
    account: Account
    debit_yen: int
    credit_yen: int


def trial_balance(*, coop: Coop, fiscal_year: int) -> list[TrialBalanceRow]:
    """Each account's debits and credits at the year end: balance-sheet accounts from the start of the books,
    P&L accounts for the year, and earlier years' surplus carried into the surplus carried forward (繰越剰余金)."""
    end = rules.periods_of_fiscal_year(fiscal_year)[-1]
    rows = (
        MonthlySummary.objects.filter(coop=coop, period__lte=end)
        .values_list("account_id", "section", "fiscal_year")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    )
    accounts = {a.pk: a for a in Account.objects.filter(coop=coop)}
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    prior = 0  # earlier years' surplus, credit positive
    for account_id, section, year, debit, credit in rows:
        if section in rules.PL_SECTIONS and year != fiscal_year:
            prior += credit - debit
            continue
        sums[account_id][0] += debit
        sums[account_id][1] += credit
    if prior:
        carried = next(a for a in accounts.values() if a.code == rules.SURPLUS_ACCOUNT)
        sums[carried.pk][0 if prior < 0 else 1] += abs(prior)
    found = [TrialBalanceRow(accounts[a], d, c) for a, (d, c) in sums.items()]
    return sorted(found, key=lambda row: row.account.code)


@dataclass(frozen=True)
class Statements:
    """A year's 貸借対照表 and 損益計算書, with each account's line."""

    coop: Coop
    fiscal_year: int
    pl: rules.ProfitAndLoss
    bs: rules.BalanceSheet
    prior_surplus_yen: int  # surplus of earlier years not yet closed into net-asset accounts
    pl_accounts: dict[str, list[tuple[Account, int]]] = field(default_factory=dict)
    bs_accounts: dict[str, list[tuple[Account, int]]] = field(default_factory=dict)


def statements_of(*, coop: Coop, fiscal_year: int) -> Statements:
    """The balance sheet at the year end and the year's profit and loss, from the monthly summaries."""
    periods = rules.periods_of_fiscal_year(fiscal_year)
    rows = (
        MonthlySummary.objects.filter(coop=coop, period__lte=periods[-1])
        .values_list("account_id", "section", "fiscal_year")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    )
    accounts = {a.pk: a for a in Account.objects.filter(coop=coop)}
    pl_by_account: dict[int, int] = defaultdict(int)
    bs_by_account: dict[int, int] = defaultdict(int)
    prior = 0
    for account_id, section, year, debit, credit in rows:
        amount = rules.signed_balance(section, debit, credit)
        if section in rules.BS_SECTIONS:
            bs_by_account[account_id] += amount
        elif year == fiscal_year:
            pl_by_account[account_id] += amount
        else:
            prior += amount if section in rules.REVENUE_SECTIONS else -amount
    pl_sections: dict[str, int] = defaultdict(int)
    pl_accounts: dict[str, list[tuple[Account, int]]] = defaultdict(list)
    for account_id, amount in sorted(pl_by_account.items(), key=lambda kv: accounts[kv[0]].code):
        account = accounts[account_id]
        pl_sections[account.section] += amount
        pl_accounts[account.section].append((account, amount))
    pl = rules.profit_and_loss(pl_sections)
    bs_sections: dict[str, int] = defaultdict(int)
    bs_accounts: dict[str, list[tuple[Account, int]]] = defaultdict(list)
    for account_id, amount in sorted(bs_by_account.items(), key=lambda kv: accounts[kv[0]].code):
        account = accounts[account_id]
        bs_sections[account.section] += amount
        bs_accounts[account.section].append((account, amount))
    # Earlier years' surplus that no closing entry moved yet belongs to the surplus carried forward.
    bs_sections["retained_surplus"] += prior
    bs = rules.balance_sheet(bs_sections, pl.surplus_yen)
    return Statements(
        coop=coop,
        fiscal_year=fiscal_year,
        pl=pl,
        bs=bs,
        prior_surplus_yen=prior,
        pl_accounts=dict(pl_accounts),
        bs_accounts=dict(bs_accounts),
    )


@dataclass(frozen=True)
class MonthRow:
    period: int
    revenue_yen: int
    expenses_yen: int
    budget_revenue_yen: int
    budget_expenses_yen: int

    @property
    def surplus_yen(self) -> int:
        return self.revenue_yen - self.expenses_yen

    @property
    def budget_surplus_yen(self) -> int:
        return self.budget_revenue_yen - self.budget_expenses_yen


def months_of(*, coop: Coop, fiscal_year: int, department: Department | None = None) -> list[MonthRow]:
    """Month by month: revenue, expenses and their budget (approved budgets only), for a coop or a department."""
    periods = rules.periods_of_fiscal_year(fiscal_year)
    actual: dict[tuple[int, bool], int] = defaultdict(int)
    rows = MonthlySummary.objects.filter(coop=coop, fiscal_year=fiscal_year, section__in=rules.PL_SECTIONS)
    if department is not None:
        rows = rows.filter(department=department)
    for period, section, debit, credit in rows.values_list("period", "section").annotate(
        d=Sum("debit_yen"), c=Sum("credit_yen")
    ):
        actual[(period, section in rules.REVENUE_SECTIONS)] += rules.signed_balance(section, debit, credit)
    budget: dict[tuple[int, bool], int] = defaultdict(int)
    lines = BudgetLine.objects.filter(coop=coop, budget__fiscal_year=fiscal_year, budget__status="approved")
    if department is not None:
        lines = lines.filter(budget__department=department)
    for period, section, amount in lines.values_list("period", "account__section").annotate(a=Sum("amount_yen")):
        if section in rules.PL_SECTIONS:
            budget[(period, section in rules.REVENUE_SECTIONS)] += amount
    return [MonthRow(p, actual[(p, True)], actual[(p, False)], budget[(p, True)], budget[(p, False)]) for p in periods]


@dataclass(frozen=True)
class BudgetRow:
    account: Account
    budget_yen: int
    actual_yen: int

    @property
    def difference_yen(self) -> int:
        return self.actual_yen - self.budget_yen


def budget_vs_actual(*, budget: Budget) -> list[BudgetRow]:
    """Each account of a budget: the yearly budget and what the books say, for the budget's department."""
    budgeted = dict(BudgetLine.objects.filter(budget=budget).values_list("account_id").annotate(a=Sum("amount_yen")))
    actual: dict[int, int] = {}
    for account_id, section, debit, credit in (
        MonthlySummary.objects.filter(
            coop_id=budget.coop_id, fiscal_year=budget.fiscal_year, department=budget.department
        )
        .filter(section__in=rules.PL_SECTIONS)
        .values_list("account_id", "section")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    ):
        actual[account_id] = rules.signed_balance(section, debit, credit)
    accounts = Account.objects.filter(coop_id=budget.coop_id, pk__in=set(budgeted) | set(actual)).order_by("code")
    return [BudgetRow(a, budgeted.get(a.pk, 0), actual.get(a.pk, 0)) for a in accounts]


def budgets_of(*, coop: Coop, fiscal_year: int) -> QuerySet[Budget]:
    return (
        Budget.objects.filter(coop=coop, fiscal_year=fiscal_year)
        .select_related("department")
        .order_by("department__code")
    )


def budget_find(*, coop: Coop, department: Department, fiscal_year: int) -> Budget | None:
    """The department's budget for the year, if one has been drafted."""
    return budgets_of(coop=coop, fiscal_year=fiscal_year).filter(department=department).first()


def budget_get(*, coop: Coop, department: Department, fiscal_year: int) -> Budget:
    budget = Budget.objects.filter(coop=coop, department=department, fiscal_year=fiscal_year).first()
    if budget is None:
        raise Http404
    return budget


def year_end_get(*, coop: Coop, fiscal_year: int) -> YearEnd:
    year_end = YearEnd.objects.filter(coop=coop, fiscal_year=fiscal_year).first()
    if year_end is None:
        raise Http404
    return year_end


def year_ends_of(*, coop: Coop) -> QuerySet[YearEnd]:
    return YearEnd.objects.filter(coop=coop).order_by("-fiscal_year")


def fiscal_years_of(*, coop: Coop) -> list[int]:
    """The fiscal years the books hold, latest first."""
    return sorted(
        set(MonthlySummary.objects.filter(coop=coop).values_list("fiscal_year", flat=True).distinct()), reverse=True
    )


def production_by_month(*, centre: Centre, fiscal_year: int) -> dict[str, list[int]]:
    """A plant's litres per kind and month of a fiscal year (April first)."""
    start, end = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
    index = {p: i for i, p in enumerate(rules.periods_of_fiscal_year(fiscal_year))}
    out: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    for day, kind, litres in ProductionLog.objects.filter(
        coop_id=centre.coop_id, centre=centre, day__range=(start, end)
    ).values_list("day", "kind", "litres"):
        out[kind][index[rules.period_of(day)]] += litres
    return dict(out)


# ===== the federation ==================================================================================


def coop_turnover(*, fiscal_year: int, federation: Federation) -> dict[int, int]:
    """Each coop's business revenue (事業収益) of a fiscal year, from the summaries; aggregates only."""
    rows = (
        MonthlySummary.objects.filter(fiscal_year=fiscal_year, section="business_revenue", coop__federation=federation)
        .values_list("coop_id")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    )
    return {coop_id: credit - debit for coop_id, debit, credit in rows}


def federation_turnover(federation: Federation, fiscal_year: int) -> Turnover | None:
    """The federation's turnover for the published figures (registered with tomoni.federation.figures_hooks)."""
    by_coop = coop_turnover(fiscal_year=fiscal_year, federation=federation)
    if not by_coop:
        return None
    direct = set(Coop.objects.filter(pk__in=by_coop, directly_controlled=True).values_list("pk", flat=True))
    return Turnover(total_yen=sum(by_coop.values()), direct_yen=sum(v for k, v in by_coop.items() if k in direct))


@dataclass(frozen=True)
class CoopYear:
    coop: Coop
    turnover_yen: int  # business revenue (事業収益)
    surplus_yen: int
    turnover_months: list[int] = field(default_factory=lambda: [0] * 12)  # April first
    surplus_months: list[int] = field(default_factory=lambda: [0] * 12)


@dataclass(frozen=True)
class FederationDashboard:
    """The federation's books at a glance for a fiscal year: each coop's turnover and surplus, year and month,
    and the month by month turnover and surplus of all coops; aggregates only, from the monthly summaries
    (never the journal lines)."""

    fiscal_year: int
    coops: list[CoopYear]
    months: list[int]  # turnover per month, April first
    surplus_months: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def turnover_yen(self) -> int:
        return sum(c.turnover_yen for c in self.coops)

    @property
    def surplus_yen(self) -> int:
        return sum(c.surplus_yen for c in self.coops)


def federation_dashboard(*, federation: Federation, fiscal_year: int) -> FederationDashboard:
    """Each coop's turnover and surplus per month and the federation's, in one grouped read of the summaries
    (and one read of the coops): two queries however many coops and lines there are."""
    periods = rules.periods_of_fiscal_year(fiscal_year)
    index = {p: i for i, p in enumerate(periods)}
    turnover: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    surplus: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    rows = (
        MonthlySummary.objects.filter(
            fiscal_year=fiscal_year, section__in=rules.PL_SECTIONS, coop__federation=federation
        )
        .values_list("coop_id", "period", "section")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    )
    for coop_id, period, section, debit, credit in rows:
        amount = rules.signed_balance(section, debit, credit)
        month = index[period]
        if section == "business_revenue":
            turnover[coop_id][month] += amount
        surplus[coop_id][month] += amount if section in rules.REVENUE_SECTIONS else -amount
    coops = Coop.objects.filter(pk__in=set(turnover) | set(surplus)).order_by("-directly_controlled", "name")
    found = [
        CoopYear(c, sum(turnover[c.pk]), sum(surplus[c.pk]), list(turnover[c.pk]), list(surplus[c.pk])) for c in coops
    ]
    return FederationDashboard(
        fiscal_year=fiscal_year,
        coops=found,
        months=[sum(c.turnover_months[m] for c in found) for m in range(12)],
        surplus_months=[sum(c.surplus_months[m] for c in found) for m in range(12)],
    )


def staff_federation(*, user: User) -> Federation:
    """The federation whose books the user reads as its staff (aggregates only); anyone else gets a 404.

    Scoped as the federation's other pages are (tomoni.reports.registry.selectors.federation_overview):
    a federation-staff grant. With grants in several federations, the first one's.
    """
    federation = Federation.objects.filter(pk__in=scope_for(user).federation_ids).order_by("pk").first()
    if federation is None:
        raise Http404
    return federation


def federation_fiscal_years(*, federation: Federation) -> list[int]:
    """The fiscal years the federation's coops' books span, latest first: the first and the last year read at
    the ends of the summaries' (fiscal_year, section) index, not by scanning them."""
    rows = MonthlySummary.objects.filter(coop__federation=federation).values_list("fiscal_year", flat=True)
    last = rows.order_by("-fiscal_year").first()
    first = rows.order_by("fiscal_year").first()
    if last is None or first is None:
        return []
    return list(range(last, first - 1, -1))


# ===== daily records from a phone ======================================================================


def record_centres(*, user: User, coop: Coop) -> QuerySet[Centre]:
    """The centres of the coop whose daily work the user records (their manager, or the coop's officers)."""
    scope = scope_for(user)
    return Centre.objects.filter(coop=coop).filter(scope.centre_q(scope.write)).order_by("code")


def record_centres_list(*, user: User, coop: Coop) -> list[Centre]:
    return list(record_centres(user=user, coop=coop))


def records_anywhere(*, user: User, coop: Coop) -> bool:
    """Whether the user records the daily work of any centre of the coop (the books page then links there)."""
    return record_centres(user=user, coop=coop).exists()


def record_centre_get(*, user: User, code: str, centre: str) -> Centre:
    """A centre whose daily work the user records; any other is a 404."""
    coop = books_coop_get(user=user, code=code)
    found = record_centres(user=user, coop=coop).filter(code=centre).select_related("coop").first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class RecentRecords:
    services: list[ServiceRecord]
    production: list[ProductionLog]


def recent_records(*, centre: Centre, today: dt.date, days: int = 14) -> RecentRecords:
    """The centre's service records and production logs of the last `days` days, newest first."""
    since = today - dt.timedelta(days=days)
    services = ServiceRecord.objects.filter(coop_id=centre.coop_id, centre=centre, day__gte=since)
    production = ProductionLog.objects.filter(coop_id=centre.coop_id, centre=centre, day__gte=since)
    return RecentRecords(
        services=list(services.order_by("-day", "-pk")[:50]),
        production=list(production.order_by("-day", "kind")[:50]),
    )


# ===== budgets =========================================================================================


def drafts_budget(*, user: User, department: Department) -> bool:
    """The centre's manager or the coop's officers draft and put its budget; the head office's, the officers."""
    scope = scope_for(user)
    centre = department.centre
    if centre is None:
        return scope.writes_coop(department.coop_id)
    return scope.writes_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def budget_accounts(*, coop: Coop) -> list[Account]:
    """The profit-and-loss accounts a budget is made of, in chart order."""
    return list(Account.objects.filter(coop=coop, section__in=rules.PL_SECTIONS).order_by("code"))


def budget_initial(*, coop: Coop, department: Department, fiscal_year: int) -> dict[str, int]:
    """What the budget form starts from: the budget's own lines, or else last year's actual per account."""
    budget = Budget.objects.filter(coop=coop, department=department, fiscal_year=fiscal_year).first()
    if budget is not None and budget.lines.exists():
        return dict(
            BudgetLine.objects.filter(budget=budget)
            .values_list("account__code")
            .annotate(a=Sum("amount_yen"))
            .values_list("account__code", "a")
        )
    out: dict[str, int] = {}
    for code, section, debit, credit in (
        MonthlySummary.objects.filter(
            coop=coop, fiscal_year=fiscal_year - 1, department=department, section__in=rules.PL_SECTIONS
        )
        .values_list("account__code", "section")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    ):
        amount = rules.signed_balance(section, debit, credit)
        if amount > 0:
            out[code] = amount
    return out


def budget_motions(*, budget: Budget) -> list[tuple[int, str]]:
    """Passed motions that may approve the budget: those of the centre's all-member meetings (any meeting of
    the coop for the head office's budget), newest first, as choices."""
    from tomoni.governance.models import MeetingKind, MotionStatus
    from tomoni.governance.models import Motion as GovernanceMotion

    motions = GovernanceMotion.objects.filter(coop_id=budget.coop_id, status=MotionStatus.TALLIED, passed=True)
    centre_id = budget.department.centre_id
    if centre_id is not None:
        motions = motions.filter(meeting__kind=MeetingKind.CENTRE_ALL_MEMBER, meeting__centre_id=centre_id)
    return [
        (m.pk, f"{m.meeting.title}: {m.title}")
        for m in motions.select_related("meeting").order_by("-meeting__starts_at", "-pk")[:50]
    ]


@dataclass(frozen=True)
class AccountMonths:
    account: Account
    budget: list[int]  # per month, April first
    actual: list[int]

    @property
    def budget_yen(self) -> int:
        return sum(self.budget)

    @property
    def actual_yen(self) -> int:
        return sum(self.actual)


def budget_by_account_and_month(*, budget: Budget) -> list[AccountMonths]:
    """Budget against actual per account and month for the budget's department (two grouped reads)."""
    periods = rules.periods_of_fiscal_year(budget.fiscal_year)
    index = {p: i for i, p in enumerate(periods)}
    planned: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    actual: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for account_id, period, amount in BudgetLine.objects.filter(budget=budget).values_list(
        "account_id", "period", "amount_yen"
    ):
        planned[account_id][index[period]] += amount
    for account_id, period, section, debit, credit in (
        MonthlySummary.objects.filter(
            coop_id=budget.coop_id,
            fiscal_year=budget.fiscal_year,
            department_id=budget.department_id,
            section__in=rules.PL_SECTIONS,
        )
        .values_list("account_id", "period", "section")
        .annotate(d=Sum("debit_yen"), c=Sum("credit_yen"))
    ):
        actual[account_id][index[period]] += rules.signed_balance(section, debit, credit)
    accounts = Account.objects.filter(coop_id=budget.coop_id, pk__in=set(planned) | set(actual)).order_by("code")
    return [AccountMonths(a, planned[a.pk], actual[a.pk]) for a in accounts]


# ===== the filing ======================================================================================


def filings_due(*, coop_ids: list[int]) -> list[YearEnd]:
    """Year-end documents approved by the general meeting and not yet filed (Art 124), soonest due first."""
    return list(
        YearEnd.objects.filter(coop_id__in=coop_ids, status="approved", filing_due_on__isnull=False)
        .select_related("coop")
        .order_by("filing_due_on", "pk")
    )
