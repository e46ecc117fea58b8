"""Member numbers are unique in a coop without regard to case; the register refuses dates outside 1900–2100."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from tomoni.core.errors import TomoniError
from tomoni.members import services
from tomoni.members.models import Membership, Person, WorkRecord
from tomoni.members.rules import day_in_recorded_window
from tomoni.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def newcomer(world: World) -> Person:
    return Person.objects.create(coop=world.cwc, family_name="新人", given_name="花子")


def test_the_window_runs_from_1900_to_2100_both_included() -> None:
    assert day_in_recorded_window(dt.date(1900, 1, 1)) and day_in_recorded_window(dt.date(2100, 12, 31))
    assert not day_in_recorded_window(dt.date(1899, 12, 31)) and not day_in_recorded_window(dt.date(2101, 1, 1))


def test_a_member_number_differing_only_in_case_is_refused_by_the_service(world: World) -> None:
    with pytest.raises(TomoniError, match="c0000001 is already taken") as refused:
        services.membership_create(
            actor=world.officer, person=newcomer(world), kind="worker", member_number="c0000001",
            joined_on=dt.date(2015, 4, 1),
        )  # fmt: skip

    assert refused.value.field == "member_number"


def test_a_member_number_differing_only_in_case_is_refused_by_the_database(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            coop=world.cwc, person=newcomer(world), kind="worker", member_number="c0000001",
            joined_on=dt.date(2015, 4, 1),
        )  # fmt: skip


def test_the_same_number_in_another_coop_is_accepted(world: World) -> None:
    person = Person.objects.create(coop=world.other, family_name="他", given_name="人")
    services.membership_create(
        actor=world.outsider, person=person, kind="worker", member_number="c0000001", joined_on=dt.date(2015, 4, 1)
    )


def test_a_bulk_load_refuses_a_number_differing_only_in_case(world: World) -> None:
    with pytest.raises(TomoniError, match="already taken"):
        services.memberships_bulk_load(
            actor=None, coop=world.cwc, source="test",
            rows=[(newcomer(world).pk, "worker", "c0000002", None, dt.date(2015, 4, 1), None, "active")],
        )  # fmt: skip


def test_a_work_record_dated_0001_01_01_is_refused(world: World) -> None:
    with pytest.raises(TomoniError, match=r"between .*1900 and .*2100") as refused:
        services.work_record_create(
            actor=world.officer, person=world.member_person, centre=world.ajisai, business_line=world.care,
            worked_on=dt.date(1, 1, 1), worked_minutes=60,
        )  # fmt: skip

    assert refused.value.field == "worked_on"
    assert not WorkRecord.objects.filter(worked_on=dt.date(1, 1, 1)).exists()


def test_a_work_record_bulk_load_refuses_a_day_outside_the_window(world: World) -> None:
    with pytest.raises(TomoniError, match="between"):
        services.work_records_bulk_load(
            actor=None, coop=world.cwc, source="test",
            rows=[(world.member_person.pk, world.ajisai.pk, world.care.pk, dt.date(9999, 12, 31), 60)],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("write", "field"),
    [
        ("membership", "joined_on"),
        ("contract", "ended_on"),
        ("officer", "started_on"),
    ],
)
def test_memberships_contracts_and_terms_outside_the_window_are_refused(world: World, write: str, field: str) -> None:
    far = dt.date(9999, 12, 31)
    with pytest.raises(TomoniError) as refused:
        if write == "membership":
            services.membership_create(
                actor=world.officer, person=newcomer(world), kind="worker", member_number="C0000900", joined_on=far
            )
        elif write == "contract":
            services.labour_contract_create(
                actor=world.officer, person=world.member_person, centre=world.ajisai, started_on=dt.date(2015, 4, 1),
                ended_on=far, contracted_minutes_per_week=1200,
            )  # fmt: skip
        else:
            services.officer_term_create(
                actor=world.officer, person=world.member_person, role="director", started_on=dt.date(1, 1, 1)
            )

    assert refused.value.field == field
