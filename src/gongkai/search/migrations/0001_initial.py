from django.db import migrations, models

from gongkai.search.backends import PG_CREATE, PG_DROP, SQLITE_CREATE, SQLITE_DROP


def create_full_text(apps, schema_editor):
    # Backend-specific structures, kept out of Django's model state on purpose (an FTS5 virtual
    # table and expression GIN indexes cannot be described by models).
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_CREATE if vendor == "sqlite" else PG_CREATE if vendor == "postgresql" else []:
        schema_editor.execute(sql, params=None)


def drop_full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_DROP if vendor == "sqlite" else PG_DROP if vendor == "postgresql" else []:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("record_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("sort_key", models.BigIntegerField(unique=True)),
                ("published_ts", models.BigIntegerField()),
                ("bureau_id", models.BigIntegerField(blank=True, db_index=True, null=True)),
                ("catalog_item_id", models.BigIntegerField(blank=True, db_index=True, null=True)),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("genre", models.CharField(blank=True, max_length=40)),
                ("validity", models.CharField(blank=True, max_length=20)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("title", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "indexes": [models.Index(fields=["published_ts", "record_id"], name="search_doc_published")],
            },
        ),
        migrations.RunPython(create_full_text, drop_full_text),
    ]
