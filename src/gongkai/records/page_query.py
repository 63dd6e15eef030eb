"""The record page's data in one query, compiled once per process and prepared on PostgreSQL.

The record page is the portal's most requested page. Building its SQL with the ORM cost more than running
it (several select_related joins and subqueries: about 1–2 ms of Python per request), so each query's SQL is
built by the ORM once per database alias, with sentinel values where the request's values go, and then
executed with each request's values. Rows become model instances through `Model.from_db`, with the same
converters the ORM applies. On PostgreSQL the statements are prepared (`core.prepared`): planning the main
query took ~0.9 ms of the database's time per request, running it ~0.15 ms.

The main row brings the record, its bureau, the bureau's parent and the catalog item (the columns the pages
show; others load on access), its current attachments and the records linked to it (its policy or
interpretations, what replaces it or what it replaces: one JSON array), and the version of the platform
settings row (so the settings need no query of their own while they are unchanged:
`portal.selectors.site_setting`).
"""

from __future__ import annotations

import json
import uuid as uuid_module
from dataclasses import dataclass

from django.db import connections, router
from django.db.models.expressions import RawSQL

from gongkai.catalogs.models import CatalogItem
from gongkai.core import prepared
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from .constants import PUBLIC_STATUSES
from .models import Attachment, Record


def _in_field_order(model, names) -> tuple:
    """`names` (attnames) in the model's field order, as Model.from_db expects its columns."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


# What the record page and the withdrawn-record page use of the record (other columns load on access).
_RECORD_COLUMNS = _in_field_order(Record, {
    "id", "uuid", "bureau_id", "catalog_item_id", "title", "summary", "body", "keywords", "index_number",
    "document_number", "issuing_body", "date_written", "published_at", "subject", "genre", "validity",
    "replaced_by_id", "interprets_id", "interpretation_form", "status", "withdrawn_at", "withdrawal_reason",
    "updated_at",
})  # fmt: skip
# (path from the record, model, columns): what the page shows of the related rows.
_RELATED = (
    ("bureau", Bureau, _in_field_order(Bureau, {"id", "name", "short_name", "code", "parent_id"})),
    ("bureau__parent", Bureau, _in_field_order(Bureau, {"id", "name", "short_name", "code"})),
    ("catalog_item", CatalogItem, _in_field_order(CatalogItem, {"id", "catalog_id", "key", "level1", "level2", "level3"})),
)  # fmt: skip
_EXTRA = ("gk_attachments", "gk_links", "gk_site_version")
# What the page shows of linked records (its policy or interpretations, what replaces it or what it replaces).
LINKED_FIELDS = _in_field_order(Record, {
    "id", "uuid", "title", "document_number", "validity", "status", "interprets_id", "replaced_by_id",
    "interpretation_form",
})  # fmt: skip
_LINKED_ID, _LINKED_UUID = LINKED_FIELDS.index("id"), LINKED_FIELDS.index("uuid")
# What the page shows of attachments, and their order.
ATTACHMENT_FIELDS = _in_field_order(Attachment, {"id", "original_name", "detected_type", "size", "position"})
_ATTACHMENT_ORDER = (ATTACHMENT_FIELDS.index("position"), ATTACHMENT_FIELDS.index("id"))

# A UUID no record has: found in the compiled parameters, it marks where each request's UUID goes.
_UUID = uuid_module.UUID("00000000-0000-4000-8000-00000000c0de")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    uuid_position: int
    converters: tuple  # per column: a tuple of (converter, expression)

    def row(self, connection, uuid_value) -> list | None:
        params = list(self.params)
        params[self.uuid_position] = uuid_value
        row = prepared.fetchone(connection, self.sql, params)
        if row is None:
            return None
        row = list(row)
        for i, converters in enumerate(self.converters):
            for converter, expression in converters:
                row[i] = converter(row[i], expression, connection)
        return row


_compiled: dict[str, _Compiled] = {}


def _converters(field, connection) -> tuple:
    col = field.get_col(field.model._meta.db_table)
    return tuple((c, col) for c in connection.ops.get_db_converters(col) + col.get_db_converters(connection))


def _attfield(model, column):
    """The field whose column is `column` (`parent_id` -> the `parent` foreign key)."""
    for field in model._meta.concrete_fields:
        if field.attname == column:
            return field
    raise LookupError(column)


def _json_rows(alias: str, model, fields: tuple, where: str) -> RawSQL:
    """`fields` of the `model` rows matching `where` as one JSON array of arrays (NULL or [] when none).
    In `where`, `{row[attname]}` is a column of those rows, `{record[attname]}` one of the record."""
    connection = connections[alias]
    quote = connection.ops.quote_name

    def columns(prefix, model):
        return {f.attname: f"{prefix}.{quote(f.column)}" for f in model._meta.concrete_fields}

    row = columns("gk_j", model)
    record = columns(quote(Record._meta.db_table), Record)
    build, aggregate = (
        ("json_build_array", "json_agg") if connection.vendor == "postgresql" else ("json_array", "json_group_array")
    )
    return RawSQL(
        f"SELECT {aggregate}({build}({', '.join(row[name] for name in fields)}))"
        f" FROM {quote(model._meta.db_table)} gk_j WHERE " + where.format(row=row, record=record),
        (),
    )


def _links_subquery(alias: str) -> RawSQL:
    """The linked records (LINKED_FIELDS): the page needs no second query for a policy's interpretations."""
    return _json_rows(
        alias,
        Record,
        LINKED_FIELDS,
        "{row[interprets_id]} = {record[id]} OR {row[replaced_by_id]} = {record[id]}"
        " OR {row[id]} = {record[interprets_id]} OR {row[id]} = {record[replaced_by_id]}",
    )


def _attachments_subquery(alias: str) -> RawSQL:
    """The record's current attachments (ATTACHMENT_FIELDS)."""
    return _json_rows(
        alias, Attachment, ATTACHMENT_FIELDS, "{row[record_id]} = {record[id]} AND {row[removed_at]} IS NULL"
    )


def _record_query(alias: str) -> _Compiled:
    connection = connections[alias]
    lookups = list(_RECORD_COLUMNS)
    fields = [_attfield(Record, column) for column in _RECORD_COLUMNS]
    for path, model, columns in _RELATED:
        for column in columns:
            lookups.append(f"{path}__{column}")
            fields.append(_attfield(model, column))
    qs = (
        Record.objects.using(alias)
        .filter(status__in=PUBLIC_STATUSES, uuid=_UUID)
        .annotate(
            gk_attachments=_attachments_subquery(alias),
            gk_links=_links_subquery(alias),
            gk_site_version=portal_selectors.site_setting_version(),
        )
        .values_list(*lookups, *_EXTRA)
        .order_by()
    )
    sql, params = qs.query.get_compiler(using=alias).as_sql()
    placeholder = Record._meta.get_field("uuid").get_db_prep_value(_UUID, connection)
    positions = [i for i, p in enumerate(params) if p == placeholder]
    if len(positions) != 1:  # pragma: no cover - the query's shape is fixed
        raise RuntimeError("record page query: cannot find the UUID parameter")
    # The attachments and links (JSON, decoded below) and the settings version (compared) are read raw.
    converters = tuple(_converters(f, connection) for f in fields) + ((),) * len(_EXTRA)
    return _Compiled(sql, tuple(params), positions[0], converters)


def fetch(record_uuid) -> Record | None:
    """The published or withdrawn record with this UUID, or None. See the module docstring."""
    alias = router.db_for_read(Record)
    connection = connections[alias]
    compiled = _compiled.get(alias)
    if compiled is None:
        compiled = _compiled[alias] = _record_query(alias)
    uuid_value = Record._meta.get_field("uuid").get_db_prep_value(record_uuid, connection)
    values = compiled.row(connection, uuid_value)
    if values is None:
        return None
    position = len(_RECORD_COLUMNS)
    record = Record.from_db(alias, _RECORD_COLUMNS, values[:position])
    related = {}
    for path, model, related_columns in _RELATED:
        chunk = values[position : position + len(related_columns)]
        position += len(related_columns)
        related[path] = model.from_db(alias, related_columns, chunk) if chunk[0] is not None else None
    attachments, links, site_version = values[position:]

    bureau = related["bureau"]
    bureau.parent = related["bureau__parent"]
    record.bureau = bureau
    record.catalog_item = related["catalog_item"]
    record.public_attachments = _attachments_from_json(alias, attachments, record)
    record.linked = _linked_from_json(alias, links)
    record.site_version = site_version
    return record


def _json(value) -> list:
    # PostgreSQL's json arrives decoded, SQLite's as text; no rows: NULL (PostgreSQL) or [] (SQLite).
    return json.loads(value) if isinstance(value, str | bytes) else value or []


def _attachments_from_json(alias: str, attachments, record: Record) -> list[Attachment]:
    found = []
    for values in sorted(_json(attachments), key=lambda row: tuple(row[i] for i in _ATTACHMENT_ORDER)):
        attachment = Attachment.from_db(alias, ATTACHMENT_FIELDS, values)
        attachment.record = record  # their URLs use the record's UUID
        found.append(attachment)
    return found


def _linked_from_json(alias: str, links) -> list[Record]:
    links = _json(links)
    found = []
    for values in sorted(links or (), key=lambda row: row[_LINKED_ID]):
        values = list(values)
        values[_LINKED_UUID] = uuid_module.UUID(values[_LINKED_UUID])
        found.append(Record.from_db(alias, LINKED_FIELDS, values))
    return found
