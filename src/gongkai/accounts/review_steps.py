"""The review steps every published kind shares (service guides, annual reports, inquiry answers, surveys,
concern responses, what participation publishes): submitting a draft for review, the four-eyes approval
that publishes it, and sending a submitted item back to its authors.

A kind declares its review once, as a `Review` (its permissions, states, authors, audit event names and
messages); each step locks the row, asks the permission module, checks the state, runs the kind's own
checks (a small callable: what is screened differs) and writes the audit record. What publishing changes
is the kind's `publish` callable. Who may approve is `permissions.require_four_eyes` (a second person of
the same bureau, none of the authors); the confidentiality check is `core.confidentiality`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality

from . import permissions


@dataclass(frozen=True)
class Review:
    """How one kind is reviewed. The messages are msgids marked with `gettext_noop` by the kind (they are
    translated when raised)."""

    change: str  # the permission to submit
    approve: str  # the permission to approve or return
    draft: Any  # the state an item is submitted from and returned to
    submitted: Any  # the state that waits for approval
    authors: Callable[[Any], list]  # who may not approve (ids; None is skipped)
    submitted_event: str
    published_event: str
    returned_event: str
    not_submitted: str  # approving what is not submitted
    not_returnable: str  # returning what is not submitted
    reason_required: str  # returning without a reason
    not_draft: str = gettext_noop("Only a draft can be submitted.")  # submitting what is not a draft
    not_draft_code: str = "not_draft"
    submitted_by: str = "submitted_by"  # the field of the submitter
    submitted_at: str | None = None  # the field of the submission time, when the kind keeps one
    related: tuple[str, ...] = ()  # select_related of the locked row


def _locked(review: Review, obj):
    rows = type(obj).objects.select_for_update()
    if review.related:
        rows = rows.select_related(*review.related)
    return rows.get(pk=obj.pk)


def submit_for_review(
    review: Review,
    obj,
    *,
    acting_user,
    check: Callable[[Any], Iterable[str] | None],
    data: Callable[[Any], dict] | None = None,
    request=None,
):
    """Lock `obj`, ask for the change permission, check that it is a draft, run the kind's `check(obj)` (it
    raises when the item is incomplete or holds personal data; it may change more fields of `obj` and
    return their names to be saved), then set the submitted state with the submitter (and the time when the
    kind keeps one) and audit the submission (with `data(obj)`). Call it inside the caller's transaction."""
    obj = _locked(review, obj)
    permissions.require(acting_user, review.change, obj)
    if obj.status != review.draft:
        raise ValidationError(gettext(review.not_draft), code=review.not_draft_code)
    changed = list(check(obj) or ())
    obj.status = review.submitted
    setattr(obj, review.submitted_by, acting_user)
    fields = ["status", review.submitted_by]
    if review.submitted_at:
        setattr(obj, review.submitted_at, timezone.now())
        fields.append(review.submitted_at)
    obj.save(update_fields=[*fields, *changed, "updated_at"])
    extra = {"data": data(obj)} if data else {}
    audit.record(review.submitted_event, user=acting_user, instance=obj, request=request, **extra)
    return obj


def may_approve(review: Review, user, obj) -> bool:
    """Whether `user` may approve `obj` now: it waits for approval, the user holds the approve permission
    and is a second person of the bureau (none of the authors)."""
    return (
        obj.status == review.submitted
        and permissions.can(user, review.approve, obj)
        and permissions.may_approve(user, obj, authors=review.authors(obj))
    )


def approve(
    review: Review,
    obj,
    *,
    acting_user,
    confidentiality_result: str,
    notes: str,
    publish: Callable[[Any, Any], dict],
    check: Callable[[Any], Any],
    request=None,
):
    """The four-eyes approval that publishes `obj`: lock it, check that it is submitted, that `acting_user`
    is a second person of its bureau (none of the authors) holding the approve permission, clean the
    confidentiality check, run the kind's `check(obj)` (the personal-data screen; what it returns is handed
    to `publish`), record the check's result on `obj`, then `publish(obj, checked)` (the kind sets its
    published state, approver and times, saves, and returns its own audit data), and audit the publication
    with that data, the authors and the check. Call it inside the caller's transaction."""
    obj = _locked(review, obj)
    if obj.status != review.submitted:
        raise ValidationError(gettext(review.not_submitted), code="not_submitted")
    authors = review.authors(obj)
    permissions.require_four_eyes(acting_user, obj, authors=authors)
    permissions.require(acting_user, review.approve, obj)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    checked = check(obj)
    obj.confidentiality_result, obj.confidentiality_notes = result, notes
    data = publish(obj, checked)
    audit.record(
        review.published_event,
        user=acting_user,
        instance=obj,
        request=request,
        data={
            **data,
            "authors": sorted({a for a in authors if a is not None}),
            "confidentiality_result": result,
            "notes": notes,
        },
    )
    return obj


def return_for_changes(review: Review, obj, *, acting_user, reason: str, request=None):
    """Lock `obj`, ask for the approve permission, check that it is submitted, put it back to draft and
    audit the return with the reason. Call it inside the caller's transaction."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    permissions.require(acting_user, review.approve, obj)
    if obj.status != review.submitted:
        raise ValidationError(gettext(review.not_returnable), code="not_submitted")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(gettext(review.reason_required), code="reason_required")
    obj.status = review.draft
    obj.save(update_fields=["status", "updated_at"])
    audit.record(review.returned_event, user=acting_user, instance=obj, request=request, data={"reason": reason})
    return obj
