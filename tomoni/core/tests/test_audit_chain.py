"""The audit log is hash-chained as the capital ledger is: `verify_audit` names an event altered, removed or
emptied behind the triggers' back (the triggers dropped, as only the tables' owner can)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tomoni.core import chain
from tomoni.core.audit import AUDIT_LANES, audit_lane, audit_record, audit_verify
from tomoni.core.db import append_only_sql
from tomoni.core.models import AuditChainHead, AuditEvent
from tomoni.testing import World

pytestmark = pytest.mark.django_db
TABLE = "core_auditevent"


def _events(world: World) -> list[AuditEvent]:
    """Five events of the coop by one officer (one chain), one by another actor, one of the platform."""
    for n in range(5):
        audit_record(actor=world.officer, action="members.person.updated", coop_id=world.cwc.pk,
                     target=world.member_person, data={"n": n, "名前": "山田|1:2", "fields": ["a", "b"]})  # fmt: skip
    audit_record(actor=world.member, action="governance.vote.cast", coop_id=world.cwc.pk, data={"person": 1})
    audit_record(actor=None, action="core.platform.note", data={})
    return list(AuditEvent.objects.filter(coop_id=world.cwc.pk, lane=audit_lane(world.officer.pk)).order_by("sequence"))


def _without_triggers(sql: str, params: list[Any]) -> None:
    create, drop = append_only_sql(connection.vendor, TABLE)
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in create:
            cursor.execute(statement)


def _broken(world: World) -> list[chain.Break]:
    return [r.broken for r in audit_verify(coop_id=world.cwc.pk) if r.broken is not None]


def test_each_event_carries_the_hash_of_the_one_before_it_in_its_chain(world: World) -> None:
    events = _events(world)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == chain.GENESIS_HASH
    assert all(later.prev_hash == earlier.event_hash for earlier, later in itertools.pairwise(events))
    head = AuditChainHead.objects.get(coop_id=world.cwc.pk, lane=audit_lane(world.officer.pk))
    assert (head.last_sequence, head.last_hash) == (5, events[-1].event_hash)
    # Another actor's events are another chain of the coop (unless they share the lane); the platform has its own.
    assert audit_lane(world.officer.pk) != audit_lane(world.member.pk) or AUDIT_LANES == 1
    assert AuditEvent.objects.get(coop_id__isnull=True).sequence == 1


def test_an_intact_log_verifies(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _events(world)
    assert _broken(world) == []
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "cwc lane" in out and "chain intact" in out and "(platform) lane 0: 1 events, chain intact" in out
    assert "BROKEN" not in out


@pytest.mark.parametrize(
    ("column", "value"),
    [("action", "members.person.viewed"), ("data", '{"n": 99}'), ("actor_id", None), ("occurred_at", "2001-01-01")],
)
def test_an_event_altered_by_raw_sql_is_named(
    world: World, capsys: pytest.CaptureFixture[str], column: str, value: object
) -> None:
    events = _events(world)
    _without_triggers(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, events[2].pk])  # noqa: S608
    (broken,) = _broken(world)
    assert (broken.sequence, broken.row_id) == (3, events[2].pk)
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit", "--coop", "cwc")
    assert exit_info.value.code == 1
    assert f"BROKEN at sequence 3 (event id {events[2].pk})" in capsys.readouterr().out


def test_an_event_removed_from_the_middle_or_the_end_is_noticed(world: World) -> None:
    events = _events(world)
    _without_triggers(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])  # noqa: S608
    (broken,) = _broken(world)
    assert broken.sequence == 2 and "sequence 3 found" in broken.problem
    _without_triggers(f"DELETE FROM {TABLE} WHERE id IN (%s, %s, %s, %s)", [e.pk for e in events[1:]])  # noqa: S608
    (broken,) = _broken(world)
    assert broken.row_id is None and "head says 5" in broken.problem


def test_an_emptied_log_or_a_lost_head_is_noticed(world: World) -> None:
    _events(world)
    AuditChainHead.objects.filter(coop_id=world.cwc.pk, lane=audit_lane(world.member.pk)).delete()
    broken = _broken(world)
    assert len(broken) == 1 and "head says 0" in broken[0].problem
    _without_triggers(f"DELETE FROM {TABLE} WHERE coop_id = %s", [world.cwc.pk])  # noqa: S608
    assert {b.sequence for b in _broken(world)} == {1}
    assert any("head says 5" in b.problem for b in _broken(world))


def test_a_recomputed_hash_breaks_the_next_link(world: World) -> None:
    events = _events(world)
    _without_triggers(f"UPDATE {TABLE} SET event_hash = %s WHERE id = %s", ["f" * 64, events[0].pk])  # noqa: S608
    (broken,) = _broken(world)
    assert broken.sequence == 1 and "event_hash" in broken.problem


def test_events_read_back_as_written_whatever_the_data_holds(world: World) -> None:
    """Text with separators, nested data, whole numbers and booleans hash the same read back from the database."""
    audit_record(actor=world.officer, action="x", coop_id=world.cwc.pk,
                 data={"b": [1, {"z": True, "a": None}], "a": "|7:x\n\"'", "n": -12_345_678_901})  # fmt: skip
    assert _broken(world) == []
