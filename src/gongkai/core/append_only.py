"""SQL of the audit table's append-only triggers (GB/T 22239-2019 8.1.4.3 c: audit records protected
from deletion and change), shared by the migrations and the SQLite backend's flush."""

TABLE = "core_auditlogentry"

SQLITE_NO_DELETE = f"""
CREATE TRIGGER core_auditlogentry_no_delete BEFORE DELETE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
"""
SQLITE_NO_DELETE_DROP = "DROP TRIGGER IF EXISTS core_auditlogentry_no_delete;"
