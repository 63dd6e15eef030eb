"""Bulk creation of records by a business system: many records in one transaction, all or nothing.

The same rules as one record at a time (`record_create_draft`, `record_submit`, `record_approve`,
`record_publish`), written in batches: every item is validated (`Record.full_clean` but for the
foreign keys and constraints, which are read once for the batch) and screened for personal data
before anything is written; any problem refuses the whole batch (`BulkInvalid`, each item's errors
with stable codes). Four eyes: an item is published at once only in a catalog item the bureau's
leader switched to auto-approved and with a token that may publish (`review.require_approver`);
otherwise it is submitted for review. Each record gets its revision, the audit entries of each step
(created, submitted, approved, published), the review log of its approval, a gapless index number
(one `numbering.allocate` per batch), each kind in one insert; its search entry follows from the worker
after the commit, a batch in one insert (`indexing.index_later`). Items that
need the per-record workflow (attachments, policy pairs under 三同步) are refused here
(code `use_single_endpoint`). An external id already stored is idempotent: nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from gongkai.catalogs.models import CatalogItem
from gongkai.core import audit
from gongkai.core.html import sanitize_html

from .. import deadlines, indexing, numbering
from ..actors import audit_entry, can, check
from ..catalog_access import catalog_item_problem
from ..constants import TOKEN_SCOPE_PUBLISH, RecordStatus
from ..models import Record
from ..review_models import AutoApprovedItem, ConfidentialityResult, RecordReview, ReviewDecision, ReviewKind
from ..screening import screen_record
from .common import _user_or_none, error_fields
from .drafting import _check_fields

SUBMITTED, DRAFT, PUBLISHED, APPROVED, EXISTING = "submitted_for_review", "draft", "published", "approved", "existing"


@dataclass
class BulkItem:
    external_id: str
    catalog_item: str  # the item's key
    fields: dict
    publish: bool = False


@dataclass
class BulkResult:
    record: Record
    outcome: str  # created as draft, submitted_for_review, approved, published, or existing (nothing new)


@dataclass
class BulkInvalid(Exception):
    """The batch was refused: `errors` lists {index, external_id, code, message, fields, hits}."""

    errors: list[dict] = field(default_factory=list)


def _error(index: int, item: BulkItem, code: str, message: str, fields=None, hits=None) -> dict:
    return {
        "index": index,
        "external_id": item.external_id,
        "code": code,
        "message": str(message),
        "fields": fields or {},
        "hits": hits or [],
    }


def _validation_error(index: int, item: BulkItem, exc: ValidationError) -> dict:
    fields = error_fields(exc)
    first = next(iter(fields.values()))[0]
    return _error(index, item, first["code"], first["message"], fields)


def _check_items(items: list[BulkItem], existing: dict, known: dict, bureau) -> list[dict]:
    # Record.clean's check of a new record's catalog item (catalog_access), once per distinct item.
    problems = {key: catalog_item_problem(item, bureau, strict=True) for key, item in known.items()}
    errors, seen = [], set()
    for index, item in enumerate(items):
        if item.external_id in seen:
            errors.append(
                _error(index, item, "duplicate_external_id", _("This external_id appears twice in the batch."))
            )
        seen.add(item.external_id)
        if item.external_id in existing:
            continue
        if item.catalog_item not in known:
            errors.append(_error(index, item, "catalog_item_not_found", _("No catalog item has this key.")))
        elif problem := problems.get(item.catalog_item):
            fields = {"catalog_item": [{"code": problem.code, "message": str(problem.message)}]}
            errors.append(_error(index, item, problem.code, problem.message, fields))
        if item.fields.get("attachments") or item.fields.get("interprets") or item.fields.get("is_policy"):
            errors.append(
                _error(
                    index,
                    item,
                    "use_single_endpoint",
                    _("Attachments and policies with their interpretations are sent one record at a time."),
                )
            )
    return errors


def _build(index, item, bureau, catalog_item, actor, now, errors) -> Record | None:
    fields = {k: v for k, v in item.fields.items() if k not in ("interprets", "attachments")}  # refused above
    title = fields.pop("title", "")
    try:
        _check_fields(fields)
        record = Record(  # its catalog item is checked once per batch (_item_problems), set after full_clean
            bureau=bureau,
            title=title,
            created_by=_user_or_none(actor),
            source_system=actor.token.name,
            external_id=item.external_id,
            status=RecordStatus.DRAFT,
            status_changed_at=now,
            **fields,
        )
        record.issuing_body = record.issuing_body or bureau.name
        foreign_keys = [f.name for f in Record._meta.concrete_fields if f.is_relation]
        record.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)
        record.catalog_item = catalog_item
    except ValidationError as exc:
        errors.append(_validation_error(index, item, exc))
        return None
    hits = screen_record(record, attachments=[])
    if hits:
        errors.append(
            _error(
                index,
                item,
                "pii_found",
                _("Personal data was found in %(count)d place(s).") % {"count": len(hits)},
                hits=[{k: v for k, v in hit.to_dict().items() if k != "record_id"} for hit in hits],
            )
        )
        return None
    record.body = sanitize_html(record.body)
    record.screening_hits = []
    record.screened_at = now
    return record


def _advance(record: Record, item: BulkItem, actor, auto_keys: set, now) -> str:
    """The state the single-record path reaches (draft → in_review → approved → published)."""
    if not item.publish:
        return DRAFT
    record.status, record.submitted_by = RecordStatus.IN_REVIEW, _user_or_none(actor)
    auto = (
        can(actor, "records.approve_record", record)
        and actor.token.has_scope(TOKEN_SCOPE_PUBLISH)
        and item.catalog_item in auto_keys
    )
    if not auto:
        return SUBMITTED
    record.status, record.approved_by, record.approved_at = RecordStatus.APPROVED, _user_or_none(actor), now
    if not can(actor, "records.publish_record", record):
        return APPROVED
    record.status, record.published_at, record.published_by = RecordStatus.PUBLISHED, now, _user_or_none(actor)
    return PUBLISHED


def _number(records: list[Record], bureau, now) -> None:
    year = timezone.localdate(now).year
    published = [r for r in records if r.status == RecordStatus.PUBLISHED]
    if not published:
        return
    for record, sequence in zip(published, numbering.allocate(bureau, year, len(published)), strict=True):
        record.index_year, record.index_sequence = year, sequence
        record.index_number = numbering.format_index_number(bureau, year, sequence)


def _revisions(records: list[Record], actor, now) -> None:
    content_type = ContentType.objects.get_for_model(Record)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(record.pk),
                user=_user_or_none(actor),
                content=record.serializable_data(),
                object_str=str(record),
                created_at=now,
            )
            for record in records
        ]
    )
    for record, revision in zip(records, revisions, strict=True):
        record.latest_revision = revision
    # One UPDATE … FROM (VALUES …): bulk_update's CASE WHEN per row costs more in Python and in the database.
    table, pk = Record._meta.db_table, Record._meta.pk.column
    column = Record._meta.get_field("latest_revision").column
    with connection.cursor() as cursor:
        for start in range(0, len(records), 500):
            chunk = records[start : start + 500]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                # column1, column2: the names both SQLite and PostgreSQL give the columns of a VALUES list
                f"UPDATE {table} SET {column} = v.column2 FROM (VALUES {values}) AS v WHERE {table}.{pk} = v.column1",
                [value for record in chunk for value in (record.pk, record.latest_revision_id)],
            )


def _same_entry(entry, action: str, data: dict):
    """A copy of an unsaved audit entry with another action and data (cheaper than building it again)."""
    other = type(entry).__new__(type(entry))
    other.__dict__.update(entry.__dict__)
    other._state = ModelState()
    other.action, other.data = action, data
    return other


def _audit_and_review(results: list[BulkResult], actor, request) -> None:
    entries, reviews = [], []
    steps = {
        DRAFT: ("created",),
        SUBMITTED: ("created", "submitted"),
        APPROVED: ("created", "submitted", "approved"),
        PUBLISHED: ("created", "submitted", "approved", "published"),
    }
    data = {
        "created": lambda r: {},
        "submitted": lambda r: {"pii_hits": 0},
        "approved": lambda r: {"together_with": [], "confidentiality_result": ConfidentialityResult.AUTO, "notes": ""},
        "published": lambda r: {"index_number": r.index_number, "together_with": []},
    }
    for result in results:
        record = result.record
        first, *others = steps[result.outcome]
        # One entry built per record, the other steps copied from it (same object, actor, time and address).
        entry = audit_entry(
            f"records.record.{first}", actor, instance=record, request=request, data=data[first](record)
        )
        entries.append(entry)
        entries.extend(
            _same_entry(entry, f"records.record.{step}", {**entry.data, **data[step](record)}) for step in others
        )
        if result.outcome in (APPROVED, PUBLISHED):
            reviews.append(
                RecordReview(
                    record=record,
                    revision=record.latest_revision,
                    kind=ReviewKind.FIRST,
                    decision=ReviewDecision.APPROVED,
                    reviewer=_user_or_none(actor),
                    reviewer_name=actor.get_username(),
                    confidentiality_result=ConfidentialityResult.AUTO,
                    decided_at=record.approved_at,
                )
            )
    audit.record_many(entries)
    RecordReview.objects.bulk_create(reviews)


@transaction.atomic
def records_create_bulk(*, acting_user, bureau, items: list[BulkItem], request=None) -> list[BulkResult]:
    """Create (and, with `publish`, submit or publish) every item, or none: raises BulkInvalid."""
    check(acting_user, "records.add_record", bureau)
    source = acting_user.token.name
    ids = [item.external_id for item in items]
    existing = {
        r.external_id: r
        for r in Record.objects.filter(bureau=bureau, source_system=source, external_id__in=ids).select_related(
            "bureau", "catalog_item", "interprets", "replaced_by"
        )
    }
    keys = {item.catalog_item for item in items}
    known = {
        str(i.key): i for i in CatalogItem.objects.select_related("catalog").filter(key__in=[k for k in keys if k])
    }
    errors = _check_items(items, existing, known, bureau)
    auto_keys = {str(k) for k in AutoApprovedItem.objects.filter(bureau=bureau).values_list("item_key", flat=True)}
    now = timezone.now()
    cal = deadlines.calendar()
    results: list[BulkResult] = []
    for index, item in enumerate(items):
        if item.external_id in existing:
            results.append(BulkResult(existing[item.external_id], EXISTING))
            continue
        if item.catalog_item not in known or any(e["index"] == index for e in errors):
            continue
        record = _build(index, item, bureau, known[item.catalog_item], acting_user, now, errors)
        if record is not None:
            deadlines.apply_due(record, cal)
            results.append(BulkResult(record, _advance(record, item, acting_user, auto_keys, now)))
    if errors:
        raise BulkInvalid(sorted(errors, key=lambda e: e["index"]))
    new = [r for r in results if r.outcome != EXISTING]
    records = [r.record for r in new]
    _number(records, bureau, now)
    Record.objects.bulk_create(records)
    _revisions(records, acting_user, now)
    _audit_and_review(new, acting_user, request)
    # The search entries are written by the worker after the commit, in one batch (indexing.index_later).
    indexing.index_later([r.pk for r in records if r.status == RecordStatus.PUBLISHED])
    return results
