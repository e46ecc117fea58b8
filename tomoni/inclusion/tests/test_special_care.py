"""Special-care data: encrypted at rest, read only on need-to-know, every read in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tomoni.core.models import AuditEvent, Grant, Role
from tomoni.inclusion import selectors, services
from tomoni.inclusion.models import Assessment, Goal, SupportPlan
from tomoni.inclusion.testing import START, caregiver_course, plan_for, trainee
from tomoni.testing import World, make_user


@pytest.fixture
def case(world: World) -> tuple[World, int]:
    participant = trainee(world, caregiver_course(world), world.member_person)
    plan_for(participant)
    services.assessment_record(
        actor=world.support, participant=participant, assessed_on=START, health="統合失調症で通院中", disability="精神"
    )
    return world, participant.pk


def test_special_care_fields_are_not_stored_in_clear(case: tuple[World, int]) -> None:
    assessment = Assessment.objects.get()
    plan = SupportPlan.objects.get()

    assert "統合失調症".encode() not in bytes(assessment.payload_encrypted)
    assert "介護の仕事".encode() not in bytes(plan.payload_encrypted)
    assert all("研修".encode() not in bytes(g.payload_encrypted) for g in Goal.objects.all())


def test_the_caseworker_reads_the_file_and_the_read_is_logged(case: tuple[World, int]) -> None:
    world, participant_id = case

    file = selectors.case_file(user=world.support, coop=world.cwc, participant_id=participant_id)

    assert file.assessments[0][1]["health"] == "統合失調症で通院中"
    assert file.current_plan is not None and file.current_plan.wishes == "介護の仕事で自立したい"
    event = AuditEvent.objects.filter(action="inclusion.file.viewed").get()
    assert event.actor == world.support and event.data["reason"] == "caseworker"


def test_the_participant_reads_their_own_plan_and_the_read_is_logged(case: tuple[World, int]) -> None:
    world, _ = case

    files = selectors.my_files(user=world.member)

    assert files[0].current_plan is not None
    assert AuditEvent.objects.filter(action="inclusion.file.viewed", actor=world.member).count() == 1


@pytest.mark.parametrize("who", ["officer", "auditor", "manager", "staff", "outsider"])
def test_those_without_need_to_know_get_a_404_and_nothing_is_decrypted(case: tuple[World, int], who: str) -> None:
    world, participant_id = case
    user = getattr(world, who)

    with pytest.raises(Http404):
        selectors.case_file(user=user, coop=world.cwc, participant_id=participant_id)
    assert not AuditEvent.objects.filter(action="inclusion.file.viewed").exists()


def test_another_support_worker_of_the_centre_without_the_case_gets_a_404(case: tuple[World, int]) -> None:
    world, participant_id = case
    colleague = make_user("colleague")
    Grant.objects.create(user=colleague, role=Role.SUPPORT_WORKER, coop=world.cwc, centre=world.ajisai)

    with pytest.raises(Http404):
        selectors.case_file(user=colleague, coop=world.cwc, participant_id=participant_id)


def test_a_manager_of_another_centre_does_not_see_even_the_register_side(case: tuple[World, int]) -> None:
    world, participant_id = case
    nara_manager = make_user("nara-manager")
    Grant.objects.create(user=nara_manager, role=Role.CENTRE_MANAGER, coop=world.cwc, centre=world.west_nara)

    with pytest.raises(Http404):
        selectors.participant_get(user=nara_manager, coop=world.cwc, participant_id=participant_id)
    with pytest.raises(Http404):
        selectors.case_file(user=nara_manager, coop=world.cwc, participant_id=participant_id)


def test_a_caseworker_whose_assignment_ended_loses_access(case: tuple[World, int]) -> None:
    world, participant_id = case
    assignment = world.support.caseloads.get()
    services.caseworker_end(actor=world.manager, caseworker=assignment, ended_on=dt.date(2015, 1, 1))

    with pytest.raises(Http404):
        selectors.case_file(user=world.support, coop=world.cwc, participant_id=participant_id)


def test_the_centre_manager_cannot_write_special_care_records(case: tuple[World, int]) -> None:
    world, participant_id = case
    participant = selectors.participant_get(user=world.manager, coop=world.cwc, participant_id=participant_id)

    with pytest.raises(services.TomoniError):
        services.assessment_record(actor=world.manager, participant=participant, assessed_on=START, health="x")


def test_audit_events_never_carry_special_care_content(case: tuple[World, int]) -> None:
    world, participant_id = case
    selectors.case_file(user=world.support, coop=world.cwc, participant_id=participant_id)

    logged = " ".join(str(e.data) for e in AuditEvent.objects.all())

    assert "統合失調症" not in logged and "介護の仕事で" not in logged
