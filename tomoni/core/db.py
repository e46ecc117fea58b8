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


def append_only_sql(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """SQL (forwards, backwards) that makes `table` refuse UPDATE and DELETE."""
    if vendor == "postgresql":
        return (
            [
                PG_FUNCTION,
                f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION tomoni_refuse_change();",
            ],
            [f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}";'],
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
