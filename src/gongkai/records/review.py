"""Four-eyes review of records (三审, 公开前审查; 条例 Art. 17: review before disclosure, incl. the 保密审查).

- Approving a record (first publication) or a change to a published record needs a reviewer or the leader
  of the record's own bureau who is none of its authors (creator, submitter, last editor): the one rule
  `permissions.require_four_eyes`. Every approval records the confidentiality check (who, when, result,
  notes) as a `RecordReview`, shown in the record's history.
- A change to a published record is a *pending change*: the new content is kept only in a Wagtail
  revision (`Record.pending_revision`); the live columns, and so the portal, the API, the search index and
  the feeds, keep the published content until another person approves the change
  (`record_change_approve` copies the revision's editable fields onto the live columns) or rejects it.
- The attachments of a published record change the same way: an added, replacing or removed file waits as an
  `AttachmentChange` beside the pending revision (`attachment_changes`), and goes live with the approval.
- A business system (a `SystemActor`) approves nothing, except records of the catalog items its bureau's
  leader switched to auto-approved (`auto_approval_set`); elsewhere its record waits for a person.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.confidentiality import clean_confidentiality
from gongkai.core.html import sanitize_html

from . import attachment_changes, indexing
from .actors import SystemActor, check, record_audit
from .attachment_change_models import AttachmentChangeState
from .constants import EDITABLE_FIELDS, TOKEN_SCOPE_PUBLISH, RecordStatus
from .models import AutoApprovedItem, Record
from .review_models import ConfidentialityResult, RecordReview, ReviewDecision, ReviewKind
from .screening import PiiFound, screen_record


class NotAutoApproved(PermissionDenied):
    """A business system tried to approve a record outside the auto-approved catalog items."""

    code = "not_auto_approved"


def record_authors(record: Record, revision=None) -> list:
    """The people who may not approve `record`: its creator, its submitter, its last editor and whoever
    asked for one of its pending attachment changes."""
    last = revision or record.pending_revision or record.latest_revision
    authors = [record.created_by_id, record.submitted_by_id, getattr(last, "user_id", None)]
    return authors + attachment_changes.requesters(record) if record.pk else authors


def _person_name(user) -> str:
    if user is None:
        return "system:scheduler"
    if isinstance(user, SystemActor):
        return user.get_username()
    return (getattr(user, "get_full_name", lambda: "")() or user.get_username())[:150]


def is_auto_approved(record: Record) -> bool:
    return AutoApprovedItem.objects.filter(bureau_id=record.bureau_id, item_key=record.catalog_item.key).exists()


def require_approver(actor, record: Record, *, revision=None) -> None:
    """Raise unless `actor` may approve `record` (four eyes; a business system only in an auto-approved item)."""
    if isinstance(actor, SystemActor):
        check(actor, "records.approve_record", record)
        if not (actor.token.has_scope(TOKEN_SCOPE_PUBLISH) and is_auto_approved(record)):
            raise NotAutoApproved(_("This catalog item is not auto-approved: the record waits for a reviewer."))
        return
    permissions.require_four_eyes(actor, record, authors=record_authors(record, revision))
    check(actor, "records.approve_record", record)


def may_approve(actor, record: Record) -> bool:
    try:
        require_approver(actor, record)
    except PermissionDenied:
        return False
    return True


def log_review(record, actor, *, kind, decision, result="", notes="", revision=None, now=None) -> RecordReview:
    return RecordReview.objects.create(
        record=record,
        revision=revision,
        kind=kind,
        decision=decision,
        reviewer=None if isinstance(actor, SystemActor) else actor,
        reviewer_name=_person_name(actor),
        confidentiality_result=result,
        notes=notes,
        decided_at=now or timezone.now(),
    )


def approval_check(actor, confidentiality_result: str, notes: str) -> tuple[str, str]:
    if isinstance(actor, SystemActor):
        return ConfidentialityResult.AUTO, ""
    return clean_confidentiality(confidentiality_result, notes)


# ---- pending changes to published records ---------------------------------------------------


def pending_copy(record: Record) -> Record:
    """The content a change to `record` starts from: its pending change, or the live record."""
    if record.pending_revision_id:
        copy = record.pending_revision.as_object()
    else:
        copy = Record.objects.get(pk=record.pk)
    copy.pending_revision_id = record.pending_revision_id
    copy.latest_revision_id = record.latest_revision_id
    return copy


def save_pending_change(record: Record, actor, fields: dict) -> tuple[Record, list[str]]:
    """Keep a change to the published `record` (locked) as its pending revision; the live columns stay as they are.

    Returns (the pending content, the names of the fields changed against the previous pending content).
    """
    copy = pending_copy(record)
    changed = []
    for name, value in fields.items():
        if name == "body":  # compared as it is kept: a body sent again unchanged is no change
            value = sanitize_html(value)
        if getattr(copy, name) != value:
            changed.append(name)
            setattr(copy, name, value)
    if not changed:
        return copy, []
    copy.body = sanitize_html(copy.body)
    copy.full_clean()
    _screen_copy(copy)
    stage_revision(record, actor, copy)
    return copy, changed


def stage_revision(record: Record, actor, copy: Record | None = None):
    """Save `copy` (default: the content a change starts from) as the pending revision of the published
    `record` (locked), by `actor`: the change then waits for another person's approval."""
    copy = copy if copy is not None else pending_copy(record)
    user = None if isinstance(actor, SystemActor) else actor
    # save_revision saves only latest_revision on the row; the content goes into the revision alone.
    revision = copy.save_revision(user=user, clean=False)
    Record.objects.filter(pk=record.pk).update(pending_revision=revision, updated_at=timezone.now())
    record.pending_revision = revision
    record.latest_revision = revision
    return revision


def _screen_copy(copy: Record) -> None:
    hits = screen_record(copy)
    if hits:
        raise PiiFound(hits)


def _apply_pending(record: Record) -> list[str]:
    new = record.pending_revision.as_object()
    changed = []
    for name in sorted(EDITABLE_FIELDS):
        field = Record._meta.get_field(name)
        attname = field.attname
        if getattr(record, attname) != getattr(new, attname):
            changed.append(name)
            setattr(record, attname, getattr(new, attname))
    return changed


def _locked(record: Record) -> Record:
    return (
        Record.objects.select_for_update(of=("self",))
        .select_related("bureau", "catalog_item", "pending_revision")
        .get(pk=record.pk)
    )


@transaction.atomic
def record_change_approve(
    *, acting_user, record: Record, confidentiality_result: str = "", notes: str = "", request=None
) -> Record:
    """Approve the pending change of a published record: it goes live (portal, API, search) now."""
    record = _locked(record)
    if record.pending_revision_id is None or record.status != RecordStatus.PUBLISHED:
        raise ValidationError(_("This record has no pending change."), code="no_pending_change")
    revision = record.pending_revision
    require_approver(acting_user, record, revision=revision)
    result, notes = approval_check(acting_user, confidentiality_result, notes)
    changed = _apply_pending(record)
    record.full_clean()
    now = timezone.now()
    attachments = attachment_changes.apply(record, acting_user, now)
    hits = screen_record(record)
    if hits:
        raise PiiFound(hits)
    from . import deadlines

    if {"event_date", "catalog_item"} & set(changed):
        deadlines.apply_due(record)
    record.pending_revision = None
    record.approved_by = None if isinstance(acting_user, SystemActor) else acting_user
    record.approved_at = now
    record.screening_hits = []
    record.screened_at = now
    record.save()
    log_review(
        record,
        acting_user,
        kind=ReviewKind.CHANGE,
        decision=ReviewDecision.APPROVED,
        result=result,
        notes=notes,
        revision=revision,
        now=now,
    )
    record_audit(
        "records.record.change_approved",
        acting_user,
        instance=record,
        request=request,
        data={
            "revision": revision.pk,
            "fields": changed,
            "confidentiality_result": result,
            "notes": notes,
            **({"attachments": attachments} if attachments else {}),
        },
    )
    indexing.index_now([record.pk])
    return record


@transaction.atomic
def record_change_reject(*, acting_user, record: Record, notes: str, request=None) -> Record:
    """Reject the pending change of a published record: the published content stays; the revision is kept."""
    record = _locked(record)
    if record.pending_revision_id is None:
        raise ValidationError(_("This record has no pending change."), code="no_pending_change")
    revision = record.pending_revision
    require_approver(acting_user, record, revision=revision)
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": ValidationError(_("Say why the change is rejected."), code="reason_required")})
    record.pending_revision = None
    record.save(update_fields=["pending_revision", "updated_at"])
    attachment_changes.close(record, AttachmentChangeState.REJECTED)
    log_review(
        record, acting_user, kind=ReviewKind.CHANGE, decision=ReviewDecision.REJECTED, notes=notes, revision=revision
    )
    record_audit(
        "records.record.change_rejected",
        acting_user,
        instance=record,
        request=request,
        data={"revision": revision.pk, "notes": notes},
    )
    return record


# ---- auto-approved catalog items (business systems) -----------------------------------------


@transaction.atomic
def auto_approval_set(*, acting_user, item, enabled: bool, request=None) -> bool:
    """Switch a catalog item of the leader's bureau to auto-approved (or back). Returns the new state.

    Leader only (`records.set_auto_approval`); audited with the value before and after.
    """
    bureau = item.catalog.bureau
    permissions.require(acting_user, "records.set_auto_approval", bureau)
    existing = AutoApprovedItem.objects.select_for_update().filter(bureau=bureau, item_key=item.key).first()
    before = existing is not None
    if before == enabled:
        return enabled
    if enabled:
        AutoApprovedItem.objects.create(bureau=bureau, item_key=item.key, enabled_by=acting_user)
    else:
        existing.delete()
    record_audit(
        "records.auto_approval.changed",
        acting_user,
        instance=item,
        request=request,
        data={
            "item_key": str(item.key),
            "item": str(item),
            "before": {"auto_approved": before},
            "after": {"auto_approved": enabled},
        },
    )
    return enabled


def auto_approved_keys(bureau) -> set:
    return set(AutoApprovedItem.objects.filter(bureau=bureau).values_list("item_key", flat=True))
