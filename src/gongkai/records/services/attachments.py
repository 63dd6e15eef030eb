"""Screening reports, masking of personal data, and attachments.

`record_screen` keeps the screening report on a record. `record_mask_pii` masks the title, summary and
body (`screening.MASKED_FIELDS`; for a published record as a pending change) and replaces DOCX, XLSX and
text attachments by masked copies without their original metadata; other attachments must be
re-uploaded. An attachment is size-limited (`RECORDS_ATTACHMENT_MAX_BYTES`, code "file_too_large"), typed
by its content and its text extracted for search and screening; adding one to a record under review,
approved or scheduled sends it back to draft. The attachments of a published record change through
four-eyes review (`attachment_staging`: the change waits, screened, until a second person approves it);
nothing is deleted, a removed or replaced file is kept but no longer shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import attachment_changes, review
from ..actors import check, record_audit
from ..attachment_change_models import AttachmentChange
from ..constants import ATTACHMENT_MAX_BYTES, RecordStatus
from ..models import Attachment, Record
from ..screening import (
    MASKED_FIELDS,
    PlaceHit,
    content_sha256,
    file_facts,
    mask_text,
    scan_place,
    screen_attachment,
    screen_record,
)
from . import attachment_staging
from .common import _lock, _save_with_revision, _set_status, _user_or_none
from .drafting import _submit_change

# ---- screening and masking ----------------------------------------------------------------


def record_screen(*, acting_user, record: Record) -> list[PlaceHit]:
    """Screen a record now and keep the report on it (for the staff screening report)."""
    check(acting_user, "records.view_record", record)
    hits = screen_record(record)
    Record.objects.filter(pk=record.pk).update(screening_hits=[h.to_dict() for h in hits], screened_at=timezone.now())
    return hits


@dataclass
class MaskResult:
    masked_fields: list[str] = field(default_factory=list)
    masked_attachments: list[Attachment] = field(default_factory=list)
    needs_reupload: list[Attachment] = field(default_factory=list)
    remaining: list[PlaceHit] = field(default_factory=list)


@transaction.atomic
def record_mask_pii(*, acting_user, record: Record, request=None) -> MaskResult:
    """Mask personal data in the text fields (`screening.MASKED_FIELDS`) and the body; replace
    attachments by masked copies (file name masked too).

    DOCX, XLSX and text attachments are rewritten (a new file, no original metadata); the
    original is kept but no longer shown. Other attachments are listed in `needs_reupload`.
    """
    record = _lock(record)
    check(acting_user, "records.change_record", record)
    if record.status == RecordStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn record cannot be changed."), code="record_withdrawn")
    result = MaskResult()
    live = record.status == RecordStatus.PUBLISHED
    source = review.pending_copy(record) if live else record
    masked_values = {}
    for name, masker in MASKED_FIELDS:
        value = getattr(source, name)
        masked = masker(value)
        if masked != value:
            masked_values[name] = masked
            result.masked_fields.append(name)
    if live:
        # The masked text of a live record is a pending change too; its attachments are not rewritten here.
        if masked_values:
            _submit_change(record, acting_user, masked_values, request)
        result.remaining = screen_record(review.pending_copy(record))
        record_audit(
            "records.record.masked",
            acting_user,
            instance=record,
            request=request,
            data={"fields": result.masked_fields},
        )
        return result
    for name, value in masked_values.items():
        setattr(record, name, value)
    for attachment in record.attachments.filter(removed_at__isnull=True):
        if not screen_record_attachment(attachment):
            continue
        replacement = _masked_copy(attachment, acting_user)
        if replacement is None:
            result.needs_reupload.append(attachment)
        else:
            result.masked_attachments.append(replacement)
    if result.masked_fields:
        _save_with_revision(record, acting_user)
    result.remaining = screen_record(record)
    Record.objects.filter(pk=record.pk).update(
        screening_hits=[h.to_dict() for h in result.remaining], screened_at=timezone.now()
    )
    record_audit(
        "records.record.masked",
        acting_user,
        instance=record,
        request=request,
        data={
            "fields": result.masked_fields,
            "attachments": [a.masked_from_id for a in result.masked_attachments],
            "needs_reupload": [a.pk for a in result.needs_reupload],
        },
    )
    return result


def screen_record_attachment(attachment: Attachment) -> list[PlaceHit]:
    """Personal data in the attachment's file name and extracted text."""
    return screen_attachment(attachment)


def _read(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as fh:
        return fh.read()


def _mask_docx(data: bytes) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))

    def paragraphs():
        yield from document.paragraphs
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        for section in document.sections:
            for part in (section.header, section.footer):
                yield from part.paragraphs

    for paragraph in paragraphs():
        text = paragraph.text
        masked = mask_text(text)
        if masked == text or not paragraph.runs:
            continue
        # A number may be split over several runs: the paragraph's text goes into its first run.
        paragraph.runs[0].text = masked
        for run in paragraph.runs[1:]:
            run.text = ""
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mask_xlsx(data: bytes) -> bytes:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = mask_text(cell.value)
                elif isinstance(cell.value, int) and len(str(cell.value)) >= 11:
                    cell.value = mask_text(str(cell.value))
    workbook.properties.creator = ""
    workbook.properties.lastModifiedBy = ""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _masked_copy(attachment: Attachment, actor) -> Attachment | None:
    kind = attachment.detected_type
    data = _read(attachment)
    if kind == "docx":
        masked = _mask_docx(data)
    elif kind == "xlsx":
        masked = _mask_xlsx(data)
    elif kind in ("txt", "csv"):
        masked = mask_text(data.decode("utf-8", errors="replace")).encode("utf-8")
    elif not scan_place(attachment.extracted_text, "attachment"):
        masked = data  # only the file name carries personal data: same content, masked name
    else:
        return None
    now = timezone.now()
    replacement = _attachment_from_bytes(
        record=attachment.record,
        data=masked,
        name=mask_text(attachment.original_name),
        actor=actor,
        position=attachment.position,
        masked_from=attachment,
    )
    attachment.removed_at = now
    attachment.save(update_fields=["removed_at", "updated_at"])
    return replacement


# ---- attachments --------------------------------------------------------------------------


def attachment_max_bytes() -> int:
    return int(getattr(settings, "RECORDS_ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES))


def _attachment_from_bytes(*, record, data: bytes, name: str, actor, position: int, masked_from=None) -> Attachment:
    attachment = Attachment(
        record=record,
        **file_facts(data, name, limit=attachment_max_bytes()),
        position=position,
        uploaded_by=_user_or_none(actor),
        masked_from=masked_from,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _lock_changeable(acting_user, record: Record) -> Record:
    record = _lock(record)
    check(acting_user, "records.change_record", record)
    if record.status == RecordStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn record cannot be changed."), code="record_withdrawn")
    return record


@transaction.atomic
def attachment_add(
    *, acting_user, record: Record, name: str, data: bytes, request=None, replaces: Attachment | None = None
) -> Attachment | AttachmentChange:
    """Attach a file: size-limited, type checked by content, text extracted for search and screening.

    `replaces`: the attachment the file takes the place of (its position; the old file is kept, no
    longer shown). On a published record the file waits for approval: returns the `AttachmentChange`.
    """
    record = _lock_changeable(acting_user, record)
    if record.status == RecordStatus.PUBLISHED:
        return attachment_staging.stage_add(
            record=record,
            actor=acting_user,
            name=name,
            data=data,
            limit=attachment_max_bytes(),
            target=replaces,
            request=request,
        )
    if replaces is not None and (replaces.record_id != record.pk or replaces.removed_at is not None):
        raise ValidationError(_("This attachment is no longer on the record."), code="attachment_gone")
    position = replaces.position if replaces is not None else record.attachments.count()
    attachment = _attachment_from_bytes(record=record, data=data, name=name, actor=acting_user, position=position)
    if replaces is not None:
        replaces.removed_at = timezone.now()
        replaces.save(update_fields=["removed_at", "updated_at"])
    if record.status in (RecordStatus.IN_REVIEW, RecordStatus.APPROVED, RecordStatus.SCHEDULED):
        _set_status(record, RecordStatus.DRAFT)
        record.scheduled_at = None
        record.save(update_fields=["status", "status_changed_at", "scheduled_at", "updated_at"])
    data = {"attachment": attachment.pk, "name": attachment.original_name, "type": attachment.detected_type}
    if replaces is not None:
        data["replaces"] = replaces.pk
    record_audit("records.attachment.added", acting_user, instance=record, request=request, data=data)
    return attachment


def attachment_replace(*, acting_user, attachment: Attachment, name: str, data: bytes, request=None):
    """Replace `attachment` by a new file at its place (on a published record: waiting for approval)."""
    return attachment_add(
        acting_user=acting_user, record=attachment.record, name=name, data=data, request=request, replaces=attachment
    )


def attachments_unchanged(record: Record, files: list[tuple[str, bytes]]) -> bool:
    """Whether `files` (name and content, in order) are the record's attachments as they are — or as they
    will be once its pending attachment changes are approved —, compared by name and SHA-256."""
    wanted = [(name[:255], content_sha256(data)) for name, data in files]
    return wanted == [(row["name"], row["sha256"]) for row in attachment_changes.as_approved(record)]


@transaction.atomic
def attachment_remove(*, acting_user, attachment: Attachment, request=None) -> Attachment | AttachmentChange:
    """Take an attachment off a record (the file is kept, no longer shown); on a published record the
    removal waits for approval (returns the `AttachmentChange`)."""
    record = _lock_changeable(acting_user, attachment.record)
    if record.status == RecordStatus.PUBLISHED:
        return attachment_staging.stage_remove(record=record, actor=acting_user, target=attachment, request=request)
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at", "updated_at"])
    record_audit(
        "records.attachment.removed", acting_user, instance=record, request=request, data={"attachment": attachment.pk}
    )
    return attachment
