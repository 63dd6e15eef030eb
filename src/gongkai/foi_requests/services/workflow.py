"""The FOI request workflow: one service function per transition (ADR 0002).

Every transition checks the permission module, validates its input, locks the request row
(`select_for_update`, so two clicks cannot both pass), changes the state inside one transaction,
writes a `RequestEvent` (the register of 条例 Art. 45; `public=True` events are shown to the
applicant) and an audit entry `foi_requests.<action>`, refreshes the clock and returns the request.

A refused step raises `WorkflowError` (a `ValidationError` with a translatable message and, where
it concerns an input, the field name) or `PermissionDenied` (the role may not do it). Nothing is
saved then. `today` (keyword, default `timezone.localdate()`) is the date the step happens.

`actor=None` in `receive_supplement` and `withdraw` is the applicant on the tracking page (the
caller has checked the one-time code); everywhere else the actor is a staff user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.workdays.services import calendar_for

from .. import fees
from ..clock import ClockFacts, Deadline, Pause, answer_deadline
from ..constants import (
    CONSULTATION_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    OPEN_STATES,
    REPLY_TYPE_OUTCOMES,
    SUPPLEMENT_NOTICE_WORKING_DAYS,
    WORKING_STATES,
    ConsultationKind,
    ConsultationResult,
    ExtensionStatus,
    FeeMethod,
    Outcome,
    ReplyStatus,
    ReplyType,
    State,
)
from ..models import (
    AttachmentRole,
    Consultation,
    Extension,
    FeeNotice,
    FoiRequest,
    Reply,
    RequestAttachment,
    RequestEvent,
    SupplementRequest,
)

HANDLE = "foi_requests.handle_request"
APPROVE_EXTENSION = "foi_requests.approve_extension"
APPROVE_REPLY = "foi_requests.approve_reply"
SET_MANUAL_DEADLINE = "foi_requests.set_manual_deadline"

MAX_SUPPLEMENT_PERIOD_WORKING_DAYS = 60
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


ACTIONS = (
    "confirm_receipt",
    "request_supplement",
    "receive_supplement",
    "close_no_supplement",
    "start_processing",
    "start_consultation",
    "end_consultation",
    "request_extension",
    "decide_extension",
    "send_fee_notice",
    "record_payment",
    "close_fee_unpaid",
    "set_manual_deadline",
    "draft_reply",
    "approve_reply",
    "deliver",
    "archive",
    "withdraw",
)
# Audit event names and labels (registered with Wagtail's log-action registry in apps.ready).
AUDIT_ACTIONS = {
    "foi_requests.confirm_receipt": gettext_lazy("FOI request: receipt confirmed"),
    "foi_requests.request_supplement": gettext_lazy("FOI request: supplement requested"),
    "foi_requests.receive_supplement": gettext_lazy("FOI request: supplement received"),
    "foi_requests.close_no_supplement": gettext_lazy("FOI request: closed, no supplement in time"),
    "foi_requests.start_processing": gettext_lazy("FOI request: processing started"),
    "foi_requests.start_consultation": gettext_lazy("FOI request: consultation started"),
    "foi_requests.end_consultation": gettext_lazy("FOI request: consultation ended"),
    "foi_requests.request_extension": gettext_lazy("FOI request: extension requested"),
    "foi_requests.approve_extension": gettext_lazy("FOI request: extension approved"),
    "foi_requests.reject_extension": gettext_lazy("FOI request: extension rejected"),
    "foi_requests.send_fee_notice": gettext_lazy("FOI request: fee notice sent"),
    "foi_requests.record_payment": gettext_lazy("FOI request: fee paid"),
    "foi_requests.close_fee_unpaid": gettext_lazy("FOI request: closed, fee not paid in time"),
    "foi_requests.set_manual_deadline": gettext_lazy("FOI request: deadline set under Art. 35"),
    "foi_requests.draft_reply": gettext_lazy("FOI request: reply drafted"),
    "foi_requests.approve_reply": gettext_lazy("FOI request: reply approved"),
    "foi_requests.deliver": gettext_lazy("FOI request: reply delivered"),
    "foi_requests.archive": gettext_lazy("FOI request: archived"),
    "foi_requests.withdraw": gettext_lazy("FOI request: withdrawn"),
}


def register_audit_actions(actions) -> None:
    """The `register_log_actions` hook for the workflow's audit events."""
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


# Actions the applicant may take without a staff account (on the tracking page).
APPLICANT_ACTIONS = frozenset({"receive_supplement", "withdraw"})
# States a request is closed in without a reply (archived straight away).
CLOSED_WITHOUT_REPLY = frozenset({State.CLOSED_ABANDONED_NO_SUPPLEMENT, State.CLOSED_ABANDONED_NO_FEE, State.WITHDRAWN})


# ---- helpers --------------------------------------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _is_staff_actor(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _is_applicant(request: FoiRequest, actor) -> bool:
    """None/anonymous, or the applicant's own account (not staff acting on the request)."""
    if not _is_staff_actor(actor):
        return True
    return request.applicant_account_id == actor.pk and not permissions.can(actor, HANDLE, request)


def _state_error(request: FoiRequest, action_label: str) -> WorkflowError:
    return WorkflowError(
        _("This step (%(action)s) is not possible while the request is “%(state)s”."),
        code="wrong_state",
        params={"action": action_label, "state": State(request.state).label},
    )


def _require_state(request: FoiRequest, allowed, action_label: str) -> None:
    if request.state not in allowed:
        raise _state_error(request, action_label)


def _date_value(value, field: str) -> dt.date:
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


def _check_date(value, field: str, *, today: dt.date, not_before: dt.date | None = None, before_label="") -> dt.date:
    day = _date_value(value, field)
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


def _required_text(value, field: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise WorkflowError(_("Enter a text."), code="invalid", field=field)
    if not text:
        raise WorkflowError(_("This field is required."), code="required", field=field)
    if len(text) > max_length:
        raise WorkflowError(_("At most %(n)d characters."), code="max_length", field=field, params={"n": max_length})
    return text


def _optional_text(value, field: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    if value in (None, ""):
        return ""
    return _required_text(value, field, max_length=max_length)


def _lock(request: FoiRequest) -> FoiRequest:
    # of=("self",): lock the request only, not its bureau (intake inserts reference the bureau row).
    return FoiRequest.objects.select_for_update(of=("self",)).select_related("bureau").get(pk=request.pk)


def _actor_label(request: FoiRequest, actor) -> str:
    # What the applicant sees: the bureau, never a staff member's name (the actor FK keeps who).
    if _is_applicant(request, actor):
        return _("Applicant")
    return request.bureau.name


def _finish(
    request: FoiRequest,
    action: str,
    *,
    actor,
    from_state: str,
    on: dt.date,
    today: dt.date,
    public: bool,
    note: str = "",
    data: dict | None = None,
) -> FoiRequest:
    """Write the event and the audit entry, refresh the clock (request already saved)."""
    staff = actor if _is_staff_actor(actor) else None
    RequestEvent.objects.create(
        request=request,
        action=action,
        from_state=from_state,
        to_state=request.state,
        at=timezone.now(),
        on=on,
        actor=staff,
        actor_label=_actor_label(request, actor),
        note=note,
        public=public,
        data=data or {},
    )
    audit_data = {"from": from_state, "to": request.state, "on": on.isoformat()}
    audit_data.update(data or {})
    audit.record(
        f"foi_requests.{action}",
        user=staff,
        instance=request,
        data=audit_data,
        username="" if staff else "applicant",
    )
    refresh_clock(request, today=today)
    return request


def _sync(original, locked, *rows) -> None:
    """Let the caller's instances (the request, and the row the step worked on) see the new state."""
    if original is not locked:
        original.refresh_from_db()
    for row in rows:
        row.refresh_from_db()


# ---- the clock ------------------------------------------------------------------------------


def _fee_pauses_clock() -> bool:
    return bool(getattr(settings, "GONGKAI", {}).get("FOI_FEE_PAUSES_CLOCK", False))


def clock_facts(request: FoiRequest, today: dt.date) -> ClockFacts:
    """The dated facts of `request` that decide its deadline (see clock.py)."""
    supplement = SupplementRequest.objects.filter(request=request).first()
    pauses: list[Pause] = []
    for c in Consultation.objects.filter(request=request).order_by("sent_on", "pk"):
        # Arts 32, 34: the party has 15 working days; time beyond the window counts again.
        end = c.ended_on
        if end is None and today > c.reply_due_on:
            end = c.reply_due_on
        elif end is not None and end > c.reply_due_on:
            end = c.reply_due_on
        label = (
            _("Consultation of a third party")
            if c.kind == ConsultationKind.THIRD_PARTY
            else _("Consultation of another agency")
        )
        pauses.append(Pause(c.sent_on, end, label))
    if _fee_pauses_clock():
        notice = FeeNotice.objects.filter(request=request).first()
        if notice is not None:
            end = notice.paid_on
            if end is None and request.state != State.FEE_NOTIFIED:
                end = request.closed_on or notice.pay_due_on
            pauses.append(Pause(notice.sent_on, end, _("Fee notice until payment")))
    extension = Extension.objects.filter(request=request, status=ExtensionStatus.APPROVED).first()
    return ClockFacts(
        received_on=request.received_on,
        supplement_sent_on=supplement.sent_on if supplement else None,
        supplement_supplied_on=supplement.supplied_on if supplement else None,
        pauses=tuple(pauses),
        extension_days=extension.working_days if extension else 0,
        extension_approved_on=extension.decided_on if extension else None,
        manual_due_on=request.manual_due_on,
        manual_due_basis=request.manual_due_basis,
    )


def _calendar(request: FoiRequest, today: dt.date):
    start = request.received_on or today
    return calendar_for(range(start.year, start.year + 2))


def deadline_for(request: FoiRequest, today: dt.date | None = None) -> Deadline:
    """The answer deadline of `request` with the lines that explain it (clock.answer_deadline).

    For a closed request, open pauses are closed on its closing day.
    """
    today = _today(today)
    if request.state not in OPEN_STATES and request.closed_on:
        today = min(today, request.closed_on)
    return answer_deadline(clock_facts(request, today), _calendar(request, today), today)


def refresh_clock(request: FoiRequest, today: dt.date | None = None) -> Deadline:
    """Store the computed due date, its provisional flag and whether the clock is paused."""
    deadline = deadline_for(request, today)
    request.due_on = deadline.due_on
    request.due_provisional = deadline.provisional
    request.clock_paused = deadline.paused and request.state in OPEN_STATES
    FoiRequest.objects.filter(pk=request.pk).update(
        due_on=request.due_on, due_provisional=request.due_provisional, clock_paused=request.clock_paused
    )
    return deadline


def _same_applicant_this_month(request: FoiRequest):
    received = request.received_on or timezone.localdate()
    return FoiRequest.objects.filter(
        bureau_id=request.bureau_id,
        id_document_type=request.id_document_type,
        id_document_number=request.id_document_number,
        received_on__year=received.year,
        received_on__month=received.month,
    )


def items_this_month(request: FoiRequest) -> int:
    """The applicant's requests at this bureau received in the calendar month of this one (费用办法 Art. 4).

    A suggestion for the fee notice's quantity: staff may count more items when one request
    bundles several matters (一事一申请), never fewer.
    """
    return _same_applicant_this_month(request).filter(received_on__isnull=False).count() or 1


def _already_charged_per_item(request: FoiRequest) -> int:
    return sum(
        FeeNotice.objects.filter(
            request__in=_same_applicant_this_month(request).exclude(pk=request.pk), method=FeeMethod.PER_ITEM
        ).values_list("amount_yuan", flat=True)
    )


# ---- guards: who may do what in which state (used by the transitions and available_actions) ----


def _require_handler(request: FoiRequest, actor) -> None:
    permissions.require(actor, HANDLE, request)


def _require_handler_or_applicant(request: FoiRequest, actor) -> None:
    if _is_applicant(request, actor):
        return
    permissions.require(actor, HANDLE, request)


def _open_consultation(request: FoiRequest) -> Consultation | None:
    return request.consultations.filter(ended_on__isnull=True).order_by("-sent_on", "-pk").first()


def _pending_extension(request: FoiRequest) -> Extension | None:
    return Extension.objects.filter(request=request, status=ExtensionStatus.PENDING).first()


def _fee_notice(request: FoiRequest) -> FeeNotice | None:
    return FeeNotice.objects.filter(request=request).first()


def _draft_reply(request: FoiRequest) -> Reply | None:
    return Reply.objects.filter(request=request, status=ReplyStatus.DRAFT).first()


def _supplement_window_end(request: FoiRequest) -> dt.date:
    # 条例 Art. 30: the one supplement notice goes out within 7 working days of receipt.
    return (
        calendar_for([request.received_on.year])
        .add_working_days(request.received_on, SUPPLEMENT_NOTICE_WORKING_DAYS)
        .date
    )


def _guard_confirm_receipt(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.SUBMITTED}, _("confirm receipt"))


def _guard_request_supplement(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.RECEIVED, State.IN_PROGRESS}, _("request a supplement"))
    if SupplementRequest.objects.filter(request=request).exists():
        # Art. 30: the applicant is told once (一次性告知) everything to supplement.
        raise WorkflowError(
            _("A supplement has already been requested for this request; Art. 30 allows only one."),
            code="second_supplement",
        )
    last_day = _supplement_window_end(request)
    if today > last_day:
        raise WorkflowError(
            _(
                "A supplement can be requested only within 7 working days of receipt (Art. 30): "
                "the last day was %(date)s."
            ),
            code="supplement_too_late",
            field="sent_on",
            params={"date": last_day.isoformat()},
        )


def _guard_receive_supplement(request, actor, today):
    _require_handler_or_applicant(request, actor)
    _require_state(request, {State.SUPPLEMENT_REQUESTED}, _("receive the supplement"))


def _guard_close_no_supplement(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.SUPPLEMENT_REQUESTED}, _("close for lack of a supplement"))
    supplement = SupplementRequest.objects.get(request=request)
    if today <= supplement.supply_due_on:
        raise WorkflowError(
            _("The supplement period runs until %(date)s; the request can be closed only after it."),
            code="supplement_period_running",
            params={"date": supplement.supply_due_on.isoformat()},
        )


def _guard_start_processing(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.RECEIVED}, _("start processing"))


def _guard_start_consultation(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.IN_PROGRESS, State.EXTENDED}, _("start a consultation"))


def _guard_end_consultation(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.CONSULTING}, _("end the consultation"))


def _guard_request_extension(request, actor, today):
    _require_handler(request, actor)
    if Extension.objects.filter(request=request).exists():
        raise WorkflowError(
            _("An extension has already been requested for this request; Art. 33 allows only one."),
            code="second_extension",
        )
    _require_state(request, {State.RECEIVED, State.IN_PROGRESS, State.CONSULTING}, _("request an extension"))


def _guard_decide_extension(request, actor, today):
    permissions.require(actor, APPROVE_EXTENSION, request)
    extension = _pending_extension(request)
    if extension is None:
        raise WorkflowError(_("There is no extension awaiting approval."), code="no_pending_extension")
    _require_state(
        request, {State.RECEIVED, State.IN_PROGRESS, State.CONSULTING, State.FEE_NOTIFIED}, _("decide the extension")
    )
    if extension.requested_by_id == actor.pk:
        raise WorkflowError(_("You requested this extension; another person must approve it."), code="own_approval")


def _guard_send_fee_notice(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.RECEIVED, State.IN_PROGRESS, State.EXTENDED}, _("send a fee notice"))
    if FeeNotice.objects.filter(request=request).exists():
        raise WorkflowError(_("A fee notice has already been sent for this request."), code="second_fee_notice")


def _guard_record_payment(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.FEE_NOTIFIED}, _("record the payment"))


def _guard_close_fee_unpaid(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.FEE_NOTIFIED}, _("close for an unpaid fee"))
    notice = FeeNotice.objects.get(request=request)
    if today <= notice.pay_due_on:
        raise WorkflowError(
            _("The payment period runs until %(date)s; the request can be closed only after it."),
            code="payment_period_running",
            params={"date": notice.pay_due_on.isoformat()},
        )


def _guard_set_manual_deadline(request, actor, today):
    permissions.require(actor, SET_MANUAL_DEADLINE, request)
    _require_state(request, OPEN_STATES - {State.SUBMITTED}, _("set a deadline under Art. 35"))


def _guard_draft_reply(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, WORKING_STATES, _("draft the reply"))


def _guard_approve_reply(request, actor, today):
    permissions.require(actor, APPROVE_REPLY, request)
    _require_state(request, WORKING_STATES, _("approve the reply"))
    reply = _draft_reply(request)
    if reply is None:
        raise WorkflowError(_("There is no reply draft to approve."), code="no_reply_draft")
    # The shared four-eyes rule: none of the reply's drafters (first author to last editor) approves it.
    drafters = request.events.filter(action="draft_reply").values_list("actor_id", flat=True)
    refusal = permissions.four_eyes_refusal(actor, request, authors=[reply.drafted_by_id, *drafters])
    if refusal is not None:
        raise WorkflowError(refusal.args[0], code=refusal.code)


def _guard_deliver(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, {State.ANSWERED, State.CLOSED_NOT_HANDLED}, _("record the delivery"))


def _guard_archive(request, actor, today):
    _require_handler(request, actor)
    _require_state(request, CLOSED_WITHOUT_REPLY | {State.DELIVERED}, _("archive"))


def _guard_withdraw(request, actor, today):
    _require_handler_or_applicant(request, actor)
    _require_state(request, OPEN_STATES, _("withdraw"))


GUARDS: dict[str, Callable] = {name: globals()[f"_guard_{name}"] for name in ACTIONS}


def available_actions(request: FoiRequest, user, today: dt.date | None = None) -> list[str]:
    """The actions (names from ACTIONS) `user` may do on `request` now; None/anonymous = the applicant."""
    today = _today(today)
    allowed = []
    for name in ACTIONS:
        if _is_applicant(request, user) and name not in APPLICANT_ACTIONS:
            continue
        try:
            GUARDS[name](request, user, today)
        except (PermissionDenied, ValidationError):
            continue
        allowed.append(name)
    return allowed


# ---- transitions ----------------------------------------------------------------------------


@transaction.atomic
def confirm_receipt(request, *, actor, received_on, note="", today=None):
    """submitted → received. 条例 Art. 31: the confirmation date is the receipt date (day 0)."""
    today = _today(today)
    req = _lock(request)
    _guard_confirm_receipt(req, actor, today)
    submitted_on = timezone.localtime(req.submitted_at).date()
    received_on = _check_date(
        received_on, "received_on", today=today, not_before=submitted_on, before_label=_("the submission")
    )
    note = _optional_text(note, "note", max_length=300)
    from_state = req.state
    req.state = State.RECEIVED
    req.received_on = received_on
    req.receipt_confirmed_by = actor
    req.receipt_confirmation_note = note
    req.save(update_fields=["state", "received_on", "receipt_confirmed_by", "receipt_confirmation_note", "updated_at"])
    _finish(
        req, "confirm_receipt", actor=actor, from_state=from_state, on=received_on, today=today, public=True, note=note
    )
    _sync(request, req)
    return req


@transaction.atomic
def request_supplement(request, *, actor, items, period_working_days=None, sent_on=None, today=None):
    """received/in_progress → supplement_requested: the one supplement notice (条例 Art. 30)."""
    today = _today(today)
    req = _lock(request)
    _require_handler(req, actor)
    _require_state(req, {State.RECEIVED, State.IN_PROGRESS}, _("request a supplement"))
    sent_on = _check_date(
        sent_on or today, "sent_on", today=today, not_before=req.received_on, before_label=_("the receipt")
    )
    _guard_request_supplement(req, actor, sent_on)
    items = _required_text(items, "items")
    if period_working_days in (None, ""):
        period_working_days = settings.GONGKAI.get("FOI_SUPPLEMENT_PERIOD_WORKING_DAYS", 15)
    try:
        period = int(period_working_days)
    except (TypeError, ValueError):
        period = 0
    if not 1 <= period <= MAX_SUPPLEMENT_PERIOD_WORKING_DAYS:
        raise WorkflowError(
            _("The supplement period must be between 1 and %(max)d working days."),
            code="invalid_period",
            field="period_working_days",
            params={"max": MAX_SUPPLEMENT_PERIOD_WORKING_DAYS},
        )
    due = calendar_for([sent_on.year]).add_working_days(sent_on, period).date
    supplement = SupplementRequest.objects.create(
        request=req, items=items, sent_on=sent_on, period_working_days=period, supply_due_on=due, sent_by=actor
    )
    from_state = _move(req, State.SUPPLEMENT_REQUESTED)
    _finish(
        req,
        "request_supplement",
        actor=actor,
        from_state=from_state,
        on=sent_on,
        today=today,
        public=True,
        note=items,
        data={"supplement": supplement.pk, "period_working_days": period, "supply_due_on": due.isoformat()},
    )
    _sync(request, req)
    return req


def _store_file(req: FoiRequest, upload, role: str, visible: bool) -> RequestAttachment:
    hasher = hashlib.sha256()
    if hasattr(upload, "chunks"):
        for chunk in upload.chunks():
            hasher.update(chunk)
        upload.seek(0)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    return RequestAttachment.objects.create(
        request=req,
        role=role,
        file=upload,
        filename=name,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=getattr(upload, "size", 0) or 0,
        sha256=hasher.hexdigest(),
        visible_to_applicant=visible,
    )


@transaction.atomic
def receive_supplement(request, *, actor=None, supplied_on=None, text, files: Iterable = (), today=None):
    """supplement_requested → in_progress; the 20 working days count afresh from `supplied_on` (Art. 30).

    `actor=None`: the applicant supplied it on the tracking page. `files` are already-validated
    uploads (Django File objects); they are stored as supplement attachments.
    """
    today = _today(today)
    req = _lock(request)
    _guard_receive_supplement(req, actor, today)
    supplement = SupplementRequest.objects.select_for_update().get(request=req)
    supplied_on = _check_date(
        supplied_on or today,
        "supplied_on",
        today=today,
        not_before=supplement.sent_on,
        before_label=_("the supplement notice"),
    )
    files = list(files or ())
    text = _optional_text(text, "text") if files else _required_text(text, "text")
    supplement.supplied_on = supplied_on
    supplement.supplied_text = text
    supplement.save(update_fields=["supplied_on", "supplied_text", "updated_at"])
    for upload in files:
        _store_file(req, upload, AttachmentRole.SUPPLEMENT, visible=True)
    from_state = _move(req, State.IN_PROGRESS)
    _finish(
        req,
        "receive_supplement",
        actor=actor,
        from_state=from_state,
        on=supplied_on,
        today=today,
        public=True,
        data={"files": len(files)},
    )
    _sync(request, req)
    return req


def _move(req: FoiRequest, state: str) -> str:
    """Put the (locked) request in `state`; returns the state it left."""
    from_state, req.state = req.state, state
    req.save(update_fields=["state", "updated_at"])
    return from_state


def _close(req: FoiRequest, state: str, outcome: str, on: dt.date) -> None:
    req.state = state
    req.outcome = outcome
    req.closed_on = on
    req.save(update_fields=["state", "outcome", "closed_on", "updated_at"])


@transaction.atomic
def close_no_supplement(request, *, actor, today=None):
    """supplement_requested → closed_abandoned_no_correction after the period (Art. 30; table 三 (六)1)."""
    today = _today(today)
    req = _lock(request)
    _guard_close_no_supplement(req, actor, today)
    from_state = req.state
    _close(req, State.CLOSED_ABANDONED_NO_SUPPLEMENT, Outcome.R6_1_NO_SUPPLEMENT, today)
    _finish(req, "close_no_supplement", actor=actor, from_state=from_state, on=today, today=today, public=True)
    _sync(request, req)
    return req


@transaction.atomic
def start_processing(request, *, actor, today=None):
    """received → in_progress."""
    today = _today(today)
    req = _lock(request)
    _guard_start_processing(req, actor, today)
    from_state = _move(req, State.IN_PROGRESS)
    _finish(req, "start_processing", actor=actor, from_state=from_state, on=today, today=today, public=True)
    _sync(request, req)
    return req


@transaction.atomic
def start_consultation(request, *, actor, kind, party, subject="", sent_on=None, today=None):
    """in_progress/extended → consulting; the party has 15 working days (Arts 32, 34), not counted (Art. 33)."""
    today = _today(today)
    req = _lock(request)
    _guard_start_consultation(req, actor, today)
    if kind not in ConsultationKind.values:
        raise WorkflowError(_("Choose the kind of consultation."), code="invalid_choice", field="kind")
    party = _required_text(party, "party", max_length=200)
    subject = _optional_text(subject, "subject")
    sent_on = _check_date(
        sent_on or today, "sent_on", today=today, not_before=req.received_on, before_label=_("the receipt")
    )
    due = calendar_for([sent_on.year]).add_working_days(sent_on, CONSULTATION_WORKING_DAYS).date
    consultation = Consultation.objects.create(
        request=req,
        kind=kind,
        party=party,
        subject=subject,
        sent_on=sent_on,
        reply_due_on=due,
        resume_state=req.state,
    )
    from_state = _move(req, State.CONSULTING)
    # The applicant sees that the clock stops, not whom the bureau consults.
    _finish(
        req,
        "start_consultation",
        actor=actor,
        from_state=from_state,
        on=sent_on,
        today=today,
        public=True,
        data={"consultation": consultation.pk, "kind": kind, "reply_due_on": due.isoformat()},
    )
    _sync(request, req)
    return req


@transaction.atomic
def end_consultation(consultation, *, actor, ended_on, result, note="", today=None):
    """consulting → the state the consultation started from; records the reply (or its absence)."""
    today = _today(today)
    given = consultation
    original = consultation.request
    req = _lock(original)
    _guard_end_consultation(req, actor, today)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.request_id != req.pk or consultation.ended_on is not None:
        raise WorkflowError(_("This consultation has already ended."), code="consultation_ended")
    if result not in ConsultationResult.values:
        raise WorkflowError(_("Choose the result of the consultation."), code="invalid_choice", field="result")
    ended_on = _check_date(
        ended_on or today,
        "ended_on",
        today=today,
        not_before=consultation.sent_on,
        before_label=_("the consultation letter"),
    )
    note = _optional_text(note, "note")
    consultation.ended_on = ended_on
    consultation.result = result
    consultation.result_note = note
    consultation.save(update_fields=["ended_on", "result", "result_note", "updated_at"])
    if not Consultation.objects.filter(request=req, ended_on__isnull=True).exists():
        from_state = _move(req, consultation.resume_state)
    else:
        from_state = req.state
    _finish(
        req,
        "end_consultation",
        actor=actor,
        from_state=from_state,
        on=ended_on,
        today=today,
        public=True,
        data={"consultation": consultation.pk, "result": result},
    )
    _sync(original, req, given)
    return req


@transaction.atomic
def request_extension(request, *, actor, working_days, reason, today=None):
    """Ask for the one extension (条例 Art. 33 para 2: at most 20 working days); a reviewer/leader decides."""
    today = _today(today)
    req = _lock(request)
    _guard_request_extension(req, actor, today)
    try:
        days = int(working_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise WorkflowError(
            _("An extension is 1 to %(max)d working days (Art. 33)."),
            code="extension_too_long" if days > MAX_EXTENSION_WORKING_DAYS else "invalid_days",
            field="working_days",
            params={"max": MAX_EXTENSION_WORKING_DAYS},
        )
    reason = _required_text(reason, "reason")
    extension = Extension.objects.create(
        request=req, working_days=days, reason=reason, requested_by=actor, requested_on=today
    )
    _finish(
        req,
        "request_extension",
        actor=actor,
        from_state=req.state,
        on=today,
        today=today,
        public=False,
        note=reason,
        data={"extension": extension.pk, "working_days": days},
    )
    _sync(request, req)
    return req


@transaction.atomic
def decide_extension(extension, *, actor, approve: bool, note="", today=None):
    """Approve (→ extended, the applicant is notified) or reject the pending extension.

    The approver is the head of the disclosure office (Art. 33 para 2): a reviewer or leader, never
    the person who asked for it.
    """
    today = _today(today)
    given = extension
    original = extension.request
    req = _lock(original)
    _guard_decide_extension(req, actor, today)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    note = _optional_text(note, "note")
    if not approve and not note:
        raise WorkflowError(_("Give the reason for the rejection."), code="required", field="note")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = actor
    extension.decided_on = today
    extension.decision_note = note
    extension.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "updated_at"])
    from_state = req.state
    if approve:
        if req.state in (State.RECEIVED, State.IN_PROGRESS):
            req.state = State.EXTENDED
            req.save(update_fields=["state", "updated_at"])
        elif req.state == State.CONSULTING:
            Consultation.objects.filter(request=req, ended_on__isnull=True).update(resume_state=State.EXTENDED)
        elif req.state == State.FEE_NOTIFIED:
            FeeNotice.objects.filter(request=req).update(resume_state=State.EXTENDED)
    action = "approve_extension" if approve else "reject_extension"
    _finish(
        req,
        action,
        actor=actor,
        from_state=from_state,
        on=today,
        today=today,
        public=approve,
        note=extension.reason if approve else note,
        data={"extension": extension.pk, "working_days": extension.working_days, "notified": approve},
    )
    _sync(original, req, given)
    return req


def _fee_method(method) -> str:
    if isinstance(method, (list, tuple, set, frozenset)):
        methods = set(method)
        if len(methods) > 1:
            raise WorkflowError(
                _("Charge either per item or per page, never both (fee measures, Art. 3)."),
                code="both_fee_methods",
                field="method",
            )
        method = next(iter(methods), "")
    if method not in FeeMethod.values:
        raise WorkflowError(_("Choose per item or per page."), code="invalid_choice", field="method")
    return method


@transaction.atomic
def send_fee_notice(request, *, actor, method, quantity, sent_on=None, today=None):
    """→ fee_notified: one fee notice by one method (费用办法 Arts 3–5); payment within 20 working days.

    Per item, `quantity` is the applicant's cumulative items this calendar month including this
    request (see `items_this_month`); the notice charges the fee for that count less what was
    already charged per item this month. Per page, it is the pages of this request.
    """
    today = _today(today)
    req = _lock(request)
    _guard_send_fee_notice(req, actor, today)
    method = _fee_method(method)
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        quantity = 0
    if quantity < 1:
        raise WorkflowError(_("Enter a whole number of at least 1."), code="invalid_quantity", field="quantity")
    sent_on = _check_date(
        sent_on or today, "sent_on", today=today, not_before=req.received_on, before_label=_("the receipt")
    )
    if method == FeeMethod.PER_ITEM:
        counted = items_this_month(req)
        if quantity < counted:
            raise WorkflowError(
                _("The applicant has already made %(n)d requests this month; count at least that many items."),
                code="too_few_items",
                field="quantity",
                params={"n": counted},
            )
        breakdown = fees.fee_per_item(quantity)
        amount = breakdown.total_yuan - _already_charged_per_item(req)
    else:
        breakdown = fees.fee_per_page(quantity)
        amount = breakdown.total_yuan
    if amount <= 0:
        raise WorkflowError(
            _("This is within the free allowance of the fee measures: there is no fee to charge."),
            code="no_fee",
            field="quantity",
        )
    due = calendar_for([sent_on.year]).add_working_days(sent_on, FEE_PAYMENT_WORKING_DAYS).date
    notice = FeeNotice.objects.create(
        request=req,
        method=method,
        quantity=quantity,
        amount_yuan=amount,
        sent_on=sent_on,
        pay_due_on=due,
        resume_state=req.state,
        sent_by=actor,
    )
    from_state = _move(req, State.FEE_NOTIFIED)
    _finish(
        req,
        "send_fee_notice",
        actor=actor,
        from_state=from_state,
        on=sent_on,
        today=today,
        public=True,
        data={
            "fee_notice": notice.pk,
            "method": method,
            "quantity": quantity,
            "amount_yuan": amount,
            "pay_due_on": due.isoformat(),
        },
    )
    _sync(request, req)
    return req


@transaction.atomic
def record_payment(fee_notice, *, actor, paid_on, today=None):
    """fee_notified → the state before the notice."""
    today = _today(today)
    given = fee_notice
    original = fee_notice.request
    req = _lock(original)
    _guard_record_payment(req, actor, today)
    notice = FeeNotice.objects.select_for_update().get(pk=fee_notice.pk)
    paid_on = _check_date(
        paid_on or today, "paid_on", today=today, not_before=notice.sent_on, before_label=_("the fee notice")
    )
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on", "updated_at"])
    from_state = _move(req, notice.resume_state)
    _finish(
        req,
        "record_payment",
        actor=actor,
        from_state=from_state,
        on=paid_on,
        today=today,
        public=True,
        data={"fee_notice": notice.pk, "amount_yuan": notice.amount_yuan},
    )
    _sync(original, req, given)
    return req


@transaction.atomic
def close_fee_unpaid(request, *, actor, today=None):
    """fee_notified → closed_abandoned_no_fee after the payment period (费用办法; table 三 (六)2)."""
    today = _today(today)
    req = _lock(request)
    _guard_close_fee_unpaid(req, actor, today)
    from_state = req.state
    _close(req, State.CLOSED_ABANDONED_NO_FEE, Outcome.R6_2_FEE_UNPAID, today)
    _finish(req, "close_fee_unpaid", actor=actor, from_state=from_state, on=today, today=today, public=True)
    _sync(request, req)
    return req


@transaction.atomic
def set_manual_deadline(request, *, actor, due_on, basis, today=None):
    """条例 Art. 35: a reasonable deadline set by the bureau replaces the formula; its basis is recorded."""
    today = _today(today)
    req = _lock(request)
    _guard_set_manual_deadline(req, actor, today)
    due_on = _date_value(due_on, "due_on")
    if due_on < today:
        raise WorkflowError(_("The deadline cannot be in the past."), code="past_date", field="due_on")
    basis = _required_text(basis, "basis", max_length=300)
    req.manual_due_on = due_on
    req.manual_due_basis = basis
    req.save(update_fields=["manual_due_on", "manual_due_basis", "updated_at"])
    _finish(
        req,
        "set_manual_deadline",
        actor=actor,
        from_state=req.state,
        on=today,
        today=today,
        public=True,
        note=basis,
        data={"due_on": due_on.isoformat()},
    )
    _sync(request, req)
    return req


def _reply_outcome(reply_type, outcome) -> str:
    if not reply_type or not isinstance(reply_type, str):
        if isinstance(reply_type, (list, tuple, set)) and len(reply_type) > 1:
            raise WorkflowError(_("Choose exactly one reply type."), code="several_reply_types", field="reply_type")
        raise WorkflowError(_("Choose the reply type."), code="required", field="reply_type")
    if reply_type not in ReplyType.values:
        raise WorkflowError(_("Choose a valid reply type."), code="invalid_choice", field="reply_type")
    allowed = REPLY_TYPE_OUTCOMES[reply_type]
    if not outcome:
        if len(allowed) == 1:
            return allowed[0]
        raise WorkflowError(
            _("Choose the reason for this reply type (it has several)."), code="required", field="outcome"
        )
    if outcome not in allowed:
        raise WorkflowError(
            _("This reason does not belong to the reply type “%(type)s”."),
            code="outcome_mismatch",
            field="outcome",
            params={"type": ReplyType(reply_type).label},
        )
    return outcome


@transaction.atomic
def draft_reply(request, *, actor, reply_type, outcome=None, body, withheld_reason="", referral="", today=None):
    """Create or update the reply draft: exactly one reply type and its sub-reason (Arts 36–39)."""
    today = _today(today)
    req = _lock(request)
    _guard_draft_reply(req, actor, today)
    outcome = _reply_outcome(reply_type, outcome)
    body = _required_text(body, "body", max_length=20000)
    withheld_reason = _optional_text(withheld_reason, "withheld_reason")
    if reply_type == ReplyType.PARTIAL and not withheld_reason:
        # Art. 37: the reasons for what is withheld are part of a partial disclosure.
        raise WorkflowError(
            _("A partial disclosure must give the reasons for what is withheld (Art. 37)."),
            code="required",
            field="withheld_reason",
        )
    referral = _optional_text(referral, "referral", max_length=300)
    reply = Reply.objects.select_for_update().filter(request=req).first()
    if reply is not None and reply.status != ReplyStatus.DRAFT:
        raise WorkflowError(_("The reply has already been approved."), code="reply_approved")
    if reply is None:
        reply = Reply(request=req)
    reply.reply_type = reply_type
    reply.outcome = outcome
    reply.body = body
    reply.withheld_reason = withheld_reason
    reply.referral = referral
    reply.drafted_by = actor
    reply.save()
    _finish(
        req,
        "draft_reply",
        actor=actor,
        from_state=req.state,
        on=today,
        today=today,
        public=False,
        data={"reply": reply.pk, "reply_type": reply_type, "outcome": outcome},
    )
    _sync(request, req)
    return req


def _generate_documents(reply: Reply) -> None:
    from gongkai.foi_requests import documents  # documents imports this module

    documents.generate_reply_documents(reply)


@transaction.atomic
def approve_reply(reply, *, actor, today=None):
    """Approve the draft (approver ≠ drafter): the request is answered (or closed as not handled)."""
    today = _today(today)
    given = reply
    original = reply.request
    req = _lock(original)
    _guard_approve_reply(req, actor, today)
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    reply.status = ReplyStatus.APPROVED
    reply.approved_by = actor
    reply.replied_on = today
    reply.save(update_fields=["status", "approved_by", "replied_on", "updated_at"])
    from_state = req.state
    state = State.CLOSED_NOT_HANDLED if reply.reply_type == ReplyType.NOT_HANDLED else State.ANSWERED
    _close(req, state, reply.outcome, today)
    _finish(
        req,
        "approve_reply",
        actor=actor,
        from_state=from_state,
        on=today,
        today=today,
        public=True,
        data={"reply": reply.pk, "reply_type": reply.reply_type, "outcome": reply.outcome},
    )
    _generate_documents(reply)
    _sync(original, req, given)
    return req


@transaction.atomic
def deliver(request, *, actor, delivered_on, note="", today=None):
    """answered/closed_not_handled → delivered: the reply reached the applicant."""
    today = _today(today)
    req = _lock(request)
    _guard_deliver(req, actor, today)
    reply = Reply.objects.select_for_update().get(request=req)
    delivered_on = _check_date(
        delivered_on or today, "delivered_on", today=today, not_before=reply.replied_on, before_label=_("the reply")
    )
    note = _optional_text(note, "note", max_length=300)
    reply.delivered_on = delivered_on
    reply.delivery_note = note
    reply.save(update_fields=["delivered_on", "delivery_note", "updated_at"])
    from_state = _move(req, State.DELIVERED)
    _finish(req, "deliver", actor=actor, from_state=from_state, on=delivered_on, today=today, public=True, note=note)
    _sync(request, req)
    return req


@transaction.atomic
def archive(request, *, actor, today=None):
    """delivered, or closed without a reply → archived (条例 Art. 45: 归档)."""
    today = _today(today)
    req = _lock(request)
    _guard_archive(req, actor, today)
    from_state = _move(req, State.ARCHIVED)
    _finish(req, "archive", actor=actor, from_state=from_state, on=today, today=today, public=False)
    _sync(request, req)
    return req


@transaction.atomic
def withdraw(request, *, actor=None, reason="", today=None):
    """Any open state → withdrawn (table 三 (六)3). `actor=None`: the applicant; staff must give the reason."""
    today = _today(today)
    req = _lock(request)
    _guard_withdraw(req, actor, today)
    applicant = _is_applicant(req, actor)
    reason = (
        _optional_text(reason, "reason", max_length=1000)
        if applicant
        else _required_text(reason, "reason", max_length=1000)
    )
    from_state = req.state
    _close(req, State.WITHDRAWN, Outcome.R6_3_OTHER, today)
    _finish(req, "withdraw", actor=actor, from_state=from_state, on=today, today=today, public=True, note=reason)
    _sync(request, req)
    return req
