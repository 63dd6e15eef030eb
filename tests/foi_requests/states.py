"""Build FOI requests directly in any workflow state (with the rows that state implies), for workflow tests.

Dates are fixed around TODAY (Tue 2026-03-10) so that every time-bound step is possible on TODAY:
the supplement window (7 working days from receipt) is open for fresh requests, the supplement
and payment periods of the waiting states have run out, and replies are dated before TODAY.
"""

import datetime as dt

from django.utils import timezone

from gongkai.foi_requests.constants import (
    ConsultationKind,
    ConsultationResult,
    ExtensionStatus,
    FeeMethod,
    Outcome,
    ReplyStatus,
    ReplyType,
    State,
)
from gongkai.foi_requests.models import Consultation, Extension, FeeNotice, Reply, SupplementRequest

from .factories import FoiRequestFactory

TODAY = dt.date(2026, 3, 10)
RECEIVED_ON = dt.date(2026, 3, 4)
REPLIED_ON = dt.date(2026, 3, 9)

CLOSED_OUTCOME = {
    State.ANSWERED: Outcome.R1_GRANTED,
    State.DELIVERED: Outcome.R1_GRANTED,
    State.ARCHIVED: Outcome.R1_GRANTED,
    State.CLOSED_NOT_HANDLED: Outcome.R5_2_REPEAT,
    State.CLOSED_ABANDONED_NO_SUPPLEMENT: Outcome.R6_1_NO_SUPPLEMENT,
    State.CLOSED_ABANDONED_NO_FEE: Outcome.R6_2_FEE_UNPAID,
    State.WITHDRAWN: Outcome.R6_3_OTHER,
}


def aware(day: dt.date, hour: int = 9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build(state: str, bureau, editor, **extra):
    """A request of `bureau` in `state`; `editor` signs the rows a step would have created."""
    submitted = extra.pop("submitted_on", RECEIVED_ON - dt.timedelta(days=1))
    received = None if state == State.SUBMITTED else extra.pop("received_on", RECEIVED_ON)
    fields = dict(state=state, bureau=bureau, submitted_at=aware(submitted), received_on=received)
    if state in CLOSED_OUTCOME:
        fields.update(outcome=CLOSED_OUTCOME[state], closed_on=REPLIED_ON)
    fields.update(extra)
    req = FoiRequestFactory(**fields)
    if state == State.SUPPLEMENT_REQUESTED:
        req.received_on = dt.date(2026, 2, 9)
        req.save(update_fields=["received_on"])
        SupplementRequest.objects.create(
            request=req,
            items="请补充所需信息的名称。",
            sent_on=dt.date(2026, 2, 10),
            period_working_days=5,
            supply_due_on=dt.date(2026, 2, 26),
            sent_by=editor,
        )
    if state == State.CONSULTING:
        Consultation.objects.create(
            request=req,
            kind=ConsultationKind.THIRD_PARTY,
            party="某化工有限公司",
            sent_on=dt.date(2026, 3, 5),
            reply_due_on=dt.date(2026, 3, 26),
            resume_state=State.IN_PROGRESS,
        )
    if state == State.EXTENDED:
        Extension.objects.create(
            request=req,
            working_days=20,
            reason="涉及档案较多",
            status=ExtensionStatus.APPROVED,
            requested_by=editor,
            requested_on=dt.date(2026, 3, 5),
            decided_on=dt.date(2026, 3, 6),
        )
    if state == State.FEE_NOTIFIED:
        req.received_on = dt.date(2026, 2, 3)
        req.save(update_fields=["received_on"])
        FeeNotice.objects.create(
            request=req,
            method=FeeMethod.PER_PAGE,
            quantity=50,
            amount_yuan=200,
            sent_on=dt.date(2026, 2, 4),
            pay_due_on=dt.date(2026, 3, 6),
            resume_state=State.IN_PROGRESS,
            sent_by=editor,
        )
    if state in (State.ANSWERED, State.DELIVERED, State.ARCHIVED, State.CLOSED_NOT_HANDLED):
        not_handled = state == State.CLOSED_NOT_HANDLED
        Reply.objects.create(
            request=req,
            reply_type=ReplyType.NOT_HANDLED if not_handled else ReplyType.GRANTED,
            outcome=CLOSED_OUTCOME[state],
            body="答复正文",
            status=ReplyStatus.APPROVED,
            drafted_by=editor,
            replied_on=REPLIED_ON,
            delivered_on=REPLIED_ON if state in (State.DELIVERED, State.ARCHIVED) else None,
        )
    return req


def add_pending_extension(req, editor):
    return Extension.objects.create(
        request=req, working_days=10, reason="需要调取档案", requested_by=editor, requested_on=RECEIVED_ON
    )


def add_draft_reply(req, editor):
    return Reply.objects.create(
        request=req, reply_type=ReplyType.GRANTED, outcome=Outcome.R1_GRANTED, body="予以公开。", drafted_by=editor
    )


def add_ended_consultation(req):
    return Consultation.objects.create(
        request=req,
        kind=ConsultationKind.AGENCY,
        party="焦作市生态环境局",
        sent_on=RECEIVED_ON,
        reply_due_on=dt.date(2026, 3, 25),
        ended_on=RECEIVED_ON,
        result=ConsultationResult.CONSENTED,
    )


def add_paid_fee_notice(req, editor):
    return FeeNotice.objects.create(
        request=req,
        method=FeeMethod.PER_PAGE,
        quantity=40,
        amount_yuan=100,
        sent_on=RECEIVED_ON,
        pay_due_on=dt.date(2026, 4, 1),
        paid_on=RECEIVED_ON,
        sent_by=editor,
    )
