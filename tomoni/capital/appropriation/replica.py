"""The replica's FY2014 appropriation of CWC (CAP-APPROP), called from tomoni/capital/replica.py.

A plausible surplus for a coop with ¥19 billion of turnover and thin margins (about ¥15,800 a member);
the reserves at their minimums (Art 76), the dividend rounded down to whole thousands of yen with the
rest carried forward, the dividend split over the FY2014 work records (Art 77(2)), approved by the
delegate meeting (総代会: CWC has more than 200 members, Art 71) in June 2015 and posted, through the
services.
"""

from __future__ import annotations

import datetime as dt

from tomoni.capital import rules
from tomoni.capital.appropriation import services
from tomoni.capital.appropriation.selectors import member_minutes_in_year
from tomoni.capital.ledger.selectors import capital_settings_of
from tomoni.capital.models import DividendLine
from tomoni.federation.models import Coop, Federation

FISCAL_YEAR = 2014
# About ¥15,800 of surplus per member who worked: ¥95.2 million for CWC at full scale, less at the small one.
SURPLUS_PER_MEMBER_YEN = 15_800
MEETING = dt.date(2015, 6, 27)
MINUTES = "2015年6月27日 第28回通常総代会 議事録 第3号議案"


def appropriation_load(*, federation: Federation) -> dict[str, int]:
    """Draft, propose, approve and post CWC's FY2014 appropriation; counts for the replica's summary."""
    cwc = Coop.objects.filter(federation=federation, code="cwc").first()
    if cwc is None:
        return {}
    members = len(member_minutes_in_year(coop=cwc, fiscal_year=FISCAL_YEAR))
    if members == 0:
        return {}  # loaded without work records (`load_replica --no-work-records`): no dividend to split
    surplus = members * SURPLUS_PER_MEMBER_YEN // 1_000 * 1_000
    # The officers' arithmetic before drafting: the minimums, and the rest rounded down for the dividend.
    ledger = services.appropriation_defaults(coop=cwc, fiscal_year=FISCAL_YEAR)
    minimums = rules.appropriation_minimums(
        rules.AppropriationInputs(surplus_yen=surplus, carried_loss_yen=0, **ledger),
        services.appropriation_ratios(capital_settings_of(coop=cwc)),
    )
    appropriation = services.appropriation_draft(
        actor=None,
        coop=cwc,
        fiscal_year=FISCAL_YEAR,
        surplus_yen=surplus,
        carried_loss_yen=0,
        amounts={"dividend_pool_yen": minimums.dividend_max_yen - minimums.dividend_max_yen % 1_000},
        notes="従事分量配当は2014年度の従事記録(組合員であった日の従事時間)による。",
    )
    appropriation = services.appropriation_propose(actor=None, appropriation=appropriation)
    appropriation = services.appropriation_approve(
        actor=None, appropriation=appropriation, meeting_held_on=MEETING, minutes_reference=MINUTES
    )
    appropriation = services.appropriation_post(actor=None, appropriation=appropriation)
    return {
        "appropriations": 1,
        "dividend_lines": DividendLine.objects.filter(coop=cwc, appropriation=appropriation).count(),
    }
