"""audit_record: one append-only event per write or sensitive read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.models import AuditEvent
from tomoni.testing import World

MOMENT = dt.datetime(2015, 3, 31, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr(clock, "now", lambda: MOMENT)
    return MOMENT


def test_an_event_records_who_did_what_to_which_object_and_when(world: World, frozen_clock: dt.datetime) -> None:
    event = audit_record(
        actor=world.officer,
        action="members.person.updated",
        coop_id=world.cwc.pk,
        target=world.member_person,
        data={"fields": ["phone"]},
    )

    event.refresh_from_db()
    assert event.occurred_at == frozen_clock
    assert event.actor_id == world.officer.pk
    assert event.action == "members.person.updated"
    assert event.coop_id == world.cwc.pk
    assert (event.object_type, event.object_id) == ("members.person", str(world.member_person.pk))
    assert event.data == {"fields": ["phone"]}


def test_an_event_without_an_actor_or_target_is_a_system_event(world: World) -> None:
    event = audit_record(actor=None, action="members.work_records.imported", coop_id=world.cwc.pk)

    assert event.actor_id is None
    assert (event.object_type, event.object_id) == ("", "")
    assert event.data == {}


def test_an_anonymous_actor_is_recorded_as_no_one(world: World) -> None:
    event = audit_record(actor=AnonymousUser(), action="core.test")  # type: ignore[arg-type]

    assert event.actor_id is None


def test_the_time_comes_from_the_clock_seam_and_is_aware(world: World) -> None:
    event = audit_record(actor=world.officer, action="core.test")

    assert event.occurred_at.tzinfo is not None
    assert abs(clock.now() - event.occurred_at) < dt.timedelta(minutes=1)


def test_each_call_appends_exactly_one_event(world: World) -> None:
    before = AuditEvent.objects.count()
    audit_record(actor=world.officer, action="core.test")
    audit_record(actor=world.officer, action="core.test")

    assert AuditEvent.objects.count() == before + 2


def test_recording_an_event_costs_three_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Lock the chain's head, insert the event, advance the head (the head's first event also makes it)."""
    audit_record(actor=world.officer, action="core.test", target=world.cwc, data={"n": 0})
    with django_assert_num_queries(3):
        audit_record(actor=world.officer, action="core.test", target=world.cwc, data={"n": 1})


def test_events_are_kept_by_coop_and_time_for_the_auditors_log(world: World) -> None:
    audit_record(actor=world.officer, action="core.test", coop_id=world.cwc.pk)
    audit_record(actor=world.outsider, action="core.test", coop_id=world.other.pk)

    cwc_actors = AuditEvent.objects.filter(coop_id=world.cwc.pk).values_list("actor_id", flat=True)
    assert list(cwc_actors) == [world.officer.pk]
