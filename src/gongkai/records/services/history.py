"""Historical import: records published before the platform (a bureau's old site, its paper registers).

`import_past_publications(*, acting_user, bureau, rows)` writes a batch of past publications as
published records with their original publication dates. Every row passes what a record passes before
publication today: the settable fields only (`constants.EDITABLE_FIELDS`), the model's validation
(`Record.full_clean`: dates, choices, a policy and its interpretation, validity and replacement), its
catalog item in the bureau's published catalog (`catalog_access.catalog_item_problem`, checked once
per item), a publication date that is not in the future (and not before the dates it reports on), and
the personal-data screen on every published field (`screening.screen_record`). Any problem refuses the
whole batch (`HistoryInvalid`, each row's errors with stable codes): a failed import changes nothing.

A valid batch gets index numbers in publication order per year (`numbering.allocate`, after the
numbers the bureau already used in that year), its due dates from the same rule as any record, body
HTML sanitised, the search entries (`indexing.index_many`) and ONE audit record for the batch
(`records.record.imported` on the bureau, with the counts and the new records' ids, which the static
publisher reads to re-render their pages and lists). A row may point to another row of the same batch
with `ref`: `interprets` (an interpretation of a policy, 三同步) and `replaced_by` (a repealed or amended
record and its successor). Rows with an `external_id` already imported for the bureau are skipped, so
running the same file twice imports it once.

Who: `records.import_history` (the bureau's leader in charge, or the operator's `manage.py
import_records`). No second approval: these records were reviewed and published before the platform;
the import moves them, it does not publish anything new — so a row must be dated before the bureau's
first publication on the platform (code `published_after_platform_start`), and the import is never a
way around four-eyes review. Attachments and revisions are not imported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, prefetch_related_objects
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from gongkai.catalogs.models import CatalogItem
from gongkai.core.html import sanitize_html

from .. import deadlines, indexing, numbering
from ..actors import audit_entry, check
from ..catalog_access import catalog_item_problem
from ..constants import EDITABLE_FIELDS, RecordStatus
from ..models import Record
from ..screening import screen_record
from .common import _user_or_none, error_fields
from .drafting import _check_fields

SOURCE_SYSTEM = "history-import"
# Row keys besides the record's settable fields.
ROW_KEYS = frozenset({"ref", "published_at", "external_id"})
_LINKS = ("catalog_item", "interprets", "replaced_by")  # set from keys and refs, not as values
_FOREIGN_KEYS = [f.name for f in Record._meta.concrete_fields if f.is_relation]


@dataclass
class HistoryInvalid(Exception):
    """The batch was refused: `errors` lists {row, ref, code, message, fields, hits} (row counts from 1)."""

    errors: list[dict] = field(default_factory=list)


@dataclass
class HistoryResult:
    imported: list[Record]
    skipped: int  # rows whose external_id was imported before
    by_year: dict[int, int]
    dry_run: bool = False


def _error(row: int, data: dict, code: str, message, fields=None, hits=None) -> dict:
    return {
        "row": row,
        "ref": str(data.get("ref") or data.get("external_id") or ""),
        "code": code,
        "message": str(message),
        "fields": fields or {},
        "hits": hits or [],
    }


def _published_at(value):
    """A datetime (aware, local when naive) from a datetime, a date (09:00 local) or ISO text; None if not."""
    if isinstance(value, str):
        text = value.strip()
        value = parse_datetime(text) or parse_date(text) if text else None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(9)))
    return None


def _item_key(value) -> str:
    return str(value.key) if isinstance(value, CatalogItem) else str(value or "").strip()


def _build(number: int, data: dict, bureau, item, now, errors: list, cal, cutoff) -> Record | None:
    fields = {k: v for k, v in data.items() if k not in ROW_KEYS and k not in _LINKS}
    try:
        _check_fields(fields)
    except TypeError as exc:
        errors.append(_error(number, data, "unknown_field", exc))
        return None
    except ValidationError as exc:
        errors.append(_validation_error(number, data, exc))
        return None
    published_at = _published_at(data.get("published_at"))
    if published_at is None:
        message = _("Give the date the record was published.")
        errors.append(_error(number, data, "published_at_required", message, _field("published_at", message)))
        return None
    if published_at > now:
        message = _("A past publication cannot be dated in the future.")
        errors.append(_error(number, data, "published_in_future", message, _field("published_at", message)))
        return None
    if cutoff is not None and published_at >= cutoff:
        message = _(
            "Only what was published before the bureau's first publication on the platform (%(date)s) can be "
            "imported; anything later is published through review."
        ) % {"date": timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")}
        errors.append(_error(number, data, "published_after_platform_start", message, _field("published_at", message)))
        return None
    record = Record(
        bureau=bureau,
        status=RecordStatus.PUBLISHED,
        published_at=published_at,
        status_changed_at=published_at,
        approved_at=published_at,
        source_system=SOURCE_SYSTEM,
        external_id=str(data.get("external_id") or ""),
        **fields,
    )
    record.issuing_body = record.issuing_body or bureau.name
    try:  # the catalog item was checked once per batch; the links are rows of this batch
        record.full_clean(exclude=_FOREIGN_KEYS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.append(_validation_error(number, data, exc))
        return None
    day = timezone.localdate(published_at)
    late = [name for name in ("event_date", "date_written") if (getattr(record, name) or day) > day]
    if late:
        message = _("A record cannot report on a day after its publication.")
        errors.append(_error(number, data, "date_after_publication", message, _field(late[0], message)))
        return None
    record.catalog_item = item
    hits = screen_record(record, attachments=[])
    if hits:
        errors.append(
            _error(
                number,
                data,
                "pii_found",
                _("Personal data was found in %(count)d place(s).") % {"count": len(hits)},
                hits=[{k: v for k, v in hit.to_dict().items() if k != "record_id"} for hit in hits],
            )
        )
        return None
    record.body = sanitize_html(record.body)
    record.screening_hits, record.screened_at = [], now
    _apply_due(record, cal)
    return record


_DUE_CACHE: dict = {}


def _apply_due(record: Record, cal) -> None:
    """`deadlines.apply_due`, once per (item, event date): the calendar walk is the slow part of a batch."""
    key = (id(cal), record.catalog_item.pk, record.event_date)
    if key not in _DUE_CACHE:
        if len(_DUE_CACHE) > 50_000:
            _DUE_CACHE.clear()
        due = deadlines.record_due(record, cal)
        _DUE_CACHE[key] = (due.date, due.provisional)
    record.due_date, record.due_provisional = _DUE_CACHE[key]


def _field(name: str, message) -> dict:
    return {name: [{"code": "invalid", "message": str(message)}]}


def _validation_error(number: int, data: dict, exc: ValidationError) -> dict:
    fields = error_fields(exc)
    first = next(iter(fields.values()))[0]
    return _error(number, data, first["code"], first["message"], fields)


def _items(pending: list[tuple[int, dict]], bureau, errors: list) -> dict[int, CatalogItem]:
    """Each row's catalog item (by key), checked once per distinct item against the bureau's catalog."""
    given = {k for k in (_item_key(r.get("catalog_item")) for _n, r in pending) if k}
    known = {str(i.key): i for i in CatalogItem.objects.select_related("catalog").filter(key__in=given)}
    problems = {key: catalog_item_problem(item, bureau, strict=True) for key, item in known.items()}
    found = {}
    for number, data in pending:
        key = _item_key(data.get("catalog_item"))
        if key not in known:
            message = _("No catalog item has this key.")
            errors.append(_error(number, data, "catalog_item_not_found", message, _field("catalog_item", message)))
        elif problem := problems[key]:
            fields = {"catalog_item": [{"code": problem.code, "message": str(problem.message)}]}
            errors.append(_error(number, data, problem.code, problem.message, fields))
        else:
            found[number] = known[key]
    return found


def _links(rows: list[dict], built: dict[int, Record], errors: list) -> list[tuple[Record, str, Record]]:
    """(record, link, target) of each `interprets`/`replaced_by` naming another row's `ref`."""
    refs: dict[str, int] = {}
    for number, data in enumerate(rows, start=1):
        ref = str(data.get("ref") or "").strip()
        if ref:
            if ref in refs:
                errors.append(_error(number, data, "duplicate_ref", _("This ref appears twice in the batch.")))
            refs[ref] = number
    links = []
    for number, data in enumerate(rows, start=1):
        for name in ("interprets", "replaced_by"):
            ref = data.get(name)
            ref = str(ref.ref if hasattr(ref, "ref") else ref or "").strip()
            if not ref:
                continue
            target = refs.get(ref)
            if target is None or target == number:
                message = _("This names no other row of the batch (its ref).")
                errors.append(_error(number, data, "unknown_ref", message, _field(name, message)))
            elif number in built and target in built:
                links.append((built[number], name, built[target]))
    return links


def _check_links(links, rows: list[dict], numbers: dict[int, int], errors: list) -> None:
    """The model's rules on a policy and its interpretation, and on a record and its successor."""
    for record, name, target in links:
        number = numbers[id(record)]
        setattr(record, name, target)
        if name == "replaced_by" and target.published_at < record.published_at:
            message = _("A record is replaced by a later one.")
            errors.append(_error(number, rows[number - 1], "replaced_by_earlier", message, _field(name, message)))
            continue
        item, record.catalog_item = record.catalog_item, None  # checked once per item (_items)
        try:
            record.clean()
        except ValidationError as exc:
            errors.append(_validation_error(number, rows[number - 1], exc))
        finally:
            record.catalog_item = item


def _number(records: list[Record], bureau) -> dict[int, int]:
    """Index numbers in publication order, per year of publication (after the numbers already used)."""
    by_year: dict[int, list[Record]] = {}
    for record in sorted(records, key=lambda r: r.published_at):
        by_year.setdefault(timezone.localdate(record.published_at).year, []).append(record)
    for year, group in sorted(by_year.items()):
        for record, sequence in zip(group, numbering.allocate(bureau, year, len(group)), strict=True):
            record.index_year, record.index_sequence = year, sequence
            record.index_number = numbering.format_index_number(bureau, year, sequence)
    return {year: len(group) for year, group in sorted(by_year.items())}


def _create(records: list[Record], links) -> None:
    """Insert in the order given, then set the links between rows (their targets have ids by then)."""
    for record, name, _target in links:
        setattr(record, name, None)
    Record.objects.bulk_create(records, batch_size=500)
    for record, name, target in links:
        setattr(record, name, target)
    linked = list({id(record): record for record, _name, _target in links}.values())
    if linked:
        Record.objects.bulk_update(linked, ["interprets", "replaced_by"], batch_size=500)


@transaction.atomic
def import_past_publications(
    *, acting_user, bureau, rows: list[dict], dry_run: bool = False, index: bool = True, request=None
) -> HistoryResult:
    """Import `rows` (dicts of record fields, `published_at`, optional `ref`/`external_id`) as published
    records of `bureau`, or nothing: raises HistoryInvalid. `dry_run` validates and writes nothing.

    `index=False` leaves the search index to a rebuild afterwards (`manage.py search_reindex`, or
    `indexing.reindex_all`): past documents are inserted one by one between the ones already indexed,
    which for thousands of rows costs more than one rebuild after the last batch."""
    check(acting_user, "records.import_history", bureau)
    now = timezone.now()
    errors: list[dict] = []
    external = [str(r.get("external_id") or "") for r in rows]
    done = set(
        Record.objects.filter(
            bureau=bureau, source_system=SOURCE_SYSTEM, external_id__in=[e for e in external if e]
        ).values_list("external_id", flat=True)
    )
    duplicates = {e for e, n in Counter(e for e in external if e).items() if n > 1}
    pending = [(n, r) for n, r in enumerate(rows, start=1) if not (external[n - 1] and external[n - 1] in done)]
    for number, data in pending:
        if external[number - 1] in duplicates:
            errors.append(_error(number, data, "duplicate_external_id", _("This external_id appears twice.")))
    items = _items(pending, bureau, errors)
    # Not a side door around four eyes: once the bureau publishes on the platform, only what came before.
    cutoff = (
        Record.objects.filter(bureau=bureau, published_at__isnull=False)
        .exclude(source_system=SOURCE_SYSTEM)
        .aggregate(first=Min("published_at"))["first"]
    )
    years = {t.year for t in (_published_at(r.get("published_at")) for _n, r in pending) if t}
    cal = deadlines.calendar(range(min(years, default=now.year) - 1, now.year + 2))
    built: dict[int, Record] = {}
    for number, data in pending:
        if number in items:
            record = _build(number, data, bureau, items[number], now, errors, cal, cutoff)
            if record is not None:
                record.created_by = _user_or_none(acting_user)
                built[number] = record
    links = _links(rows, built, errors)
    _check_links(links, rows, {id(r): n for n, r in built.items()}, errors)
    if errors:
        raise HistoryInvalid(sorted(errors, key=lambda e: e["row"]))
    records = list(built.values())
    if dry_run:
        years_count = Counter(timezone.localdate(r.published_at).year for r in records)
        return HistoryResult(records, len(rows) - len(pending), dict(sorted(years_count.items())), dry_run=True)
    by_year = _number(records, bureau)
    _create(records, links)
    audit_entry(
        "records.record.imported",
        acting_user,
        instance=bureau,
        request=request,
        data={
            "imported": len(records),
            "skipped": len(rows) - len(pending),
            "by_year": {str(y): n for y, n in by_year.items()},
            "record_ids": [r.pk for r in records],
        },
    ).save(force_insert=True)
    if index:
        prefetch_related_objects(records, "attachments")
        indexing.index_many(sorted(records, key=lambda r: (r.published_at, r.pk)))
    return HistoryResult(records, len(rows) - len(pending), by_year)


__all__ = ["EDITABLE_FIELDS", "HistoryInvalid", "HistoryResult", "import_past_publications"]
