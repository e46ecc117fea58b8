"""Load the JWCU replica: `manage.py load_replica [--scale full|small] [--no-work-records]`."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tomoni.core.progress import Progress
from tomoni.demo.replica import SCALES, ReplicaLoader, load_replica


class Command(BaseCommand):
    help = "Load the JWCU replica (deterministic); does nothing if it is already loaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="full", help="full (default) or small (1/50)")
        parser.add_argument(
            "--no-work-records", action="store_true", help="skip the fiscal year of work records (faster)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        work_records = not options["no_work_records"]
        progress = Progress(
            ReplicaLoader.estimated_units(scale, work_records=work_records),
            stream=cast(TextIO, self.stderr._out),  # the raw stream: the bar redraws with \r
            enabled=not options["no_progress"] and options["verbosity"] > 0,
        )
        result = load_replica(scale=scale.name, work_records=work_records, progress=progress)
        if not result.loaded:
            if result.scale:
                message = _(
                    "The JWCU replica is already loaded (scale %(scale)s, %(people)s people, "
                    "%(work_records)s work records); nothing to do."
                ) % {"scale": result.scale, "people": f"{result.people:,}", "work_records": f"{result.work_records:,}"}
            else:
                message = _("A federation with the JWCU replica's code is already registered; nothing was loaded.")
            self.stdout.write(message)
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded the JWCU replica (scale %(scale)s) in %(seconds).1f s: %(people)s people, "
                    "%(memberships)s memberships, %(contracts)s labour contracts, %(work_records)s work records."
                )
                % {
                    "scale": result.scale,
                    "seconds": result.seconds,
                    "people": f"{result.people:,}",
                    "memberships": f"{result.memberships:,}",
                    "contracts": f"{result.labour_contracts:,}",
                    "work_records": f"{result.work_records:,}",
                }
            )
        )
