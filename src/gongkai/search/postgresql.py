"""The PostgreSQL backend of the search index: how a query is answered from the bucketed n-gram
GIN indexes (backends.py, "PostgreSQL", holds their DDL). Counts and pages read the buckets newest
first, a chunk of buckets per query (an OR over the chunk's buckets of the ANDed n-grams), and
stop at the cap or when the page is full, so a frequent term costs what its newest matches cost;
terms of 3+ characters are confirmed with strpos() on the stored normalized text; pages of terms
frequent among the newest documents are read along the sort_key index instead. The tuning
constants below are measured in bench/search_bench.py (`--set NAME=VALUE` overrides them).
"""

from __future__ import annotations

import contextlib
import math

from django.db import connection, transaction

from .backends import (
    DOC_TABLE,
    PG_ALL_GRAMS,
    PG_BUCKET_SHIFT,
    PG_INDEXES,
    PG_TITLE_GRAMS,
    STAGED_COLUMNS,
    STAGING_TABLE,
    Backend,
)
from .text import pg_tsquery

# PostgreSQL tuning (see the module docstring and bench/README.md):
# Buckets read by the next query: enough, from the hits per bucket seen so far, to find what is
# still needed, times this margin (the newest bucket is usually partly filled).
PG_CHUNK_MARGIN = 1.5
# Pages are first read newest first along the sort_key index, without GIN, when at least this
# share of the newest bucket matches; that read stops after ORDERED_PROBE_ROWS rows and the GIN
# path continues below them.
ORDERED_MIN_SHARE = 0.05
ORDERED_PROBE_ROWS = 2000
# Documents per bucket at the bulk-load spacing (service.SORT_KEY_GAP = 64).
PG_BUCKET_DOCS = (1 << PG_BUCKET_SHIFT) // 64


def pg_bucket(sort_key: int) -> int:
    return sort_key >> PG_BUCKET_SHIFT


class PostgreSQLBackend(Backend):
    vendor = "postgresql"

    def __init__(self):
        self._range: tuple[int, int, int] | None = None
        self._range_read = False
        self.shares: dict[str, float] = {}

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

    @contextlib.contextmanager
    def session(self):
        # One transaction per search, with settings local to it: no JIT compilation (it costs more
        # than these queries whenever their estimated cost crosses jit_above_cost); enough work_mem
        # that a bitmap stays exact; never a sequential scan, which would compute
        # search_doc_grams() for every row (the planner picks one for a LIMIT query when it
        # expects most rows to match); no parallel workers (starting them costs more than these
        # queries).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
                "set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
            )
            self._range_read = False
            self.shares = {}
            yield

    # --- buckets

    def _bucket_range(self) -> tuple[int, int, int] | None:
        """(oldest bucket, newest bucket, newest sort_key), None when the index is empty."""
        if not self._range_read:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT min(sort_key), max(sort_key) FROM {DOC_TABLE}")
                lo, hi = cursor.fetchone()
            self._range = None if lo is None else (pg_bucket(lo), pg_bucket(hi), hi)
            self._range_read = True
        return self._range

    def _chunked(self, run, need: int, top: int | None = None) -> int:
        """Call run(buckets, still_needed) -> rows found, over the buckets newest first (from bucket
        top down), in chunks sized from the hits per bucket seen so far, until need rows are found
        or every bucket has been read. buckets is (oldest, newest) of the chunk, None for all."""
        bucket_range = self._bucket_range()
        if bucket_range is None or need <= 0:
            return 0
        lo, hi, _ = bucket_range
        first = hi if top is None else min(top, hi)
        found, top, chunk = 0, first, 1
        while top >= lo and found < need:
            bottom = max(lo, top - chunk + 1)
            found += run(None if (bottom == lo and top == hi) else (bottom, top), need - found)
            top = bottom - 1
            if found:
                per_bucket = found / (first - bottom + 1)
                chunk = max(1, math.ceil((need - found) / per_bucket * PG_CHUNK_MARGIN))
            else:
                chunk = top - lo + 1  # nothing in the newest buckets: all the others at once
        return found

    def _tsquery(self, terms: list[str], buckets: tuple[int, int] | None) -> str:
        """Every n-gram of every term, in one of the buckets (oldest, newest); None: any bucket."""
        lo, hi, _ = self._range
        bottom, top = (lo, hi) if buckets is None else buckets
        return " | ".join(f"({pg_tsquery(terms, prefix=f'{b}|')})" for b in range(top, bottom - 1, -1))

    # --- conditions

    def _conditions(self, terms, filters, scope, indexed: bool, buckets=None) -> tuple[list[str], list]:
        """WHERE conditions and parameters. indexed: lead with the GIN condition (exact for terms of
        1-2 characters, a superset for longer ones, which strpos() then confirms)."""
        conds: list[str] = []
        params: list = []
        if indexed:
            conds.append(f"{PG_TITLE_GRAMS if scope == 'title' else PG_ALL_GRAMS} @@ %s::tsquery")
            params.append(self._tsquery(terms, buckets))
        for t in [t for t in terms if len(t) >= 3] if indexed else terms:
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

    # --- counts

    def counts(self, terms, filters, scopes, limit):
        results = []
        for scope in scopes:
            first: list[int] = []

            def run(buckets, still, scope=scope, first=first):
                conds, params = self._conditions(terms, filters, scope, indexed=True, buckets=buckets)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT count(*) FROM (SELECT 1 FROM {DOC_TABLE} WHERE {' AND '.join(conds)} LIMIT %s) AS c",
                        [*params, still],
                    )
                    n = cursor.fetchone()[0]
                if not first:
                    first.append(n)
                return n

            results.append(self._chunked(run, limit))
            bucket_range = self._bucket_range()
            if first and bucket_range is not None:
                _, hi, newest = bucket_range
                newest_docs = (newest - (hi << PG_BUCKET_SHIFT)) // 64 + 1
                self.shares[scope] = first[0] / max(1, min(newest_docs, PG_BUCKET_DOCS))
        return results

    # --- pages

    def pages(self, terms, filters, slices):
        ids: list[int] = []
        for scope, limit, offset, _expected in slices:
            rows = self._page(terms, filters, scope, offset + limit)
            ids += [doc_id for _, doc_id in rows[offset : offset + limit]]
        return ids

    def _page(self, terms, filters, scope, need: int) -> list[tuple[int, int]]:
        """The newest `need` matches in the scope, as (sort_key, doc_id), newest first."""
        rows: list[tuple[int, int]] = []
        below = None
        share = self.shares.get("all", self.shares.get(scope, 0.0))
        if share >= ORDERED_MIN_SHARE:
            # Frequent in the newest documents: walk them newest first (stops when the page is full).
            match, match_params = self._conditions(terms, {}, scope, indexed=False)
            where, where_params = self._conditions([], filters, scope, indexed=False)
            where_sql = f"WHERE {' AND '.join(where)} " if where else ""
            inner = f"SELECT sort_key, doc_id, title, body FROM {DOC_TABLE} {where_sql}ORDER BY sort_key DESC LIMIT %s"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT sort_key, doc_id FROM ({inner}) AS n WHERE {' AND '.join(match)} "
                    "ORDER BY sort_key DESC LIMIT %s",
                    [*where_params, ORDERED_PROBE_ROWS, *match_params, need],
                )
                rows = cursor.fetchall()
                if len(rows) >= need:
                    return rows
                cursor.execute(
                    f"SELECT min(sort_key), count(*) FROM ({inner}) AS n", [*where_params, ORDERED_PROBE_ROWS]
                )
                below, read = cursor.fetchone()
                if below is None or read < ORDERED_PROBE_ROWS:
                    return rows  # the walk read every (filtered) document

        def run(buckets, still):
            conds, params = self._conditions(terms, filters, scope, indexed=True, buckets=buckets)
            if below is not None:
                conds.append("sort_key < %s")
                params.append(below)
            # "sort_key + 0" keeps the planner from walking the sort_key index and computing
            # search_doc_grams() row by row.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT sort_key, doc_id FROM {DOC_TABLE} WHERE {' AND '.join(conds)} "
                    "ORDER BY sort_key + 0 DESC LIMIT %s",
                    [*params, still],
                )
                found = cursor.fetchall()
            rows.extend(found)
            return len(found)

        self._chunked(run, need - len(rows), top=None if below is None else pg_bucket(below))
        return rows

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
