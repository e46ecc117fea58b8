"""A person holds one membership of a coop at a time: the database refuses two spans sharing a day.

PostgreSQL: an exclusion constraint over the person and the span [joined_on, left_on) (GiST on range
types, no extension needed). SQLite: triggers before INSERT and UPDATE that abort on an overlap. Both
refuse what tomoni.members.rules.spans_overlap calls an overlap; the services refuse it first, with a message.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "members_membership"
CONSTRAINT = "membership_spans_do_not_overlap"
SQLITE_OVERLAP = (
    "SELECT RAISE(ABORT, 'membership_spans_do_not_overlap: the person holds another membership over these days') "
    f"WHERE EXISTS (SELECT 1 FROM {TABLE} m WHERE m.person_id = NEW.person_id AND m.id IS NOT NEW.id "
    "AND m.joined_on < COALESCE(NEW.left_on, '9999-12-31') AND NEW.joined_on < COALESCE(m.left_on, '9999-12-31'));"
)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f'ALTER TABLE "{TABLE}" ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist '
            "(int8range(person_id, person_id, '[]') WITH =, daterange(joined_on, left_on, '[)') WITH &&)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(f"CREATE TRIGGER {CONSTRAINT}_insert BEFORE INSERT ON {TABLE} BEGIN {SQLITE_OVERLAP} END;")
        schema_editor.execute(
            f"CREATE TRIGGER {CONSTRAINT}_update BEFORE UPDATE OF person_id, joined_on, left_on ON {TABLE} "
            f"BEGIN {SQLITE_OVERLAP} END;"
        )
    else:
        raise NotImplementedError(f"the membership overlap guard is not written for {vendor}")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP CONSTRAINT IF EXISTS {CONSTRAINT}')
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {CONSTRAINT}_insert")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {CONSTRAINT}_update")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
