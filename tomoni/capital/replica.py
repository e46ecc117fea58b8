"""The replica's capital: every worker member of every worker coop holds shares as of 31 March 2015.

Shares are of the coop's value (CWC ¥50,000). Most members hold 1 to 4 shares; most paid in one sum when
they joined; about one in seven pays by deduction from pay, ¥5,000 a month for at most a year from
joining, so some still owe part of their capital on 31 March 2015. No member is above the Art 9 cap.
Each coop's reserves carry an opening balance on 31 March 2014 (the end of FY2013). Everything goes
through the bulk services (one audit event a call), so every coop's chain is whole.
"""

from __future__ import annotations

import datetime as dt
import random

from tomoni.capital import rules
from tomoni.capital.ledger import services
from tomoni.capital.ledger.selectors import capital_settings_of
from tomoni.capital.models import PaymentMethod, ReserveKind
from tomoni.core.progress import Progress
from tomoni.federation.models import Coop, CoopKind, Federation, open_on
from tomoni.members.models import Membership, MembershipKind

AS_OF = dt.date(2015, 3, 31)
RESERVES_ON = dt.date(2014, 3, 31)
SHARE_WEIGHTS = ((1, 34), (2, 30), (3, 18), (4, 12), (5, 3), (6, 2), (10, 1))
INSTALMENT_SHARE = 7  # one member in seven pays by deduction from pay
INSTALMENT_YEN = 5_000
INSTALMENT_MONTHS = 12


def _month_days(first: dt.date, last: dt.date, months: int) -> list[dt.date]:
    """The 25th (pay day) of up to `months` months from `first`'s month, not after `last`."""
    days = []
    year, month = first.year, first.month
    for _ in range(months):
        day = dt.date(year, month, 25)
        if day > last:
            break
        if day >= first:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _within_cap(shares: dict[int, int], *, cap_percent: int, no_cap_up_to: int, minimum: int) -> None:
    """Lower the largest holdings a share at a time until no one is above the Art 9 cap."""
    if len(shares) <= no_cap_up_to:
        return
    while True:
        total = sum(shares.values())
        cap = rules.share_cap(
            total_shares=total,
            member_count=len(shares),
            cap_percent=cap_percent,
            exception_percent=cap_percent,
            no_cap_up_to_members=no_cap_up_to,
            general_meeting_approved=False,
        )
        largest = max(shares, key=lambda pid: (shares[pid], pid))
        if cap is None or shares[largest] <= cap or shares[largest] <= minimum:
            return
        shares[largest] -= 1


def coop_balances(coop: Coop) -> list[services.OpeningBalance]:
    """The opening capital of each worker member of a coop on AS_OF (deterministic per coop)."""
    settings = capital_settings_of(coop=coop)
    rng = random.Random(f"capital-{coop.code}")
    members = list(
        Membership.objects.filter(open_on(AS_OF, "joined_on", "left_on"), coop=coop, kind=MembershipKind.WORKER)
        .order_by("person_id")
        .values_list("person_id", "joined_on")
    )
    values, weights = zip(*SHARE_WEIGHTS, strict=True)
    shares = {pid: max(settings.minimum_shares, rng.choices(values, weights)[0]) for pid, _ in members}
    _within_cap(
        shares,
        cap_percent=settings.share_cap_percent,
        no_cap_up_to=settings.no_cap_up_to_members,
        minimum=settings.minimum_shares,
    )
    balances = []
    for person_id, joined_on in members:
        subscribed = shares[person_id] * settings.share_value_yen
        if rng.randrange(INSTALMENT_SHARE) == 0:
            days = _month_days(joined_on, AS_OF, INSTALMENT_MONTHS)
            amount = INSTALMENT_YEN
            payments: list[tuple[dt.date, int, str]] = []
            for day in days:
                if amount * (len(payments) + 1) > subscribed:
                    break
                payments.append((day, amount, PaymentMethod.PAYROLL.value))
            balances.append(
                services.OpeningBalance(
                    person_id=person_id,
                    shares=shares[person_id],
                    paid_yen=0,
                    effective_on=joined_on,
                    payment_method=PaymentMethod.PAYROLL,
                    instalments=tuple(payments),
                )
            )
        else:
            balances.append(
                services.OpeningBalance(
                    person_id=person_id, shares=shares[person_id], paid_yen=subscribed, effective_on=joined_on
                )
            )
    return balances


def load_into_replica(*, federation: Federation, scale: str, progress: Progress) -> dict[str, int]:
    """Capital for every worker member of every worker coop, and each coop's opening reserves."""
    progress.advance("capital")
    members = entries = 0
    coops = Coop.objects.filter(federation=federation, kind=CoopKind.WORKER_COOP).order_by("code")
    for coop in coops:
        balances = coop_balances(coop)
        if not balances:
            continue
        entries += services.capital_opening_balances_load(actor=None, coop=coop, balances=balances, source="replica")
        members += len(balances)
        paid = sum(b.paid_yen + sum(amount for _d, amount, _m in b.instalments) for b in balances)
        # Opening reserves at the end of FY2013: plausible shares of the paid-in capital, in whole yen.
        postings = [
            services.ReservePosting(ReserveKind.RESERVE_FUND, paid * 3 // 10),
            services.ReservePosting(ReserveKind.JOB_CREATION, paid // 20),
            services.ReservePosting(ReserveKind.EDUCATION, paid // 100),
        ]
        entries += len(
            services.capital_reserve_post(
                actor=None,
                coop=coop,
                postings=[p for p in postings if p.amount_yen],
                effective_on=RESERVES_ON,
                memo="FY2013 closing balances",
                reference="replica",
            )
        )
    counts = {"capital_members": members, "capital_entries": entries}
    # appropriation: CAP-APPROP adds its step here
    from tomoni.capital.appropriation.replica import appropriation_load

    counts |= appropriation_load(federation=federation)
    return counts
