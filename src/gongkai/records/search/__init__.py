"""Search over records: a thin facade over gongkai.search (see gongkai/search/service.py).

Functions import lazily so that this module can be imported while apps are still loading.
"""


def index_record(record):
    from gongkai.search.service import index_record

    return index_record(record)


def index_records(records):
    from gongkai.search.service import index_documents, record_document

    return index_documents(record_document(r) for r in records)


def remove_record(record_id):
    from gongkai.search.service import remove_record

    return remove_record(record_id)


def reindex_all(records=None, **kwargs):
    from gongkai.search.service import reindex_all

    return reindex_all(records, **kwargs)


def index_document(**fields):
    from gongkai.search.service import index_document

    return index_document(**fields)


def search(query, **kwargs):
    """search(query, *, bureau_id=None, catalog_item_id=None, year=None, genre=None, validity=None,
    page=1, page_size=20, order="relevance"|"newest") -> SearchResult(ids, total, capped)."""
    from gongkai.search.service import search

    return search(query, **kwargs)


def __getattr__(name):
    # SearchResult, count_cap, record_document, ... on first use.
    from gongkai.search import service

    try:
        return getattr(service, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
