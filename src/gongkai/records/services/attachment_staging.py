"""Changing the attachments of a published record: staged, screened, approved by a second person.

`attachment_add`, `attachment_replace` and `attachment_remove` on a published record land here. The
live attachments stay as published: a new file is kept as an `AttachmentChange` (size-limited, typed
by content, its text extracted, and screened for personal data at once: code "pii_found"), a removal
is asked for, and the record gets a pending revision by the acting user, so the change waits in the
same four-eyes review as a change to its fields (`review.record_change_approve`: a reviewer or the
leader of the record's bureau who asked for none of it). Audited as `records.attachment.change_submitted`
with the attachments before and after the change as asked (names and SHA-256).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .. import attachment_changes, review
from ..actors import record_audit
from ..attachment_change_models import AttachmentChange, AttachmentChangeAction, AttachmentChangeState
from ..models import Attachment, Record
from ..screening import PiiFound, file_facts, screen_attachment
from .common import _user_or_none


def _submitted(record: Record, change: AttachmentChange, actor, request) -> AttachmentChange:
    review.stage_revision(record, actor)
    record_audit(
        "records.attachment.change_submitted",
        actor,
        instance=record,
        request=request,
        data={
            "change": change.pk,
            "action": change.action,
            "revision": record.pending_revision_id,
            "before": attachment_changes.snapshot(record),
            "after": attachment_changes.as_approved(record),
        },
    )
    return change


def _check_target(record: Record, target: Attachment | None) -> None:
    if target is None:
        return
    if target.record_id != record.pk or target.removed_at is not None:
        raise ValidationError(_("This attachment is no longer on the record."), code="attachment_gone")
    if AttachmentChange.objects.filter(target=target, state=AttachmentChangeState.PENDING).exists():
        raise ValidationError(
            _("A change to this attachment is already waiting for approval."), code="attachment_change_pending"
        )


def stage_add(*, record: Record, actor, name: str, data: bytes, limit: int, target=None, request=None):
    """A new file for the published `record` (replacing `target` when given), waiting for approval."""
    _check_target(record, target)
    change = AttachmentChange(
        record=record,
        action=AttachmentChangeAction.ADD,
        target=target,
        **file_facts(data, name, limit=limit),
        requested_by=_user_or_none(actor),
    )
    # Personal data stops the upload now, as it stops a change to the record's fields.
    hits = screen_attachment(change, record_id=record.pk)
    if hits:
        raise PiiFound(hits)
    change.file.save(name, ContentFile(data), save=False)
    change.save()
    return _submitted(record, change, actor, request)


def stage_remove(*, record: Record, actor, target: Attachment, request=None) -> AttachmentChange:
    """The removal of `target` from the published `record`, waiting for approval."""
    _check_target(record, target)
    change = AttachmentChange.objects.create(
        record=record,
        action=AttachmentChangeAction.REMOVE,
        target=target,
        original_name=target.original_name,
        size=target.size,
        sha256=target.sha256,
        requested_by=_user_or_none(actor),
    )
    return _submitted(record, change, actor, request)
