"""What every FOI workflow step shares: its error, its input checks, the row lock and the register.

A step locks the request row (`select_for_update`, so two clicks cannot both pass), validates its
input (`check_date`, `required_text`, … raise `WorkflowError`: a `ValidationError` with a
translatable message, a stable `code` and, where it concerns an input, the field name), changes the
state inside the caller's transaction and ends with `finish`: one `RequestEvent` (the register of
条例 Art. 45; `public=True` events are shown to the applicant, with the bureau's name, never a staff
member's), one audit entry named `foi_requests.<entity>.<verb>` (AUDIT_EVENTS) and a refreshed clock.
`acting_user=None` is the applicant on the tracking page (the caller has checked the one-time code).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.core import audit

from ..models import FoiRequest, RequestEvent
from ..rules import HANDLE_REQUEST
from .deadline import refresh_clock

TEXT_MAX_LENGTH = 5000


class WorkflowError(ValidationError):
    """A refused step; `field` names the input concerned (or None), `code` says which rule."""

    def __init__(self, message, *, code: str = "invalid", field: str | None = None, params=None):
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code, params=params)]})
        else:
            super().__init__(message, code=code, params=params)
        self.code = code


# Register action (RequestEvent.action) → audit event `<app>.<entity>.<verb>` and its label
# (registered with Wagtail's log-action registry in apps.ready).
AUDIT_EVENTS = {
    "confirm_receipt": ("foi_requests.request.receipt_confirmed", gettext_lazy("FOI request: receipt confirmed")),
    "request_supplement": ("foi_requests.supplement.requested", gettext_lazy("FOI request: supplement requested")),
    "receive_supplement": ("foi_requests.supplement.received", gettext_lazy("FOI request: supplement received")),
    "close_no_supplement": (
        "foi_requests.request.closed_no_supplement",
        gettext_lazy("FOI request: closed, no supplement in time"),
    ),
    "start_processing": ("foi_requests.request.processing_started", gettext_lazy("FOI request: processing started")),
    "start_consultation": ("foi_requests.consultation.started", gettext_lazy("FOI request: consultation started")),
    "end_consultation": ("foi_requests.consultation.ended", gettext_lazy("FOI request: consultation ended")),
    "request_extension": ("foi_requests.extension.requested", gettext_lazy("FOI request: extension requested")),
    "approve_extension": ("foi_requests.extension.approved", gettext_lazy("FOI request: extension approved")),
    "reject_extension": ("foi_requests.extension.rejected", gettext_lazy("FOI request: extension rejected")),
    "send_fee_notice": ("foi_requests.fee_notice.sent", gettext_lazy("FOI request: fee notice sent")),
    "record_payment": ("foi_requests.fee_notice.paid", gettext_lazy("FOI request: fee paid")),
    "close_fee_unpaid": (
        "foi_requests.request.closed_fee_unpaid",
        gettext_lazy("FOI request: closed, fee not paid in time"),
    ),
    "set_manual_deadline": (
        "foi_requests.request.deadline_set",
        gettext_lazy("FOI request: deadline set under Art. 35"),
    ),
    "draft_reply": ("foi_requests.reply.drafted", gettext_lazy("FOI request: reply drafted")),
    "approve_reply": ("foi_requests.reply.approved", gettext_lazy("FOI request: reply approved")),
    "deliver": ("foi_requests.reply.delivered", gettext_lazy("FOI request: reply delivered")),
    "archive": ("foi_requests.request.archived", gettext_lazy("FOI request: archived")),
    "withdraw": ("foi_requests.request.withdrawn", gettext_lazy("FOI request: withdrawn")),
}


def register_audit_actions(actions) -> None:
    """The `register_log_actions` hook for the workflow's audit events."""
    for event, label in AUDIT_EVENTS.values():
        actions.register_action(event, label, label)


# ---- who acts --------------------------------------------------------------------------------


def is_staff_user(acting_user) -> bool:
    return acting_user is not None and getattr(acting_user, "is_authenticated", False)


def is_applicant(request: FoiRequest, acting_user) -> bool:
    """None/anonymous, or the applicant's own account (not staff acting on the request)."""
    if not is_staff_user(acting_user):
        return True
    return request.applicant_account_id == acting_user.pk and not permissions.can(acting_user, HANDLE_REQUEST, request)


# ---- input -----------------------------------------------------------------------------------


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def date_value(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        raise WorkflowError(_("Enter a valid date."), code="invalid_date", field=field)
    return value


def check_date(value, field: str, *, today: dt.date, not_before: dt.date | None = None, before_label="") -> dt.date:
    day = date_value(value, field)
    if day > today:
        raise WorkflowError(_("The date cannot be in the future."), code="future_date", field=field)
    if not_before is not None and day < not_before:
        raise WorkflowError(
            _("The date cannot be before %(what)s (%(date)s)."),
            code="date_too_early",
            field=field,
            params={"what": before_label, "date": not_before.isoformat()},
        )
    return day


def sent_date(req: FoiRequest, sent_on, today: dt.date) -> dt.date:
    """The day a notice or letter to the applicant or a third party went out: today unless given,
    never in the future nor before the receipt."""
    return check_date(
        sent_on or today, "sent_on", today=today, not_before=req.received_on, before_label=_("the receipt")
    )


def required_text(value, field: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise WorkflowError(_("Enter a text."), code="invalid", field=field)
    if not text:
        raise WorkflowError(_("This field is required."), code="required", field=field)
    if len(text) > max_length:
        raise WorkflowError(_("At most %(n)d characters."), code="max_length", field=field, params={"n": max_length})
    return text


def optional_text(value, field: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    if value in (None, ""):
        return ""
    return required_text(value, field, max_length=max_length)


def whole_number(value) -> int:
    """`value` as an int, 0 when it is none (the caller's range check then refuses it)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# ---- the request row -------------------------------------------------------------------------


def lock(request: FoiRequest) -> FoiRequest:
    # of=("self",): lock the request only, not its bureau (intake inserts reference the bureau row).
    return FoiRequest.objects.select_for_update(of=("self",)).select_related("bureau").get(pk=request.pk)


def move(req: FoiRequest, state: str) -> str:
    """Put the (locked) request in `state`; returns the state it left."""
    from_state, req.state = req.state, state
    req.save(update_fields=["state", "updated_at"])
    return from_state


def close(req: FoiRequest, state: str, outcome: str, on: dt.date) -> str:
    """Close the (locked) request in `state` with its table 三 `outcome`; returns the state it left."""
    from_state = req.state
    req.state = state
    req.outcome = outcome
    req.closed_on = on
    req.save(update_fields=["state", "outcome", "closed_on", "updated_at"])
    return from_state


def sync(original, locked, *rows) -> None:
    """Let the caller's instances (the request, and the row the step worked on) see the new state.

    The request's values are copied from the locked row, which the step saved (no query); its rows related
    through a reverse relation are dropped, as `refresh_from_db` does, and read afresh when asked for.
    """
    if original is not locked:
        for field in locked._meta.concrete_fields:
            setattr(original, field.attname, getattr(locked, field.attname))
        forward = {field.name for field in locked._meta.concrete_fields if field.is_relation}
        original._state.fields_cache = {k: v for k, v in locked._state.fields_cache.items() if k in forward}
        original.__dict__.pop("_prefetched_objects_cache", None)
    for row in rows:
        row.refresh_from_db()


def _actor_label(request: FoiRequest, acting_user) -> str:
    # What the applicant sees: the bureau, never a staff member's name (the actor FK keeps who).
    if is_applicant(request, acting_user):
        return _("Applicant")
    return request.bureau.name


def finish(
    request: FoiRequest,
    action: str,
    *,
    acting_user,
    from_state: str,
    on: dt.date,
    today: dt.date,
    public: bool,
    note: str = "",
    data: dict | None = None,
) -> FoiRequest:
    """Write the event and the audit entry, refresh the clock (request already saved)."""
    staff = acting_user if is_staff_user(acting_user) else None
    RequestEvent.objects.create(
        request=request,
        action=action,
        from_state=from_state,
        to_state=request.state,
        at=timezone.now(),
        on=on,
        actor=staff,
        actor_label=_actor_label(request, acting_user),
        note=note,
        public=public,
        data=data or {},
    )
    audit_data = {"from": from_state, "to": request.state, "on": on.isoformat()}
    audit_data.update(data or {})
    audit.record(
        AUDIT_EVENTS[action][0],
        user=staff,
        instance=request,
        data=audit_data,
        username="" if staff else "applicant",
    )
    refresh_clock(request, today=today, locked=True)
    return request
