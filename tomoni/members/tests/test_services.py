"""Writes to the member register: one audit event each, permission checked, bad input refused whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent, User
from tomoni.members import services
from tomoni.members.models import (
    LabourContract,
    Membership,
    OfficerTerm,
    Person,
    SpecialCareRecord,
    Volunteer,
    WorkRecord,
)
from tomoni.testing import World

DAY = dt.date(2015, 3, 3)
MODELS = (Person, Membership, OfficerTerm, LabourContract, WorkRecord, Volunteer, SpecialCareRecord, AuditEvent)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@contextmanager
def one_event(action: str, *, actor: User | None, coop_id: int) -> Iterator[None]:
    """The block writes exactly one audit event: this action, by this actor, in this coop."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    events = list(AuditEvent.objects.filter(pk__gt=last))
    assert [(e.action, e.actor_id, e.coop_id) for e in events] == [(action, actor.pk if actor else None, coop_id)]


@contextmanager
def refused(field: str | None = None) -> Iterator[None]:
    """The block raises TomoniError (naming `field` if given) and leaves nothing saved, audit log included."""
    before = counts()
    with pytest.raises(TomoniError) as caught:
        yield
    if field is not None:
        assert caught.value.field == field
        assert field in caught.value.errors
    assert counts() == before


def membership_of(person: Person) -> Membership:
    return Membership.objects.get(person=person, left_on__isnull=True)


def contract_of(person: Person) -> LabourContract:
    return LabourContract.objects.get(person=person)


# Every service writes one audit event ----------------------------------------------------------------


def test_creating_a_person_writes_one_event(world: World) -> None:
    with one_event("members.person.created", actor=world.officer, coop_id=world.cwc.pk):
        person = services.person_create(actor=world.officer, coop=world.cwc, family_name="山田", given_name="一郎")
    assert person.coop_id == world.cwc.pk


def test_a_centre_manager_registers_a_person_for_their_centre(world: World) -> None:
    with one_event("members.person.created", actor=world.manager, coop_id=world.cwc.pk):
        services.person_create(
            actor=world.manager, coop=world.cwc, centre=world.ajisai, family_name="松戸", given_name="花"
        )


def test_updating_a_person_writes_one_event_naming_the_fields(world: World) -> None:
    with one_event("members.person.updated", actor=world.manager, coop_id=world.cwc.pk):
        services.person_update(actor=world.manager, person=world.member_person, phone="047-000-0000")
    event = AuditEvent.objects.latest("pk")
    assert event.data == {"fields": ["phone"]}
    assert "047" not in str(event.data)  # the log names fields, not personal values


def test_an_update_that_changes_nothing_writes_nothing(world: World) -> None:
    before = counts()
    services.person_update(actor=world.officer, person=world.member_person, family_name="小林")
    assert counts() == before


def test_admitting_a_member_writes_one_event(world: World) -> None:
    person = Person.objects.create(coop=world.cwc, family_name="新", given_name="人")
    with one_event("members.membership.created", actor=world.officer, coop_id=world.cwc.pk):
        services.membership_create(
            actor=world.officer,
            person=person,
            kind="worker",
            member_number="C0000099",
            joined_on=DAY,
            centre=world.west_nara,
        )


def test_ending_a_membership_writes_one_event(world: World) -> None:
    with one_event("members.membership.ended", actor=world.manager, coop_id=world.cwc.pk):
        services.membership_end(
            actor=world.manager, membership=membership_of(world.member_person), left_on=DAY, status="withdrawn"
        )
    assert Membership.objects.get(person=world.member_person).status == "withdrawn"


def test_moving_a_member_writes_one_event(world: World) -> None:
    with one_event("members.membership.updated", actor=world.officer, coop_id=world.cwc.pk):
        services.membership_update(
            actor=world.officer, membership=membership_of(world.nara_person), centre=world.ajisai, kind="worker"
        )


def test_officer_terms_write_one_event_each(world: World) -> None:
    with one_event("members.officer_term.created", actor=world.officer, coop_id=world.cwc.pk):
        term = services.officer_term_create(
            actor=world.officer, person=world.member_person, role="director", started_on=DAY
        )
    with one_event("members.officer_term.ended", actor=world.officer, coop_id=world.cwc.pk):
        services.officer_term_end(actor=world.officer, term=term, ended_on=DAY + dt.timedelta(days=365))


def test_labour_contracts_write_one_event_each(world: World) -> None:
    person = Person.objects.create(coop=world.cwc, family_name="契約", given_name="者")
    with one_event("members.labour_contract.created", actor=world.manager, coop_id=world.cwc.pk):
        contract = services.labour_contract_create(
            actor=world.manager, person=person, centre=world.ajisai, started_on=DAY, contracted_minutes_per_week=1200
        )
    with one_event("members.labour_contract.updated", actor=world.manager, coop_id=world.cwc.pk):
        services.labour_contract_update(
            actor=world.manager,
            contract=contract,
            contracted_minutes_per_week=900,
            ended_on=DAY + dt.timedelta(days=30),
        )


def test_work_records_write_one_event_each(world: World) -> None:
    with one_event("members.work_record.created", actor=world.manager, coop_id=world.cwc.pk):
        record = services.work_record_create(
            actor=world.manager,
            person=world.member_person,
            centre=world.ajisai,
            business_line=world.care,
            worked_on=DAY,
            worked_minutes=480,
        )
    with one_event("members.work_record.updated", actor=world.manager, coop_id=world.cwc.pk):
        services.work_record_update(actor=world.manager, record=record, worked_minutes=420)
    assert AuditEvent.objects.latest("pk").data == {"worked_minutes": [480, 420]}


def test_a_bulk_of_work_records_writes_one_event(world: World) -> None:
    rows = [
        (world.nara_person.pk, world.west_nara.pk, world.cleaning.pk, DAY + dt.timedelta(days=i), 300) for i in range(7)
    ]
    with one_event("members.work_records.bulk_loaded", actor=world.officer, coop_id=world.cwc.pk):
        count = services.work_records_bulk_load(actor=world.officer, coop=world.cwc, rows=rows, source="test")
    assert count == 7


def test_registering_a_volunteer_writes_one_event(world: World) -> None:
    resident = Person.objects.create(coop=world.cwc, family_name="地域", given_name="住民")
    with one_event("members.volunteer.registered", actor=world.manager, coop_id=world.cwc.pk):
        services.volunteer_register(actor=world.manager, person=resident, centre=world.ajisai, started_on=DAY)


def test_recording_special_care_data_writes_one_event_naming_no_contents(world: World) -> None:
    with one_event("members.special_care.recorded", actor=world.support, coop_id=world.cwc.pk):
        services.special_care_record_add(
            actor=world.support,
            person=world.member_person,
            category="mental_disability",
            note="配慮事項",
            recorded_on=DAY,
        )
    event = AuditEvent.objects.latest("pk")
    assert "mental" not in str(event.data) and "配慮" not in str(event.data)


def test_a_bulk_of_special_care_records_writes_one_event(world: World) -> None:
    with one_event("members.special_care.imported", actor=None, coop_id=world.cwc.pk):
        services.special_care_records_bulk_create(
            actor=None, coop=world.cwc, items=[(world.member_person.pk, "mental_disability", "", DAY)]
        )


def test_a_bulk_of_special_care_records_is_refused_to_an_officer_without_the_grant(world: World) -> None:
    with pytest.raises(TomoniError):
        services.special_care_records_bulk_create(
            actor=world.officer, coop=world.cwc, items=[(world.member_person.pk, "mental_disability", "", DAY)]
        )
    assert not SpecialCareRecord.objects.exists()


def test_a_bulk_of_special_care_records_refuses_people_of_another_coop(world: World) -> None:
    with pytest.raises(ValueError):
        services.special_care_records_bulk_create(
            actor=None, coop=world.cwc, items=[(world.other_person.pk, "mental_disability", "", DAY)]
        )
    assert not SpecialCareRecord.objects.exists()


# Permissions --------------------------------------------------------------------------------------------

Write = Callable[[World, User], Any]


def write_person_in_coop(world: World, actor: User) -> Any:
    return services.person_create(actor=actor, coop=world.cwc, family_name="外", given_name="部")


def write_person_at_west_nara(world: World, actor: User) -> Any:
    return services.person_create(
        actor=actor, coop=world.cwc, centre=world.west_nara, family_name="外", given_name="部"
    )


def update_nara_person(world: World, actor: User) -> Any:
    return services.person_update(actor=actor, person=world.nara_person, phone="0742-00-0000")


def admit_at_west_nara(world: World, actor: User) -> Any:
    person = Person.objects.get(coop=world.cwc, family_name="新", given_name="人")
    return services.membership_create(
        actor=actor, person=person, kind="worker", member_number="C0000098", joined_on=DAY, centre=world.west_nara
    )


def end_nara_membership(world: World, actor: User) -> Any:
    return services.membership_end(
        actor=actor, membership=membership_of(world.nara_person), left_on=DAY, status="withdrawn"
    )


def take_nara_member_to_ajisai(world: World, actor: User) -> Any:
    return services.membership_update(actor=actor, membership=membership_of(world.nara_person), centre=world.ajisai)


def appoint_officer(world: World, actor: User) -> Any:
    return services.officer_term_create(actor=actor, person=world.member_person, role="director", started_on=DAY)


def contract_at_west_nara(world: World, actor: User) -> Any:
    return services.labour_contract_create(
        actor=actor, person=world.nara_person, centre=world.west_nara, started_on=DAY, contracted_minutes_per_week=600
    )


def update_nara_contract(world: World, actor: User) -> Any:
    return services.labour_contract_update(
        actor=actor, contract=contract_of(world.nara_person), contracted_minutes_per_week=600, ended_on=None
    )


def work_at_west_nara(world: World, actor: User) -> Any:
    return services.work_record_create(
        actor=actor,
        person=world.nara_person,
        centre=world.west_nara,
        business_line=world.cleaning,
        worked_on=DAY,
        worked_minutes=60,
    )


def update_ajisai_work(world: World, actor: User) -> Any:
    return services.work_record_update(
        actor=actor, record=WorkRecord.objects.get(person=world.member_person), worked_minutes=60
    )


def volunteer_at_west_nara(world: World, actor: User) -> Any:
    return services.volunteer_register(actor=actor, person=world.nara_person, centre=world.west_nara, started_on=DAY)


def bulk_work(world: World, actor: User) -> Any:
    rows = [(world.member_person.pk, world.ajisai.pk, world.care.pk, DAY, 60)]
    return services.work_records_bulk_load(actor=actor, coop=world.cwc, rows=rows, source="test")


def special_care_for_member(world: World, actor: User) -> Any:
    return services.special_care_record_add(actor=actor, person=world.member_person, category="other", recorded_on=DAY)


OUTSIDE_A_MANAGERS_CENTRE: list[Write] = [
    write_person_in_coop,
    write_person_at_west_nara,
    update_nara_person,
    admit_at_west_nara,
    end_nara_membership,
    take_nara_member_to_ajisai,
    appoint_officer,
    contract_at_west_nara,
    update_nara_contract,
    work_at_west_nara,
    volunteer_at_west_nara,
    bulk_work,
    special_care_for_member,
]
EVERY_WRITE: list[Write] = [*OUTSIDE_A_MANAGERS_CENTRE, update_ajisai_work]


@pytest.fixture
def newcomer(world: World) -> Person:
    """A person of CWC who is not yet a member."""
    return Person.objects.create(coop=world.cwc, family_name="新", given_name="人")


@pytest.mark.parametrize("write", OUTSIDE_A_MANAGERS_CENTRE, ids=lambda w: w.__name__)
def test_a_centre_manager_cannot_write_outside_their_centre(world: World, newcomer: Person, write: Write) -> None:
    with refused():
        write(world, world.manager)


@pytest.mark.parametrize("persona", ["auditor", "outsider", "staff", "member", "support"])
@pytest.mark.parametrize("write", EVERY_WRITE, ids=lambda w: w.__name__)
def test_only_writers_of_the_register_may_write_it(world: World, newcomer: Person, write: Write, persona: str) -> None:
    if persona == "support" and write is special_care_for_member:
        pytest.skip("support workers record special-care data: tested above")
    with refused():
        write(world, getattr(world, persona))


@pytest.mark.parametrize("write", EVERY_WRITE, ids=lambda w: w.__name__)
def test_an_officer_may_make_every_write_in_their_coop(world: World, newcomer: Person, write: Write) -> None:
    if write is special_care_for_member:
        with refused():  # special-care data is for support workers only, not officers
            write(world, world.officer)
        return
    write(world, world.officer)


def test_a_centre_manager_cannot_register_a_person_in_another_coop_through_their_centre(world: World) -> None:
    with refused():
        services.person_create(
            actor=world.manager, coop=world.other, centre=world.ajisai, family_name="越", given_name="境"
        )


def test_a_volunteer_of_another_coop_cannot_be_registered_at_a_centre(world: World) -> None:
    with refused():
        services.volunteer_register(actor=world.officer, person=world.other_person, centre=world.ajisai, started_on=DAY)


def test_an_officer_of_another_coop_cannot_touch_cwcs_people(world: World) -> None:
    with refused():
        services.person_update(actor=world.outsider, person=world.member_person, phone="06-0000-0000")
    with refused():
        services.special_care_record_add(
            actor=world.outsider, person=world.member_person, category="other", recorded_on=DAY
        )


# Bad input: a field-named TomoniError and nothing saved -------------------------------------------------


def test_a_person_without_a_name_is_refused(world: World) -> None:
    with refused("family_name"):
        services.person_create(actor=world.officer, coop=world.cwc, family_name="", given_name="一郎")


def test_blanking_a_persons_name_is_refused(world: World) -> None:
    with refused("family_name"):
        services.person_update(actor=world.officer, person=world.member_person, family_name="  ")
    world.member_person.refresh_from_db()
    assert world.member_person.family_name == "小林"


def test_a_duplicate_member_number_is_refused(world: World) -> None:
    person = Person.objects.create(coop=world.cwc, family_name="重複", given_name="番号")
    with refused("member_number"):
        services.membership_create(
            actor=world.officer, person=person, kind="worker", member_number="C0000001", joined_on=DAY
        )


def test_the_same_member_number_is_free_in_another_coop(world: World) -> None:
    person = Person.objects.create(coop=world.other, family_name="他", given_name="組合")
    services.membership_create(
        actor=world.outsider, person=person, kind="worker", member_number="C0000001", joined_on=DAY
    )


def test_a_second_open_membership_is_refused(world: World) -> None:
    with refused("kind"):
        services.membership_create(
            actor=world.officer, person=world.member_person, kind="worker", member_number="C0000050", joined_on=DAY
        )


def test_an_unknown_kind_of_membership_is_refused(world: World) -> None:
    person = Person.objects.create(coop=world.cwc, family_name="種別", given_name="不明")
    with refused("kind"):
        services.membership_create(
            actor=world.officer, person=person, kind="boss", member_number="C0000051", joined_on=DAY
        )


def test_a_membership_ending_on_or_before_it_began_is_refused(world: World) -> None:
    membership = membership_of(world.member_person)
    for left_on in (membership.joined_on, membership.joined_on - dt.timedelta(days=1)):
        with refused("left_on"):
            services.membership_end(actor=world.officer, membership=membership, left_on=left_on, status="withdrawn")
    membership.refresh_from_db()
    assert membership.left_on is None and membership.status == "active"


def test_ending_a_membership_needs_a_reason(world: World) -> None:
    for status in ("active", "on holiday"):
        with refused("status"):
            services.membership_end(
                actor=world.officer, membership=membership_of(world.member_person), left_on=DAY, status=status
            )


def test_an_officer_term_ending_before_it_began_is_refused(world: World) -> None:
    with refused("ended_on"):
        services.officer_term_create(
            actor=world.officer,
            person=world.member_person,
            role="director",
            started_on=DAY,
            ended_on=DAY - dt.timedelta(days=1),
        )


def test_an_unknown_office_is_refused(world: World) -> None:
    with refused("role"):
        services.officer_term_create(actor=world.officer, person=world.member_person, role="emperor", started_on=DAY)


def test_ending_a_term_on_the_day_it_began_is_refused(world: World) -> None:
    term = OfficerTerm.objects.get(person=world.nara_person)
    with refused("ended_on"):
        services.officer_term_end(actor=world.officer, term=term, ended_on=term.started_on)


def test_a_contract_ending_before_it_began_is_refused(world: World) -> None:
    with refused("ended_on"):
        services.labour_contract_create(
            actor=world.officer,
            person=world.nara_person,
            centre=world.west_nara,
            started_on=DAY,
            ended_on=DAY,
            contracted_minutes_per_week=600,
        )


@pytest.mark.parametrize("minutes", [0, -60, 7 * 24 * 60 + 1])
def test_contracted_minutes_out_of_range_are_refused(world: World, minutes: int) -> None:
    with refused("contracted_minutes_per_week"):
        services.labour_contract_create(
            actor=world.officer,
            person=world.nara_person,
            centre=world.west_nara,
            started_on=DAY,
            contracted_minutes_per_week=minutes,
        )
    with refused("contracted_minutes_per_week"):
        services.labour_contract_update(
            actor=world.officer,
            contract=contract_of(world.nara_person),
            contracted_minutes_per_week=minutes,
            ended_on=None,
        )


def test_a_contract_at_a_centre_of_another_coop_is_refused(world: World) -> None:
    with refused("centre"):
        services.labour_contract_create(
            actor=world.officer,
            person=world.other_person,
            centre=world.ajisai,
            started_on=DAY,
            contracted_minutes_per_week=600,
        )


@pytest.mark.parametrize("minutes", [0, -1, 24 * 60 + 1])
def test_minutes_worked_out_of_range_are_refused(world: World, minutes: int) -> None:
    with refused("worked_minutes"):
        services.work_record_create(
            actor=world.manager,
            person=world.member_person,
            centre=world.ajisai,
            business_line=world.care,
            worked_on=DAY,
            worked_minutes=minutes,
        )
    with refused("worked_minutes"):
        services.work_record_update(
            actor=world.manager, record=WorkRecord.objects.get(person=world.member_person), worked_minutes=minutes
        )


def test_a_whole_day_of_work_is_accepted(world: World) -> None:
    services.work_record_create(
        actor=world.manager,
        person=world.member_person,
        centre=world.ajisai,
        business_line=world.care,
        worked_on=DAY,
        worked_minutes=24 * 60,
    )


def test_a_second_record_of_the_same_day_is_refused(world: World) -> None:
    existing = WorkRecord.objects.get(person=world.member_person)
    with refused("worked_on"):
        services.work_record_create(
            actor=world.manager,
            person=world.member_person,
            centre=world.ajisai,
            business_line=world.care,
            worked_on=existing.worked_on,
            worked_minutes=60,
        )


def test_a_bulk_of_work_records_with_one_bad_row_saves_nothing(world: World) -> None:
    rows = [
        (world.nara_person.pk, world.west_nara.pk, world.cleaning.pk, DAY, 300),
        (world.other_person.pk, world.other_centre.pk, world.cleaning.pk, DAY, 300),
    ]
    with refused():
        services.work_records_bulk_load(actor=world.officer, coop=world.cwc, rows=rows, source="test")


def test_an_unknown_special_care_category_is_refused(world: World) -> None:
    with refused("category"):
        services.special_care_record_add(
            actor=world.support, person=world.member_person, category="rumour", recorded_on=DAY
        )


def test_registering_a_person_with_a_taken_member_number_saves_neither(world: World) -> None:
    with refused("member_number"):
        services.person_register(
            actor=world.officer,
            coop=world.cwc,
            member_number="C0000001",
            kind="worker",
            joined_on=DAY,
            family_name="二重",
            given_name="登録",
        )
