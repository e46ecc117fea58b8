"""prepared_cursor: on PostgreSQL a hot statement is prepared once per connection; Django's own never are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tomoni.core.db import prepared_cursor


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_its_queries_are_counted_like_any_other():
    with CaptureQueriesContext(connection) as queries, prepared_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone()[0] == 42
    assert len(queries) == 1


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_statement_run_often_is_prepared_and_django_s_own_are_not():
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for i in range(threshold + 1):
        with prepared_cursor() as cursor:
            cursor.execute("SELECT 'hot' || %s::text", [i])
        with connection.cursor() as cursor:
            cursor.execute("SELECT 'cold' || %s::text", [i])
    statements = prepared_statements()
    assert any("'hot'" in s for s in statements)
    assert not any("'cold'" in s for s in statements)
