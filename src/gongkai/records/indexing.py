"""The records app's side of full-text search.

Search itself is `gongkai.records.search` (built separately): `search(query, *, bureau_id,
catalog_item_id, year, genre, validity, page, page_size) -> SearchResult(ids, total, capped)`,
`index_record(record)` and `remove_record(record_id)`. This module is the one place that
calls it, inside the publishing transaction (the index is in the same database). Until that
package is installed the calls are no-ops and `search()` falls back to a substring scan.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    total: int
    capped: bool = False


def _backend():
    try:
        from gongkai.records import search as backend
    except ImportError:
        return None
    if not hasattr(backend, "search") or not hasattr(backend, "index_record"):
        return None
    try:
        import gongkai.search.service  # noqa: F401  (the package behind the facade)
    except ImportError:
        return None
    return backend


def is_available() -> bool:
    return _backend() is not None


def index_now(record_ids: list[int]) -> None:
    """(Re)index these records now, inside the caller's transaction.

    The index lives in the same database, so the index entry commits or rolls back with the
    publication. A failure of the index (in its own savepoint) never blocks publishing; it is
    logged and `reindex_all` repairs it.
    """
    backend = _backend()
    if backend is None:
        return
    from .models import Record

    for record in Record.objects.filter(pk__in=list(record_ids)).prefetch_related("attachments"):
        try:
            with transaction.atomic():
                backend.index_record(record)
        except Exception:
            logger.exception("Could not index record %s", record.pk)


def index_many(records) -> None:
    """Index these records (attachments prefetched) in one batch, inside the caller's transaction;
    a failure is logged, never blocks publishing (as index_now)."""
    backend = _backend()
    if backend is None or not records:
        return
    try:
        with transaction.atomic():
            backend.index_records(records)
    except Exception:
        logger.exception("Could not index records %s", [r.pk for r in records])


def remove_now(record_ids: list[int]) -> None:
    """Take these records out of the index, inside the caller's transaction."""
    backend = _backend()
    if backend is None:
        return
    for record_id in record_ids:
        try:
            with transaction.atomic():
                backend.remove_record(record_id)
        except Exception:
            logger.exception("Could not remove record %s from the index", record_id)


def search(
    query: str,
    *,
    bureau_id=None,
    catalog_item_id=None,
    year=None,
    genre=None,
    validity=None,
    page: int = 1,
    page_size: int = 20,
) -> SearchResult:
    backend = _backend()
    filters = dict(bureau_id=bureau_id, catalog_item_id=catalog_item_id, year=year, genre=genre, validity=validity)
    if backend is not None:
        result = backend.search(query, page=page, page_size=page_size, **filters)
        return SearchResult(list(result.ids), int(result.total), bool(getattr(result, "capped", False)))
    return _scan(query, page=page, page_size=page_size, **filters)


def _scan(query, *, bureau_id, catalog_item_id, year, genre, validity, page, page_size) -> SearchResult:
    """Fallback: substring scan, title hits first, newest first (slow on large corpora)."""
    from .models import Record

    qs = Record.objects.published()
    if bureau_id:
        qs = qs.filter(bureau_id=bureau_id)
    if catalog_item_id:
        qs = qs.filter(catalog_item_id=catalog_item_id)
    if year:
        qs = qs.filter(index_year=year)
    if genre:
        qs = qs.filter(genre=genre)
    if validity:
        qs = qs.filter(validity=validity)
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(title__contains=query) | Q(body__contains=query) | Q(attachments__extracted_text__contains=query)
        ).distinct()
        qs = qs.annotate(
            title_hit=Case(When(title__contains=query, then=Value(1)), default=Value(0), output_field=IntegerField())
        ).order_by("-title_hit", "-published_at", "-pk")
    else:
        qs = qs.order_by("-published_at", "-pk")
    total = qs.count()
    start = max(page - 1, 0) * page_size
    ids = list(qs.values_list("pk", flat=True)[start : start + page_size])
    return SearchResult(ids, total, False)
