"""Delete or anonymise work-integration records past their retention (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tomoni.inclusion.services import retention_sweep


class Command(BaseCommand):
    help = "Delete special-care records past their retention and anonymise closed participant files."

    def handle(self, *args: Any, **options: Any) -> None:
        totals = retention_sweep(actor=None)
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in totals.items()))
