"""The replica's books: monthly accounts of every CWC centre and every other coop, and Aguriin's production logs.

The seed's figures come out of the journal: FY2015 turnover (事業収益) is ¥33.5 billion for JWCU and ¥19
billion for CWC, exactly, posted as monthly entries per centre. Earlier years shrink by 3% a year. Each
centre's revenue goes to the account of its main business line; its wages, statutory welfare and other
business costs are fixed shares of it; the head office carries the general and administrative costs, set
so that each coop's surplus is about 0.5% of its revenue — and, for CWC's FY2014, exactly the surplus its
capital context appropriates (tomoni.capital.appropriation.replica), whose appropriation is then posted to
the books on the day of the delegate meeting (施行規則 Art 43's lines). The four Aguriin BDF plants log
their litres every day from opening to March 2016; their monthly fuel sales are their revenue.

`make demo` loads FY2014 and FY2015 (REPLICA_BOOKS_YEARS=2) to stay fast; the full ten years, FY2006 to
FY2015, load with `REPLICA_BOOKS_YEARS=10 python manage.py load_replica` (see docs/books.md).
Everything goes through the services: each coop's months are posted with journal_post_many.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q

from tomoni.capital.ledger.selectors import coop_capital_totals
from tomoni.capital.models import Appropriation
from tomoni.core.progress import Progress
from tomoni.federation.models import Centre, CentreBusinessLine, Coop, Federation
from tomoni.members.models import Membership
from tomoni.operations import rules, services
from tomoni.operations.models import Department, EntrySource, ProductionLog, ProductKind

LAST_YEAR = 2015
JWCU_TURNOVER_2015 = 33_500_000_000  # seed: "turnover ¥33.5 billion (JWCU) … in FY2015"
CWC_TURNOVER_2015 = 19_000_000_000  # seed: "¥19 billion (CWC) in FY2015"
SHRINK = Fraction(97, 100)  # each earlier year's turnover is 97% of the next one's
# Shares of a centre's revenue, in whole yen by floor division.
WAGES = 70  # per cent
WELFARE = 9
OTHER_COSTS = 12
SURPLUS_PER_MILLE = 5
BDF_PRICE_YEN = 110  # per litre of fuel sold
SEED = 20151


def years_to_load() -> int:
    """How many fiscal years, up to FY2015, the replica's books hold (REPLICA_BOOKS_YEARS; 2 by default)."""
    try:
        years = int(os.environ.get("REPLICA_BOOKS_YEARS", "2"))
    except ValueError:
        years = 2
    return max(1, min(years, 10))


def split(total: int, weights: Sequence[int]) -> list[int]:
    """Whole yen in proportion to weights, the leftover yen to the largest remainders: parts sum to the whole."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        return [0] * len(weights)
    parts = [total * w // weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def turnover_of(total_2015: int, fiscal_year: int) -> int:
    return round(total_2015 * SHRINK ** (LAST_YEAR - fiscal_year))


def _open_in(centre: Centre, fiscal_year: int) -> list[int]:
    """The periods of a fiscal year when a centre was open (any day of the month)."""
    out = []
    for period in rules.periods_of_fiscal_year(fiscal_year):
        year, month = divmod(period, 100)
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if centre.opened_on <= last and (centre.closed_on is None or centre.closed_on > first):
            out.append(period)
    return out


def _month_end(period: int) -> dt.date:
    year, month = divmod(period, 100)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _production(centres: list[Centre], rng: random.Random) -> dict[tuple[int, int], int]:
    """Aguriin's daily logs to March 2016; the fuel sales per plant and month, in yen."""
    sales: dict[tuple[int, int], int] = {}
    logs: list[tuple[Any, ...]] = []
    last = dt.date(LAST_YEAR + 1, 3, 31)
    for centre in centres:
        day = centre.opened_on
        while day <= last:
            if day.weekday() < 6:  # the plants run Monday to Saturday
                collected = rng.randint(400, 1000)  # seed: 400-1,000 L of used cooking oil a day
                produced = collected * rng.randint(85, 92) // 100
                sold = produced * rng.randint(90, 100) // 100
                period = rules.period_of(day)
                sales[(centre.pk, period)] = sales.get((centre.pk, period), 0) + sold * BDF_PRICE_YEN
                for kind, litres, yen in (
                    (ProductKind.OIL_COLLECTED, collected, 0),
                    (ProductKind.BDF_PRODUCED, produced, 0),
                    (ProductKind.BDF_SOLD, sold, sold * BDF_PRICE_YEN),
                ):
                    logs.append((centre.coop_id, centre.pk, day.isoformat(), str(kind), litres, yen))
            day += dt.timedelta(days=1)
    # The loader writes the logs in bulk, as the members' phones would have day by day.
    services.production_logs_bulk_load(actor=None, rows=logs)
    return sales


def _coop_year(
    *,
    coop: Coop,
    fiscal_year: int,
    turnover: int,
    centres: list[Centre],
    lines_of: dict[int, str],
    fixed_sales: dict[tuple[int, int], int],
    surplus_yen: int | None,
    rng: random.Random,
) -> list[services.EntryInput]:
    """A coop's year: an entry per centre and month, and the head office's costs month by month."""
    slots = [(c, p) for c in centres for p in _open_in(c, fiscal_year)]
    fixed = sum(fixed_sales.get((c.pk, p), 0) for c, p in slots)
    free = [(c, p) for c, p in slots if (c.pk, p) not in fixed_sales]
    weights = [100 + (c.pk * 37 + p) % 61 for c, p in free]
    amounts = dict(zip(free, split(turnover - fixed, weights), strict=True))
    amounts |= {(c, p): fixed_sales[(c.pk, p)] for c, p in slots if (c.pk, p) in fixed_sales}
    entries: list[services.EntryInput] = []
    costs_total = 0
    revenue_total = 0
    if not slots:  # no centre: the coop's business is booked at its head office
        for period, part in zip(rules.periods_of_fiscal_year(fiscal_year), split(turnover, [1] * 12), strict=True):
            amounts[(None, period)] = part  # type: ignore[index]
    for (centre, period), revenue in sorted(amounts.items(), key=lambda kv: (kv[0][1], kv[0][0].pk if kv[0][0] else 0)):
        if revenue <= 0:
            continue
        department = centre.code if centre is not None else services.HEAD_OFFICE
        account = rules.REVENUE_ACCOUNT_OF_LINE.get(lines_of.get(centre.pk, "") if centre else "", "4190")
        wages = revenue * WAGES // 100
        welfare = revenue * WELFARE // 100
        other = revenue * OTHER_COSTS * rng.randint(90, 110) // 10_000
        costs = wages + welfare + other
        costs_total += costs
        revenue_total += revenue
        entries.append(
            services.EntryInput(
                entry_on=_month_end(period),
                memo=f"{period // 100}年{period % 100}月 事業収益・事業費用",
                lines=[  # a month too small for a cost has no line for it (a line is more than ¥0)
                    line
                    for line in (
                        rules.Line("1130", department, debit_yen=revenue),
                        rules.Line(account, department, credit_yen=revenue),
                        rules.Line("5110", department, debit_yen=wages),
                        rules.Line("5120", department, debit_yen=welfare),
                        rules.Line("5130", department, debit_yen=other),
                        rules.Line("1120", department, credit_yen=costs),
                    )
                    if line.debit_yen or line.credit_yen
                ],
            )
        )
    # Receivables are collected the month after; here, within the year, into the bank.
    target = surplus_yen if surplus_yen is not None else revenue_total * SURPLUS_PER_MILLE // 1000
    admin = revenue_total - costs_total - target
    if admin < 0:  # a surplus above what the business leaves: the rest came as grants (事業外収益), at the year end
        entries.append(
            services.EntryInput(
                entry_on=dt.date(fiscal_year + 1, 3, 31),
                memo=f"{fiscal_year}年度 助成金収入",
                lines=[
                    rules.Line("1120", services.HEAD_OFFICE, debit_yen=-admin),
                    rules.Line("7120", services.HEAD_OFFICE, credit_yen=-admin),
                ],
            )
        )
    if admin > 0:
        for period, part in zip(rules.periods_of_fiscal_year(fiscal_year), split(admin, [1] * 12), strict=True):
            if part == 0:
                continue
            entries.append(
                services.EntryInput(
                    entry_on=_month_end(period),
                    memo=f"{period // 100}年{period % 100}月 本部管理費",
                    lines=[
                        rules.Line("6120", services.HEAD_OFFICE, debit_yen=part),
                        rules.Line("1120", services.HEAD_OFFICE, credit_yen=part),
                    ],
                )
            )
    if revenue_total:
        entries.append(
            services.EntryInput(
                entry_on=dt.date(fiscal_year + 1, 3, 31),
                memo=f"{fiscal_year}年度 事業未収金の回収",
                lines=[
                    rules.Line("1120", services.HEAD_OFFICE, debit_yen=revenue_total),
                    rules.Line("1130", services.HEAD_OFFICE, credit_yen=revenue_total),
                ],
            )
        )
    return entries


def _opening(coop: Coop, first_year: int) -> list[services.EntryInput]:
    """The paid-in capital at the start of the books, from the capital ledger, held in the bank."""
    start = dt.date(first_year, 4, 1)
    paid = coop_capital_totals(coop=coop, as_of=dt.date(LAST_YEAR, 3, 31)).paid_yen
    # A working float so the bank never runs dry in the replica: a tenth of a month's turnover.
    if paid <= 0:
        return []
    return [
        services.EntryInput(
            entry_on=start,
            memo="開始残高 出資金",
            lines=[
                rules.Line("1120", services.HEAD_OFFICE, debit_yen=paid),
                rules.Line("3110", services.HEAD_OFFICE, credit_yen=paid),
            ],
        )
    ]


def _appropriation_entry(appropriation: Appropriation) -> services.EntryInput | None:
    """The approved appropriation (施行規則 Art 43) posted from the surplus carried forward on the meeting's day."""
    parts = [
        ("3210", appropriation.reserve_fund_yen),
        ("3220", appropriation.job_creation_yen),
        ("3230", appropriation.education_yen),
        ("2160", appropriation.dividend_pool_yen),
    ]
    total = sum(amount for _code, amount in parts)
    if total <= 0 or appropriation.meeting_held_on is None:
        return None
    return services.EntryInput(
        entry_on=appropriation.meeting_held_on,
        memo=f"{appropriation.fiscal_year}年度 剰余金処分",
        lines=[rules.Line("3310", services.HEAD_OFFICE, debit_yen=total)]
        + [rules.Line(code, services.HEAD_OFFICE, credit_yen=amount) for code, amount in parts if amount],
    )


def load_into_replica(*, federation: Federation, scale: str, progress: Progress) -> dict[str, int]:
    """Post the books of every coop of the federation; counts for the replica's summary."""
    progress.advance("books")
    rng = random.Random(SEED)
    years = years_to_load()
    first_year = LAST_YEAR - years + 1
    coops = list(Coop.objects.filter(federation=federation).order_by("code"))
    cwc = next((c for c in coops if c.directly_controlled), None)
    others = [c for c in coops if c is not cwc]
    workers = dict(
        Membership.objects.filter(coop__in=others)
        .values_list("coop_id")
        .annotate(n=Count("pk", filter=Q(kind="worker")))
    )
    # The other coops share the rest of JWCU's turnover by their worker members (at least 50 each).
    other_weights = [max(workers.get(c.pk, 0), 50) for c in others]
    totals_2015 = dict(
        zip((c.pk for c in others), split(JWCU_TURNOVER_2015 - CWC_TURNOVER_2015, other_weights), strict=True)
    )
    if cwc is not None:
        totals_2015[cwc.pk] = CWC_TURNOVER_2015
    main_line: dict[int, str] = {}
    for centre_id, code in (
        CentreBusinessLine.objects.filter(coop__in=coops).order_by("pk").values_list("centre_id", "business_line__code")
    ):
        main_line.setdefault(centre_id, code)
    appropriations = {
        (a.coop_id, a.fiscal_year): a
        for a in Appropriation.objects.filter(coop__in=coops, status__in=["approved", "posted"])
    }
    entries_posted = lines_posted = logs = 0
    for coop in coops:
        services.chart_install(actor=None, coop=coop)
        centres = list(Centre.objects.filter(coop=coop).order_by("code"))
        aguriin = [c for c in centres if c.code.startswith("aguriin-")]
        sales = _production(aguriin, rng) if aguriin else {}
        logs += ProductionLog.objects.filter(coop=coop).count() if aguriin else 0
        batch: list[services.EntryInput] = _opening(coop, first_year)
        for fiscal_year in range(first_year, LAST_YEAR + 1):
            appropriation = appropriations.get((coop.pk, fiscal_year))
            batch += _coop_year(
                coop=coop,
                fiscal_year=fiscal_year,
                turnover=turnover_of(totals_2015[coop.pk], fiscal_year),
                centres=centres,
                lines_of=main_line,
                fixed_sales=sales,
                surplus_yen=appropriation.surplus_yen if appropriation else None,
                rng=rng,
            )
            if appropriation is not None:
                posted = _appropriation_entry(appropriation)
                if posted is not None:
                    batch.append(posted)
        services.journal_post_many(
            actor=None, coop=coop, entries=batch, source=EntrySource.REPLICA, reference="replica"
        )
        entries_posted += len(batch)
        lines_posted += sum(len(e.lines) for e in batch)
        progress.advance("books")
    # The officers closed every month up to March 2015 once the FY2014 accounts were approved.
    closed = [p for year in range(first_year, LAST_YEAR) for p in rules.periods_of_fiscal_year(year)]
    for coop in coops:
        services.periods_close(actor=None, coop=coop, periods=closed)
    return {
        "journal_entries": entries_posted,
        "journal_lines": lines_posted,
        "books_years": years,
        "production_logs": logs,
        "departments": Department.objects.filter(coop__in=coops).count(),
    }
