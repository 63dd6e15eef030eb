"""The record page's data in one query, compiled once per process.

The record page is the portal's most requested page. Building its SQL with the ORM cost more than running
it (several select_related joins and subqueries: about 1–2 ms of Python per request), so the SQL is built
by the ORM once per database alias, with a placeholder for the UUID, and then executed with each request's
UUID. The row is turned into model instances with `Model.from_db` and the same converters the ORM applies.

One row brings the record (all columns but the screening report), its bureau, the bureau's parent and the
catalog item (the columns the page shows; others load on access), whether the record has attachments or
records linked to it, and the version of the platform settings row (so the settings need no query of their
own while they are unchanged: `portal.selectors.site_setting`).
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Exists, OuterRef, Q

from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from .constants import PUBLIC_STATUSES
from .models import Attachment, Record

# Columns the record page never shows.
_RECORD_SKIPPED = ("screening_hits",)
# (path from the record, model, columns): what the page shows of the related rows.
_RELATED = (
    ("bureau", Bureau, ("id", "name", "short_name", "code", "parent_id")),
    ("bureau__parent", Bureau, ("id", "name", "short_name", "code")),
    ("catalog_item", CatalogItem, ("id", "catalog_id", "key", "level1", "level2", "level3")),
)
_EXTRA = ("gk_has_attachments", "gk_has_links", "gk_site_version")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    uuid_position: int
    record_columns: tuple
    converters: tuple  # per column: a tuple of (converter, expression)


_compiled: dict[str, _Compiled] = {}
_PLACEHOLDER = uuid_module.UUID("00000000-0000-4000-8000-00000000c0de")


def _converters(field, connection) -> tuple:
    col = field.get_col(field.model._meta.db_table)
    return tuple((c, col) for c in connection.ops.get_db_converters(col) + col.get_db_converters(connection))


def _compile(alias: str) -> _Compiled:
    connection = connections[alias]
    fields = [f for f in Record._meta.concrete_fields if f.name not in _RECORD_SKIPPED]
    record_columns = tuple(f.attname for f in fields)
    lookups = list(record_columns)
    for path, model, columns in _RELATED:
        for column in columns:
            lookups.append(f"{path}__{column}")
            fields.append(_attfield(model, column))
    qs = (
        Record.objects.using(alias)
        .filter(status__in=PUBLIC_STATUSES, uuid=_PLACEHOLDER)
        .annotate(
            gk_has_attachments=Exists(Attachment.objects.filter(record=OuterRef("pk"), removed_at__isnull=True)),
            gk_has_links=Exists(Record.objects.filter(Q(interprets=OuterRef("pk")) | Q(replaced_by=OuterRef("pk")))),
            gk_site_version=portal_selectors.site_setting_version(),
        )
        .values_list(*lookups, *_EXTRA)
        .order_by()
    )
    sql, params = qs.query.get_compiler(using=alias).as_sql()
    placeholder = Record._meta.get_field("uuid").get_db_prep_value(_PLACEHOLDER, connection)
    positions = [i for i, p in enumerate(params) if p == placeholder]
    if len(positions) != 1:  # pragma: no cover - the query's shape is fixed
        raise RuntimeError("record page query: cannot find the UUID parameter")
    # The flags and the settings version are read raw (truthiness; compared, never shown).
    converters = tuple(_converters(f, connection) for f in fields) + ((),) * len(_EXTRA)
    return _Compiled(sql, tuple(params), positions[0], record_columns, converters)


def _attfield(model, column):
    """The field whose column is `column` (`parent_id` -> the `parent` foreign key)."""
    for field in model._meta.concrete_fields:
        if field.attname == column:
            return field
    raise LookupError(column)


def fetch(record_uuid) -> Record | None:
    """The published or withdrawn record with this UUID, or None. See the module docstring."""
    alias = router.db_for_read(Record)
    compiled = _compiled.get(alias)
    if compiled is None:
        compiled = _compiled[alias] = _compile(alias)
    connection = connections[alias]
    params = list(compiled.params)
    params[compiled.uuid_position] = Record._meta.get_field("uuid").get_db_prep_value(record_uuid, connection)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, converters in enumerate(compiled.converters):
        for converter, expression in converters:
            values[i] = converter(values[i], expression, connection)

    position = len(compiled.record_columns)
    record = Record.from_db(alias, compiled.record_columns, values[:position])
    related = {}
    for path, model, columns in _RELATED:
        chunk = values[position : position + len(columns)]
        position += len(columns)
        related[path] = model.from_db(alias, columns, chunk) if chunk[0] is not None else None
    has_attachments, has_links, site_version = values[position:]

    bureau = related["bureau"]
    bureau.parent = related["bureau__parent"]
    record.bureau = bureau
    record.catalog_item = related["catalog_item"]
    record.has_attachments = bool(has_attachments)
    record.has_links = bool(has_links)
    record.site_version = site_version
    return record
