"""Drafting: creating and changing a record, and the check of the fields set (`constants.EDITABLE_FIELDS`).

A draft is created validated with its first revision; the index number and the other read-only fields
are never set by hand (code "index_number_read_only", "read_only"). Editing a record under review,
approved or scheduled sends it back to draft (its approval no longer covers the new content). A change to
a published record is kept as its pending change (a revision) until another person approves it
(`review.record_change_approve`: four eyes); a published record stays under its catalog item.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, review
from ..actors import check, record_audit
from ..constants import EDITABLE_FIELDS, READ_ONLY_FIELDS, RecordStatus
from ..models import Record
from .common import _field_error, _lock, _save_with_revision, _set_status, _user_or_none


def _check_fields(fields: dict) -> None:
    if "index_number" in fields or "index_sequence" in fields or "index_year" in fields:
        raise _field_error(
            "index_number",
            _("The index number is assigned at publication and cannot be set by hand."),
            "index_number_read_only",
        )
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown & READ_ONLY_FIELDS:
        raise ValidationError(
            {
                name: ValidationError(_("This field cannot be set."), code="read_only")
                for name in sorted(unknown & READ_ONLY_FIELDS)
            }
        )
    if unknown:
        raise TypeError(f"Unknown record fields: {sorted(unknown)}")


# ---- create and edit ----------------------------------------------------------------------


@transaction.atomic
def record_create_draft(
    *,
    acting_user,
    bureau,
    catalog_item,
    title: str,
    source_system: str = "",
    external_id: str = "",
    request=None,
    **fields,
) -> Record:
    """Create a draft record of `bureau` under `catalog_item` (validated; first revision saved)."""
    check(acting_user, "records.add_record", bureau)
    _check_fields(fields)
    record = Record(
        bureau=bureau,
        catalog_item=catalog_item,
        title=title,
        created_by=_user_or_none(acting_user),
        source_system=source_system,
        external_id=external_id,
        status=RecordStatus.DRAFT,
        status_changed_at=timezone.now(),
        **fields,
    )
    if not record.issuing_body:
        record.issuing_body = bureau.name
    record.full_clean()
    deadlines.apply_due(record)
    _save_with_revision(record, acting_user)
    record_audit("records.record.created", acting_user, instance=record, request=request)
    return record


@transaction.atomic
def record_update(*, acting_user, record: Record, request=None, **fields) -> Record:
    """Change a record and save a new revision.

    A record under review, approved or scheduled goes back to draft (its approval no longer
    covers the new content). A published record keeps its live content: the change is screened
    and kept as its pending change until another person approves it (review.record_change_approve).
    """
    _check_fields(fields)
    record = _lock(record)
    check(acting_user, "records.change_record", record)
    if record.status == RecordStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn record cannot be changed."), code="record_withdrawn")
    if record.status == RecordStatus.PUBLISHED:
        return _submit_change(record, acting_user, fields, request)
    changed = {}
    for name, value in fields.items():
        old = getattr(record, name)
        if old != value:
            changed[name] = True
            setattr(record, name, value)
    if not changed:
        return record
    record._catalog_item_changed = "catalog_item" in changed
    record.full_clean()
    if record.status in (RecordStatus.IN_REVIEW, RecordStatus.APPROVED, RecordStatus.SCHEDULED):
        _set_status(record, RecordStatus.DRAFT)
        record.scheduled_at = None
        record.approved_by = None
        record.approved_at = None
    if {"event_date", "catalog_item"} & set(changed):
        deadlines.apply_due(record)
    _save_with_revision(record, acting_user)
    record_audit(
        "records.record.changed", acting_user, instance=record, request=request, data={"fields": sorted(changed)}
    )
    return record


def _submit_change(record: Record, actor, fields: dict, request) -> Record:
    """A change to a published record: kept as its pending change; the portal shows the published content."""
    if "catalog_item" in fields and fields["catalog_item"].pk != record.catalog_item_id:
        raise _field_error("catalog_item", _("A published record stays under its catalog item."), "catalog_item_locked")
    _pending, changed = review.save_pending_change(record, actor, fields)
    if changed:
        record_audit(
            "records.record.change_submitted",
            actor,
            instance=record,
            request=request,
            data={"fields": sorted(changed), "revision": record.pending_revision_id},
        )
    return record
