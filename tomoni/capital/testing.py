"""Test hooks of the capital context (see tomoni.testing.context_hooks).

The ledger's hooks are CAP-LEDGER's; the appropriation's come from tomoni.capital.appropriation.testing
(keep its call in url_values).
"""

from __future__ import annotations

import datetime as dt

from tomoni.capital.appropriation.testing import appropriation_url_values
from tomoni.capital.ledger import services
from tomoni.testing import World

# URLs without arguments: the member's own statement (an outsider sees their own, or a 404 without a
# person record), and the federation's capital by coop (federation staff only).
PUBLIC: set[str] = set()
OWN_ONLY: set[str] = {"capital:me", "capital:me_pdf", "api-me-capital"}
NOT_FOUND: set[str] = {"capital:federation", "api-federation-capital"}
API_MEMBER_ROUTES: set[str] = set()


def url_values(world: World) -> dict[str, object]:
    """The Ajisai member's capital (two shares, one paid) and the entry the reversal URL names."""
    day = dt.date(2015, 3, 31)
    subscription = services.capital_subscribe(actor=None, person=world.member_person, shares=2, effective_on=day)
    services.capital_pay(actor=None, person=world.member_person, amount_yen=50_000, method="lump_sum", effective_on=day)
    values: dict[str, object] = {"entry_id": subscription.pk}
    # The appropriation (CAP-APPROP): a posted FY2014 appropriation of CWC.
    values.update(appropriation_url_values(world))
    return values
