"""The retention job deletes special-care records past their retention and anonymises closed files."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from tomoni.core.models import AuditEvent
from tomoni.inclusion import services
from tomoni.inclusion.models import Assessment, Consent, Goal, Participant, SupportPlan, SupportSession
from tomoni.inclusion.testing import START, caregiver_course, plan_for, trainee
from tomoni.testing import World


def _closed_case(world: World, closed_on: dt.date) -> Participant:
    participant = trainee(world, caregiver_course(world), world.member_person)
    plan_for(participant)
    services.assessment_record(actor=world.support, participant=participant, assessed_on=START, needs="通院")
    session = services.session_plan(actor=world.support, participant=participant, on_date=START)
    services.session_record(actor=world.support, session=session, status="held", note="体調を確認")
    return services.participant_close(actor=world.support, participant=participant, closed_on=closed_on)


def test_nothing_is_deleted_before_the_retention_has_passed(world: World) -> None:
    _closed_case(world, dt.date(2015, 3, 31))

    totals = services.retention_sweep(actor=None, today=dt.date(2020, 3, 30))

    assert not any(totals.values())
    assert Assessment.objects.exists() and SupportPlan.objects.exists()


def test_expired_records_are_deleted_and_the_file_anonymised_with_an_audit_event(world: World) -> None:
    participant = _closed_case(world, dt.date(2015, 3, 31))

    totals = services.retention_sweep(actor=None, today=dt.date(2020, 3, 31))

    assert totals == {"assessments": 1, "plans": 1, "session_notes": 1, "consents": 1, "anonymised": 1}
    assert not Assessment.objects.exists() and not Goal.objects.exists() and not SupportSession.objects.exists()
    assert not Consent.objects.exists()
    participant.refresh_from_db()
    assert participant.person_id is None and participant.anonymised_on == dt.date(2020, 3, 31)
    assert participant.started_on == START  # the milestones stay for the statistics
    event = AuditEvent.objects.get(action="inclusion.retention.swept")
    assert event.coop_id == world.cwc.pk and event.data["participants"] == [participant.pk]


def test_open_files_are_never_swept(world: World) -> None:
    trainee(world, caregiver_course(world))

    assert not any(services.retention_sweep(actor=None, today=dt.date(2099, 1, 1)).values())


def test_the_command_runs_the_sweep(world: World) -> None:
    _closed_case(world, dt.date(2015, 3, 31))  # today is years later

    call_command("inclusion_retention")

    assert Participant.objects.get().anonymised_on is not None
