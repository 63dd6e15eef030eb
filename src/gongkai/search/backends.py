"""Backend-specific index structures and queries. Both implement the same matching rule
(gongkai.search.text) and the same three scopes:

- "all": every term occurs in the title or the body;
- "title": every term occurs in the title (these hits rank first);
- "body_only": "all" but not "title".

SQLite: a contentless FTS5 table over pre-tokenized text (bigram chains + unigrams, see
text.fts_stream), rowid = SearchDocument.sort_key, so ``ORDER BY rowid DESC`` is newest first and
stops after the page; terms are phrase queries; filters are tokens of a ``meta`` column.

PostgreSQL: GIN expression indexes over ``search_doc_grams()`` (unigrams + bigrams as tsvector
lexemes, no positions, each prefixed with the document's *bucket*, a sort_key range of ~32k
documents); terms are ANDs of their n-grams. The DDL is here (the migrations use it); the
queries are in postgresql.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence

from django.db import connection

from .text import fts_stream, fts_term, meta_token

DOC_TABLE = "search_searchdocument"

# (scope, limit, offset, expected number of matches in the scope)
Slice = tuple[str, int, int, int]

# ---------------------------------------------------------------------------------------------
# DDL (also used by migrations/0001_initial.py)

SQLITE_FTS_TABLE = "search_fts"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_FTS_TABLE} USING fts5("
    "title, body, meta, content='', columnsize=0, detail=full, "
    "tokenize='unicode61 remove_diacritics 0')",
]
# Django's test flush (and any table-wide DELETE) empties the document table row by row: when the
# last row goes, forget the FTS rows too.
SQLITE_FLUSH_TRIGGER = (
    f"CREATE TRIGGER IF NOT EXISTS search_fts_flush AFTER DELETE ON {DOC_TABLE} "
    f"WHEN NOT EXISTS (SELECT 1 FROM {DOC_TABLE}) "
    f"BEGIN INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}) VALUES ('delete-all'); END"
)
SQLITE_CREATE.append(SQLITE_FLUSH_TRIGGER)
SQLITE_DROP = ["DROP TRIGGER IF EXISTS search_fts_flush", f"DROP TABLE IF EXISTS {SQLITE_FTS_TABLE}"]

# PostgreSQL. The index reads documents newest first in *buckets*: a document's bucket is
# sort_key >> PG_BUCKET_SHIFT (2**21 = 32,768 documents at the bulk-load spacing of 64), and every
# lexeme carries it ("30|矿"), so a bucket's n-gram has its own posting list. A count or a page
# reads the newest bucket, then chunks of older ones (the OR of their lexemes), and stops at the
# cap or when the page is full: a frequent n-gram costs what its newest matches cost, not what the
# whole index holds, and rows are fetched from the (newest, most cached) end of the table.
# Measured at 1M documents: ANDing plain n-grams with one extra bucket lexeme per document was
# no good, since GIN then walks the bucket lexemes' posting lists (57 ms for 7 buckets).
PG_BUCKET_SHIFT = 21

# Unigrams and in-segment bigrams of a normalized text, prefixed with the bucket of sort_key k, as
# tsvector lexemes. Must agree with text.document_grams (the tests check it on both backends).
# array_to_tsvector() sorts and removes duplicates; the bigram arrays are zipped with a
# multi-argument unnest, which is linear in the text length.
PG_GRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION search_doc_grams(t text, k bigint) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100000 AS $$
SELECT array_to_tsvector(ARRAY(SELECT p || c FROM unnest(a) AS c WHERE c <> ' ') || ARRAY(
    SELECT p || x || y FROM unnest(a[1:cardinality(a) - 1], a[2:]) AS u(x, y) WHERE x <> ' ' AND y <> ' '))
FROM (SELECT string_to_array(t, NULL) AS a, (k >> {PG_BUCKET_SHIFT})::text || '|' AS p) AS s
$$
"""
PG_TITLE_GRAMS = "search_doc_grams(title, sort_key)"
PG_ALL_GRAMS = "search_doc_grams(title || ' ' || body, sort_key)"
# fastupdate off: with a pending list every search would scan it (measured: +50 ms at 1M documents
# after a few hundred single-document updates); writing a document straight into the GIN tree costs
# a few milliseconds instead.
PG_INDEXES = {
    "search_title_grams": f"CREATE INDEX IF NOT EXISTS search_title_grams ON {DOC_TABLE} "
    f"USING gin (({PG_TITLE_GRAMS})) WITH (fastupdate = off)",
    "search_all_grams": f"CREATE INDEX IF NOT EXISTS search_all_grams ON {DOC_TABLE} "
    f"USING gin (({PG_ALL_GRAMS})) WITH (fastupdate = off)",
}
PG_CREATE = [PG_GRAMS_FUNCTION, *PG_INDEXES.values()]
PG_DROP = [
    *(f"DROP INDEX IF EXISTS {name}" for name in PG_INDEXES),
    "DROP FUNCTION IF EXISTS search_doc_grams(text, bigint)",
]


# ---------------------------------------------------------------------------------------------
# Filters: (kind, column, value) with kind the meta-token letter.

FILTER_FIELDS = {
    "bureau_id": "b",
    "catalog_item_id": "c",
    "year": "y",
    "genre": "g",
    "validity": "v",
}

DOC_COLUMNS = (
    "doc_id",
    "sort_key",
    "published_ts",
    "bureau_id",
    "catalog_item_id",
    "year",
    "genre",
    "validity",
    "published_at",
    "title",
    "body",
)


STAGING_TABLE = "search_staging"
STAGED_COLUMNS = tuple(c for c in DOC_COLUMNS if c != "sort_key")


def meta_stream(row: dict) -> str:
    return " ".join(
        meta_token(kind, row[field]) for field, kind in FILTER_FIELDS.items() if row.get(field) not in (None, "")
    )


class Backend:
    vendor = ""
    # Count title hits together with all hits (else they are paged first; see service.search).
    count_title_first = False

    def insert(self, cursor, rows: Sequence[dict]) -> None:
        placeholders = ", ".join(["%s"] * len(DOC_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {DOC_TABLE} ({', '.join(DOC_COLUMNS)}) VALUES ({placeholders})",
            [[row[c] for c in DOC_COLUMNS] for row in rows],
        )

    def delete(self, cursor, rows: Sequence[dict]) -> None:
        cursor.executemany(f"DELETE FROM {DOC_TABLE} WHERE doc_id = %s", [[row["doc_id"]] for row in rows])

    def clear(self, cursor) -> None:
        cursor.execute(f"DELETE FROM {DOC_TABLE}")

    def move(self, cursor, key: int, new_key: int) -> None:
        """Give the document at sort_key key the sort_key new_key."""
        cursor.execute(f"UPDATE {DOC_TABLE} SET sort_key = %s WHERE sort_key = %s", [new_key, key])

    # Bulk load: before_bulk_load, stage (batches), unstage, after_bulk_load.

    def before_bulk_load(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING_TABLE} AS SELECT * FROM {DOC_TABLE} WHERE 1 = 0")

    def stage(self, cursor, rows: Sequence[dict]) -> None:
        placeholders = ", ".join(["%s"] * len(STAGED_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {STAGING_TABLE} ({', '.join(STAGED_COLUMNS)}) VALUES ({placeholders})",
            [[row[c] for c in STAGED_COLUMNS] for row in rows],
        )

    def unstage(self, cursor, gap: int) -> None:
        """Move staged documents into the index in publication order, sort keys gap apart."""
        columns = ", ".join(STAGED_COLUMNS)
        cursor.execute(
            f"INSERT INTO {DOC_TABLE} ({columns}, sort_key) SELECT {columns}, "
            f"ROW_NUMBER() OVER (ORDER BY published_ts, doc_id) * %s FROM {STAGING_TABLE}",
            [gap],
        )
        cursor.execute(f"DROP TABLE {STAGING_TABLE}")

    def after_bulk_load(self, cursor) -> None:
        pass

    def session(self):
        """Context for the queries of one search (PostgreSQL: one transaction with local settings)."""
        return contextlib.nullcontext()

    def counts(self, terms: list[str], filters: dict, scopes: Sequence[str], limit: int) -> list[int]:
        """Number of matches in each scope, each counted up to limit, in one query."""
        parts, params = [], []
        for scope in scopes:
            sql, p = self._count_sql(terms, filters, scope)
            parts.append(f"({sql})")
            params += [*p, limit]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            return list(cursor.fetchone())

    def pages(self, terms: list[str], filters: dict, slices: Sequence[Slice]) -> list[int]:
        """Document ids of consecutive slices (scope, limit, offset, expected matches), in one query."""
        if not slices:
            return []
        parts, params = [], []
        for n, (scope, limit, offset, expected) in enumerate(slices):
            sql, p = self._page_sql(n, terms, filters, scope, expected)
            parts.append(f"SELECT * FROM ({sql} LIMIT %s OFFSET %s) AS s{n}")
            params += [*p, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            rows = cursor.fetchall()
        # UNION ALL keeps no order: sort by slice, then newest first.
        return [doc_id for _, _, doc_id in sorted(rows, key=lambda r: (r[0], -r[1]))]

    def _count_sql(self, terms, filters, scope) -> tuple[str, list]:
        raise NotImplementedError

    def _page_sql(self, n, terms, filters, scope, expected) -> tuple[str, list]:
        """SELECT <n>, sort_key, doc_id ... ORDER BY sort_key DESC (no LIMIT)."""
        raise NotImplementedError

    def index_size(self) -> dict[str, int]:
        raise NotImplementedError


class SQLiteBackend(Backend):
    vendor = "sqlite"

    @staticmethod
    def _fts_values(rows):
        return [[r["sort_key"], fts_stream(r["title"]), fts_stream(r["body"]), meta_stream(r)] for r in rows]

    def _fts_insert(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {SQLITE_FTS_TABLE} (rowid, title, body, meta) VALUES (%s, %s, %s, %s)", self._fts_values(rows)
        )

    def _fts_delete(self, cursor, rows):
        # A contentless FTS5 table forgets a row only when given the tokens it was indexed with;
        # they are rebuilt from the stored normalized text (same deterministic tokenizer).
        cursor.executemany(
            f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}, rowid, title, body, meta) "
            "VALUES ('delete', %s, %s, %s, %s)",
            self._fts_values(rows),
        )

    def insert(self, cursor, rows):
        super().insert(cursor, rows)
        self._fts_insert(cursor, rows)

    def delete(self, cursor, rows):
        self._fts_delete(cursor, rows)
        super().delete(cursor, rows)

    def move(self, cursor, key, new_key):
        columns = ("sort_key", "title", "body", *FILTER_FIELDS)
        cursor.execute(f"SELECT {', '.join(columns)} FROM {DOC_TABLE} WHERE sort_key = %s", [key])
        row = dict(zip(columns, cursor.fetchone(), strict=True))
        self._fts_delete(cursor, [row])
        super().move(cursor, key, new_key)
        self._fts_insert(cursor, [row | {"sort_key": new_key}])

    def clear(self, cursor):
        cursor.execute(f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}) VALUES ('delete-all')")
        super().clear(cursor)

    def before_bulk_load(self, cursor):
        super().before_bulk_load(cursor)
        # A bigger in-memory token buffer writes fewer, larger segments (less merging later).
        cursor.execute(f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}, rank) VALUES ('hashsize', %s)", [64 << 20])

    def unstage(self, cursor, gap):
        super().unstage(cursor, gap)
        # Fill FTS5 in rowid order (appending to its doclists is its fastest write).
        columns = ("sort_key", "title", "body", *FILTER_FIELDS)
        with connection.cursor() as reader:
            reader.execute(f"SELECT {', '.join(columns)} FROM {DOC_TABLE} ORDER BY sort_key")
            while chunk := reader.fetchmany(2000):
                self._fts_insert(cursor, [dict(zip(columns, r, strict=True)) for r in chunk])

    def after_bulk_load(self, cursor):
        cursor.execute(f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}) VALUES ('optimize')")
        cursor.execute(f"INSERT INTO {SQLITE_FTS_TABLE} ({SQLITE_FTS_TABLE}, rank) VALUES ('hashsize', %s)", [1 << 20])

    @staticmethod
    def _match(terms, filters, scope) -> str:
        # N-gram tokens never equal a meta token or the segment break, so "all" needs no column
        # filter (which would make FTS5 check columns for every candidate).
        everywhere = " AND ".join(fts_term(t) for t in terms)
        in_title = " AND ".join(f"{{title}}: {fts_term(t)}" for t in terms)
        if scope == "all":
            expr = everywhere
        elif scope == "title":
            expr = in_title
        else:
            expr = f"({everywhere}) NOT ({in_title})"
        meta = [f"{{meta}}: {meta_token(FILTER_FIELDS[f], v)}" for f, v in filters.items()]
        return " AND ".join([f"({expr})", *meta]) if meta else expr

    def _count_sql(self, terms, filters, scope):
        # Counts read the FTS table alone (a join per hit would double their cost). The FTS rows
        # and document rows change together; SQLITE_FLUSH_TRIGGER covers a table-wide DELETE.
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s LIMIT %s)"
        return sql, [self._match(terms, filters, scope)]

    def _page_sql(self, n, terms, filters, scope, expected):
        sql = (
            f"SELECT {n}, f.rowid, d.doc_id FROM {SQLITE_FTS_TABLE} f "
            f"JOIN {DOC_TABLE} d ON d.sort_key = f.rowid WHERE {SQLITE_FTS_TABLE} MATCH %s ORDER BY f.rowid DESC"
        )
        return sql, [self._match(terms, filters, scope)]

    def index_size(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search_%%' OR name LIKE 'sqlite_autoindex_search_%%' "
                "GROUP BY name"
            )
            return dict(cursor.fetchall())


def doc_rows(cursor, doc_ids: Iterable[int]) -> list[dict]:
    ids = list(doc_ids)
    if not ids:
        return []
    cursor.execute(
        f"SELECT {', '.join(DOC_COLUMNS)} FROM {DOC_TABLE} WHERE doc_id IN ({', '.join(['%s'] * len(ids))})", ids
    )
    return [dict(zip(DOC_COLUMNS, r, strict=True)) for r in cursor.fetchall()]
