"""Exact Chinese substring search over published records, on SQLite (FTS5) and PostgreSQL (GIN).

Public entry points live in gongkai.search.service (index_document, index_record, remove_record,
reindex_all, search); gongkai.records.search re-exports them. See docs in service.py.
"""
