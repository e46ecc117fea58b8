"""Server time of the registry pages with the full JWCU replica loaded.

Renders the published figures, the CWC coop page and the Ajisai centre page through Django's test
client, logged in as a CWC officer, N times each after a warm-up, and prints the median milliseconds.
The database is the one DATABASE_URL names (the demo's db.sqlite3 by default); load the replica into
it first (`manage.py load_replica`): this benchmark does not load it.

    DATABASE_URL=sqlite:////tmp/pages.sqlite3 .venv/bin/python benchmarks/pages.py

The last line is one JSON object: {"pages": {"figures": ms, "coop": ms, "centre": ms}, "database": …}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# WhiteNoise serves from the finders here; a missing collectstatic directory is not the benchmark's concern.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.utils import OperationalError, ProgrammingError  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from tomoni.core.models import Grant, Role, User  # noqa: E402
from tomoni.demo import personas  # noqa: E402
from tomoni.demo.selectors import replica_state  # noqa: E402
from tomoni.federation.models import Centre, Coop  # noqa: E402

BENCH_USERNAME = "bench-cwc-officer"
# The replica's records are of fiscal year 2014; the pages are read as of its last day.
AS_OF = "2015-03-31"
MONTH = "2015-03"


def fail(message: str) -> None:
    print(f"benchmarks/pages.py: {message}", file=sys.stderr)
    sys.exit(2)


def cwc_officer(cwc: Coop) -> User:
    """The demo's CWC officer if the replica made one, else a benchmark user with a coop-officer grant on CWC."""
    user = User.objects.filter(
        username=personas.USERNAMES[personas.CWC_OFFICER], grants__role=Role.COOP_OFFICER, grants__coop=cwc
    ).first()
    if user is not None:
        return user
    user, _created = User.objects.get_or_create(username=BENCH_USERNAME, defaults={"email": ""})
    Grant.objects.get_or_create(user=user, role=Role.COOP_OFFICER, coop=cwc)
    return user


def measure(client: Client, url: str, *, warmup: int, n: int) -> tuple[float, int]:
    """Median milliseconds of n GETs after warm-up, and the response size."""
    size = 0
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            fail(f"GET {url} answered {response.status_code}")
        size = len(response.content)
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            fail(f"GET {url} answered {response.status_code}")
    return statistics.median(timings), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="requests per page before timing (default 3)")
    parser.add_argument("--any-scale", action="store_true", help="accept a replica loaded at the small scale")
    args = parser.parse_args()

    database = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and not Path(str(database)).exists():
        fail(f"there is no SQLite database at {database!r}. Migrate it and load the replica first (see --help).")
    try:
        state = replica_state()
    except (OperationalError, ProgrammingError):
        state = None
    if state is None:
        fail(
            f"the JWCU replica is not loaded in the database {database!r}. Load it first: "
            "`.venv/bin/python manage.py migrate && .venv/bin/python manage.py load_replica` "
            "(with the same DATABASE_URL)."
        )
    assert state is not None
    if state.scale != "full" and not args.any_scale:
        fail(f"the replica in {database!r} is loaded at scale {state.scale or 'unknown'!r}, not 'full'.")
    cwc = Coop.objects.filter(federation=state.federation, directly_controlled=True).order_by("pk").first()
    if cwc is None:
        fail("the replica has no coop under the federation's direct control (CWC).")
    assert cwc is not None
    ajisai = Centre.objects.filter(coop=cwc, code="ajisai").first()
    if ajisai is None:
        fail("the replica has no Ajisai centre in CWC.")
    assert ajisai is not None

    client = Client()
    client.force_login(cwc_officer(cwc))
    pages = {
        "figures": f"{reverse('federation:figures')}?as_of={AS_OF}",
        "coop": f"{reverse('federation:coop', args=[cwc.code])}?as_of={AS_OF}",
        "centre": f"{reverse('federation:centre', args=[cwc.code, ajisai.code])}?month={MONTH}",
    }
    medians: dict[str, float] = {}
    for name, url in pages.items():
        median, size = measure(client, url, warmup=args.warmup, n=args.n)
        medians[name] = round(median, 1)
        print(f"{name:8} {url:45} median {median:7.1f} ms over {args.n} requests ({size:,} bytes)")
    print(json.dumps({"pages": medians, "database": connection.vendor}))


if __name__ == "__main__":
    main()
