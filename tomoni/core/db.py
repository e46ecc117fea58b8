"""Database-level guards shared by the ledgers: append-only tables enforced by triggers."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
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
