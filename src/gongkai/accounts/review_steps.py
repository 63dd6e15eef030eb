"""The review steps every published kind shares (service guides, annual reports, inquiry answers, surveys,
concern responses): submitting a draft for review, the four-eyes approval that publishes it, and sending a
submitted item back to its authors. Each step locks the row, asks the permission module, checks the
state, runs the kind's own checks and writes the audit record; what differs between kinds (what is
screened, what publishing changes, the event names and messages) is passed in by the kind's service as
parameters and small callables. Who may approve is `permissions.require_four_eyes` (a second person of the
same bureau, not one of the authors); the confidentiality check is `core.confidentiality`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality

from . import permissions


def _locked(obj, related: Iterable[str]):
    return type(obj).objects.select_for_update().select_related(*related).get(pk=obj.pk)


def submit_for_review(
    obj,
    *,
    acting_user,
    permission: str,
    draft,
    submitted,
    event: str,
    not_draft_message,
    check: Callable[[object], Iterable[str] | None],
    not_draft_code: str = "not_draft",
    submitted_by: str = "submitted_by",
    submitted_at: str | None = None,
    related: Iterable[str] = (),
    data: Callable[[object], dict] | None = None,
    request=None,
):
    """Lock `obj`, ask for `permission`, check that it is `draft`, run the kind's `check(obj)` (it raises
    when the item is incomplete or holds personal data; it may change more fields of `obj` and return their
    names to be saved), then set `submitted` with the submitter (and the time when the kind keeps one) and
    audit `event` (with `data(obj)`). Call it inside the caller's transaction."""
    obj = _locked(obj, related)
    permissions.require(acting_user, permission, obj)
    if obj.status != draft:
        raise ValidationError(not_draft_message, code=not_draft_code)
    changed = list(check(obj) or ())
    obj.status = submitted
    setattr(obj, submitted_by, acting_user)
    fields = ["status", submitted_by]
    if submitted_at:
        setattr(obj, submitted_at, timezone.now())
        fields.append(submitted_at)
    obj.save(update_fields=[*fields, *changed, "updated_at"])
    audit.record(event, user=acting_user, instance=obj, request=request, **({"data": data(obj)} if data else {}))
    return obj


def may_approve(user, obj, *, permission: str, submitted, authors: list) -> bool:
    """Whether `user` may approve `obj` now: it waits for approval, the user holds `permission` and is a
    second person of the bureau (not one of `authors`)."""
    return (
        obj.status == submitted
        and permissions.can(user, permission, obj)
        and permissions.may_approve(user, obj, authors=authors)
    )


def approve(
    obj,
    *,
    acting_user,
    permission: str,
    submitted,
    authors: Callable[[object], list],
    confidentiality_result: str,
    notes: str,
    event: str,
    not_submitted_message,
    publish: Callable[[object, object], dict],
    check: Callable[[object], object] = lambda obj: None,
    related: Iterable[str] = (),
    request=None,
):
    """The four-eyes approval that publishes `obj`: lock it, check that it is `submitted`, that
    `acting_user` is a second person of its bureau (none of `authors(obj)`) holding `permission`, clean
    the confidentiality check, run the kind's `check(obj)` (the personal-data screen; what it returns is
    handed to `publish`), record the check's result on `obj`, then `publish(obj, checked)` (the kind sets
    its published state, approver and times, saves, and returns its own audit data), and audit `event`
    with that data, the authors and the check. Call it inside the caller's transaction."""
    obj = _locked(obj, related)
    if obj.status != submitted:
        raise ValidationError(not_submitted_message, code="not_submitted")
    people = authors(obj)
    permissions.require_four_eyes(acting_user, obj, authors=people)
    permissions.require(acting_user, permission, obj)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    checked = check(obj)
    obj.confidentiality_result, obj.confidentiality_notes = result, notes
    data = publish(obj, checked)
    audit.record(
        event,
        user=acting_user,
        instance=obj,
        request=request,
        data={
            **data,
            "authors": sorted({a for a in people if a is not None}),
            "confidentiality_result": result,
            "notes": notes,
        },
    )
    return obj


def return_for_changes(
    obj,
    *,
    acting_user,
    permission: str,
    reason: str,
    submitted,
    back_to,
    event: str,
    not_submitted_message,
    reason_required_message,
    request=None,
):
    """Lock `obj`, ask the permission module for `permission`, check that it is `submitted`, put it back to
    `back_to` and audit `event` with the reason. Call it inside the caller's transaction."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    permissions.require(acting_user, permission, obj)
    if obj.status != submitted:
        raise ValidationError(not_submitted_message, code="not_submitted")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(reason_required_message, code="reason_required")
    obj.status = back_to
    obj.save(update_fields=["status", "updated_at"])
    audit.record(event, user=acting_user, instance=obj, request=request, data={"reason": reason})
    return obj
