"""Helpers for the capital tests: members with capital, and a ledger built through the services."""

from __future__ import annotations

import datetime as dt

from tomoni.capital.ledger import services
from tomoni.capital.models import PaymentMethod
from tomoni.federation.models import Coop
from tomoni.members.models import Membership, Person

JOINED = dt.date(2010, 4, 1)
DAY = dt.date(2015, 3, 31)


def member(coop: Coop, number: str, *, family: str = "組合", given: str = "員", joined: dt.date = JOINED) -> Person:
    """A worker member of a coop (no centre)."""
    person = Person.objects.create(coop=coop, family_name=family, given_name=given)
    Membership.objects.create(coop=coop, person=person, kind="worker", member_number=number, joined_on=joined)
    return person


def capital(person: Person, shares: int, paid_yen: int | None = None, *, day: dt.date = DAY) -> None:
    """Subscribe shares and pay (all, unless paid_yen says otherwise) as a system job."""
    entry = services.capital_subscribe(actor=None, person=person, shares=shares, effective_on=day)
    paid = entry.subscribed_yen if paid_yen is None else paid_yen
    if paid:
        services.capital_pay(
            actor=None, person=person, amount_yen=paid, method=PaymentMethod.LUMP_SUM, effective_on=day
        )
