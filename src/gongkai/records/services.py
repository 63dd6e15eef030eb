"""Use cases of published records (主动公开).

Every function is keyword-only, takes the acting user (a staff user, a business system's
`SystemActor`, or None for the scheduler where stated), asks the permission module, writes
an audit record and runs in one transaction: a refused or invalid call leaves nothing
half-saved.

States: draft → in_review → approved → (scheduled →) published → withdrawn. Editing a
record under review or approved sends it back to draft. A change to a published record is a
pending change (a revision, screened first) that goes live only when another person approves
it (review.py: four eyes, 三审). Nothing is deleted.

三同步: a policy that requires an interpretation is approved together with its
interpretation(s) and published with them in the same transaction; the pair link to each
other (`Record.interprets` / `Record.interpretations`).

Screening: before approval and publication the title, summary, body and every attachment
text are screened for personal data; any hit raises `PiiFound` (code "pii_found") listing
each place. `record_mask_pii` masks the title, summary and body and replaces DOCX, XLSX and
text attachments by masked copies; other attachments must be re-uploaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import deadlines, indexing, numbering, review, signals
from .actors import CommandActor, SystemActor, check, record_audit
from .constants import ATTACHMENT_MAX_BYTES, TOKEN_SCOPE_PUBLISH, TOKEN_SCOPES, RecordStatus
from .models import Attachment, Record, SystemToken
from .review_models import ReviewDecision, ReviewKind
from .screening import (
    MASKED_FIELDS,
    PiiFound,
    PlaceHit,
    extract,
    mask_text,
    scan_place,
    screen_attachment,
    screen_record,
)

# Fields a user or a business system may set. The index number is never one of them.
EDITABLE_FIELDS = frozenset(
    {
        "catalog_item",
        "title",
        "summary",
        "body",
        "keywords",
        "document_number",
        "issuing_body",
        "date_written",
        "subject",
        "genre",
        "validity",
        "replaced_by",
        "art20_item",
        "event_date",
        "is_policy",
        "requires_interpretation",
        "interprets",
        "interpretation_form",
    }
)
READ_ONLY_FIELDS = frozenset(
    {"index_number", "index_year", "index_sequence", "published_at", "status", "uuid", "bureau"}
)
EDITABLE_STATES = (RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.APPROVED, RecordStatus.SCHEDULED)


def _field_error(name: str, message, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


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


def _set_status(record: Record, status: str, now=None) -> None:
    record.status = status
    record.status_changed_at = now or timezone.now()


def _lock(record: Record) -> Record:
    return Record.objects.select_for_update().select_related("bureau", "catalog_item__catalog").get(pk=record.pk)


def _validate_for_step(record: Record) -> None:
    """Validate a record before a workflow step (submit, approve): its field values and its own rules
    (`Record.clean`: the catalog item still takes records, the policy pair, the withdrawal reason …).

    A step changes none of the fields under uniqueness or check constraints, and the record was validated
    in full when its content was last saved (`record_create_draft`, `record_update`), so those queries
    are not repeated here; the database still enforces every constraint and foreign key on save. The
    rows its foreign keys point to were just read with it under lock (`_lock`) or are not changed.
    """
    foreign_keys = [f.name for f in Record._meta.concrete_fields if f.is_relation]
    record.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)


def _user_or_none(actor):
    return None if isinstance(actor, (SystemActor, CommandActor)) or actor is None else actor


def _save_with_revision(record: Record, actor) -> None:
    record.save()
    record.save_revision(user=_user_or_none(actor), clean=False)


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


# ---- screening ----------------------------------------------------------------------------


def _screen_or_raise(records: list[Record]) -> None:
    """Screen each record; keep the (empty) report, or raise PiiFound listing every place."""
    hits: list[PlaceHit] = []
    now = timezone.now()
    for record in records:
        found = screen_record(record)
        record.screening_hits = [hit.to_dict() for hit in found]
        record.screened_at = now
        hits += found
    if hits:
        raise PiiFound(hits)


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
    limit = attachment_max_bytes()
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}, code="file_too_large"
        )
    extracted = extract(data, name)
    attachment = Attachment(
        record=record,
        original_name=name[:255],
        detected_type=extracted.detected_type,
        content_type=extracted.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        extracted_text=extracted.text,
        text_complete=extracted.complete,
        extraction_note=extracted.note[:300],
        position=position,
        uploaded_by=_user_or_none(actor),
        masked_from=masked_from,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_add(*, acting_user, record: Record, name: str, data: bytes, request=None) -> Attachment:
    """Attach a file: size-limited, type checked by content, text extracted for search and screening."""
    record = _lock(record)
    check(acting_user, "records.change_record", record)
    if record.status == RecordStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn record cannot be changed."), code="record_withdrawn")
    _refuse_live_attachment_change(record)
    position = record.attachments.count()
    attachment = _attachment_from_bytes(record=record, data=data, name=name, actor=acting_user, position=position)
    if record.status in (RecordStatus.IN_REVIEW, RecordStatus.APPROVED, RecordStatus.SCHEDULED):
        _set_status(record, RecordStatus.DRAFT)
        record.scheduled_at = None
        record.save(update_fields=["status", "status_changed_at", "scheduled_at", "updated_at"])
    record_audit(
        "records.attachment.added",
        acting_user,
        instance=record,
        request=request,
        data={"attachment": attachment.pk, "name": attachment.original_name, "type": attachment.detected_type},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, acting_user, attachment: Attachment, request=None) -> Attachment:
    """Take an attachment off a record (the file is kept, no longer shown)."""
    record = _lock(attachment.record)
    check(acting_user, "records.change_record", record)
    if record.status == RecordStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn record cannot be changed."), code="record_withdrawn")
    _refuse_live_attachment_change(record)
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at", "updated_at"])
    record_audit(
        "records.attachment.removed", acting_user, instance=record, request=request, data={"attachment": attachment.pk}
    )
    return attachment


def _refuse_live_attachment_change(record: Record) -> None:
    # Published content changes only through an approved change (four eyes); attachments are not part of
    # the pending revision, so a live record's files stay as approved.
    if record.status == RecordStatus.PUBLISHED:
        raise ValidationError(
            _("The attachments of a published record cannot be changed: withdraw it and publish a corrected record."),
            code="record_live",
        )


# ---- workflow -----------------------------------------------------------------------------


@transaction.atomic
def record_submit(*, acting_user, record: Record, request=None) -> Record:
    """Editor → reviewer: the draft goes into review (screened, the report kept for the reviewer)."""
    record = _lock(record)
    check(acting_user, "records.submit_record", record)
    if record.status != RecordStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."), code="invalid_state")
    _validate_for_step(record)
    hits = screen_record(record)
    record.screening_hits = [h.to_dict() for h in hits]
    record.screened_at = timezone.now()
    _set_status(record, RecordStatus.IN_REVIEW)
    record.submitted_by = _user_or_none(acting_user)
    record.save()
    record_audit(
        "records.record.submitted", acting_user, instance=record, request=request, data={"pii_hits": len(hits)}
    )
    return record


def _policy_group(record: Record, states) -> list[Record]:
    """The record with the policy and interpretations that go together with it (三同步), locked.

    `record` is already locked; the others are included when their status is in `states`.
    """
    if record.interprets_id:
        policy_id = record.interprets_id
    elif record.is_policy:
        policy_id = record.pk
    else:
        return [record]
    group = [record]
    if policy_id != record.pk:
        policy = Record.objects.select_for_update().select_related("bureau").get(pk=policy_id)
        if policy.status in states:
            group.insert(0, policy)
    siblings = (
        Record.objects.select_for_update().select_related("bureau").filter(interprets_id=policy_id, status__in=states)
    )
    group += list(siblings.exclude(pk=record.pk).order_by("pk"))
    return group


def _require_interpretation(group: list[Record], ready_states) -> None:
    for record in group:
        if not (record.is_policy and record.requires_interpretation):
            continue
        in_group = any(r.interprets_id == record.pk for r in group)
        already = record.interpretations.filter(status__in=ready_states).exists()
        if not (in_group or already):
            raise ValidationError(
                _("The policy “%(title)s” requires an interpretation, approved and published together with it."),
                code="interpretation_required",
                params={"title": record.title},
            )


@transaction.atomic
def record_approve(
    *, acting_user, record: Record, confidentiality_result: str, notes: str = "", request=None
) -> list[Record]:
    """Reviewer or leader of the bureau approves a record in review, together with its policy pair.

    Four eyes (三审): the approver is none of the authors of any record approved
    (`review.require_approver`); the confidentiality check (保密审查) is recorded with each approval.
    Approving a policy approves its interpretations in review with it; a policy requiring an
    interpretation cannot be approved without one. Personal data blocks approval.
    Returns the records approved.
    """
    record = _lock(record)
    check(acting_user, "records.approve_record", record)
    if record.status != RecordStatus.IN_REVIEW:
        raise ValidationError(_("Only a record in review can be approved."), code="invalid_state")
    group = _policy_group(record, (RecordStatus.IN_REVIEW,))
    for member in group:
        review.require_approver(acting_user, member)
        _validate_for_step(member)
    _require_interpretation(group, (RecordStatus.APPROVED, RecordStatus.SCHEDULED, RecordStatus.PUBLISHED))
    _screen_or_raise(group)
    result, notes = review.approval_check(acting_user, confidentiality_result, notes)
    now = timezone.now()
    for member in group:
        _set_status(member, RecordStatus.APPROVED, now)
        member.approved_by = _user_or_none(acting_user)
        member.approved_at = now
        member.save()
        review.log_review(
            member,
            acting_user,
            kind=ReviewKind.FIRST,
            decision=ReviewDecision.APPROVED,
            result=result,
            notes=notes,
            revision=member.latest_revision,
            now=now,
        )
        record_audit(
            "records.record.approved",
            acting_user,
            instance=member,
            request=request,
            data={"together_with": _ids(group, member), "confidentiality_result": result, "notes": notes},
        )
    return group


def _ids(group, member) -> list[int]:
    return [m.pk for m in group if m.pk != member.pk]


def _publishable_group(record: Record, *, scheduled: bool) -> list[Record]:
    states = (RecordStatus.APPROVED, RecordStatus.SCHEDULED) if scheduled else (RecordStatus.APPROVED,)
    if record.status not in states:
        raise ValidationError(_("Only an approved record can be published."), code="invalid_state")
    group = _policy_group(record, states)
    policy = Record.objects.get(pk=record.interprets_id) if record.interprets_id else None
    if policy is not None and policy.status != RecordStatus.PUBLISHED and policy not in group:
        raise ValidationError(
            _("An interpretation is published together with its policy, which is not approved yet."),
            code="policy_not_approved",
        )
    _require_interpretation(group, (RecordStatus.PUBLISHED,))
    return group


def _publish_now(group: list[Record], actor, request=None) -> None:
    now = timezone.now()
    year = timezone.localdate(now).year
    for member in group:
        if not member.index_number:
            (sequence,) = numbering.allocate(member.bureau, year)
            member.index_year = year
            member.index_sequence = sequence
            member.index_number = numbering.format_index_number(member.bureau, year, sequence)
        if member.published_at is None:
            member.published_at = now
        _set_status(member, RecordStatus.PUBLISHED, now)
        member.scheduled_at = None
        member.published_by = _user_or_none(actor)
        deadlines.apply_due(member)
        member.save()
        record_audit(
            "records.record.published",
            actor,
            instance=member,
            request=request,
            data={"index_number": member.index_number, "together_with": _ids(group, member)},
        )
    indexing.index_now([m.pk for m in group])


@transaction.atomic
def record_publish(*, acting_user, record: Record, at: dt.datetime | None = None, request=None) -> list[Record]:
    """Publish an approved record (with its policy pair) now, or schedule it for `at`.

    The index number is allocated here, inside the transaction. Returns the records published
    or scheduled.
    """
    record = _lock(record)
    check(acting_user, "records.publish_record", record)
    group = _publishable_group(record, scheduled=False)
    for member in group:
        check(acting_user, "records.publish_record", member)
    _screen_or_raise(group)
    if at is not None and at > timezone.now():
        for member in group:
            _set_status(member, RecordStatus.SCHEDULED)
            member.scheduled_at = at
            member.save()
            record_audit(
                "records.record.scheduled", acting_user, instance=member, request=request, data={"at": at.isoformat()}
            )
        transaction.on_commit(lambda: signals.publication_scheduled.send(sender=Record, at=at))
        return group
    _publish_now(group, acting_user, request)
    return group


@transaction.atomic
def record_cancel_schedule(*, acting_user, record: Record, request=None) -> Record:
    record = _lock(record)
    check(acting_user, "records.publish_record", record)
    if record.status != RecordStatus.SCHEDULED:
        raise ValidationError(_("The record is not scheduled."), code="invalid_state")
    _set_status(record, RecordStatus.APPROVED)
    record.scheduled_at = None
    record.save()
    record_audit("records.record.schedule_cancelled", acting_user, instance=record, request=request)
    return record


def publish_scheduled(*, now: dt.datetime | None = None) -> list[Record]:
    """Publish every scheduled record whose time has come (run by the worker and `publish_scheduled`)."""
    now = now or timezone.now()
    published: list[Record] = []
    due_ids = list(
        Record.objects.filter(status=RecordStatus.SCHEDULED, scheduled_at__lte=now)
        .order_by("scheduled_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in due_ids:
        with transaction.atomic():
            record = Record.objects.select_for_update().filter(pk=pk, status=RecordStatus.SCHEDULED).first()
            if record is None:
                continue  # published with its pair already
            try:
                group = _publishable_group(record, scheduled=True)
                _screen_or_raise(group)
            except ValidationError as exc:
                record_audit(
                    "records.record.publish_failed",
                    None,
                    instance=record,
                    data={"code": getattr(exc, "code", "")},
                    result="failure",
                )
                continue
            _publish_now(group, None)
            published += group
    return published


@transaction.atomic
def record_withdraw(*, acting_user, record: Record, reason: str, request=None) -> Record:
    """Take a published record off the portal with a public reason; its URL answers 410 with the reason."""
    record = _lock(record)
    check(acting_user, "records.withdraw_record", record)
    if record.status != RecordStatus.PUBLISHED:
        raise ValidationError(_("Only a published record can be withdrawn."), code="invalid_state")
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("withdrawal_reason", _("Give the public reason for the withdrawal."), "reason_required")
    if hits := scan_place(reason, "withdrawal_reason", record_id=record.pk):
        raise PiiFound(hits)  # the reason is published on the withdrawn page
    now = timezone.now()
    _set_status(record, RecordStatus.WITHDRAWN, now)
    record.withdrawn_at = now
    record.withdrawal_reason = reason
    record.pending_revision = None
    record.save()
    record.save_revision(user=_user_or_none(acting_user), clean=False)
    record_audit("records.record.withdrawn", acting_user, instance=record, request=request, data={"reason": reason})
    indexing.remove_now([record.pk])
    return record


# ---- business-system tokens -------------------------------------------------------------


TOKEN_PREFIX = "gk"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def system_token_create(
    *, acting_user, bureau, name: str, scopes: list[str], expires_at=None, request=None
) -> tuple[SystemToken, str]:
    """Create a token for a business system of `bureau`. Returns (token, raw key): the key is shown once.

    A token with the records:publish scope only by the bureau's leader (`records.create_publish_token`):
    no administrator role, and not `manage.py api_token` (a `CommandActor`), can mint one.
    """
    check(acting_user, "records.manage_token", bureau)
    scopes = sorted(set(scopes or []))
    if TOKEN_SCOPE_PUBLISH in scopes:
        check(acting_user, "records.create_publish_token", bureau)
    unknown = set(scopes) - set(TOKEN_SCOPES)
    if unknown or not scopes:
        raise _field_error(
            "scopes", _("Choose scopes among: %(scopes)s.") % {"scopes": ", ".join(TOKEN_SCOPES)}, "invalid_scope"
        )
    if not (name or "").strip():
        raise _field_error("name", _("Name the business system."), "required")
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = SystemToken.objects.create(
        bureau=bureau,
        name=name.strip(),
        prefix=prefix,
        key_hash=hash_token(raw),
        scopes=scopes,
        created_by=_user_or_none(acting_user),
        expires_at=expires_at,
    )
    record_audit(
        "records.token.created",
        acting_user,
        instance=token,
        request=request,
        data={"scopes": scopes, "name": token.name, "prefix": prefix, "by": str(acting_user)},
    )
    return token, raw


@transaction.atomic
def system_token_revoke(*, acting_user, token: SystemToken, request=None) -> SystemToken:
    check(acting_user, "records.manage_token", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = _user_or_none(acting_user)
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        record_audit("records.token.revoked", acting_user, instance=token, request=request)
    return token
