"""The worked example of docs/capital.md ("Appropriation and dividend"), reproduced figure by figure.

Aoba Worker Co-op (あおば労協), fiscal year 2023 (April 2023 to March 2024), five worker members.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tomoni.capital.appropriation import services as appropriation_services
from tomoni.capital.ledger import services
from tomoni.capital.ledger.selectors import reserve_balances, unpaid_capital_by_person
from tomoni.capital.ledger.services import ReservePosting
from tomoni.capital.models import DividendLine, PaymentMethod, ReserveKind
from tomoni.core.errors import TomoniError
from tomoni.federation.models import BusinessLine, Centre, Coop
from tomoni.members.models import Membership, Person, WorkRecord
from tomoni.testing import World

pytestmark = pytest.mark.django_db

JOINED = dt.date(2020, 4, 1)
MEETING = dt.date(2024, 6, 22)

# member number, name, shares, paid (yen), minutes worked in FY2023
MEMBERS = [
    ("A001", "青葉 一郎", 6, 300_000, 54_000),
    ("A002", "青葉 二葉", 4, 200_000, 36_000),
    ("A003", "青葉 三郎", 4, 200_000, 36_000),
    ("A004", "青葉 四季", 4, 150_000, 18_000),
    ("A005", "青葉 五月", 2, 90_000, 0),
]


def build_aoba(world: World) -> tuple[Coop, dict[str, Person]]:
    coop = Coop.objects.create(
        federation=world.federation,
        code="aoba",
        name="あおば労協",
        kind="worker_coop",
        legal_form="worker_coop_act",
        prefecture_code="04",
        joined_federation_on=dt.date(2020, 4, 1),
    )
    centre = Centre.objects.create(
        coop=coop, code="aoba-1", name="あおば事業所", prefecture_code="04", municipality="仙台市", opened_on=JOINED
    )
    line = BusinessLine.objects.get(code="cleaning")
    people: dict[str, Person] = {}
    for number, name, shares, paid, minutes in MEMBERS:
        family, given = name.split()
        person = Person.objects.create(coop=coop, family_name=family, given_name=given)
        Membership.objects.create(coop=coop, person=person, kind="worker", member_number=number, joined_on=JOINED)
        services.capital_subscribe(actor=None, person=person, shares=shares, effective_on=JOINED)
        services.capital_pay(
            actor=None, person=person, amount_yen=paid, method=PaymentMethod.LUMP_SUM, effective_on=JOINED
        )
        # 240 minutes a day from 3 April 2023 on, as many days as the year's minutes need.
        WorkRecord.objects.bulk_create(
            WorkRecord(
                coop=coop,
                person=person,
                centre=centre,
                business_line=line,
                worked_on=dt.date(2023, 4, 3) + dt.timedelta(days=day),
                worked_minutes=240,
            )
            for day in range(minutes // 240)
        )
        people[number] = person
    # The reserve fund holds ¥400,000 from earlier years.
    services.capital_reserve_post(
        actor=None,
        coop=coop,
        postings=[ReservePosting(reserve_kind=ReserveKind.RESERVE_FUND, amount_yen=400_000)],
        effective_on=dt.date(2023, 6, 24),
    )
    return coop, people


def test_the_worked_example_of_the_docs(world: World) -> None:
    coop, people = build_aoba(world)

    # Step 1: the inputs. Surplus ¥1,234,567; losses carried forward ¥234,560. From the ledger at the
    # year end: reserve fund ¥400,000; total capital 20 shares × ¥50,000 = ¥1,000,000.
    appropriation = appropriation_services.appropriation_draft(
        actor=None,
        coop=coop,
        fiscal_year=2023,
        surplus_yen=1_234_567,
        carried_loss_yen=234_560,
    )
    assert appropriation.reserve_balance_yen == 400_000
    assert appropriation.total_capital_yen == 1_000_000

    # Step 2: losses first (Art 77(1)).
    assert appropriation.loss_covered_yen == 234_560
    assert appropriation.carried_loss_after_yen == 0
    assert appropriation.surplus_after_losses_yen == 1_000_007

    # Step 3: the minimums (Art 76), rounded up to whole yen.
    assert appropriation.reserve_target_yen == 500_000  # 1/2 × ¥1,000,000
    assert appropriation.reserve_fund_min_yen == 100_000  # 1/10 = ¥100,000.7 → ¥100,001, capped at the ¥100,000 gap
    assert appropriation.job_creation_min_yen == 50_001  # 1/20 = ¥50,000.35 → ¥50,001
    assert appropriation.education_min_yen == 50_001  # likewise
    assert appropriation.dividend_pool_yen == 800_005  # the first draft: everything else as dividend

    # Step 4: the officers' proposal, above the minimums for job creation.
    below = {"reserve_fund_yen": 100_000, "job_creation_yen": 50_000}
    with pytest.raises(TomoniError, match=re.escape(appropriation_services.article_text("76(4)"))):
        appropriation_services.appropriation_revise(actor=None, appropriation=appropriation, amounts=below)
    appropriation = appropriation_services.appropriation_revise(
        actor=None,
        appropriation=appropriation,
        amounts={
            "reserve_fund_yen": 100_000,
            "job_creation_yen": 60_000,
            "education_yen": 50_001,
            "dividend_pool_yen": 790_002,
        },
    )
    assert appropriation.carried_forward_yen == 4

    # Step 5: the general meeting approves; posting splits the pool and sets off unpaid capital.
    appropriation = appropriation_services.appropriation_propose(actor=None, appropriation=appropriation)
    appropriation = appropriation_services.appropriation_approve(
        actor=None, appropriation=appropriation, meeting_held_on=MEETING, minutes_reference="第4回通常総会 第2号議案"
    )
    assert unpaid_capital_by_person(coop=coop, as_of=MEETING) == {
        people["A004"].pk: 50_000,
        people["A005"].pk: 10_000,
    }
    appropriation = appropriation_services.appropriation_post(actor=None, appropriation=appropriation)

    lines = {
        line.member_number: (line.worked_minutes, line.dividend_yen, line.set_off_yen, line.payable_yen)
        for line in DividendLine.objects.filter(appropriation=appropriation)
    }
    # 790,002 × 54,000/144,000 = 296,250.75; × 36,000/144,000 = 197,500.5 (twice); × 18,000/144,000 = 98,750.25.
    # Whole yen: 296,250 + 197,500 + 197,500 + 98,750 = 790,000; 2 yen left over go to the largest remainders:
    # A001 (0.75), then A002 and A003 tie (0.5) and the smaller member number, A002, takes it.
    assert lines == {
        "A001": (54_000, 296_251, 0, 296_251),
        "A002": (36_000, 197_501, 0, 197_501),
        "A003": (36_000, 197_500, 0, 197_500),
        "A004": (18_000, 98_750, 50_000, 48_750),  # ¥50,000 unpaid capital set off first (Art 78)
    }
    # A005 worked no minutes: no dividend, no line, and her ¥10,000 unpaid stays unpaid.
    assert sum(dividend for _m, dividend, _s, _p in lines.values()) == 790_002
    assert reserve_balances(coop=coop, as_of=MEETING) == {
        ReserveKind.RESERVE_FUND: 500_000,
        ReserveKind.JOB_CREATION: 60_000,
        ReserveKind.EDUCATION: 50_001,
    }
    assert unpaid_capital_by_person(coop=coop, as_of=MEETING) == {people["A005"].pk: 10_000}
