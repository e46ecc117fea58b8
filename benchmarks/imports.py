"""A 150,000-row member register import, through the same job and services as the import page.

Builds a coop with one centre in the database DATABASE_URL names, or in a fresh SQLite file under the temp
directory by default (migrated first), writes a people file of `--rows` members (CSV, UTF-8), then starts the
import job (the check: the preview) and confirms it (the check again, then the save in one transaction),
both as the background job runs them, and times each step. The issue it answers: 150,000 rows used to run
inside the request and hit the server's timeout.

    .venv/bin/python benchmarks/imports.py [--rows 150000]

The last line is one JSON object: {"rows": …, "seconds": …, "check_seconds": …, "save_seconds": …, …}.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["JOBS_IN_THREAD"] = "0"  # the job runs here, as a worker would, so it can be timed
if "DATABASE_URL" not in os.environ:
    path = Path(tempfile.gettempdir()) / "tomoni_imports.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tomoni.core import services as core_services  # noqa: E402
from tomoni.core.models import ImportStatus  # noqa: E402
from tomoni.federation.models import Centre, Coop, Federation  # noqa: E402
from tomoni.members.models import Membership  # noqa: E402


def build() -> Coop:
    federation, _ = Federation.objects.get_or_create(code="bench", defaults={"name": "bench"})
    coop = Coop.objects.create(
        federation=federation, code=f"bench-imports-{int(time.time())}", name="bench", kind="worker_coop",
        legal_form="worker_coop_act", prefecture_code="13", joined_federation_on=dt.date(2000, 1, 1),
    )  # fmt: skip
    Centre.objects.create(
        coop=coop, code="bench-centre", name="bench", prefecture_code="13", municipality="bench",
        opened_on=dt.date(2000, 1, 1),
    )  # fmt: skip
    return coop


def people_file(rows: int) -> bytes:
    lines = ["組合員番号,姓,名,セイ,メイ,生年月日,組合員種別,加入日,事業所コード"]
    for i in range(rows):
        born = f"{1940 + i % 60}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lines.append(f"B{i:07d},試験,{i},シケン,タロウ,{born},worker,2014-04-01,bench-centre")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=150_000)
    args = parser.parse_args()
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    coop = build()
    data = people_file(args.rows)
    setup_seconds = time.monotonic() - started

    moment = time.monotonic()
    job = core_services.import_job_start(
        actor=None, coop_id=coop.pk, kind="people", filename="bench.csv", data=data, language="ja"
    )
    job.refresh_from_db()
    check_seconds = time.monotonic() - moment
    if job.status != ImportStatus.CHECKED:
        raise SystemExit(f"the check refused the file: {job.file_error} {job.problems[:3]}")
    moment = time.monotonic()
    job = core_services.import_job_confirm(actor=None, job=job)
    job.refresh_from_db()
    save_seconds = time.monotonic() - moment
    saved = Membership.objects.filter(coop=coop).count()
    if job.status != ImportStatus.DONE or saved != args.rows:
        raise SystemExit(f"the import did not save every row: {job.status} {job.file_error} {saved}")
    print(
        json.dumps(
            {
                "rows": args.rows,
                "seconds": round(check_seconds + save_seconds, 1),
                "check_seconds": round(check_seconds, 1),
                "save_seconds": round(save_seconds, 1),
                "file_bytes": len(data),
                "setup_seconds": round(setup_seconds, 1),
                "database": connection.vendor,
            }
        )
    )


if __name__ == "__main__":
    main()
