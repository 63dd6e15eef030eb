"""The search index's own table, keyed by document id (a plain integer, no foreign key).

The full-text structures are backend-specific and live outside Django's model state (see
migrations/0001_initial.py and backends.py):

- SQLite: a contentless FTS5 table ``search_fts`` whose rowid is ``SearchDocument.sort_key``.
- PostgreSQL: the SQL function ``search_doc_grams(text, sort_key)`` and two GIN expression
  indexes, ``search_doc_grams(title, sort_key)`` and ``search_doc_grams(title || ' ' || body,
  sort_key)`` (n-grams plus the document's bucket, see backends.py).
"""

from django.db import models


class SearchDocument(models.Model):
    doc_id = models.BigIntegerField(primary_key=True)
    # Position in (published_ts, doc_id) order, so newest first is ORDER BY sort_key DESC. Keys
    # are spaced apart and re-assigned by the index (service._allocate_sort_key); on SQLite the
    # key is also the FTS5 rowid.
    sort_key = models.BigIntegerField(unique=True)
    # published_at in epoch microseconds (service.NO_TIME when there is none).
    published_ts = models.BigIntegerField()
    bureau_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    catalog_item_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    genre = models.CharField(max_length=40, blank=True)
    validity = models.CharField(max_length=20, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Normalized text (gongkai.search.text.normalize); body includes attachment text.
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["published_ts", "doc_id"], name="search_doc_published")]
        verbose_name = "search document"
        verbose_name_plural = "search documents"

    def __str__(self):
        return f"search document {self.doc_id}"
