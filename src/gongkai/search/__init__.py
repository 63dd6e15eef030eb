"""Exact Chinese substring search over plain documents, on SQLite (FTS5) and PostgreSQL (GIN).

Public entry points live in gongkai.search.service (index_document, index_documents,
remove_document, reindex_all, search, register_default_source); see its docstring. The apps that
own documents build them and call these; search imports none of them.
"""
