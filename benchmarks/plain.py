"""What plain Japanese (やさしい日本語, furigana) adds to the server time of a member page.

Renders "my page", "my capital" and "my shifts" through Django's test client as the Ajisai worker member of the
replica, N times each in Japanese and N times in plain Japanese, after a warm-up, and prints the median
milliseconds of each and the difference. The analyser is loaded before timing (once per process, as a server
does). "cold" is the first plain view of each page with the readings cache emptied; "warm" the median after it.
The database is the one DATABASE_URL names, with the replica loaded (`manage.py load_replica`).

    DATABASE_URL=sqlite:////tmp/plain.sqlite3 .venv/bin/python benchmarks/plain.py --runs 30

The last line is one JSON object: the median milliseconds of a member page in Japanese ("ja_ms") and in plain
Japanese ("plain_ms") over every page and run, the difference ("added_ms"), the replica's scale and size, and the
same figures per page: {"ja_ms": …, "plain_ms": …, "added_ms": …, "scale": "full", "people": …, "pages": {…}}.
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
from typing import NoReturn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from tomoni.core.models import User  # noqa: E402
from tomoni.demo import personas  # noqa: E402
from tomoni.demo.selectors import replica_state  # noqa: E402
from tomoni.preferences import furigana  # noqa: E402
from tomoni.preferences.models import PLAIN_JAPANESE  # noqa: E402
from tomoni.preferences.selectors import SESSION_KEY  # noqa: E402

PAGES = ["/me/", "/me/capital/", "/me/roster/"]


def fail(message: str) -> NoReturn:
    print(f"benchmarks/plain.py: {message}", file=sys.stderr)
    sys.exit(2)


def client_in(user: User, language: str) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = {"language": language, "large_text": False, "high_contrast": False}
    session.save()
    return client


def timed(client: Client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        fail(f"{path} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    member = User.objects.filter(username=personas.USERNAMES[personas.AJISAI_MEMBER]).first()
    state = replica_state()
    if member is None or state is None:
        fail("the replica is not loaded: run `manage.py load_replica` into DATABASE_URL first")
    furigana.tokenizer()  # loaded once per process, before the first request, as in a server
    japanese, plain = client_in(member, "ja"), client_in(member, PLAIN_JAPANESE)
    results: dict[str, dict[str, float]] = {}
    all_ja: list[float] = []
    all_plain: list[float] = []
    for path in PAGES:
        for _ in range(3):
            timed(japanese, path)
        furigana.annotate.cache_clear()
        cold = timed(plain, path)
        ja_times = [timed(japanese, path) for _ in range(args.runs)]
        plain_times = [timed(plain, path) for _ in range(args.runs)]
        all_ja += ja_times
        all_plain += plain_times
        ja_ms, plain_ms = statistics.median(ja_times), statistics.median(plain_times)
        results[path] = {
            "ja": round(ja_ms, 2),
            "plain": round(plain_ms, 2),
            "added": round(plain_ms - ja_ms, 2),
            "cold_added": round(cold - ja_ms, 2),
        }
        print(
            f"{path:16} ja {ja_ms:7.2f} ms  plain {plain_ms:7.2f} ms  added {plain_ms - ja_ms:6.2f} ms  "
            f"(cold {cold - ja_ms:6.2f} ms)"
        )
    ja_ms, plain_ms = statistics.median(all_ja), statistics.median(all_plain)
    database = os.environ.get("DATABASE_URL", "sqlite (default)")
    summary = {
        "ja_ms": round(ja_ms, 2),
        "plain_ms": round(plain_ms, 2),
        "added_ms": round(plain_ms - ja_ms, 2),
        "scale": state.scale,
        "people": int(state.summary.get("people", 0)),
        "work_records": int(state.summary.get("work_records", 0)),
        "runs": args.runs,
        "database": database.split("://", 1)[0],
        "pages": results,
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
