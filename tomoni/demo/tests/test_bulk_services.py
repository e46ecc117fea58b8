"""The bulk services the replica writes with: one audit event per call, and no row of another coop."""

from __future__ import annotations

import datetime as dt

import pytest

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.members import services
from tomoni.members.models import LabourContract, Membership, Person, WorkRecord

DAY = dt.date(2014, 4, 1)


def person_row(family: str = "山田", given: str = "花子") -> services.PersonValues:
    return (family, given, "ヤマダ", "ハナコ", dt.date(1960, 1, 1), "", "", "", "")


def test_people_bulk_load_returns_their_ids_in_order_with_one_audit_event(world):
    events = AuditEvent.objects.count()
    ids = services.people_bulk_load(
        actor=None, coop=world.cwc, rows=[person_row(given=g) for g in ("一", "二", "三")], source="test"
    )
    assert [Person.objects.get(pk=i).given_name for i in ids] == ["一", "二", "三"]
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").data == {"rows": 3, "source": "test"}


def test_people_bulk_load_needs_names(world):
    with pytest.raises(TomoniError):
        services.people_bulk_load(actor=None, coop=world.cwc, rows=[person_row(given="")], source="test")


def test_an_officer_of_another_coop_may_not_bulk_load(world):
    with pytest.raises(TomoniError):
        services.people_bulk_load(actor=world.outsider, coop=world.cwc, rows=[person_row()], source="test")


def test_memberships_contracts_and_work_records_load_for_the_coops_own_people(world):
    (person_id,) = services.people_bulk_load(actor=world.officer, coop=world.cwc, rows=[person_row()], source="t")
    services.memberships_bulk_load(
        actor=world.officer,
        coop=world.cwc,
        rows=[(person_id, "worker", "C9000001", world.ajisai.pk, DAY, None, "active")],
        source="t",
    )
    services.labour_contracts_bulk_load(
        actor=world.officer, coop=world.cwc, rows=[(person_id, world.ajisai.pk, DAY, None, 1440)], source="t"
    )
    rows = ((person_id, world.ajisai.pk, world.care.pk, DAY + dt.timedelta(days=n), 360) for n in range(5))
    assert services.work_records_bulk_load(actor=world.officer, coop=world.cwc, rows=rows, source="t") == 5
    assert Membership.objects.get(person_id=person_id).member_number == "C9000001"
    assert LabourContract.objects.get(person_id=person_id).contracted_minutes_per_week == 1440
    records = WorkRecord.objects.filter(person_id=person_id).order_by("worked_on")
    assert [r.worked_on for r in records] == [DAY + dt.timedelta(days=n) for n in range(5)]
    assert all(r.coop_id == world.cwc.pk and r.worked_minutes == 360 for r in records)


def test_a_row_of_another_coops_person_or_centre_is_refused(world):
    with pytest.raises(TomoniError):
        services.memberships_bulk_load(
            actor=None,
            coop=world.cwc,
            rows=[(world.other_person.pk, "worker", "C9000002", None, DAY, None, "active")],
            source="t",
        )
    with pytest.raises(TomoniError):
        services.labour_contracts_bulk_load(
            actor=None,
            coop=world.cwc,
            rows=[(world.nara_person.pk, world.other_centre.pk, DAY, None, 1200)],
            source="t",
        )
    with pytest.raises(TomoniError):
        services.work_records_bulk_load(
            actor=None,
            coop=world.cwc,
            rows=[(world.other_person.pk, world.ajisai.pk, world.care.pk, DAY, 60)],
            source="t",
        )
    assert not WorkRecord.objects.filter(person=world.other_person).exists()


def test_bad_spans_and_minutes_are_refused_and_nothing_is_half_saved(world):
    before = WorkRecord.objects.count()
    rows = [
        (world.member_person.pk, world.ajisai.pk, world.care.pk, DAY, 60),
        (world.member_person.pk, world.ajisai.pk, world.care.pk, DAY + dt.timedelta(days=1), 0),
    ]
    with pytest.raises(TomoniError):
        services.work_records_bulk_load(actor=None, coop=world.cwc, rows=rows, source="t")
    assert WorkRecord.objects.count() == before
    with pytest.raises(TomoniError):
        services.labour_contracts_bulk_load(
            actor=None, coop=world.cwc, rows=[(world.nara_person.pk, world.west_nara.pk, DAY, DAY, 1200)], source="t"
        )
    with pytest.raises(TomoniError):
        services.labour_contracts_bulk_load(
            actor=None, coop=world.cwc, rows=[(world.nara_person.pk, world.west_nara.pk, DAY, None, 0)], source="t"
        )
