"""The appropriation tests' world: CAP-LEDGER's test world plus a fiscal year of work and capital at CWC."""

from __future__ import annotations

import datetime as dt

import pytest

from tomoni.capital.appropriation import services
from tomoni.capital.models import Appropriation
from tomoni.capital.tests.factories import capital
from tomoni.members.models import Person, WorkRecord
from tomoni.testing import World

MEETING = dt.date(2015, 6, 20)


def work(world: World, person: Person, day: dt.date, minutes: int) -> None:
    WorkRecord.objects.create(
        coop=person.coop,
        person=person,
        centre=world.ajisai if person.coop_id == world.cwc.pk else world.other_centre,
        business_line=world.care if person.coop_id == world.cwc.pk else world.cleaning,
        worked_on=day,
        worked_minutes=minutes,
    )


@pytest.fixture(name="year")
def year_fixture(world: World) -> World:
    """FY2014 at CWC: Kobayashi works 240 + 360 minutes (and owes ¥70,000 of capital), Nara 1,200 minutes."""
    work(world, world.member_person, dt.date(2014, 4, 1), 360)  # plus the world's 240 on 2015-03-02
    work(world, world.nara_person, dt.date(2014, 10, 1), 600)
    work(world, world.nara_person, dt.date(2014, 10, 2), 600)
    capital(world.member_person, 2, 30_000, day=dt.date(2014, 4, 1))
    capital(world.nara_person, 1, day=dt.date(2014, 4, 1))
    return world


def draft(world: World, **kwargs: object) -> Appropriation:
    values: dict[str, object] = {
        "actor": world.officer,
        "coop": world.cwc,
        "fiscal_year": 2014,
        "surplus_yen": 1_000_000,
    }
    values.update(kwargs)
    return services.appropriation_draft(**values)  # type: ignore[arg-type]


def approved(world: World, **kwargs: object) -> Appropriation:
    appropriation = services.appropriation_propose(actor=world.officer, appropriation=draft(world, **kwargs))
    return services.appropriation_approve(
        actor=world.officer,
        appropriation=appropriation,
        meeting_held_on=MEETING,
        minutes_reference="第28回通常総会 議事録 第3号議案",
    )
