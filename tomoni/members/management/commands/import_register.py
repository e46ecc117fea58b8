"""Import people or work records of one coop from a CSV or .xlsx file, all or nothing (as the import page does)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.federation.models import Coop
from tomoni.members import imports, services


class Command(BaseCommand):
    help = "Import people (with memberships) or work records of a coop from CSV or .xlsx; all rows or none."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--coop", required=True, help="the coop's code, e.g. cwc")
        parser.add_argument("--kind", required=True, choices=sorted(imports.KINDS), help="what the file holds")
        parser.add_argument(
            "--as-user",
            default="",
            help="username to act as (checked against their grants and named in the audit log); "
            "without it the import runs as a trusted system job",
        )
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        coop = Coop.objects.filter(code=options["coop"]).first()
        if coop is None:
            raise CommandError(f"No coop has the code {options['coop']!r}.")
        actor: User | None = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"No user is named {options['as_user']!r}.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            checked = imports.check_file(actor=actor, coop=coop, kind=options["kind"], data=data, filename=path.name)
        except imports.ImportFileError as error:
            raise CommandError(error.message) from None
        if not checked.ok:
            for problem in checked.errors:
                column = imports.column_label(checked.kind, problem.column) if problem.column else "-"
                self.stderr.write(f"Row {problem.row}, column '{column}' ({problem.column}): {problem.message}")
            raise CommandError(
                f"{checked.rows_with_errors} rows have problems ({len(checked.errors)} in all); nothing was imported."
            )
        try:
            if checked.kind == "people":
                saved = services.people_import(actor=actor, coop=coop, rows=checked.rows, source=path.name)
            else:
                saved = services.work_records_import(actor=actor, coop=coop, rows=checked.rows, source=path.name)
        except TomoniError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {saved} {checked.kind.replace('_', ' ')} into {coop.code}."))
