"""Benchmark of the books: P&L by centre, the federation dashboard and the year-end set, on the replica's books.

Usage (PostgreSQL, a database of its own; it is created empty, migrated and loaded):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tomoni_books_bench \
        python benchmarks/books.py --years 10 --daily-days 0

`--years` sets how many fiscal years of monthly accounts the replica posts (REPLICA_BOOKS_YEARS);
`--daily-days N` adds N days a year of daily sales entries for every CWC centre (two lines each), to
reach millions of journal lines. It prints the measures as JSON, last:
{"journal_lines": …, "pl_ms": …, "dashboard_ms": …, "year_end_s": …}
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--daily-days", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["REPLICA_BOOKS_YEARS"] = str(args.years)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tomoni.demo.replica import load_replica

    load_replica(scale="small", work_records=False)

    from tomoni.federation.models import Centre, Coop, Federation
    from tomoni.operations import rules, selectors, services, yearend
    from tomoni.operations.models import JournalLine

    cwc = Coop.objects.get(code="cwc")
    if args.daily_days:
        centres = list(Centre.objects.filter(coop=cwc).values_list("code", flat=True))
        first = 2015  # the replica's last fiscal year
        for year in range(first - args.years + 1, first + 1):
            batch = []
            for n in range(args.daily_days):
                day = dt.date(year, 4, 1) + dt.timedelta(days=n)
                if rules.period_of(day) < 201504:
                    continue  # months up to March 2015 are closed in the replica
                for code in centres:
                    batch.append(
                        services.EntryInput(
                            entry_on=day,
                            lines=[
                                rules.Line("1110", code, debit_yen=1_000),
                                rules.Line("4190", code, credit_yen=1_000),
                            ],
                        )
                    )
            for start in range(0, len(batch), 20_000):
                services.journal_post_many(
                    actor=None, coop=cwc, entries=batch[start : start + 20_000], source="replica"
                )
    lines = JournalLine.objects.count()
    federation = Federation.objects.get(code="jwcu")

    def measure(fn: object, runs: int) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    pl = measure(lambda: selectors.pl_by_department(coop=cwc, fiscal_year=2015), args.runs)
    dashboard = measure(lambda: selectors.federation_turnover(federation, 2015), args.runs)

    def year_end() -> None:
        data = yearend.year_end_set(coop=cwc, fiscal_year=2015)
        yearend.year_end_pdf(data)
        yearend.year_end_xlsx(data)

    year_end_s = measure(year_end, 1)
    print(
        json.dumps(
            {
                "journal_lines": lines,
                "pl_ms": round(pl * 1000, 1),
                "dashboard_ms": round(dashboard * 1000, 1),
                "year_end_s": round(year_end_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
