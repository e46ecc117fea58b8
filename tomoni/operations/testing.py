"""Test hooks of the operations context (see tomoni.testing.context_hooks)."""

from __future__ import annotations

import datetime as dt

from tomoni.operations import rules, services
from tomoni.testing import World

PUBLIC: set[str] = set()
OWN_ONLY: set[str] = {"operations:me"}
NOT_FOUND: set[str] = {"operations:federation_books"}
API_MEMBER_ROUTES: set[str] = {"api/v1/coops/<slug:code>/books/"}


def url_values(world: World) -> dict[str, object]:
    """CWC's books with one FY2014 entry at Ajisai, and the URL keywords naming them."""
    services.chart_install(actor=None, coop=world.cwc)
    services.journal_post(
        actor=None,
        coop=world.cwc,
        entry_on=dt.date(2014, 4, 30),
        lines=[rules.Line("1130", "ajisai", debit_yen=1_000), rules.Line("4110", "ajisai", credit_yen=1_000)],
    )
    return {
        "fiscal_year": 2014,
        "department": world.ajisai.code,
        "centre": world.ajisai.code,
        "software": "yayoi",
        "document": "documents.pdf",
        "template": "journal",
    }
