"""Database chores that are not a model's business."""

from __future__ import annotations

from django.db import connection


def refresh_planner_statistics() -> None:
    """After a bulk load, let the query planner see the new row counts and value
    distributions. SQLite keeps no statistics until ANALYZE runs and plans the case list
    badly without them. On PostgreSQL, VACUUM also marks the new pages all-visible, so that
    counts can use index-only scans at once instead of after autovacuum's next pass (it
    cannot run inside a transaction: there, ANALYZE alone)."""
    statement = "ANALYZE"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        statement = "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
