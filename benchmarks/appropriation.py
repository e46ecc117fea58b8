"""Year-end appropriation and work-engaged dividend split for CWC's members over a fiscal year of work records.

Times what the appropriation computes from the records: the legal minimums (Art 76), the minutes each
member worked in the year while a member (one SQL aggregate joined to the membership spans), the
members' numbers and kinds, their unpaid capital (Art 78), and the split of the pool by largest
remainder in Python; the median of N runs after a warm-up. The floor, timed in the same run, is a
single SQL aggregate of minutes per person over the same rows (SUM … GROUP BY person, no join).

The database is the one DATABASE_URL names; if CWC is not there, the full replica is loaded first
(`manage.py load_replica`, about a minute):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tomoni_bench .venv/bin/python benchmarks/appropriation.py

The last line is one JSON object: {"members": …, "work_records": …, "seconds": …, "floor_seconds": …}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tomoni.capital import rules  # noqa: E402
from tomoni.capital.appropriation import selectors as appropriation_selectors  # noqa: E402
from tomoni.capital.appropriation.services import appropriation_ratios  # noqa: E402
from tomoni.capital.ledger import selectors  # noqa: E402
from tomoni.core.money import fiscal_year_bounds  # noqa: E402
from tomoni.federation.models import Coop  # noqa: E402
from tomoni.members.models import WorkRecord  # noqa: E402

FISCAL_YEAR = 2014  # the replica's year of work records
SURPLUS_YEN = 380_000_000  # a plausible surplus for a ¥19 billion turnover


def median_seconds(task: Callable[[], object], *, runs: int, warmup: int) -> float:
    for _ in range(warmup):
        task()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        task()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not Coop.objects.filter(code="cwc").exists():
        print("benchmarks/appropriation.py: loading the full replica first", file=sys.stderr)
        call_command("load_replica", verbosity=0)
    cwc = Coop.objects.get(code="cwc")
    start, end = fiscal_year_bounds(FISCAL_YEAR)
    work_records = WorkRecord.objects.filter(coop=cwc, worked_on__range=(start, end)).count()
    defaults = selectors.capital_settings_of(coop=cwc)
    ratios = appropriation_ratios(defaults)

    def appropriation_and_split() -> int:
        # The figures a draft starts from, its minimums, and the split of everything left as the dividend.
        totals = selectors.coop_capital_totals(coop=cwc, as_of=end)
        minimums = rules.appropriation_minimums(
            rules.AppropriationInputs(
                surplus_yen=SURPLUS_YEN,
                carried_loss_yen=0,
                reserve_balance_yen=totals.reserves.get("reserve_fund", 0),
                total_capital_yen=totals.subscribed_yen,
            ),
            ratios,
        )
        result = rules.appropriation_check(minimums, rules.appropriation_default(minimums))
        plan = appropriation_selectors.dividend_plan(
            coop=cwc,
            fiscal_year=FISCAL_YEAR,
            pool_yen=result.dividend_pool_yen,
            weights={"worker": 1, "user": 1, "supporting": 1, "consumer": 1},
            set_off=True,
            as_of=end,
        )
        assert sum(part.dividend_yen for part in plan.parts) == result.dividend_pool_yen
        return len(plan.parts)

    floor_sql = (
        f"SELECT person_id, SUM(worked_minutes) FROM {WorkRecord._meta.db_table} "
        "WHERE coop_id = %s AND worked_on >= %s AND worked_on <= %s GROUP BY person_id"
    )

    def floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, [cwc.pk, start, end])
            return len(cursor.fetchall())

    members = appropriation_and_split()
    seconds = median_seconds(appropriation_and_split, runs=args.runs, warmup=args.warmup)
    floor_seconds = median_seconds(floor, runs=args.runs, warmup=args.warmup)
    print(
        json.dumps(
            {
                "members": members,
                "work_records": work_records,
                "seconds": round(seconds, 3),
                "floor_seconds": round(floor_seconds, 3),
                "runs": args.runs,
                "database": connection.vendor,
            }
        )
    )


if __name__ == "__main__":
    main()
