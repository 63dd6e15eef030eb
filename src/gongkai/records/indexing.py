"""The records app's side of full-text search: which records are found, and as what document.

A published record is indexed as one plain document of `gongkai.search` (record_document: its
title; document number, keywords, summary, body without HTML and the extracted text of its current
attachments as the body; bureau, catalog item, year, genre and validity as filters). Drafts and
withdrawn records are never in the index: publication calls `index_now` and withdrawal
`remove_now`, inside their own transaction (the index is in the same database, so the entry commits
or rolls back with the publication). `published_documents` is what a full rebuild
(`manage.py search_reindex`) indexes, registered with search in RecordsConfig.ready. Views and the
API search through `search` here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from gongkai.search import service
from gongkai.search.service import SearchResult
from gongkai.search.text import html_to_text, snippet

logger = logging.getLogger(__name__)

__all__ = ["SearchResult", "index_now", "record_document", "reindex_all", "remove_now", "search"]


def record_document(record) -> dict:
    """index_document's arguments for a Record (attachments: the prefetched ones are read)."""
    parts = [
        record.document_number or "",
        record.keywords or "",
        html_to_text(record.summary),
        html_to_text(record.body),
    ]
    parts += [a.extracted_text or "" for a in record.attachments.all() if a.removed_at is None]
    published_at = record.published_at
    return {
        "doc_id": record.pk,
        "title": record.title,
        "body": "\n".join(p for p in parts if p),
        "bureau_id": record.bureau_id,
        "catalog_item_id": record.catalog_item_id,
        "year": timezone.localtime(published_at).year if published_at else None,
        "genre": record.genre or "",
        "validity": record.validity or "",
        "published_at": published_at,
    }


def _documents(records: Iterable, batch_size: int) -> Iterator[dict]:
    iterator = records.iterator(chunk_size=batch_size) if hasattr(records, "iterator") else iter(records)
    for record in iterator:
        yield record_document(record)


def published_documents(*, batch_size: int = 500) -> Iterator[dict]:
    """The documents of every published record: what a full rebuild of the index covers."""
    from .selectors import published_for_index

    return _documents(published_for_index(), batch_size)


def reindex_all(records: Iterable | None = None, *, batch_size: int = 500) -> int:
    """Rebuild the whole index from these records (default: the published ones). Returns the count."""
    documents = published_documents(batch_size=batch_size) if records is None else _documents(records, batch_size)
    return service.reindex_all(documents, batch_size=batch_size)


def index_now(record_ids: list[int]) -> None:
    """(Re)index these records now, inside the caller's transaction.

    A failure of the index (in its own savepoint) never blocks publishing; it is logged and
    `reindex_all` repairs it.
    """
    from .models import Record

    for record in Record.objects.filter(pk__in=list(record_ids)).prefetch_related("attachments"):
        try:
            with transaction.atomic():
                service.index_document(**record_document(record))
        except Exception:
            logger.exception("Could not index record %s", record.pk)


def index_many(records) -> None:
    """Index these records (attachments prefetched) in one batch, inside the caller's transaction;
    a failure is logged, never blocks publishing (as index_now)."""
    if not records:
        return
    try:
        with transaction.atomic():
            service.index_documents(record_document(r) for r in records)
    except Exception:
        logger.exception("Could not index records %s", [r.pk for r in records])


def index_later(record_ids: list[int]) -> None:
    """Index these records in the background worker once the caller's transaction commits (the bulk API:
    the full-text index update is the largest part of a published record's cost, and searches may follow
    the publication by a few seconds). The task (`index_records`, here) indexes the batch in one insert,
    skipping records no longer published. When the task cannot be queued the batch is indexed at once,
    after the commit."""
    ids = sorted(int(pk) for pk in record_ids)
    if ids:
        transaction.on_commit(lambda: _enqueue_index(ids))


@task
def index_records(record_ids: list[int]) -> int:
    """The worker's side of `index_later`: the batch's search entries in one insert."""
    return index_published(record_ids)


def _enqueue_index(record_ids: list[int]) -> None:
    try:
        index_records.enqueue(record_ids)
    except Exception:
        logger.exception("Could not queue the indexing of records %s; indexing them now", record_ids)
        index_published(record_ids)


def index_published(record_ids: list[int]) -> int:
    """Index those of these records that are still published, in one batch. Returns how many."""
    from .selectors import published_for_index

    records = list(published_for_index().filter(pk__in=list(record_ids)))
    index_many(records)
    return len(records)


def remove_now(record_ids: list[int]) -> None:
    """Take these records out of the index, inside the caller's transaction."""
    for record_id in record_ids:
        try:
            with transaction.atomic():
                service.remove_document(record_id)
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
    order: str = "relevance",
) -> SearchResult:
    """Ids of one page of published records matching the query; `order` "relevance": title hits first,
    newest first; "newest": newest first (the matching rule: gongkai.search.service)."""
    filters = dict(bureau_id=bureau_id, catalog_item_id=catalog_item_id, year=year, genre=genre, validity=validity)
    return service.search(query, page=page, page_size=page_size, order=order, **filters)


def result_snippet(record, query: str) -> list[tuple[str, bool]]:
    """The passage of the record shown under a search result, with the query's matches marked
    (search.text.snippet): from the summary, else the body, else the keywords."""
    for text in (html_to_text(record.summary), html_to_text(record.body), record.keywords or ""):
        if text and text.strip():
            return snippet(text, query)
    return []
