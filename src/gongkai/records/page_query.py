"""The record page's data in one query (two more when the record has attachments or links), compiled once
per process and prepared on PostgreSQL.

The record page is the portal's most requested page. Building its SQL with the ORM cost more than running
it (several select_related joins and subqueries: about 1–2 ms of Python per request), so each query's SQL is
built by the ORM once per database alias, with sentinel values where the request's values go, and then
executed with each request's values. Rows become model instances through `Model.from_db`, with the same
converters the ORM applies. On PostgreSQL the statements are prepared (`core.prepared`): planning the main
query took ~0.9 ms of the database's time per request, running it ~0.15 ms.

The main row brings the record (all columns but the screening report), its bureau, the bureau's parent and
the catalog item (the columns the page shows; others load on access), whether the record has attachments or
records linked to it, and the version of the platform settings row (so the settings need no query of their
own while they are unchanged: `portal.selectors.site_setting`).
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai.catalogs.models import CatalogItem
from gongkai.core import prepared
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from .constants import PUBLIC_STATUSES
from .models import Attachment, Record

# Columns the record page never shows.
_RECORD_SKIPPED = ("screening_hits",)
_RECORD_COLUMNS = tuple(f.attname for f in Record._meta.concrete_fields if f.name not in _RECORD_SKIPPED)
# (path from the record, model, columns): what the page shows of the related rows.
_RELATED = (
    ("bureau", Bureau, ("id", "name", "short_name", "code", "parent_id")),
    ("bureau__parent", Bureau, ("id", "name", "short_name", "code")),
    ("catalog_item", CatalogItem, ("id", "catalog_id", "key", "level1", "level2", "level3")),
)
# Model.from_db expects a model's columns in its field order.
_RELATED = tuple(
    (path, model, tuple(f.attname for f in model._meta.concrete_fields if f.attname in columns))
    for path, model, columns in _RELATED
)
_EXTRA = ("gk_has_attachments", "gk_has_links", "gk_site_version")
# What the page shows of linked records (its policy or interpretations, what replaces it or what it replaces).
_LINKED = {"id", "uuid", "title", "document_number", "validity", "status", "interprets_id", "replaced_by_id",
           "interpretation_form"}  # fmt: skip
# In the model's field order, as Model.from_db expects.
LINKED_FIELDS = tuple(f.attname for f in Record._meta.concrete_fields if f.attname in _LINKED)

# Sentinels: values no request has, found in the compiled parameters to mark where each request's value goes.
_UUID = uuid_module.UUID("00000000-0000-4000-8000-00000000c0de")
_RECORD_ID, _OTHER_1, _OTHER_2 = -7_000_001, -7_000_002, -7_000_003
_NO_ID = -1  # an absent linked record


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    positions: dict  # name -> index in params
    fields: tuple  # per column: the model field it converts as (None: read raw)
    converters: tuple  # per column: a tuple of (converter, expression)

    def rows(self, connection, values: dict, *, one: bool = False) -> list[list]:
        params = list(self.params)
        for name, value in values.items():
            params[self.positions[name]] = value
        if one:
            row = prepared.fetchone(connection, self.sql, params)
            found = [row] if row is not None else []
        else:
            found = prepared.fetchall(connection, self.sql, params)
        converted = []
        for row in found:
            row = list(row)
            for i, converters in enumerate(self.converters):
                for converter, expression in converters:
                    row[i] = converter(row[i], expression, connection)
            converted.append(row)
        return converted


_compiled: dict[tuple[str, str], _Compiled] = {}


def _converters(field, connection) -> tuple:
    col = field.get_col(field.model._meta.db_table)
    return tuple((c, col) for c in connection.ops.get_db_converters(col) + col.get_db_converters(connection))


def _attfield(model, column):
    """The field whose column is `column` (`parent_id` -> the `parent` foreign key)."""
    for field in model._meta.concrete_fields:
        if field.attname == column:
            return field
    raise LookupError(column)


def _compile(alias: str, qs: QuerySet, fields: list, sentinels: dict) -> _Compiled:
    """`qs` (a values_list whose columns are `fields`, then raw extras) with each sentinel's position."""
    connection = connections[alias]
    sql, params = qs.query.get_compiler(using=alias).as_sql()
    positions = {}
    for name, (field, sentinel) in sentinels.items():
        value = field.get_db_prep_value(sentinel, connection)
        found = [i for i, p in enumerate(params) if p == value]
        if len(found) != 1:  # pragma: no cover - the queries' shapes are fixed
            raise RuntimeError(f"record page query: cannot find the parameter {name}")
        positions[name] = found[0]
    converters = tuple(_converters(f, connection) if f is not None else () for f in fields)
    return _Compiled(sql, tuple(params), positions, tuple(fields), converters)


def _record_query(alias: str) -> _Compiled:
    fields = [f for f in Record._meta.concrete_fields if f.name not in _RECORD_SKIPPED]
    lookups = [f.attname for f in fields]
    for path, model, columns in _RELATED:
        for column in columns:
            lookups.append(f"{path}__{column}")
            fields.append(_attfield(model, column))
    qs = (
        Record.objects.using(alias)
        .filter(status__in=PUBLIC_STATUSES, uuid=_UUID)
        .annotate(
            gk_has_attachments=Exists(Attachment.objects.filter(record=OuterRef("pk"), removed_at__isnull=True)),
            gk_has_links=Exists(Record.objects.filter(Q(interprets=OuterRef("pk")) | Q(replaced_by=OuterRef("pk")))),
            gk_site_version=portal_selectors.site_setting_version(),
        )
        .values_list(*lookups, *_EXTRA)
        .order_by()
    )
    # The flags and the settings version are read raw (truthiness; compared, never shown).
    return _compile(alias, qs, fields + [None] * len(_EXTRA), {"uuid": (Record._meta.get_field("uuid"), _UUID)})


def _attachments_query(alias: str) -> _Compiled:
    fields = list(Attachment._meta.concrete_fields)
    qs = (
        Attachment.objects.using(alias)
        .filter(record_id=_RECORD_ID, removed_at__isnull=True)
        .order_by("position", "pk")
        .values_list(*(f.attname for f in fields))
    )
    return _compile(alias, qs, fields, {"record": (Attachment._meta.get_field("record"), _RECORD_ID)})


def _links_query(alias: str) -> _Compiled:
    fields = [_attfield(Record, name) for name in LINKED_FIELDS]
    pk = Record._meta.pk
    # No status filter and ordered by pk, so that the database uses the foreign-key indexes; the page keeps
    # the published ones.
    qs = (
        Record.objects.using(alias)
        .filter(Q(interprets_id=_RECORD_ID) | Q(replaced_by_id=_RECORD_ID) | Q(pk=_OTHER_1) | Q(pk=_OTHER_2))
        .order_by("pk")
        .values_list(*LINKED_FIELDS)
    )
    # interprets_id and replaced_by_id compare with the same value: the first occurrence is interprets_id's.
    connection = connections[alias]
    sql, params = qs.query.get_compiler(using=alias).as_sql()
    prep = pk.get_db_prep_value
    record_positions = [i for i, p in enumerate(params) if p == prep(_RECORD_ID, connection)]
    compiled = _compile(alias, qs, fields, {"other_1": (pk, _OTHER_1), "other_2": (pk, _OTHER_2)})
    if len(record_positions) != 2:  # pragma: no cover
        raise RuntimeError("record page query: cannot find the record's parameters")
    positions = compiled.positions | {"interprets": record_positions[0], "replaced_by": record_positions[1]}
    return _Compiled(compiled.sql, compiled.params, positions, compiled.fields, compiled.converters)


def _get(name: str, alias: str, build: Callable[[str], _Compiled]) -> _Compiled:
    compiled = _compiled.get((name, alias))
    if compiled is None:
        compiled = _compiled[(name, alias)] = build(alias)
    return compiled


def fetch(record_uuid) -> Record | None:
    """The published or withdrawn record with this UUID, or None. See the module docstring."""
    alias = router.db_for_read(Record)
    connection = connections[alias]
    compiled = _get("record", alias, _record_query)
    uuid_value = Record._meta.get_field("uuid").get_db_prep_value(record_uuid, connection)
    found = compiled.rows(connection, {"uuid": uuid_value}, one=True)
    if not found:
        return None
    values = found[0]
    columns = _RECORD_COLUMNS
    position = len(columns)
    record = Record.from_db(alias, columns, values[:position])
    related = {}
    for path, model, related_columns in _RELATED:
        chunk = values[position : position + len(related_columns)]
        position += len(related_columns)
        related[path] = model.from_db(alias, related_columns, chunk) if chunk[0] is not None else None
    has_attachments, has_links, site_version = values[position:]

    bureau = related["bureau"]
    bureau.parent = related["bureau__parent"]
    record.bureau = bureau
    record.catalog_item = related["catalog_item"]
    record.has_attachments = bool(has_attachments)
    record.has_links = bool(has_links)
    record.site_version = site_version
    return record


def attachments(record: Record) -> list[Attachment]:
    """The record's current attachments, in their order (with `record` set: their URLs use its UUID)."""
    alias = router.db_for_read(Attachment)
    connection = connections[alias]
    compiled = _get("attachments", alias, _attachments_query)
    columns = tuple(f.attname for f in compiled.fields)
    found = []
    for values in compiled.rows(connection, {"record": record.pk}):
        attachment = Attachment.from_db(alias, columns, values)
        attachment.record = record
        found.append(attachment)
    return found


def linked(record: Record) -> list[Record]:
    """The records that interpret or replace `record`, its policy and what replaces it (any status), by pk."""
    alias = router.db_for_read(Record)
    connection = connections[alias]
    compiled = _get("links", alias, _links_query)
    values = {
        "interprets": record.pk,
        "replaced_by": record.pk,
        "other_1": record.interprets_id or _NO_ID,
        "other_2": record.replaced_by_id or _NO_ID,
    }
    return [Record.from_db(alias, LINKED_FIELDS, row) for row in compiled.rows(connection, values)]
