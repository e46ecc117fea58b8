"""Verification of a 1,000,000-entry capital ledger: build it, then time `ledger_verify` over it.

Builds one coop's chain directly (bulk insert, every hash computed as the services compute it) in the
database DATABASE_URL names, or in a fresh SQLite file under the temp directory by default, migrates it
first, then walks the chain once as `manage.py capital_verify` does.

    .venv/bin/python benchmarks/ledger_verify.py [--entries 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tomoni_bench .venv/bin/python benchmarks/ledger_verify.py

The last line is one JSON object: {"entries": …, "seconds": …, "build_seconds": …, "database": …}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    path = Path(tempfile.gettempdir()) / "tomoni_ledger_verify.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tomoni.capital import rules  # noqa: E402
from tomoni.capital.ledger.selectors import ledger_verify  # noqa: E402
from tomoni.capital.models import CapitalChainHead, EntryKind, PaymentMethod  # noqa: E402
from tomoni.core import clock  # noqa: E402
from tomoni.federation.models import Coop, Federation  # noqa: E402
from tomoni.members.models import Person  # noqa: E402

CODE = "bench-ledger"
MEMBERS = 6_000
BATCH = 20_000


def build(entries: int) -> Coop:
    """A coop with MEMBERS people and a chain of `entries` entries: subscriptions, then instalments."""
    federation, _ = Federation.objects.get_or_create(code="bench", defaults={"name": "bench"})
    coop = Coop.objects.create(
        federation=federation, code=f"{CODE}-{int(time.time())}", name="bench", kind="worker_coop",
        legal_form="worker_coop_act", prefecture_code="13", joined_federation_on=dt.date(2000, 1, 1),
    )  # fmt: skip
    people = Person.objects.bulk_create(
        [Person(coop=coop, family_name="bench", given_name=str(i)) for i in range(MEMBERS)], batch_size=5000
    )
    person_ids = [p.pk for p in people]
    if person_ids[0] is None:  # a backend that returns no ids
        person_ids = list(Person.objects.filter(coop=coop).order_by("pk").values_list("pk", flat=True))
    recorded_at = clock.now()
    columns = ("coop_id", *rules.HASHED_FIELDS[1:], "prev_hash", "entry_hash")
    sql = "INSERT INTO capital_capitalentry ({}) VALUES ({})".format(
        ", ".join(columns), ", ".join(["%s"] * len(columns))
    )
    prev_hash, batch = rules.GENESIS_HASH, list[tuple[Any, ...]]()
    day = dt.date(2014, 4, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        for sequence in range(1, entries + 1):
            subscription = sequence <= MEMBERS
            values = (
                coop.pk, sequence, EntryKind.SUBSCRIPTION.value if subscription else EntryKind.PAYMENT.value,
                person_ids[sequence % MEMBERS], None, 1_000 if subscription else 0,
                50_000_000 if subscription else 0, 0 if subscription else 1_000, 0, "", 0,
                "" if subscription else PaymentMethod.PAYROLL.value, day + dt.timedelta(days=sequence // 10_000),
                recorded_at, None, "" if subscription else "給与天引き", "", None, None,
            )  # fmt: skip
            entry_hash = rules.entry_hash(values, prev_hash)
            batch.append((*values, prev_hash, entry_hash))
            prev_hash = entry_hash
            if len(batch) == BATCH:
                cursor.executemany(sql, [_adapt(row) for row in batch])
                batch = []
        cursor.executemany(sql, [_adapt(row) for row in batch])
        CapitalChainHead.objects.create(coop=coop, last_sequence=entries, last_hash=prev_hash)
    return coop


def _adapt(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values as Django would send them (SQLite stores the date and instant as text)."""
    values = list(row)
    values[12] = connection.ops.adapt_datefield_value(values[12])
    values[13] = connection.ops.adapt_datetimefield_value(values[13])
    return tuple(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    coop = build(args.entries)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE capital_capitalentry")
    started = time.perf_counter()
    report = ledger_verify(coop=coop)
    seconds = time.perf_counter() - started
    if report.broken is not None or report.entries != args.entries:
        print(f"benchmarks/ledger_verify.py: the chain did not verify: {report}", file=sys.stderr)
        sys.exit(1)
    print(
        json.dumps(
            {
                "entries": report.entries,
                "seconds": round(seconds, 3),
                "build_seconds": round(built, 1),
                "database": connection.vendor,
            }
        )
    )


if __name__ == "__main__":
    main()
