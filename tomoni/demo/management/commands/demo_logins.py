"""Print the demonstration logins: `manage.py demo_logins` (the last thing `make demo` shows)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tomoni.demo.personas import DEMO_PASSWORD
from tomoni.demo.selectors import persona_logins


class Command(BaseCommand):
    help = "Print the demonstration logins of the JWCU replica: role, username, email, password, what they see."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = persona_logins()
        if not any(login.exists for login in logins):
            self.stdout.write(_("No demonstration logins yet: run `manage.py load_replica` first."))
            return
        headers = [_("Role"), _("Username"), _("Email"), _("Password"), _("What they see")]
        rows = [
            [login.role, login.username, login.email, DEMO_PASSWORD, login.sees] for login in logins if login.exists
        ]
        widths = [max(_width(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
        self.stdout.write(self.style.MIGRATE_HEADING(_("Demonstration logins (log in with the username or the email)")))
        for row in [headers, *rows]:
            self.stdout.write("  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
