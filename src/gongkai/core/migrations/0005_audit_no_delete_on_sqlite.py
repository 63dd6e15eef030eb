"""The audit table refuses DELETE on SQLite too (0002 left it to the application; PostgreSQL has had
both triggers since 0002). `manage.py flush` still empties the database: see core.sqlite_backend."""

from django.db import migrations

from gongkai.core.append_only import SQLITE_NO_DELETE, SQLITE_NO_DELETE_DROP


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_DELETE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_DELETE_DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_sitesetting_updated_at")]
    operations = [migrations.RunPython(forward, backward)]
