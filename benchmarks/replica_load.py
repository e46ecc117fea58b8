"""Time loading the JWCU replica into an empty SQLite database, against the floor.

The floor is a plain sqlite3 `executemany` of every row the load wrote, in every table it wrote
(the registry, people, memberships, contracts, work records, capital, governance, rosters, the audit
log …), into another freshly migrated database, timed in the same run: like with like. What the
load spends beyond the floor is planning, the services' checks and the roster solves. Run from the
project root:

    .venv/bin/python benchmarks/replica_load.py [--runs 3] [--scale small]

The last line printed is one JSON object: {"seconds": …, "cpu_seconds": …, "people": …, "work_records": …,
"floor_seconds": …, "floor_rows": …, "floor_tables": …} (medians over the runs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _tables(connection: sqlite3.Connection) -> list[str]:
    names = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in names)


def written_rows(loaded: Path, empty: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row the load added, by table: the rows of the loaded database beyond the migrated template's."""
    template = sqlite3.connect(empty)
    before = {
        table: template.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0 for table in _tables(template)
    }
    template.close()
    source = sqlite3.connect(loaded)
    rows = {
        table: source.execute(
            f'SELECT * FROM "{table}" WHERE rowid > ? ORDER BY rowid', (before.get(table, 0),)
        ).fetchall()
        for table in _tables(source)
    }
    source.close()
    return {table: values for table, values in rows.items() if values}


# Tables whose triggers check rows of another table, in the order the load writes them: a journal entry's lines
# before the entry (the entry's trigger checks they balance), and a month's closing after its entries (a
# closed month refuses entries). Every other table goes in before these, in name order.
TRIGGER_ORDER = ("operations_journalline", "operations_journalentry", "operations_closedperiod")


def _insert_order(table: str) -> tuple[int, str]:
    return (TRIGGER_ORDER.index(table) + 1 if table in TRIGGER_ORDER else 0, table)


def floor_seconds(rows: dict[str, list[tuple[object, ...]]], empty: Path) -> float:
    """Insert the same rows into the same tables of a migrated database with plain executemany, in one transaction."""
    from django.db.backends.sqlite3._functions import register

    target = sqlite3.connect(empty, isolation_level=None)
    # As Django's own connection: its SQL functions (used by some CHECK constraints) and foreign keys enforced.
    register(target)
    target.execute("PRAGMA foreign_keys = ON")
    started = time.perf_counter()
    target.execute("BEGIN")
    for table in sorted(rows, key=_insert_order):
        values = rows[table]
        placeholders = ", ".join("?" * len(values[0]))
        target.executemany(f'INSERT INTO "{table}" VALUES ({placeholders})', values)
    target.execute("COMMIT")
    seconds = time.perf_counter() - started
    target.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="loads to time; the medians are reported")
    parser.add_argument("--keep", action="store_true", help="keep the loaded database and say where it is")
    parser.add_argument("--scale", choices=("full", "small"), default="full", help="the replica's scale (full)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tomoni-replica-bench-"))
    database, template, floor_db = workdir / "replica.sqlite3", workdir / "empty.sqlite3", workdir / "floor.sqlite3"
    # The database must be chosen before Django is set up.
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tomoni.core.progress import Progress
    from tomoni.demo.replica import SCALES, ReplicaLoader, load_replica

    call_command("migrate", verbosity=0)
    connection.close()
    shutil.copy(database, template)

    loads: list[float] = []
    floors: list[float] = []
    # The load's own CPU time beside its wall time: on a machine shared with other work the wall time grows
    # with the load average, the CPU time much less, so the two together say how busy the machine was.
    cpus: list[float] = []
    people = work_records = floor_rows = floor_tables = 0
    for run in range(1, args.runs + 1):
        _remove_database(database)
        _remove_database(floor_db)
        shutil.copy(template, database)
        shutil.copy(template, floor_db)
        progress = Progress(
            ReplicaLoader.estimated_units(SCALES[args.scale], work_records=True), enabled=sys.stderr.isatty()
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        result = load_replica(scale=args.scale, work_records=True, progress=progress)
        loads.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
        connection.close()
        assert result.loaded, "the database was not empty"
        people, work_records = result.people, result.work_records
        rows = written_rows(database, template)
        floor_rows, floor_tables = sum(len(values) for values in rows.values()), len(rows)
        floors.append(floor_seconds(rows, floor_db))
        print(
            f"run {run}: load {loads[-1]:.1f} s ({cpus[-1]:.1f} s CPU), floor {floors[-1]:.1f} s "
            f"({floor_rows:,} rows in {floor_tables} tables; "
            f"{people:,} people, {result.memberships:,} memberships, {result.labour_contracts:,} contracts, "
            f"{work_records:,} work records)",
            file=sys.stderr,
        )
    if args.keep:
        print(f"loaded database kept at {database}", file=sys.stderr)
    else:
        shutil.rmtree(workdir)
    print(
        json.dumps(
            {
                "seconds": round(statistics.median(loads), 2),
                "cpu_seconds": round(statistics.median(cpus), 2),
                "people": people,
                "work_records": work_records,
                "floor_seconds": round(statistics.median(floors), 2),
                "floor_rows": floor_rows,
                "floor_tables": floor_tables,
                "scale": args.scale,
                "runs": len(loads),
            }
        )
    )


if __name__ == "__main__":
    main()
