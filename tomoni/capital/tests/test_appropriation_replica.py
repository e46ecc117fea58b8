"""The replica's FY2014 appropriation of CWC: drafted, approved and posted through the services."""

from __future__ import annotations

import pytest

from tomoni.capital.appropriation.replica import appropriation_load
from tomoni.capital.models import Appropriation, AppropriationStatus, DividendLine
from tomoni.testing import World

pytestmark = pytest.mark.django_db


def test_the_replica_posts_cwcs_fy2014_appropriation(world: World) -> None:
    counts = appropriation_load(federation=world.federation)

    appropriation = Appropriation.objects.get(coop=world.cwc, fiscal_year=2014)
    assert appropriation.status == AppropriationStatus.POSTED
    assert appropriation.dividend_pool_yen % 1_000 == 0
    assert appropriation.carried_forward_yen > 0
    assert appropriation.reserve_fund_yen >= appropriation.reserve_fund_min_yen
    lines = DividendLine.objects.filter(appropriation=appropriation)
    assert counts == {"appropriations": 1, "dividend_lines": lines.count()}
    assert sum(line.dividend_yen for line in lines) == appropriation.dividend_pool_yen
