"""Test hooks of the appropriation (CAP-APPROP), called from tomoni/capital/testing.py's url_values.

The project-wide scope tests need one CWC appropriation every appropriation URL can name: FY2014,
posted (so the payment list exists), built from the test world's one FY2014 work record of the
Ajisai member through the services.
"""

from __future__ import annotations

import datetime as dt

from tomoni.capital.appropriation import services
from tomoni.testing import World

FISCAL_YEAR = 2014
MEETING = dt.date(2015, 6, 20)


def appropriation_url_values(world: World) -> dict[str, object]:
    """A posted FY2014 appropriation of CWC, and the URL keyword naming it."""
    appropriation = services.appropriation_draft(
        actor=None, coop=world.cwc, fiscal_year=FISCAL_YEAR, surplus_yen=1_000_000, carried_loss_yen=0
    )
    appropriation = services.appropriation_propose(actor=None, appropriation=appropriation)
    appropriation = services.appropriation_approve(
        actor=None, appropriation=appropriation, meeting_held_on=MEETING, minutes_reference="第28回通常総会 第3号議案"
    )
    services.appropriation_post(actor=None, appropriation=appropriation)
    return {"fiscal_year": FISCAL_YEAR}
