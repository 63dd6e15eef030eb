"""Django's SQLite backend whose `flush` lifts the audit table's no-delete trigger for its own duration.

The audit table refuses DELETE on SQLite as on PostgreSQL (migration core 0005). Emptying the whole
database (`manage.py flush`, and the test runner between transactional tests) uses DELETE on SQLite;
PostgreSQL's flush uses TRUNCATE, which row triggers do not see. This backend makes SQLite's flush
behave the same: drop the trigger, empty the tables, create the trigger again, in one transaction.
Settings select it instead of django.db.backends.sqlite3.
"""

from django.db.backends.sqlite3 import base, operations

from gongkai.core.append_only import SQLITE_NO_DELETE, SQLITE_NO_DELETE_DROP, TABLE


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if TABLE not in tables:
            return statements
        if not self._trigger_installed():
            return statements
        return [SQLITE_NO_DELETE_DROP, *statements, SQLITE_NO_DELETE]

    def _trigger_installed(self) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", ["core_auditlogentry_no_delete"]
            )
            return cursor.fetchone() is not None


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
