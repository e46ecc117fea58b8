"""Verify each coop's capital ledger hash chain and name the first broken link; exit 1 on a break."""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tomoni.capital.ledger.selectors import ledger_verify
from tomoni.federation.models import Coop


class Command(BaseCommand):
    help = "Walk every coop's capital ledger (or one, with --coop) and name the first broken link of its hash chain."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--coop", default="", help="the coop's code, e.g. cwc; all coops if omitted")
        parser.add_argument("--json", action="store_true", help="one JSON line per coop")

    def handle(self, *args: Any, **options: Any) -> None:
        coops = Coop.objects.order_by("code")
        if options["coop"]:
            coops = coops.filter(code=options["coop"])
            if not coops.exists():
                raise CommandError(f"No coop has the code {options['coop']!r}.")
        failed = False
        for coop in coops:
            started = time.perf_counter()
            report = ledger_verify(coop=coop)
            seconds = time.perf_counter() - started
            if options["json"]:
                line: dict[str, Any] = {"coop": coop.code, "entries": report.entries, "seconds": round(seconds, 3)}
                if report.broken is not None:
                    line["broken"] = {
                        "sequence": report.broken.sequence,
                        "entry_id": report.broken.entry_id,
                        "problem": report.broken.problem,
                    }
                self.stdout.write(json.dumps(line))
            elif report.broken is None:
                self.stdout.write(f"{coop.code}: {report.entries} entries, chain intact ({seconds:.2f} s)")
            else:
                b = report.broken
                self.stdout.write(f"{coop.code}: BROKEN at sequence {b.sequence} (entry id {b.entry_id}): {b.problem}")
            failed = failed or report.broken is not None
        if failed:
            sys.exit(1)
