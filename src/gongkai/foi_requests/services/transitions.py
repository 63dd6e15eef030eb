"""Which FOI step is possible in which state, for whom: the transition table and the one function applying it.

Each action has one row (TRANSITIONS): the states it starts from, the permission action it needs
(`gongkai.accounts.permissions`; the applicant's own steps on the tracking page need none), the
state it leads to, and where the law adds a condition, an extra guard (one supplement within 7
working days, Art. 30; one extension, Art. 33; one fee notice; the periods that must run out before
closing; another person approves the reply or extension). `check` applies a row in a fixed order —
permission, precondition, state, guard — so a refusal is always the same `PermissionDenied` or
`WorkflowError` code; `available_actions` asks it for every action (the admin's buttons). The steps
themselves (lifecycle, supplement, consultation, extension, fee_notice, reply modules) are written as
`@step(action)` bodies: the frame locks the request, applies `check` and runs the body in one
transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.workdays.services import calendar_for

from ..clock import supplement_notice_last_day
from ..constants import OPEN_STATES, WORKING_STATES, ExtensionStatus, ReplyStatus, State
from ..models import Extension, FeeNotice, FoiRequest, Reply, SupplementRequest
from ..rules import APPROVE_EXTENSION, APPROVE_REPLY, HANDLE_REQUEST, SET_MANUAL_DEADLINE
from .steps import WorkflowError, is_applicant, lock, sync, today_or

Guard = Callable[[FoiRequest, object, dt.date], None]

# States a request is closed in without a reply (archived straight away).
CLOSED_WITHOUT_REPLY = frozenset({State.CLOSED_ABANDONED_NO_SUPPLEMENT, State.CLOSED_ABANDONED_NO_FEE, State.WITHDRAWN})


@dataclass(frozen=True)
class Transition:
    from_states: frozenset
    permission: str
    to_state: str | None  # None: the state stays, or the step decides it (see the step's docstring)
    label: Promise  # the step as the "not possible while …" message names it
    precondition: Guard | None = None  # checked before the state: its message says more than "wrong state"
    guard: Guard | None = None  # checked once the state is right
    applicant: bool = False  # the applicant may take it too, without a staff account


# ---- extra guards (the rules of the law beyond state and role) ---------------------------------


def _one_supplement_in_time(request: FoiRequest, acting_user, today: dt.date) -> None:
    if SupplementRequest.objects.filter(request=request).exists():
        # Art. 30: the applicant is told once (一次性告知) everything to supplement.
        raise WorkflowError(
            _("A supplement has already been requested for this request; Art. 30 allows only one."),
            code="second_supplement",
        )
    last_day = supplement_notice_last_day(request.received_on, calendar_for([request.received_on.year]))
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


def _supplement_period_over(request: FoiRequest, acting_user, today: dt.date) -> None:
    supplement = SupplementRequest.objects.get(request=request)
    if today <= supplement.supply_due_on:
        raise WorkflowError(
            _("The supplement period runs until %(date)s; the request can be closed only after it."),
            code="supplement_period_running",
            params={"date": supplement.supply_due_on.isoformat()},
        )


def _one_extension(request: FoiRequest, acting_user, today: dt.date) -> None:
    if Extension.objects.filter(request=request).exists():
        raise WorkflowError(
            _("An extension has already been requested for this request; Art. 33 allows only one."),
            code="second_extension",
        )


def pending_extension(request: FoiRequest) -> Extension | None:
    return Extension.objects.filter(request=request, status=ExtensionStatus.PENDING).first()


def _extension_pending(request: FoiRequest, acting_user, today: dt.date) -> None:
    if pending_extension(request) is None:
        raise WorkflowError(_("There is no extension awaiting approval."), code="no_pending_extension")


def _not_own_extension(request: FoiRequest, acting_user, today: dt.date) -> None:
    # Art. 33 para 2: the head of the disclosure office approves, never the person who asked.
    if pending_extension(request).requested_by_id == acting_user.pk:
        raise WorkflowError(_("You requested this extension; another person must approve it."), code="own_approval")


def _one_fee_notice(request: FoiRequest, acting_user, today: dt.date) -> None:
    if FeeNotice.objects.filter(request=request).exists():
        raise WorkflowError(_("A fee notice has already been sent for this request."), code="second_fee_notice")


def _payment_period_over(request: FoiRequest, acting_user, today: dt.date) -> None:
    notice = FeeNotice.objects.get(request=request)
    if today <= notice.pay_due_on:
        raise WorkflowError(
            _("The payment period runs until %(date)s; the request can be closed only after it."),
            code="payment_period_running",
            params={"date": notice.pay_due_on.isoformat()},
        )


def _guard_approve_reply(request: FoiRequest, acting_user, today: dt.date) -> None:
    reply = Reply.objects.filter(request=request, status=ReplyStatus.DRAFT).first()
    if reply is None:
        raise WorkflowError(_("There is no reply draft to approve."), code="no_reply_draft")
    try:
        # The shared four-eyes rule: none of the reply's drafters (first author to last editor) approves it.
        drafters = request.events.filter(action="draft_reply").values_list("actor_id", flat=True)
        permissions.require_four_eyes(acting_user, request, authors=[reply.drafted_by_id, *drafters])
    except permissions.FourEyesDenied as exc:
        if exc.code != "own_approval":
            raise
        raise WorkflowError(_("You drafted this reply; another person must approve it."), code="own_approval") from None


# ---- the table -------------------------------------------------------------------------------

S = State
TRANSITIONS: dict[str, Transition] = {
    "confirm_receipt": Transition(
        frozenset({S.SUBMITTED}), HANDLE_REQUEST, S.RECEIVED, gettext_lazy("confirm receipt")
    ),
    "request_supplement": Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS}),
        HANDLE_REQUEST,
        S.SUPPLEMENT_REQUESTED,
        gettext_lazy("request a supplement"),
        guard=_one_supplement_in_time,
    ),
    "receive_supplement": Transition(
        frozenset({S.SUPPLEMENT_REQUESTED}),
        HANDLE_REQUEST,
        S.IN_PROGRESS,
        gettext_lazy("receive the supplement"),
        applicant=True,
    ),
    "close_no_supplement": Transition(
        frozenset({S.SUPPLEMENT_REQUESTED}),
        HANDLE_REQUEST,
        S.CLOSED_ABANDONED_NO_SUPPLEMENT,
        gettext_lazy("close for lack of a supplement"),
        guard=_supplement_period_over,
    ),
    "start_processing": Transition(
        frozenset({S.RECEIVED}), HANDLE_REQUEST, S.IN_PROGRESS, gettext_lazy("start processing")
    ),
    "start_consultation": Transition(
        frozenset({S.IN_PROGRESS, S.EXTENDED}), HANDLE_REQUEST, S.CONSULTING, gettext_lazy("start a consultation")
    ),
    # → the state the consultation started from, once no other consultation is open.
    "end_consultation": Transition(
        frozenset({S.CONSULTING}), HANDLE_REQUEST, None, gettext_lazy("end the consultation")
    ),
    "request_extension": Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS, S.CONSULTING}),
        HANDLE_REQUEST,
        None,
        gettext_lazy("request an extension"),
        precondition=_one_extension,
    ),
    # Approved: received/in progress → extended (consulting and fee_notified resume to extended).
    "decide_extension": Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS, S.CONSULTING, S.FEE_NOTIFIED}),
        APPROVE_EXTENSION,
        None,
        gettext_lazy("decide the extension"),
        precondition=_extension_pending,
        guard=_not_own_extension,
    ),
    "send_fee_notice": Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS, S.EXTENDED}),
        HANDLE_REQUEST,
        S.FEE_NOTIFIED,
        gettext_lazy("send a fee notice"),
        guard=_one_fee_notice,
    ),
    # → the state before the notice.
    "record_payment": Transition(frozenset({S.FEE_NOTIFIED}), HANDLE_REQUEST, None, gettext_lazy("record the payment")),
    "close_fee_unpaid": Transition(
        frozenset({S.FEE_NOTIFIED}),
        HANDLE_REQUEST,
        S.CLOSED_ABANDONED_NO_FEE,
        gettext_lazy("close for an unpaid fee"),
        guard=_payment_period_over,
    ),
    "set_manual_deadline": Transition(
        OPEN_STATES - {S.SUBMITTED}, SET_MANUAL_DEADLINE, None, gettext_lazy("set a deadline under Art. 35")
    ),
    "draft_reply": Transition(WORKING_STATES, HANDLE_REQUEST, None, gettext_lazy("draft the reply")),
    # → answered, or closed_not_handled for a "not handled" reply.
    "approve_reply": Transition(
        WORKING_STATES, APPROVE_REPLY, None, gettext_lazy("approve the reply"), guard=_guard_approve_reply
    ),
    "deliver": Transition(
        frozenset({S.ANSWERED, S.CLOSED_NOT_HANDLED}), HANDLE_REQUEST, S.DELIVERED, gettext_lazy("record the delivery")
    ),
    "archive": Transition(CLOSED_WITHOUT_REPLY | {S.DELIVERED}, HANDLE_REQUEST, S.ARCHIVED, gettext_lazy("archive")),
    "withdraw": Transition(OPEN_STATES, HANDLE_REQUEST, S.WITHDRAWN, gettext_lazy("withdraw"), applicant=True),
}
ACTIONS = tuple(TRANSITIONS)
# Actions the applicant may take without a staff account (on the tracking page).
APPLICANT_ACTIONS = frozenset(name for name, t in TRANSITIONS.items() if t.applicant)


def target(action: str) -> str:
    """The state `action` leads to (for the actions whose row names one)."""
    return TRANSITIONS[action].to_state


def check(request: FoiRequest, action: str, acting_user, today: dt.date, *, guards: bool = True) -> None:
    """Raise PermissionDenied or WorkflowError unless `acting_user` may do `action` on `request` on `today`.

    `guards=False` checks the permission and the state only.
    """
    transition = TRANSITIONS[action]
    if not (transition.applicant and is_applicant(request, acting_user)):
        permissions.require(acting_user, transition.permission, request)
    if guards and transition.precondition is not None:
        transition.precondition(request, acting_user, today)
    if request.state not in transition.from_states:
        raise WorkflowError(
            _("This step (%(action)s) is not possible while the request is “%(state)s”."),
            code="wrong_state",
            params={"action": str(transition.label), "state": State(request.state).label},
        )
    if guards and transition.guard is not None:
        transition.guard(request, acting_user, today)


def available_actions(request: FoiRequest, user, today: dt.date | None = None) -> list[str]:
    """The actions (names from ACTIONS) `user` may do on `request` now; None/anonymous = the applicant."""
    today = today_or(today)
    allowed = []
    for name in ACTIONS:
        if is_applicant(request, user) and name not in APPLICANT_ACTIONS:
            continue
        try:
            check(request, name, user, today)
        except (PermissionDenied, ValidationError):
            continue
        allowed.append(name)
    return allowed


_REQUIRED = object()


def step(action: str, *, on_row: bool = False, checked: bool = True):
    """The frame of the workflow step `action`, around its body.

    The step is called as `name(target, *, acting_user, today=None, **inputs)`: `target` is the
    request, or with `on_row` the row the step works on (its `.request` is the request). In one
    transaction the frame locks the request, checks the table (unless `checked=False`: the body
    checks itself), runs `body(req[, row], acting_user=…, today=…, **inputs)` and lets the caller's
    instances see the result; it returns the locked request. `acting_user` may be left out only for
    the applicant's own steps (None: the applicant on the tracking page).
    """

    def decorate(body):
        @functools.wraps(body)
        def run(target, *, acting_user=_REQUIRED, today=None, **inputs):
            if acting_user is _REQUIRED:
                if not TRANSITIONS[action].applicant:
                    raise TypeError(f"{body.__name__}() needs the keyword argument 'acting_user'")
                acting_user = None
            today = today_or(today)
            original = target.request if on_row else target
            with transaction.atomic():
                req = lock(original)
                if checked:
                    check(req, action, acting_user, today)
                rows = (target,) if on_row else ()
                body(req, *rows, acting_user=acting_user, today=today, **inputs)
                sync(original, req, *rows)
            return req

        return run

    return decorate
