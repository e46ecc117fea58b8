"""Database-level helpers: append-only tables enforced by triggers; prepared statements for the hot paths."""

from __future__ import annotations

from django.db import connection, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import CursorWrapper
from django.db.migrations.state import StateApps

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tomoni_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: record a reversing entry instead', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


# TRUNCATE fires no row trigger, so it has a statement trigger of its own. The role that owns the table (the one
# that migrates, and the test database's, which flushes tables between tests) may still empty it: an owner could as
# well drop the trigger. The application connects as a role that does not own the tables (README, "Deploy"), so it
# can neither truncate nor disable the triggers.
PG_TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION tomoni_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM pg_class c WHERE c.oid = TG_RELID AND pg_has_role(current_user, c.relowner, 'MEMBER')
    ) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'table % is append-only: it cannot be truncated', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def truncate_refused_sql(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """SQL (forwards, backwards) that makes `table` refuse TRUNCATE on PostgreSQL; SQLite has no TRUNCATE.

    (SQLite's `DELETE FROM t` without WHERE is refused by the row triggers: it skips its truncate shortcut when
    a table has triggers.)
    """
    if vendor != "postgresql":
        return [], []
    drop = f'DROP TRIGGER IF EXISTS {table}_no_truncate ON "{table}";'
    return (
        [
            PG_TRUNCATE_FUNCTION,
            drop,
            f'CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION tomoni_refuse_truncate();",
        ],
        [drop],
    )


def append_only_sql(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """SQL (forwards, backwards) that makes `table` refuse UPDATE, DELETE and (PostgreSQL) TRUNCATE."""
    if vendor == "postgresql":
        truncate_forwards, truncate_backwards = truncate_refused_sql(vendor, table)
        return (
            [
                PG_FUNCTION,
                f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION tomoni_refuse_change();",
                *truncate_forwards,
            ],
            [f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}";', *truncate_backwards],
        )
    if vendor == "sqlite":
        return (
            [
                f'CREATE TRIGGER {table}_no_update BEFORE UPDATE ON "{table}" BEGIN '
                f"SELECT RAISE(ABORT, 'table {table} is append-only: record a reversing entry instead'); END;",
                f'CREATE TRIGGER {table}_no_delete BEFORE DELETE ON "{table}" BEGIN '
                f"SELECT RAISE(ABORT, 'table {table} is append-only: record a reversing entry instead'); END;",
            ],
            [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"],
        )
    raise NotImplementedError(f"append-only triggers are not written for {vendor}")


def make_append_only(table: str) -> migrations.RunPython:
    """A migration operation installing the append-only triggers on `table`."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in append_only_sql(schema_editor.connection.vendor, table)[0]:
            schema_editor.execute(statement, params=None)  # no %-interpolation: the SQL holds a literal %

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in append_only_sql(schema_editor.connection.vendor, table)[1]:
            schema_editor.execute(statement, params=None)  # no %-interpolation: the SQL holds a literal %

    return migrations.RunPython(forwards, backwards)


def make_truncate_refused(*tables: str) -> migrations.RunPython:
    """A migration operation adding the TRUNCATE trigger to append-only tables made before it existed."""

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for table in tables:
            for statement in truncate_refused_sql(schema_editor.connection.vendor, table)[0]:
                schema_editor.execute(statement, params=None)

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for table in tables:
            for statement in truncate_refused_sql(schema_editor.connection.vendor, table)[1]:
                schema_editor.execute(statement, params=None)

    return migrations.RunPython(forwards, backwards)


def prepared_cursor() -> CursorWrapper:
    """A cursor whose statements PostgreSQL prepares once per connection, then only executes: no re-planning.

    For the few hand-written statements run thousands of times (casting a vote, finding an API token's user).
    Django's own cursors bind parameters on the client, so PostgreSQL parses and plans each statement anew; this
    one binds them on the server, and psycopg prepares a statement once it has run `prepare_threshold` times on
    the connection (DATABASES OPTIONS, see settings). Elsewhere than on PostgreSQL, an ordinary cursor. Queries
    go through Django's cursor wrapper as any other (logged, counted, execute_wrapper hooks).
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]  # psycopg 3

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def consistent_snapshot() -> None:
    """Make the current transaction read one snapshot (PostgreSQL's REPEATABLE READ); call it first in the block.

    A chain's verification reads the head and then the rows: without one snapshot, an append between the two
    reads would look like a break. SQLite's transaction already reads one snapshot. Inside an outer transaction
    (a test's) the isolation is the outer one's.
    """
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
