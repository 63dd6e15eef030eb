"""PostgreSQL: n-gram indexes with a bucket lexeme per document (search_doc_grams(text, sort_key)),
see backends.py. Nothing changes on SQLite."""

import importlib

from django.db import migrations

from gongkai.search import backends

initial = importlib.import_module("gongkai.search.migrations.0001_initial")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in initial.PG_DROP:
        schema_editor.execute(sql, params=None)
    for sql in backends.PG_CREATE:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in backends.PG_DROP:
        schema_editor.execute(sql, params=None)
    for sql in initial.PG_CREATE:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
