"""Run a hot query as a prepared statement on PostgreSQL, through Django's cursor wrappers.

Django sends PostgreSQL queries with client-side parameter binding and never prepares them (for
connection poolers). The record page's query joins four tables and has three subqueries: PostgreSQL
plans it in ~0.9 ms and runs it in ~0.15 ms, on every request. Prepared once per connection, it is
planned once. Only the queries that ask for it are prepared (a cursor with server-side binding on the
same connection, `prepare=True`); all other queries keep Django's behaviour.

Turned off by DB_PREPARED_STATEMENTS=false, for a connection pooler that does not keep prepared
statements (PgBouncer in transaction mode before 1.21). SQLite runs the query as usual.
"""

from __future__ import annotations

from django.conf import settings

# psycopg prepares only when its connection has a threshold; this one is never reached by Django's own
# cursors (client-side binding never prepares), so only explicit requests prepare.
_NEVER_AUTOMATICALLY = 2**31 - 1


def _enabled(connection) -> bool:
    return connection.vendor == "postgresql" and settings.GONGKAI.get("DB_PREPARED_STATEMENTS", True)


def fetchone(connection, sql: str, params):
    """The first row of `sql` (Django's %s placeholders) on `connection`, prepared on PostgreSQL."""
    return _run(connection, sql, params, lambda cursor: cursor.fetchone())


def _run(connection, sql, params, read):
    if not _enabled(connection):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return read(cursor)
    # What connection.cursor() does (health check, connect, error wrapping, query logging), with our cursor.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _NEVER_AUTOMATICALLY
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(_preparing_cursor_class()(raw))
    with cursor:
        cursor.execute(sql, params)
        return read(cursor)


_cursor_class = None


def _preparing_cursor_class():
    global _cursor_class
    if _cursor_class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparingCursor(ServerBindingCursor):
            def execute(self, query, params=None, **kwargs):
                return super().execute(query, params, prepare=True)

        _cursor_class = PreparingCursor
    return _cursor_class
