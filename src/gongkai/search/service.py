"""Indexing and searching plain documents: the rule of what a query matches and in which order.

    index_document(doc_id=7, title="...", body="...", bureau_id=1, published_at=...)
    search("尾矿", bureau_id=1, page=1) -> SearchResult(ids=[...], total=123, capped=False)

A document is an id (any integer, unique in the index), a title, a plain-text body and the filter
fields bureau_id, catalog_item_id, year, genre, validity and published_at; the app that owns the
documents builds them and registers its full set with register_default_source(). Search knows nothing of where documents come from.

A document matches when every whitespace-separated query term is a substring of its title or
body (after normalization, see text.py): 1-character and longer terms, Chinese, Latin (any case)
and digits alike. Relevance order puts documents with every term in the title first, then the
others; each group newest first (published_at, then document id). "newest" ignores the title
grouping. Counting stops at `count_cap()` (the SEARCH_COUNT_CAP setting, 1,000 by default: total = cap,
capped = True), and pages beyond the cap are empty: nobody pages past result 1,000 (filters narrow a
search), and an exact count of a term found in most documents would cost a scan of all of them. On
PostgreSQL a capped count of a 3- or 4-character term reads the text of cap + 1 matching rows, so the
cap sets the worst case (bench/README.md, "Search": p95 at 1M documents with caps of 10,000 and 1,000).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .backends import DOC_COLUMNS, DOC_TABLE, Backend, SQLiteBackend, doc_rows
from .postgresql import PostgreSQLBackend
from .text import normalize, query_terms

DEFAULT_COUNT_CAP = 1_000
MAX_PAGE_SIZE = 100
SORT_KEY_GAP = 64
NO_TIME = -(2**62)
ORDERS = ("relevance", "newest")


@dataclass(frozen=True)
class SearchResult:
    ids: list[int] = field(default_factory=list)
    total: int = 0
    capped: bool = False


# ---------------------------------------------------------------------------------------------
# Indexing


def get_backend() -> Backend:
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")


def count_cap() -> int:
    """How far a search counts its matches (and pages them): the SEARCH_COUNT_CAP setting."""
    return int(settings.GONGKAI.get("SEARCH_COUNT_CAP", DEFAULT_COUNT_CAP))


def published_ts(published_at: dt.datetime | None) -> int:
    """The order key of a publication time: epoch microseconds; no time sorts first."""
    if published_at is None:
        return NO_TIME
    return int(published_at.timestamp()) * 1_000_000 + published_at.microsecond


def _row(
    *,
    doc_id: int,
    title: str = "",
    body: str = "",
    bureau_id: int | None = None,
    catalog_item_id: int | None = None,
    year: int | None = None,
    genre: str = "",
    validity: str = "",
    published_at: dt.datetime | None = None,
) -> dict:
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    if year is None and published_at is not None:
        year = timezone.localtime(published_at).year
    return {
        "doc_id": int(doc_id),
        "sort_key": None,
        "published_ts": published_ts(published_at),
        "bureau_id": bureau_id,
        "catalog_item_id": catalog_item_id,
        "year": year,
        "genre": genre or "",
        "validity": validity or "",
        "published_at": published_at,
        "title": normalize(title),
        "body": normalize(body),
    }


def _db_values(row: dict) -> dict:
    return {**row, "published_at": connection.ops.adapt_datetimefield_value(row["published_at"])}


# sort_key: the document's position in (published_ts, doc_id) order, spaced SORT_KEY_GAP apart
# so that a document published "in the past" fits between its neighbours. Small, dense keys keep
# the SQLite FTS5 doclists (delta-encoded rowids) about 40 % smaller than timestamps would.


def _neighbour(cursor, ts: int, doc_id: int, before: bool) -> int | None:
    # A row-value comparison, which both databases answer from the (published_ts, doc_id) index.
    op, order = ("<", "DESC") if before else (">", "ASC")
    cursor.execute(
        f"SELECT sort_key FROM {DOC_TABLE} WHERE (published_ts, doc_id) {op} (%s, %s) "
        f"ORDER BY published_ts {order}, doc_id {order} LIMIT 1",
        [ts, doc_id],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def _allocate_sort_key(cursor, backend, ts: int, doc_id: int) -> int:
    before = _neighbour(cursor, ts, doc_id, before=True)
    after = _neighbour(cursor, ts, doc_id, before=False)
    if after is None:
        return (before or 0) + SORT_KEY_GAP
    if before is None:
        return after - SORT_KEY_GAP
    if after - before >= 2:
        return (before + after) // 2
    # No room: move the tightly packed documents that follow up by one, last first.
    cursor.execute(f"SELECT sort_key FROM {DOC_TABLE} WHERE sort_key >= %s ORDER BY sort_key LIMIT %s", [after, 1000])
    keys = [k for (k,) in cursor.fetchall()]
    run = 1
    while run < len(keys) and keys[run] - keys[run - 1] == 1:
        run += 1
    if run == 1000:
        raise RuntimeError("search index sort keys are exhausted here: run manage.py search_reindex")
    for key in reversed(keys[:run]):
        backend.move(cursor, key, key + 1)
    return after


def _write(rows: list[dict]) -> None:
    """Insert or replace documents (inside a transaction)."""
    backend = get_backend()
    with connection.cursor() as cursor:
        old = doc_rows(cursor, [r["doc_id"] for r in rows])
        if old:
            backend.delete(cursor, old)
        rows = sorted(rows, key=lambda r: (r["published_ts"], r["doc_id"]))
        if len(rows) > 1 and _neighbour(cursor, rows[0]["published_ts"], rows[0]["doc_id"], before=False) is None:
            # The usual batch (new publications): every row sorts after the whole index, so the keys
            # follow the last one, SORT_KEY_GAP apart, and the rows go in with one statement.
            last = _neighbour(cursor, rows[0]["published_ts"], rows[0]["doc_id"], before=True) or 0
            for n, row in enumerate(rows, start=1):
                row["sort_key"] = last + n * SORT_KEY_GAP
            backend.insert(cursor, [_db_values(row) for row in rows])
            return
        for row in rows:
            row["sort_key"] = _allocate_sort_key(cursor, backend, row["published_ts"], row["doc_id"])
            backend.insert(cursor, [_db_values(row)])


def index_document(**fields) -> None:
    """Index one document (replacing its previous version). Keyword arguments: doc_id
    (required), title, body (plain text), bureau_id, catalog_item_id, year (default: the local year
    of published_at), genre, validity, published_at."""
    with transaction.atomic():
        _write([_row(**fields)])


def index_documents(documents: Iterable[dict], *, batch_size: int = 1000) -> int:
    """Index many documents (dicts of index_document's arguments), batch by batch. Returns the count."""
    done = 0
    iterator = iter(documents)
    while batch := [_row(**d) for d in islice(iterator, batch_size)]:
        with transaction.atomic():
            _write(_dedupe(batch))
        done += len(batch)
    return done


def _dedupe(rows: list[dict]) -> list[dict]:
    by_id = {r["doc_id"]: r for r in rows}
    return list(by_id.values())


def bulk_load(documents: Iterable[dict], *, batch_size: int = 2000) -> int:
    """Load documents (distinct ids) into an EMPTY index as fast as the backend allows; the
    benchmark and reindex_all use it. Documents go to a staging table first, then into the index in
    publication order with evenly spaced sort keys; PostgreSQL builds its GIN indexes once at the
    end, SQLite fills FTS5 in rowid order and merges its segments at the end. One transaction."""
    backend = get_backend()
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {DOC_TABLE} LIMIT 1")
        if cursor.fetchone():
            raise RuntimeError("bulk_load needs an empty search index (see clear_index)")
        backend.before_bulk_load(cursor)
        iterator = iter(documents)
        while batch := _dedupe([_row(**d) for d in islice(iterator, batch_size)]):
            backend.stage(cursor, [_db_values(r) for r in batch])
            done += len(batch)
        backend.unstage(cursor, SORT_KEY_GAP)
        backend.after_bulk_load(cursor)
    return done


def remove_document(doc_id: int) -> None:
    """Take a document out of the index (its source withdrew or unpublished it). Unknown ids are ignored."""
    backend = get_backend()
    with transaction.atomic(), connection.cursor() as cursor:
        old = doc_rows(cursor, [doc_id])
        if old:
            backend.delete(cursor, old)


def clear_index() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        get_backend().clear(cursor)


# What `reindex_all()` indexes when given nothing: registered by the app that owns the documents
# (in its AppConfig.ready), so that search, below it, imports none of that app's models.
_default_source = None


def register_default_source(source) -> None:
    """`source()` returns the documents (dicts of index_document's arguments) a full rebuild indexes."""
    global _default_source
    _default_source = source


def reindex_all(documents: Iterable[dict] | None = None, *, batch_size: int = 500) -> int:
    """Rebuild the whole index from the documents (default: those of the registered source). One
    transaction: searches see the old index until it commits (on PostgreSQL they wait while the
    GIN indexes are rebuilt)."""
    if documents is None:
        documents = _default_source() if _default_source is not None else []
    with transaction.atomic():
        clear_index()
        return bulk_load(documents, batch_size=batch_size)


# ---------------------------------------------------------------------------------------------
# Searching


def _filters(**kwargs) -> dict:
    filters = {}
    for name, value in kwargs.items():
        if value is None or value == "":
            continue
        filters[name] = value if name in ("genre", "validity") else int(value)
    return filters


def search(
    query: str | None,
    *,
    bureau_id: int | None = None,
    catalog_item_id: int | None = None,
    year: int | None = None,
    genre: str | None = None,
    validity: str | None = None,
    page: int = 1,
    page_size: int = 20,
    order: str = "relevance",
) -> SearchResult:
    """Document ids of one page of matches, with the (capped) number of matches."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    filters = _filters(bureau_id=bureau_id, catalog_item_id=catalog_item_id, year=year, genre=genre, validity=validity)
    terms = query_terms(query)
    if not terms:
        return _browse(filters, page, page_size)

    backend = get_backend()
    cap = count_cap()
    offset = (page - 1) * page_size
    with backend.session():
        scopes = ["all", "title"] if order == "relevance" and backend.count_title_first else ["all"]
        total, *title_count = backend.counts(terms, filters, scopes, cap + 1)
        capped = total > cap
        total = min(total, cap)
        limit = min(page_size, total - offset)
        if limit <= 0:
            return SearchResult([], total, capped)
        expected_all = cap + 1 if capped else total
        if order == "newest":
            return SearchResult(backend.pages(terms, filters, [("all", limit, offset, expected_all)]), total, capped)

        # Relevance: title hits, then the others; a page may straddle the two groups.
        ids: list[int] = []
        if title_count:
            title_total = title_count[0]
        else:
            # Page the title hits first: a short page tells how many there are, so the title
            # count is only needed for a page past their end.
            ids = backend.pages(terms, filters, [("title", limit, offset, expected_all)])
            if len(ids) == limit:
                return SearchResult(ids, total, capped)
            if ids or offset == 0:
                title_total = offset + len(ids)
            else:
                title_total = backend.counts(terms, filters, ["title"], cap + 1)[0]
        slices = []
        if title_count and offset < title_total:
            slices.append(("title", min(limit, title_total - offset), offset, title_total))
        body_limit = limit - len(ids) - (slices[0][1] if slices else 0)
        if body_limit > 0:
            body_expected = cap + 1 if capped else total - title_total
            slices.append(("body_only", body_limit, max(0, offset - title_total), body_expected))
        return SearchResult(ids + backend.pages(terms, filters, slices), total, capped)


def _browse(filters: dict, page: int, page_size: int) -> SearchResult:
    """No query terms: the filtered documents, newest first."""
    from .models import SearchDocument

    qs = SearchDocument.objects.filter(**filters)
    cap = count_cap()
    total = qs[: cap + 1].count()
    capped = total > cap
    total = min(total, cap)
    offset = (page - 1) * page_size
    limit = min(page_size, total - offset)
    if limit <= 0:
        return SearchResult([], total, capped)
    ids = list(qs.order_by("-sort_key").values_list("doc_id", flat=True)[offset : offset + limit])
    return SearchResult(ids, total, capped)


def index_size() -> dict[str, int]:
    """Bytes on disk of the search tables and indexes, by object name."""
    return get_backend().index_size()


__all__ = [
    "DOC_COLUMNS",
    "DEFAULT_COUNT_CAP",
    "count_cap",
    "SearchResult",
    "bulk_load",
    "clear_index",
    "index_document",
    "index_documents",
    "index_size",
    "reindex_all",
    "register_default_source",
    "remove_document",
    "search",
]
