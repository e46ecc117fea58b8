"""The audit log is append-only: the database refuses UPDATE and DELETE, whatever issues them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from tomoni.core.audit import audit_record
from tomoni.core.db import append_only_sql
from tomoni.core.models import AuditEvent
from tomoni.testing import World

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def event(world: World) -> AuditEvent:
    return audit_record(actor=world.officer, action="members.person.created", coop_id=world.cwc.pk, data={"a": 1})


def refused(sql: str, params: list[object] | None = None) -> None:
    # A savepoint, so that PostgreSQL's transaction stays usable after the refusal.
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def test_raw_sql_update_of_an_audit_event_is_refused(event: AuditEvent) -> None:
    refused(f'UPDATE "{TABLE}" SET action = %s WHERE id = %s', ["tampered", event.pk])  # noqa: S608

    event.refresh_from_db()
    assert event.action == "members.person.created"


def test_raw_sql_delete_of_an_audit_event_is_refused(event: AuditEvent) -> None:
    refused(f'DELETE FROM "{TABLE}" WHERE id = %s', [event.pk])  # noqa: S608

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_blanket_delete_of_the_log_is_refused(event: AuditEvent) -> None:
    refused(f'DELETE FROM "{TABLE}"')  # noqa: S608

    assert AuditEvent.objects.count() >= 1


def test_the_orm_cannot_update_or_delete_an_event_either(event: AuditEvent) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(IntegrityError), transaction.atomic():
        event.delete()
    event.data = {"a": 2}
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()

    event.refresh_from_db()
    assert (event.action, event.data) == ("members.person.created", {"a": 1})


def test_appending_still_works_after_a_refusal(world: World, event: AuditEvent) -> None:
    refused(f'DELETE FROM "{TABLE}" WHERE id = %s', [event.pk])  # noqa: S608

    audit_record(actor=world.officer, action="core.test")
    assert AuditEvent.objects.filter(action="core.test").count() == 1


def test_the_triggers_are_installed_on_this_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        names = {row[0] for row in cursor.fetchall()}
    expected = (
        {"core_auditevent_append_only", "core_auditevent_no_truncate"}
        if connection.vendor == "postgresql"
        else {"core_auditevent_no_update", "core_auditevent_no_delete"}
    )
    assert names == expected


def test_append_only_sql_is_written_for_both_databases_and_no_other() -> None:
    for vendor in ("postgresql", "sqlite"):
        forwards, backwards = append_only_sql(vendor, "some_table")
        assert forwards and backwards
        assert all("some_table" in statement for statement in backwards)
    with pytest.raises(NotImplementedError):
        append_only_sql("oracle", "some_table")
