"""Benchmark of the books: CWC's P&L by centre, the federation dashboard and CWC's year-end set, on PostgreSQL.

Usage (PostgreSQL, a database of its own: it is migrated and the replica loaded into it if it is empty):

    createdb -h 127.0.0.1 -U postgres tomoni_books_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tomoni_books_bench \
        python benchmarks/books.py --years 10 --lines 10000000

The replica posts `--years` fiscal years of monthly accounts for every centre of every coop (about 0.5
million lines for ten years). The rest, up to `--lines` journal lines in all, is CWC's daily business of the
same ten years (takings and purchases of each centre, two lines an entry), written with bulk SQL
(INSERT … SELECT over generate_series), not the ORM: one statement for the entries of a chunk, one for its
lines. The bulk writer runs with `session_replication_role = replica`, which skips the journal's
triggers (the replica has closed those months; the triggers would check 5 million entries one by one), so
afterwards the benchmark checks with one query that every written entry balances and has its two lines,
and fails if one does not. The monthly summaries are then rebuilt from the lines by the job
`services.summaries_rebuild` (the pages read only the summaries), and the tables analysed.

Measured (median of `--runs`): CWC's P&L by centre and month for FY2015 (`selectors.pl_by_department`),
the federation dashboard for FY2015 (`selectors.federation_dashboard`: each coop's turnover and surplus,
the month-by-month turnover), and the whole year-end set for CWC (the documents, their PDF and Excel).
It prints the measures as JSON, last:
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CHUNK = 1_000_000  # entries per bulk statement (two million lines)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bulk_daily_entries(*, coop_id: int, entries: int, first_day: dt.date, last_day: dt.date) -> tuple[int, int]:
    """Write `entries` balanced two-line entries for the coop's centres, spread evenly over the days; return the
    first and last entry id written."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id FROM operations_department d WHERE d.coop_id = %s AND d.centre_id IS NOT NULL ORDER BY d.id",
            [coop_id],
        )
        departments = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT code, id FROM operations_account WHERE coop_id = %s AND code IN ('1110', '4190', '5130')",
            [coop_id],
        )
        account = dict(cursor.fetchall())
    days = (last_day - first_day).days + 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT nextval('operations_journal_entry_id_seq')")
        first_id = int(cursor.fetchone()[0])
        cursor.execute("SELECT setval('operations_journal_entry_id_seq', %s)", [first_id + entries])
        cursor.execute("SELECT last_number FROM operations_journalhead WHERE coop_id = %s FOR UPDATE", [coop_id])
        first_number = int(cursor.fetchone()[0]) + 1
        cursor.execute(
            "UPDATE operations_journalhead SET last_number = %s WHERE coop_id = %s",
            [first_number + entries - 1, coop_id],
        )
        for start in range(0, entries, CHUNK):
            count = min(CHUNK, entries - start)
            cursor.execute("DROP TABLE IF EXISTS bench_entries")
            # i-th entry: its day (spread evenly), its centre (round robin), takings (even i) or purchases (odd i)
            cursor.execute(
                "CREATE TEMP TABLE bench_entries ON COMMIT DROP AS "
                "SELECT i, %s::bigint + i AS id, %s::bigint + i AS number, d AS entry_on, "
                "(extract(year FROM d) * 100 + extract(month FROM d))::int AS period, "
                "(extract(year FROM d) - CASE WHEN extract(month FROM d) < 4 THEN 1 ELSE 0 END)::int AS fiscal_year, "
                "(%s::int[])[1 + i %% %s] AS department_id, 1000 + (i %% 97) * 10 AS amount "
                "FROM (SELECT i, %s::date + (i * %s / %s)::int AS d FROM generate_series(%s::bigint, %s::bigint) i) g",
                [
                    first_id,
                    first_number,
                    departments,
                    len(departments),
                    first_day,
                    days,
                    entries,
                    start,
                    start + count - 1,
                ],
            )
            cursor.execute(
                "INSERT INTO operations_journalline "
                "(entry_id, coop_id, period, account_id, department_id, debit_yen, credit_yen, memo) "
                "SELECT e.id, %s, e.period, "
                "CASE WHEN s.side = 0 THEN (CASE WHEN e.i %% 2 = 0 THEN %s ELSE %s END) "
                "ELSE (CASE WHEN e.i %% 2 = 0 THEN %s ELSE %s END) END, "
                "e.department_id, CASE WHEN s.side = 0 THEN e.amount ELSE 0 END, "
                "CASE WHEN s.side = 1 THEN e.amount ELSE 0 END, '' "
                "FROM bench_entries e CROSS JOIN (VALUES (0), (1)) s(side)",
                [coop_id, account["1110"], account["5130"], account["4190"], account["1110"]],
            )
            cursor.execute(
                "INSERT INTO operations_journalentry (id, coop_id, number, entry_on, period, fiscal_year, memo, "
                "source, reverses_id, line_count, total_yen, recorded_at, actor_id) "
                "SELECT id, %s, number, entry_on, period, fiscal_year, "
                "CASE WHEN i %% 2 = 0 THEN 'takings' ELSE 'purchases' END, 'replica', NULL, 2, amount, now(), NULL "
                "FROM bench_entries",
                [coop_id],
            )
            _say(f"  {start + count:,} of {entries:,} entries written")
    return first_id, first_id + entries - 1


def unbalanced_entries(first_id: int, last_id: int) -> int:
    """How many of the written entries do not balance or lack a line (the triggers' check, done once)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM operations_journalentry e LEFT JOIN ("
            " SELECT entry_id, sum(debit_yen) d, sum(credit_yen) c, count(*) n FROM operations_journalline"
            " WHERE entry_id BETWEEN %s AND %s GROUP BY entry_id) l ON l.entry_id = e.id "
            "WHERE e.id BETWEEN %s AND %s AND (l.entry_id IS NULL OR l.d <> e.total_yen OR l.c <> e.total_yen"
            " OR l.n <> e.line_count)",
            [first_id, last_id, first_id, last_id],
        )
        return int(cursor.fetchone()[0])


def measure(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10, help="fiscal years of the replica's books (to FY2015)")
    parser.add_argument("--lines", type=int, default=10_000_000, help="journal lines in all, at least")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["REPLICA_BOOKS_YEARS"] = str(args.years)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("benchmarks/books.py runs on PostgreSQL: set DATABASE_URL to a database of its own.")
    call_command("migrate", verbosity=0)
    from tomoni.demo.replica import load_replica

    started = time.perf_counter()
    loaded = load_replica(scale="small", work_records=False)
    _say(f"replica {'loaded' if loaded.loaded else 'already there'} in {time.perf_counter() - started:.0f} s")

    from tomoni.federation.models import Coop, Federation
    from tomoni.operations import selectors, services, yearend
    from tomoni.operations.models import JournalLine

    cwc = Coop.objects.get(code="cwc")
    federation = Federation.objects.get(code="jwcu")
    have = JournalLine.objects.count()
    if have < args.lines:
        entries = (args.lines - have + 1) // 2
        _say(f"writing {entries:,} entries ({2 * entries:,} lines) for CWC with bulk SQL")
        started = time.perf_counter()
        first, last = bulk_daily_entries(
            coop_id=cwc.pk,
            entries=entries,
            first_day=dt.date(2015 - args.years + 1, 4, 1),
            last_day=dt.date(2016, 3, 31),
        )
        _say(f"written in {time.perf_counter() - started:.0f} s; checking that every entry balances")
        wrong = unbalanced_entries(first, last)
        if wrong:
            sys.exit(f"{wrong} written entries do not balance")
        started = time.perf_counter()
        rows = services.summaries_rebuild(actor=None, coop=cwc)
        _say(f"CWC's monthly summaries rebuilt ({rows:,} rows) in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            # The rebuild deleted and rewrote the summaries: vacuum them, or the dead rows stay in their indexes
            # and every page scans them.
            cursor.execute("VACUUM ANALYZE operations_monthlysummary")
            cursor.execute("ANALYZE")
    lines = JournalLine.objects.count()

    pl = measure(lambda: selectors.pl_by_department(coop=cwc, fiscal_year=2015), args.runs)
    dashboard = measure(lambda: selectors.federation_dashboard(federation=federation, fiscal_year=2015), args.runs)

    def year_end() -> None:
        data = yearend.year_end_set(coop=cwc, fiscal_year=2015)
        yearend.year_end_pdf(data)
        yearend.year_end_xlsx(data)

    year_end_s = measure(year_end, max(1, min(args.runs, 3)))
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
