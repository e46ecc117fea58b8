"""The journal balances and is append-only in the database, on PostgreSQL and SQLite alike.

An entry's lines are inserted before the entry. A trigger on the entry refuses it unless it has at least two
lines, as many as it says, whose debits and credits both equal its total, all in its coop and month, and
unless its month is open. A trigger on the lines refuses a line whose entry is already in, so nothing joins
a balanced entry afterwards. The lines' foreign key to their entry is deferred to commit (Django creates it
DEFERRABLE INITIALLY DEFERRED on both databases), so a transaction cannot commit lines without their entry.
Entries, lines and closed months refuse UPDATE and DELETE.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from tomoni.core.db import make_append_only

UNBALANCED = "journal entry does not balance: its lines must be at least two, with equal debits and credits"
CLOSED = "the month is closed: post the correction in an open month"
LATE_LINE = "journal entry already posted: a line cannot be added to it"

PG_FORWARD = [
    "CREATE SEQUENCE IF NOT EXISTS operations_journal_entry_id_seq",
    f"""
    CREATE OR REPLACE FUNCTION operations_entry_check() RETURNS trigger AS $$
    DECLARE
        n bigint; debits bigint; credits bigint; strays bigint;
    BEGIN
        SELECT COUNT(*), COALESCE(SUM(debit_yen), 0), COALESCE(SUM(credit_yen), 0),
               COUNT(*) FILTER (WHERE coop_id <> NEW.coop_id OR period <> NEW.period)
          INTO n, debits, credits, strays
          FROM operations_journalline WHERE entry_id = NEW.id;
        IF n < 2 OR n <> NEW.line_count OR debits <> NEW.total_yen OR credits <> NEW.total_yen OR strays > 0 THEN
            RAISE EXCEPTION '{UNBALANCED}' USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM operations_closedperiod WHERE coop_id = NEW.coop_id AND period = NEW.period) THEN
            RAISE EXCEPTION '{CLOSED}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER operations_entry_balances BEFORE INSERT ON operations_journalentry "
    "FOR EACH ROW EXECUTE FUNCTION operations_entry_check();",
    f"""
    CREATE OR REPLACE FUNCTION operations_line_check() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM operations_journalentry WHERE id = NEW.entry_id) THEN
            RAISE EXCEPTION '{LATE_LINE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER operations_line_before_entry BEFORE INSERT ON operations_journalline "
    "FOR EACH ROW EXECUTE FUNCTION operations_line_check();",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS operations_line_before_entry ON operations_journalline",
    "DROP TRIGGER IF EXISTS operations_entry_balances ON operations_journalentry",
    "DROP FUNCTION IF EXISTS operations_line_check()",
    "DROP FUNCTION IF EXISTS operations_entry_check()",
    "DROP SEQUENCE IF EXISTS operations_journal_entry_id_seq",
]

_LINES = "FROM operations_journalline WHERE entry_id = NEW.id"
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER operations_entry_balances BEFORE INSERT ON operations_journalentry
    WHEN (SELECT COUNT(*) {_LINES}) < 2
      OR (SELECT COUNT(*) {_LINES}) <> NEW.line_count
      OR (SELECT COALESCE(SUM(debit_yen), 0) {_LINES}) <> NEW.total_yen
      OR (SELECT COALESCE(SUM(credit_yen), 0) {_LINES}) <> NEW.total_yen
      OR EXISTS (SELECT 1 {_LINES} AND (coop_id <> NEW.coop_id OR period <> NEW.period))
    BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END;
    """,
    f"""
    CREATE TRIGGER operations_entry_period_open BEFORE INSERT ON operations_journalentry
    WHEN EXISTS (SELECT 1 FROM operations_closedperiod WHERE coop_id = NEW.coop_id AND period = NEW.period)
    BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END;
    """,
    f"""
    CREATE TRIGGER operations_line_before_entry BEFORE INSERT ON operations_journalline
    WHEN EXISTS (SELECT 1 FROM operations_journalentry WHERE id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, '{LATE_LINE}'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS operations_entry_balances",
    "DROP TRIGGER IF EXISTS operations_entry_period_open",
    "DROP TRIGGER IF EXISTS operations_line_before_entry",
]


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"the journal's triggers are not written for {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_business_records_and_books")]

    operations = [
        migrations.RunPython(forwards, backwards),
        make_append_only("operations_journalentry"),
        make_append_only("operations_journalline"),
        make_append_only("operations_closedperiod"),
    ]
