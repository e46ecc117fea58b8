"""Verify the audit log's hash chains and name the first broken link of each; exit 1 on a break.

Here rather than in core, which keeps the chains, because it names the coops by their codes."""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tomoni.core.audit import audit_chain_coop_ids, audit_verify
from tomoni.federation.models import Coop


class Command(BaseCommand):
    help = (
        "Walk the audit log's hash chains (every coop's and the platform's, or one coop's with --coop) and name "
        "the first broken link of each. The last hash of each chain is printed: kept elsewhere (the minutes of "
        "an audit), it shows later that nothing was rewritten before it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--coop", default="", help="the coop's code, e.g. cwc; every chain if omitted")
        parser.add_argument("--json", action="store_true", help="one JSON line per chain")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = dict(Coop.objects.values_list("pk", "code"))
        if options["coop"]:
            found = [pk for pk, code in codes.items() if code == options["coop"]]
            if not found:
                raise CommandError(f"No coop has the code {options['coop']!r}.")
            coop_ids: list[int | None] = list(found)
        else:
            coop_ids = audit_chain_coop_ids()
        failed = False
        for coop_id in coop_ids:
            started = time.perf_counter()
            reports = audit_verify(coop_id=coop_id)
            seconds = time.perf_counter() - started
            name = "(platform)" if coop_id is None else codes.get(coop_id, f"coop #{coop_id}")
            for report in reports:
                b = report.broken
                if options["json"]:
                    line: dict[str, Any] = {
                        "coop": name, "lane": report.lane, "events": report.events, "last_hash": report.last_hash,
                    }  # fmt: skip
                    if b is not None:
                        line["broken"] = {"sequence": b.sequence, "event_id": b.row_id, "problem": b.problem}
                    self.stdout.write(json.dumps(line))
                elif b is None:
                    self.stdout.write(
                        f"{name} lane {report.lane}: {report.events} events, chain intact, last hash {report.last_hash}"
                    )
                else:
                    self.stdout.write(
                        f"{name} lane {report.lane}: BROKEN at sequence {b.sequence} (event id {b.row_id}): {b.problem}"
                    )
                failed = failed or b is not None
            if not options["json"]:
                self.stdout.write(f"{name}: {len(reports)} chains verified ({seconds:.2f} s)")
        if failed:
            sys.exit(1)
