"""Time loading the full JWCU replica into an empty SQLite database, against the floor.

The floor is a plain sqlite3 `executemany` of the same rows (people, memberships, labour
contracts, work records) into the same tables of another freshly migrated database, timed in the
same run. Run from the project root:

    .venv/bin/python benchmarks/replica_load.py [--runs 3]

The last line printed is one JSON object:
{"seconds": …, "people": …, "work_records": …, "floor_seconds": …} (medians over the runs).
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
FLOOR_TABLES = ("members_person", "members_membership", "members_labourcontract", "members_workrecord")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def floor_seconds(loaded: Path, empty: Path) -> float:
    """Insert the loaded rows of FLOOR_TABLES into the empty migrated database with plain executemany."""
    source = sqlite3.connect(loaded)
    rows = {table: source.execute(f'SELECT * FROM "{table}"').fetchall() for table in FLOOR_TABLES}
    source.close()
    target = sqlite3.connect(empty, isolation_level=None)
    started = time.perf_counter()
    target.execute("BEGIN")
    for table, values in rows.items():
        if values:
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
    people = work_records = 0
    for run in range(1, args.runs + 1):
        _remove_database(database)
        _remove_database(floor_db)
        shutil.copy(template, database)
        shutil.copy(template, floor_db)
        progress = Progress(
            ReplicaLoader.estimated_units(SCALES["full"], work_records=True), enabled=sys.stderr.isatty()
        )
        started = time.perf_counter()
        result = load_replica(scale="full", work_records=True, progress=progress)
        loads.append(time.perf_counter() - started)
        connection.close()
        assert result.loaded, "the database was not empty"
        people, work_records = result.people, result.work_records
        floors.append(floor_seconds(database, floor_db))
        print(
            f"run {run}: load {loads[-1]:.1f} s, floor {floors[-1]:.1f} s "
            f"({people:,} people, {result.memberships:,} memberships, {result.labour_contracts:,} contracts, "
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
                "people": people,
                "work_records": work_records,
                "floor_seconds": round(statistics.median(floors), 2),
                "runs": len(loads),
            }
        )
    )


if __name__ == "__main__":
    main()
