"""The record workflow and publication: submit, approve, publish, schedule, withdraw, and 三同步.

States: draft → in_review → approved → (scheduled →) published → withdrawn; a step from any other state
is refused with code "invalid_state". Before approval and publication the title, summary, body and every
attachment text are screened for personal data; any hit raises `PiiFound` (code "pii_found") listing
each place. Approval is four eyes (三审: `review.require_approver`) with the confidentiality check
(保密审查) recorded. 三同步: a policy that requires an interpretation is approved together with its
interpretation(s) and published with them in the same transaction (`_policy_group`); the index number is
allocated at publication, inside that transaction. A withdrawn record keeps its public reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import attachment_changes, deadlines, indexing, numbering, review, signals
from ..actors import check, record_audit
from ..attachment_change_models import AttachmentChangeState
from ..constants import RecordStatus
from ..models import Record
from ..review_models import ReviewDecision, ReviewKind
from ..screening import PiiFound, PlaceHit, scan_place, screen_record
from .common import _field_error, _lock, _set_status, _user_or_none, _validate_for_step


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
    attachment_changes.close(record, AttachmentChangeState.DROPPED, now)
    record.save_revision(user=_user_or_none(acting_user), clean=False)
    record_audit("records.record.withdrawn", acting_user, instance=record, request=request, data={"reason": reason})
    indexing.remove_now([record.pk])
    return record
