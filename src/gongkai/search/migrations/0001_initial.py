from django.db import migrations, models

from gongkai.search.backends import SQLITE_CREATE, SQLITE_DROP

# The PostgreSQL structures as this migration first created them (0002 replaces them; the
# current ones are in backends.py).
PG_GRAMS_FUNCTION_V1 = r"""
CREATE OR REPLACE FUNCTION search_grams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$
SELECT array_to_tsvector(ARRAY(
    SELECT c FROM unnest(a) AS c WHERE c <> ' '
    UNION
    SELECT x || y FROM unnest(a[1:cardinality(a) - 1], a[2:]) AS u(x, y) WHERE x <> ' ' AND y <> ' '
))
FROM (SELECT string_to_array(t, NULL) AS a) AS s
$$
"""
PG_CREATE = [
    PG_GRAMS_FUNCTION_V1,
    "CREATE INDEX IF NOT EXISTS search_title_grams ON search_searchdocument "
    "USING gin ((search_grams(title))) WITH (fastupdate = off)",
    "CREATE INDEX IF NOT EXISTS search_all_grams ON search_searchdocument "
    "USING gin ((search_grams(title || ' ' || body))) WITH (fastupdate = off)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS search_title_grams",
    "DROP INDEX IF EXISTS search_all_grams",
    "DROP FUNCTION IF EXISTS search_grams(text)",
]


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
