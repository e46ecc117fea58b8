"""The federation's impact report over the replica plus ten generated years of programmes.

Loads the replica if the database has none (`--scale small` by default here, `--scale full` for the
whole JWCU replica; either way without work records, which the report does not read), then generates
ten years of programmes (FY2005-FY2014) across the federation's worker coops with at least
`--participants` participants (default 20,000) through the bulk service, unless they are there
already. Times `impact.federation_impact` (one grouped query over every participant with the
consent check) as the median of N runs after a warm-up, and counts its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tomoni_bench .venv/bin/python benchmarks/impact.py
    DATABASE_URL=sqlite:////tmp/impact.sqlite3 .venv/bin/python benchmarks/impact.py

The last line is one JSON object: {"participants": …, "seconds": …, "queries": …}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tomoni.core.models import Grant, Role, User  # noqa: E402
from tomoni.federation.models import Centre, Coop, Federation  # noqa: E402
from tomoni.inclusion import impact, services  # noqa: E402
from tomoni.inclusion.models import Participant  # noqa: E402
from tomoni.members import services as members_services  # noqa: E402

PREFIX = "bench-"
YEARS = range(2005, 2015)
KINDS = ("vocational", "job_readiness", "employment_support")
SOURCES = ("hello_work", "youth_support_station", "welfare_office", "family", "self")


def _generate(federation: Federation, wanted: int, rng: random.Random) -> None:
    """Ten years of programmes at the worker coops' centres, `wanted` participants over them, with their paths."""
    coops = list(Coop.objects.filter(federation=federation, kind="worker_coop").order_by("pk"))
    per_coop = wanted // len(coops) + 1
    for coop in coops:
        centres = list(Centre.objects.filter(coop=coop).order_by("pk")[:10])
        if not centres:
            continue
        with transaction.atomic():
            per_year = per_coop // len(YEARS) + 1
            people = members_services.people_bulk_load(
                actor=None,
                coop=coop,
                rows=[("研修", f"{i}", "ケンシュウ", "", None, "", "", "", "") for i in range(per_year * len(YEARS))],
                source="benchmark",
            )
            rows = []
            for index, year in enumerate(YEARS):
                centre = centres[index % len(centres)]
                programme = services.programme_create(
                    actor=None,
                    coop=coop,
                    code=f"{PREFIX}{year}",
                    name=f"{year}年度 就労支援",
                    kind=KINDS[index % len(KINDS)],
                    centres=[centre],
                    started_on=dt.date(year, 4, 1),
                    ended_on=dt.date(year + 1, 3, 31),
                )
                cohort = services.cohort_create(
                    actor=None,
                    programme=programme,
                    centre=centre,
                    code="1",
                    name=f"{year}年度 第1期",
                    starts_on=dt.date(year, 5, 1),
                    ends_on=dt.date(year, 8, 31),
                )
                for person_id in people[index * per_year : (index + 1) * per_year]:
                    started = rng.random() < 0.85
                    completed = started and rng.random() < 0.8
                    certified = completed and rng.random() < 0.75
                    placed = completed and rng.random() < 0.6
                    employed = placed and rng.random() < 0.8
                    rows.append(
                        services.PathValues(
                            person_id=person_id,
                            programme_id=programme.pk,
                            cohort_id=cohort.pk,
                            centre_id=centre.pk,
                            referral_source=rng.choice(SOURCES),
                            referred_on=dt.date(year, 4, 1) + dt.timedelta(days=rng.randrange(25)),
                            started_on=dt.date(year, 5, 1) if started else None,
                            completed_on=dt.date(year, 8, 31) if completed else None,
                            certified_on=dt.date(year, 9, 15) if certified else None,
                            certificate=("修了証", f"{year}-{person_id}") if certified else None,
                            placed_on=dt.date(year, 10, 1) if placed else None,
                            employed_on=dt.date(year, 12, 1) if employed else None,
                            member_on=dt.date(year + 1, 4, 1) if employed and rng.random() < 0.4 else None,
                            in_work_6m=(rng.random() < 0.85) if employed else None,
                            in_work_12m=(rng.random() < 0.75) if employed else None,
                            consents=(
                                ("support", dt.date(year, 4, 1), None),
                                ("statistics", dt.date(year, 4, 1), None),
                            ),
                        )
                    )
            services.participants_bulk_load(actor=None, coop=coop, rows=rows, source="benchmark")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--scale", choices=("small", "full"), default="small")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not Federation.objects.exists():
        print(f"benchmarks/impact.py: loading the {args.scale} replica first", file=sys.stderr)
        call_command("load_replica", scale=args.scale, no_work_records=True, no_progress=True, verbosity=0)
    federation = Federation.objects.order_by("pk").first()
    assert federation is not None
    if not Participant.objects.filter(programme__code__startswith=PREFIX).exists():
        print(f"benchmarks/impact.py: generating {args.participants:,} participants", file=sys.stderr)
        _generate(federation, args.participants, random.Random(20150331))
    staff, _ = User.objects.get_or_create(username="bench-federation-staff")
    Grant.objects.get_or_create(user=staff, role=Role.FEDERATION_STAFF, federation=federation)
    as_of = dt.date(2015, 3, 31)

    def report() -> impact.Impact:
        # A fresh user object each run: the grants are resolved again, as in a request.
        user = User.objects.get(pk=staff.pk)
        return impact.federation_impact(user=user, federation=federation, as_of=as_of)

    for _ in range(args.warmup):
        report()
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = report()
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        report()
    participants = Participant.objects.filter(coop__federation=federation).count()
    print(f"counted (consenting to statistics): {result.total.counts['referred']:,}", file=sys.stderr)
    print(
        json.dumps(
            {
                "participants": participants,
                "seconds": round(statistics.median(timings), 4),
                "queries": len(queries.captured_queries),
            }
        )
    )


if __name__ == "__main__":
    main()
