"""A person holds one membership of a coop at a time, and each minute they work counts once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomoni.capital.appropriation import selectors as capital_selectors
from tomoni.core.errors import TomoniError
from tomoni.members import services
from tomoni.members.models import Membership, MembershipStatus, Person, WorkRecord
from tomoni.members.rules import overlapping_span, spans_overlap
from tomoni.testing import World

APRIL_1, APRIL_5, APRIL_10 = dt.date(2014, 4, 1), dt.date(2014, 4, 5), dt.date(2014, 4, 10)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


# The rule ----------------------------------------------------------------------------------------------------


def test_a_membership_ending_on_a_day_does_not_overlap_one_beginning_that_day() -> None:
    assert not spans_overlap(APRIL_1, APRIL_10, APRIL_10, None)
    assert not spans_overlap(APRIL_10, None, APRIL_1, APRIL_10)


def test_a_membership_beginning_a_day_before_the_other_ends_overlaps_it() -> None:
    assert spans_overlap(APRIL_1, APRIL_10, dt.date(2014, 4, 9), None)
    assert spans_overlap(APRIL_5, None, APRIL_1, APRIL_10)
    assert overlapping_span(APRIL_5, None, [(dt.date(2010, 1, 1), APRIL_1), (APRIL_1, APRIL_10)]) == (APRIL_1, APRIL_10)


def test_two_open_memberships_always_overlap() -> None:
    assert spans_overlap(APRIL_1, None, dt.date(2030, 1, 1), None)


days = st.dates(dt.date(2014, 1, 1), dt.date(2015, 12, 31))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=days,
    a_length=st.one_of(st.none(), st.integers(1, 400)),
    b=days,
    b_length=st.one_of(st.none(), st.integers(1, 400)),
)
def test_spans_overlap_exactly_when_they_share_a_day(
    a: dt.date, a_length: int | None, b: dt.date, b_length: int | None
) -> None:
    a_end = None if a_length is None else a + dt.timedelta(days=a_length)
    b_end = None if b_length is None else b + dt.timedelta(days=b_length)
    far = dt.date(2017, 1, 1)  # after every span that ends
    a_days = range(a.toordinal(), (a_end or far).toordinal())
    b_days = range(b.toordinal(), (b_end or far).toordinal())
    shared = range(max(a_days.start, b_days.start), min(a_days.stop, b_days.stop))

    assert spans_overlap(a, a_end, b, b_end) == (len(shared) > 0) == spans_overlap(b, b_end, a, a_end)


# The services ------------------------------------------------------------------------------------------------


def left_on_april_10(world: World) -> Person:
    """A member who joined on 1 April 2014 and withdrew on 10 April."""
    person = Person.objects.create(coop=world.cwc, family_name="重複", given_name="花子")
    membership = services.membership_create(
        actor=world.officer, person=person, kind="worker", member_number="C0000500", joined_on=APRIL_1
    )
    services.membership_end(actor=world.officer, membership=membership, left_on=APRIL_10, status="withdrawn")
    return person


@pytest.mark.django_db
def test_a_second_membership_from_5_april_over_one_ended_on_10_april_is_refused(world: World) -> None:
    person = left_on_april_10(world)

    with pytest.raises(TomoniError, match=r"member from .* until .*begins on or after") as refused:
        services.membership_create(
            actor=world.officer, person=person, kind="worker", member_number="C0000501", joined_on=APRIL_5
        )

    assert refused.value.field == "joined_on"
    assert Membership.objects.filter(person=person).count() == 1


@pytest.mark.django_db
def test_a_second_membership_from_the_day_the_first_ended_is_accepted(world: World) -> None:
    person = left_on_april_10(world)

    services.membership_create(
        actor=world.officer, person=person, kind="worker", member_number="C0000501", joined_on=APRIL_10
    )

    assert Membership.objects.filter(person=person).count() == 2


@pytest.mark.django_db
def test_a_membership_beginning_before_an_open_one_is_refused(world: World) -> None:
    with pytest.raises(TomoniError, match="already a member, since") as refused:
        services.membership_create(
            actor=world.officer, person=world.nara_person, kind="worker", member_number="C0000501",
            joined_on=dt.date(1999, 4, 1),
        )  # fmt: skip

    assert refused.value.field == "kind"


@pytest.mark.django_db
def test_ending_a_membership_later_so_that_it_runs_into_the_next_one_is_refused(world: World) -> None:
    person = left_on_april_10(world)
    services.membership_create(
        actor=world.officer, person=person, kind="worker", member_number="C0000501", joined_on=APRIL_10
    )
    first = Membership.objects.get(member_number="C0000500")

    with pytest.raises(TomoniError) as refused:
        services.membership_end(
            actor=world.officer, membership=first, left_on=dt.date(2014, 5, 1), status=MembershipStatus.WITHDRAWN
        )

    assert refused.value.field == "left_on"
    first.refresh_from_db()
    assert first.left_on == APRIL_10


@pytest.mark.django_db
def test_a_bulk_load_refuses_overlapping_memberships_in_its_rows_and_with_the_register(world: World) -> None:
    person = left_on_april_10(world)
    other = Person.objects.create(coop=world.cwc, family_name="一括", given_name="太郎")

    with pytest.raises(TomoniError, match="C0000502"):
        services.memberships_bulk_load(
            actor=None, coop=world.cwc, source="test",
            rows=[(person.pk, "worker", "C0000502", None, APRIL_5, None, "active")],
        )  # fmt: skip
    with pytest.raises(TomoniError, match="C0000504"):
        services.memberships_bulk_load(
            actor=None, coop=world.cwc, source="test",
            rows=[(other.pk, "worker", "C0000503", None, APRIL_1, APRIL_10, "withdrawn"),
                  (other.pk, "worker", "C0000504", None, APRIL_5, None, "active")],
        )  # fmt: skip

    assert not Membership.objects.filter(member_number__in=["C0000502", "C0000503", "C0000504"]).exists()


# The database ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_overlapping_memberships_written_past_the_services(world: World) -> None:
    person = left_on_april_10(world)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            coop=world.cwc, person=person, kind="worker", member_number="C0000501", joined_on=APRIL_5
        )
    later = Membership.objects.create(
        coop=world.cwc, person=person, kind="worker", member_number="C0000501", joined_on=APRIL_10
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=later.pk).update(joined_on=APRIL_5)


def drop_the_overlap_guard() -> None:
    """As a register loaded before the guard existed: the database accepts overlaps (undone with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before ALTER TABLE
            cursor.execute("ALTER TABLE members_membership DROP CONSTRAINT membership_spans_do_not_overlap")
        else:
            cursor.execute("DROP TRIGGER membership_spans_do_not_overlap_insert")


@pytest.mark.django_db
def test_the_dividend_counts_each_minute_once_even_over_overlapping_memberships(world: World) -> None:
    person = left_on_april_10(world)
    for day in range(1, 9):  # 600 minutes a day from 1 to 8 April: 4,800 minutes
        WorkRecord.objects.create(
            coop=world.cwc, person=person, centre=world.ajisai, business_line=world.care,
            worked_on=dt.date(2014, 4, day), worked_minutes=600,
        )  # fmt: skip
    drop_the_overlap_guard()
    Membership.objects.create(coop=world.cwc, person=person, kind="worker", member_number="C0000501", joined_on=APRIL_5)

    minutes = capital_selectors.member_minutes_in_year(coop=world.cwc, fiscal_year=2014)

    assert minutes[person.pk] == 4_800
