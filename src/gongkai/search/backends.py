"""Backend-specific index structures and queries. Both implement the same matching rule
(gongkai.search.text) and the same three scopes:

- "all": every term occurs in the title or the body;
- "title": every term occurs in the title (these hits rank first);
- "body_only": "all" but not "title".

SQLite: a contentless FTS5 table over pre-tokenized text (bigram chains + unigrams, see
text.fts_stream), rowid = SearchDocument.sort_key, so ``ORDER BY rowid DESC`` is newest first and
stops after the page; terms are phrase queries; filters are tokens of a ``meta`` column.

PostgreSQL: GIN expression indexes over ``search_grams()`` (unigrams + bigrams as tsvector lexemes,
no positions, nothing stored in the table); terms are ANDs of their n-grams, terms of 3+
characters are confirmed with strpos() on the stored normalized text. Small result sets are read
through the GIN index and sorted; large ones (count above ORDERED_SCAN_THRESHOLD) are read in
sort_key order with strpos() filters, which stops as soon as the page is full.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from .text import fts_stream, fts_term, meta_token, pg_tsquery

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

# Unigrams and in-segment bigrams of a normalized text as tsvector lexemes. Must agree with
# text.document_grams (the tests check it on both backends). Arrays are zipped with a
# multi-argument unnest, which is linear in the text length.
PG_GRAMS_FUNCTION = r"""
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
PG_TITLE_GRAMS = "search_grams(title)"
PG_ALL_GRAMS = "search_grams(title || ' ' || body)"
# fastupdate off: with a pending list every search would scan it (measured: +50 ms at 1M documents
# after a few hundred single-record updates); writing a record straight into the GIN tree costs
# a few milliseconds instead.
PG_INDEXES = {
    "search_title_grams": f"CREATE INDEX IF NOT EXISTS search_title_grams ON {DOC_TABLE} "
    f"USING gin (({PG_TITLE_GRAMS})) WITH (fastupdate = off)",
    "search_all_grams": f"CREATE INDEX IF NOT EXISTS search_all_grams ON {DOC_TABLE} "
    f"USING gin (({PG_ALL_GRAMS})) WITH (fastupdate = off)",
}
PG_CREATE = [PG_GRAMS_FUNCTION, *PG_INDEXES.values()]
PG_DROP = [*(f"DROP INDEX IF EXISTS {name}" for name in PG_INDEXES), "DROP FUNCTION IF EXISTS search_grams(text)"]


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
    "record_id",
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
        cursor.executemany(f"DELETE FROM {DOC_TABLE} WHERE record_id = %s", [[row["record_id"]] for row in rows])

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
            f"ROW_NUMBER() OVER (ORDER BY published_ts, record_id) * %s FROM {STAGING_TABLE}",
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
        """Record ids of consecutive slices (scope, limit, offset, expected matches), in one query."""
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
        return [record_id for _, _, record_id in sorted(rows, key=lambda r: (r[0], -r[1]))]

    def _count_sql(self, terms, filters, scope) -> tuple[str, list]:
        raise NotImplementedError

    def _page_sql(self, n, terms, filters, scope, expected) -> tuple[str, list]:
        """SELECT <n>, sort_key, record_id ... ORDER BY sort_key DESC (no LIMIT)."""
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
            f"SELECT {n}, f.rowid, d.record_id FROM {SQLITE_FTS_TABLE} f "
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


# Above this many hits, PostgreSQL reads in sort_key order instead of through the GIN index.
ORDERED_SCAN_THRESHOLD = 3000
# A GIN bitmap must list every row that has the n-gram before the first row is counted, which
# costs most for n-grams in many rows. So a count first looks at the newest DENSE_PROBE_ROWS
# documents; when at least DENSE_SHARE of them match, it counts newest first without the index
# and stops at the cap (reading at most DENSE_BUDGET_ROWS rows, else it falls back to GIN).
DENSE_PROBE = True
DENSE_PROBE_ROWS = 1000
DENSE_SHARE = 0.4
DENSE_BUDGET_ROWS = 30_000
# With the probe: pages are read newest first without the index when at least this share of the
# newest documents match (about 20 / ORDERED_MIN_SHARE rows read for a page of 20).
ORDERED_MIN_SHARE = 0.004


class PostgreSQLBackend(Backend):
    vendor = "postgresql"

    @property
    def count_title_first(self):
        # Without the probe, the page query's plan depends on the number of title hits.
        return not DENSE_PROBE

    def stage(self, cursor, rows):
        # COPY is several times faster than INSERT.
        with cursor.cursor.copy(f"COPY {STAGING_TABLE} ({', '.join(STAGED_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in STAGED_COLUMNS])

    def before_bulk_load(self, cursor):
        super().before_bulk_load(cursor)
        # Building a GIN index once is much faster than maintaining it row by row.
        for name in PG_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def after_bulk_load(self, cursor):
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for sql in PG_INDEXES.values():
            cursor.execute(sql)
        cursor.execute(f"ANALYZE {DOC_TABLE}")

    @staticmethod
    def _conditions(terms, filters, scope, indexed: bool) -> tuple[list[str], list]:
        """WHERE conditions and parameters. indexed: lead with the GIN condition (exact for terms of
        1-2 characters, a superset for longer ones, which strpos() then confirms)."""
        conds: list[str] = []
        params: list = []
        long_terms = [t for t in terms if len(t) >= 3]
        if indexed:
            conds.append(f"{PG_TITLE_GRAMS if scope == 'title' else PG_ALL_GRAMS} @@ %s::tsquery")
            params.append(pg_tsquery(terms))
        checked_terms = long_terms if indexed else terms
        for t in checked_terms:
            if scope == "title":
                conds.append("strpos(title, %s) > 0")
                params.append(t)
            else:
                conds.append("(strpos(title, %s) > 0 OR strpos(body, %s) > 0)")
                params += [t, t]
        if scope == "body_only" and terms:
            conds.append("NOT (" + " AND ".join(["strpos(title, %s) > 0"] * len(terms)) + ")")
            params += terms
        for field, value in filters.items():
            conds.append(f"{field} = %s")
            params.append(value)
        return conds, params

    @contextlib.contextmanager
    def session(self):
        # One transaction per search, with settings local to it: no JIT compilation (it costs more
        # than these queries whenever their estimated cost crosses jit_above_cost); enough work_mem
        # that a bitmap over a very common n-gram stays exact; never a sequential scan, which
        # would compute search_grams() for every row (the planner picks one for a LIMIT query
        # when it expects most rows to match); no parallel workers (starting them costs more than
        # these queries, measured: a 27 ms count took 6 ms less without them).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
                "set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
            )
            yield

    def _count_sql(self, terms, filters, scope):
        conds, params = self._conditions(terms, filters, scope, indexed=True)
        return f"SELECT count(*) FROM (SELECT 1 FROM {DOC_TABLE} WHERE {' AND '.join(conds)} LIMIT %s) AS c", params

    def _newest_count_sql(self, terms, filters, scope, rows: int) -> tuple[str, list]:
        """Matches among the newest `rows` documents (no GIN), counted up to a LIMIT parameter."""
        match, match_params = self._conditions(terms, {}, scope, indexed=False)
        where, where_params = self._conditions([], filters, scope, indexed=False)
        where_sql = f"WHERE {' AND '.join(where)} " if where else ""
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM (SELECT title, body FROM {DOC_TABLE} {where_sql}"
            f"ORDER BY sort_key DESC LIMIT {int(rows)}) AS n WHERE {' AND '.join(match)} LIMIT %s) AS c"
        )
        return sql, [*where_params, *match_params]

    def counts(self, terms, filters, scopes, limit):
        if not DENSE_PROBE:
            return super().counts(terms, filters, scopes, limit)
        with connection.cursor() as cursor:
            # One probe for every scope (the page queries use the title share too).
            probe_scopes = list(dict.fromkeys([*scopes, "title"]))
            probes = [self._newest_count_sql(terms, filters, scope, DENSE_PROBE_ROWS) for scope in probe_scopes]
            cursor.execute(
                "SELECT " + ", ".join(f"({sql})" for sql, _ in probes),
                [p for _, params in probes for p in [*params, DENSE_PROBE_ROWS]],
            )
            self.shares = dict(zip(probe_scopes, (n / DENSE_PROBE_ROWS for n in cursor.fetchone()), strict=True))
            if "all" in self.shares:
                self.shares["body_only"] = self.shares["all"] - self.shares["title"]
            results: list[int | None] = [None] * len(scopes)
            for i, scope in enumerate(scopes):
                if (share := self.shares[scope]) >= DENSE_SHARE:
                    # Read about 1.5 times the rows the probe's share predicts, at most the budget.
                    rows = min(DENSE_BUDGET_ROWS, int(limit / max(share, 1e-6) * 1.5))
                    sql, params = self._newest_count_sql(terms, filters, scope, rows)
                    cursor.execute(sql, [*params, limit])
                    if (n := cursor.fetchone()[0]) >= limit:
                        results[i] = n
        rest = [scope for scope, n in zip(scopes, results, strict=True) if n is None]
        counted = iter(super().counts(terms, filters, rest, limit) if rest else [])
        return [n if n is not None else next(counted) for n in results]

    def _page_sql(self, n, terms, filters, scope, expected):
        # The ordered path pays off when matches are frequent among recent documents (the probe)
        # or many in all; the GIN path reads every match and sorts, which is cheap when they are few.
        share = getattr(self, "shares", {}).get(scope)
        if DENSE_PROBE and share is not None:
            indexed = share < ORDERED_MIN_SHARE
        else:
            indexed = expected <= ORDERED_SCAN_THRESHOLD
        conds, params = self._conditions(terms, filters, scope, indexed=indexed)
        # GIN path: "sort_key + 0" keeps the planner from walking the sort_key index and computing
        # search_grams() row by row; ordered path: walk sort_key backwards, stop when the page is full.
        order = "sort_key + 0" if indexed else "sort_key"
        sql = f"SELECT {n}, sort_key, record_id FROM {DOC_TABLE} WHERE {' AND '.join(conds)} ORDER BY {order} DESC"
        return sql, params

    def index_size(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c "
                "WHERE c.relname LIKE 'search\\_%%' AND c.relkind IN ('r', 'i') "
                "UNION ALL SELECT 'toast+fsm+vm of ' || c.relname, pg_total_relation_size(c.oid) "
                "- pg_indexes_size(c.oid) - pg_relation_size(c.oid) FROM pg_class c WHERE c.relname = %s",
                [DOC_TABLE],
            )
            return dict(cursor.fetchall())


def get_backend() -> Backend:
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")


def doc_rows(cursor, record_ids: Iterable[int]) -> list[dict]:
    ids = list(record_ids)
    if not ids:
        return []
    cursor.execute(
        f"SELECT {', '.join(DOC_COLUMNS)} FROM {DOC_TABLE} WHERE record_id IN ({', '.join(['%s'] * len(ids))})", ids
    )
    return [dict(zip(DOC_COLUMNS, r, strict=True)) for r in cursor.fetchall()]
