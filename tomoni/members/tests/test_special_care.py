"""Special-care personal information (要配慮個人情報): encrypted, read by support workers only, every read logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent, Grant, Role, User
from tomoni.members import services
from tomoni.members.models import Membership, Person, SpecialCareRecord
from tomoni.members.selectors import centre_summary, special_care_for
from tomoni.testing import World, make_user

DAY = dt.date(2015, 3, 1)
NOTE = "幻聴があり、午前のみの勤務を希望"


@pytest.fixture
def recorded(world: World) -> SpecialCareRecord:
    return services.special_care_record_add(
        actor=world.support, person=world.member_person, category="mental_disability", note=NOTE, recorded_on=DAY
    )


def viewed_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="members.special_care.viewed").order_by("pk"))


def stored_payloads() -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT payload_encrypted FROM "{SpecialCareRecord._meta.db_table}"')  # noqa: S608
        return [bytes(row[0]) for row in cursor.fetchall()]


def test_the_stored_payload_is_encrypted(recorded: SpecialCareRecord) -> None:
    (payload,) = stored_payloads()

    assert payload
    for plain in ("mental_disability", "mental", NOTE, "幻聴", "category", "note"):
        assert plain.encode() not in payload


def test_the_person_record_holds_nothing_of_it(world: World, recorded: SpecialCareRecord) -> None:
    values = Person.objects.filter(pk=world.member_person.pk).values().get()

    assert not any("mental" in str(value) or "幻聴" in str(value) for value in values.values())


def test_the_ajisai_support_worker_reads_the_records_of_an_ajisai_member(
    world: World, recorded: SpecialCareRecord
) -> None:
    records = special_care_for(user=world.support, person=world.member_person)

    assert records == [{"recorded_on": DAY, "category": "mental_disability", "note": NOTE}]


def test_every_read_is_logged_naming_reader_and_person_but_not_the_contents(
    world: World, recorded: SpecialCareRecord
) -> None:
    special_care_for(user=world.support, person=world.member_person)
    special_care_for(user=world.support, person=world.member_person)

    events = viewed_events()
    assert len(events) == 2
    for event in events:
        assert event.actor_id == world.support.pk
        assert event.coop_id == world.cwc.pk
        assert (event.object_type, event.object_id) == ("members.person", str(world.member_person.pk))
        assert event.data == {"records": [recorded.pk]}
        assert "mental" not in str(event.data) and "幻聴" not in str(event.data)


def test_a_read_of_someone_with_no_records_is_logged_too(world: World) -> None:
    assert special_care_for(user=world.support, person=world.member_person) == []
    assert len(viewed_events()) == 1


@pytest.mark.parametrize("persona", ["officer", "auditor", "manager", "member", "staff", "outsider"])
def test_no_one_but_the_support_worker_reads_it_and_refusals_read_nothing(
    world: World, recorded: SpecialCareRecord, persona: str
) -> None:
    user: User = getattr(world, persona)

    assert special_care_for(user=user, person=world.member_person) is None
    assert viewed_events() == []


def test_the_ajisai_support_worker_reads_nothing_of_a_west_nara_member(world: World) -> None:
    services.special_care_record_add(
        actor=None, person=world.nara_person, category="mental_disability", note="", recorded_on=DAY
    )

    assert special_care_for(user=world.support, person=world.nara_person) is None
    assert viewed_events() == []


def test_a_support_worker_granted_on_the_coop_reads_across_it(world: World) -> None:
    services.special_care_record_add(
        actor=None, person=world.nara_person, category="social_participation", note="", recorded_on=DAY
    )
    coop_support = make_user("coop-support")
    Grant.objects.create(user=coop_support, role=Role.SUPPORT_WORKER, coop=world.cwc)

    records = special_care_for(user=coop_support, person=world.nara_person)
    assert records is not None and [r["category"] for r in records] == ["social_participation"]
    assert special_care_for(user=coop_support, person=world.other_person) is None


def test_the_support_worker_may_record_for_their_centre_only(world: World) -> None:
    with pytest.raises(TomoniError):
        services.special_care_record_add(
            actor=world.support, person=world.nara_person, category="other", recorded_on=DAY
        )
    assert not SpecialCareRecord.objects.filter(person=world.nara_person).exists()


# The centre summary: counts only ------------------------------------------------------------------------


def ajisai_member(world: World, number: str, *, born: dt.date | None = None) -> Person:
    person = Person.objects.create(coop=world.cwc, family_name="会員", given_name=number, birth_date=born)
    Membership.objects.create(
        coop=world.cwc, person=person, kind="worker", member_number=number, centre=world.ajisai, joined_on=DAY
    )
    return person


def test_the_centre_summary_counts_members_with_mental_or_social_difficulties(world: World) -> None:
    second = ajisai_member(world, "C0000010")
    physical = ajisai_member(world, "C0000011")
    for person, category in [
        (world.member_person, "mental_disability"),
        (world.member_person, "social_participation"),  # the same person twice counts once
        (second, "social_participation"),
        (physical, "physical_disability"),  # not a mental or social difficulty
        (world.nara_person, "mental_disability"),  # a member of another centre
    ]:
        services.special_care_record_add(actor=None, person=person, category=category, recorded_on=DAY)

    summary = centre_summary(centre=world.ajisai, as_of=dt.date(2015, 3, 31))

    assert summary.special_care_mental_or_social == 2
    assert len(summary.members) == 3


def test_the_centre_summary_exposes_only_counts(world: World, recorded: SpecialCareRecord) -> None:
    summary = centre_summary(centre=world.ajisai, as_of=dt.date(2015, 3, 31))

    assert isinstance(summary.special_care_mental_or_social, int)
    text = repr(summary).replace("special_care_mental_or_social=", "")  # the count's own name aside
    assert "mental" not in text and "幻聴" not in text and "payload" not in text
    for membership in summary.members:
        assert not hasattr(membership.person, "_prefetched_objects_cache") or (
            "special_care_records" not in membership.person._prefetched_objects_cache
        )


def test_counting_is_not_a_read_of_anyones_record(world: World, recorded: SpecialCareRecord) -> None:
    centre_summary(centre=world.ajisai, as_of=dt.date(2015, 3, 31))

    assert viewed_events() == []


def test_the_centre_summary_counts_members_aged_60_or_over_on_the_day(world: World) -> None:
    ajisai_member(world, "C0000020", born=dt.date(1955, 3, 31))  # 60 on 2015-03-31
    ajisai_member(world, "C0000021", born=dt.date(1955, 4, 1))  # 59 until the next day

    summary = centre_summary(centre=world.ajisai, as_of=dt.date(2015, 3, 31))

    # member_person, born 1950, is 64.
    assert summary.aged_60_or_over == 2
