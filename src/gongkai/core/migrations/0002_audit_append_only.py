"""Make the audit table append-only in the database itself, so no role (and no bug) can edit it.

PostgreSQL: UPDATE and DELETE raise. SQLite: UPDATE raises (DELETE is left to the application
layer because Django's test flush empties tables with DELETE on SQLite).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION gongkai_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditlogentry_no_update BEFORE UPDATE ON core_auditlogentry
    FOR EACH ROW EXECUTE FUNCTION gongkai_audit_append_only();
CREATE TRIGGER core_auditlogentry_no_delete BEFORE DELETE ON core_auditlogentry
    FOR EACH ROW EXECUTE FUNCTION gongkai_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS core_auditlogentry_no_update ON core_auditlogentry;
DROP TRIGGER IF EXISTS core_auditlogentry_no_delete ON core_auditlogentry;
DROP FUNCTION IF EXISTS gongkai_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER core_auditlogentry_no_update BEFORE UPDATE ON core_auditlogentry
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_auditlogentry_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
