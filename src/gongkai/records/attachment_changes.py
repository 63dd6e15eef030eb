"""The pending attachment changes of a published record: listed, applied on approval, dropped on rejection.

Staged by `services.attachments` (`attachment_add`, `attachment_replace`, `attachment_remove` on a
published record); applied by `review.record_change_approve` in the same transaction as the record's
field changes, so the portal, the static copy (the publisher re-renders the record's pages on
`records.record.change_approved`: a removed file's page answers 404 and its static copy is deleted) and
the search index change together. Nothing is deleted: a removed or replaced file keeps its row with
`removed_at`, a rejected upload keeps its change row.
"""

from __future__ import annotations

from django.utils import timezone

from .attachment_change_models import AttachmentChange, AttachmentChangeAction, AttachmentChangeState
from .models import Attachment
from .screening import FILE_FACTS


def pending(record) -> list[AttachmentChange]:
    return list(
        AttachmentChange.objects.filter(record=record, state=AttachmentChangeState.PENDING)
        .select_related("target", "requested_by")
        .order_by("pk")
    )


def requesters(record) -> list:
    """Who asked for the pending attachment changes (none of them may approve them)."""
    return list(
        AttachmentChange.objects.filter(record=record, state=AttachmentChangeState.PENDING).values_list(
            "requested_by_id", flat=True
        )
    )


def snapshot(record) -> list[dict]:
    """The live attachments as the audit log keeps them: name and SHA-256, in their order."""
    return [
        {"id": a.pk, "name": a.original_name, "sha256": a.sha256}
        for a in record.attachments.filter(removed_at__isnull=True).order_by("position", "pk")
    ]


def as_approved(record) -> list[dict]:
    """The live attachments (`snapshot` rows) as they will be once the pending changes are approved."""
    rows = snapshot(record)
    for change in pending(record):
        gone = change.target_id
        new = {"id": None, "name": change.original_name, "sha256": change.sha256}
        if change.action == AttachmentChangeAction.ADD and gone:
            rows = [new if row["id"] == gone else row for row in rows]
        elif change.action == AttachmentChangeAction.ADD:
            rows.append(new)
        else:
            rows = [row for row in rows if row["id"] != gone]
    return rows


def apply(record, actor, now=None) -> dict | None:
    """Make the pending changes live; return {"before", "after"} snapshots, or None when there were none."""
    changes = pending(record)
    if not changes:
        return None
    now = now or timezone.now()
    before = snapshot(record)
    next_position = record.attachments.count()
    for change in changes:
        target = change.target
        if target is not None and target.removed_at is None:
            target.removed_at = now
            target.save(update_fields=["removed_at", "updated_at"])
        if change.action == AttachmentChangeAction.ADD:
            if target is not None:
                position = target.position
            else:
                position, next_position = next_position, next_position + 1
            change.result = Attachment.objects.create(
                record=record,
                file=change.file.name,  # the stored file itself: nothing is copied
                **{name: getattr(change, name) for name in FILE_FACTS},
                position=position,
                uploaded_by=change.requested_by,
            )
        change.state = AttachmentChangeState.APPROVED
        change.decided_at = now
        change.save(update_fields=["result", "state", "decided_at", "updated_at"])
    return {"before": before, "after": snapshot(record)}


def close(record, state: str, now=None) -> int:
    """Close the pending changes without applying them (rejected with the change, or the record withdrawn)."""
    return AttachmentChange.objects.filter(record=record, state=AttachmentChangeState.PENDING).update(
        state=state, decided_at=now or timezone.now(), updated_at=timezone.now()
    )
