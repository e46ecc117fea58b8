"""TRUNCATE does not get past the append-only tables: the application's role can neither empty them nor disable
their triggers (PostgreSQL; SQLite has no TRUNCATE, and its DELETE without WHERE meets the row triggers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tomoni.core.audit import audit_record
from tomoni.core.models import AuditEvent
from tomoni.testing import World

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")


def append_only_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE %s AND NOT t.tgisinternal",
            ["%\\_append\\_only"],
        )
        return {row[0] for row in cursor.fetchall()}


def truncate_proof_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE %s AND NOT t.tgisinternal AND t.tgtype & 32 = 32",  # 32: a TRUNCATE trigger
            ["%\\_no\\_truncate"],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def app_role(db: None) -> Iterator[str]:
    """A role like the application's: it does not own the tables; granted every privilege, TRUNCATE included."""
    name = f"tomoni_app_test_{connection.settings_dict['NAME']}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
        cursor.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{name}"')
    yield name  # the test's transaction rolls the role back


def as_role(role: str, sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(sql)


def test_every_append_only_table_also_refuses_truncate(db: None) -> None:
    tables = append_only_tables()
    assert {"core_auditevent", "capital_capitalentry", "governance_ballot"} <= tables
    assert tables <= truncate_proof_tables()


def test_the_application_role_cannot_truncate_an_append_only_table(world: World, app_role: str) -> None:
    audit_record(actor=world.officer, action="core.test", coop_id=world.cwc.pk)
    for table in sorted(append_only_tables()):
        with pytest.raises(IntegrityError, match="cannot be truncated"):
            as_role(app_role, f'TRUNCATE "{table}" CASCADE')
    assert AuditEvent.objects.filter(action="core.test").exists()


def test_the_application_role_cannot_disable_the_triggers(world: World, app_role: str) -> None:
    with pytest.raises(DatabaseError, match="must be owner"):
        as_role(app_role, 'ALTER TABLE "core_auditevent" DISABLE TRIGGER ALL')
