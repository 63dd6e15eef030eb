"""The workflow services end to end: the issue's path, events, audit entries, available actions."""

import datetime as dt

import pytest

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests import documents
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
from gongkai.foi_requests.models import FoiRequest, RequestEvent
from gongkai.foi_requests.services import workflow
from gongkai.foi_requests.services.deadline import deadline_for, refresh_clock
from gongkai.foi_requests.services.fee_notice import items_this_month

from .factories import FoiRequestFactory
from .states import aware

pytestmark = pytest.mark.django_db


# Audit event names (`<app>.<entity>.<verb>`) of the register actions.
AUDIT_EVENT = {
    "confirm_receipt": "foi_requests.request.receipt_confirmed",
    "request_supplement": "foi_requests.supplement.requested",
    "receive_supplement": "foi_requests.supplement.received",
    "start_processing": "foi_requests.request.processing_started",
    "start_consultation": "foi_requests.consultation.started",
    "end_consultation": "foi_requests.consultation.ended",
    "request_extension": "foi_requests.extension.requested",
    "approve_extension": "foi_requests.extension.approved",
    "send_fee_notice": "foi_requests.fee_notice.sent",
    "record_payment": "foi_requests.fee_notice.paid",
    "set_manual_deadline": "foi_requests.request.deadline_set",
    "draft_reply": "foi_requests.reply.drafted",
    "approve_reply": "foi_requests.reply.approved",
    "deliver": "foi_requests.reply.delivered",
    "archive": "foi_requests.request.archived",
    "withdraw": "foi_requests.request.withdrawn",
}


def _audit_actions(req):
    return list(
        AuditLogEntry.objects.filter(object_id=str(req.pk), action__startswith="foi_requests.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def submitted(xiuwu):
    return FoiRequestFactory(
        bureau=xiuwu, state=State.SUBMITTED, received_on=None, submitted_at=aware(dt.date(2026, 9, 25), 20)
    )


def test_the_issue_path_from_receipt_to_archive(submitted, editor, reviewer, leader, monkeypatch):
    generated = []
    monkeypatch.setattr(documents, "generate_reply_documents", generated.append)

    req = submitted
    day = dt.date(2026, 9, 28)
    workflow.confirm_receipt(req, acting_user=editor, received_on=day, note="电话确认", today=day)
    assert (req.state, req.received_on, req.receipt_confirmed_by) == (State.RECEIVED, day, editor)
    assert req.due_on == dt.date(2026, 10, 30)  # 20 working days after 28 Sept, across 国庆 and its 调休

    workflow.request_supplement(
        req, acting_user=editor, items="请说明所需文件的年份。", period_working_days=10, today=day
    )
    assert req.state == State.SUPPLEMENT_REQUESTED and req.clock_paused and req.due_on is None
    assert req.supplement.supply_due_on == dt.date(2026, 10, 16)

    supplied = dt.date(2026, 10, 12)
    workflow.receive_supplement(req, acting_user=None, text="2025年", today=supplied)
    assert req.state == State.IN_PROGRESS and not req.clock_paused
    assert req.due_on == dt.date(2026, 11, 9)  # afresh from the supplement (Art. 30)

    workflow.request_extension(req, acting_user=editor, working_days=20, reason="档案量大", today=dt.date(2026, 11, 2))
    assert req.extension.status == ExtensionStatus.PENDING and req.state == State.IN_PROGRESS
    workflow.decide_extension(req.extension, acting_user=leader, approve=True, today=dt.date(2026, 11, 3))
    req.refresh_from_db()
    assert req.state == State.EXTENDED and req.due_on == dt.date(2026, 12, 7)

    workflow.draft_reply(
        req,
        acting_user=editor,
        reply_type=ReplyType.PARTIAL,
        body="部分公开。",
        withheld_reason="涉及第三方个人信息",
        today=dt.date(2026, 11, 20),
    )
    reply = req.reply
    assert reply.status == ReplyStatus.DRAFT and reply.outcome == Outcome.R2_PARTIAL
    workflow.approve_reply(reply, acting_user=reviewer, today=dt.date(2026, 11, 23))
    req.refresh_from_db()
    reply.refresh_from_db()
    assert req.state == State.ANSWERED and req.outcome == Outcome.R2_PARTIAL
    assert req.closed_on == reply.replied_on == dt.date(2026, 11, 23)
    assert generated == [reply]

    workflow.deliver(
        req, acting_user=editor, delivered_on=dt.date(2026, 11, 24), note="电子邮件送达", today=dt.date(2026, 11, 24)
    )
    workflow.archive(req, acting_user=editor, today=dt.date(2026, 11, 25))
    assert req.state == State.ARCHIVED

    steps = [
        "confirm_receipt",
        "request_supplement",
        "receive_supplement",
        "request_extension",
        "approve_extension",
        "draft_reply",
        "approve_reply",
        "deliver",
        "archive",
    ]
    assert list(req.events.values_list("action", flat=True)) == steps
    assert _audit_actions(req) == [AUDIT_EVENT[s] for s in steps]
    public = set(req.events.filter(public=True).values_list("action", flat=True))
    assert public == {
        "confirm_receipt",
        "request_supplement",
        "receive_supplement",
        "approve_extension",
        "approve_reply",
        "deliver",
    }
    assert req.events.get(action="receive_supplement").actor is None
    assert req.events.get(action="approve_reply").actor_label == req.bureau.name


def test_every_transition_writes_one_event_and_one_audit_entry(xiuwu, editor, reviewer):
    day = dt.date(2026, 3, 10)
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.RECEIVED, received_on=dt.date(2026, 3, 9), submitted_at=aware(dt.date(2026, 3, 9))
    )
    calls = [
        ("start_processing", lambda: workflow.start_processing(req, acting_user=editor, today=day)),
        (
            "start_consultation",
            lambda: workflow.start_consultation(
                req, acting_user=editor, kind=ConsultationKind.AGENCY, party="市生态环境局", subject="会商", today=day
            ),
        ),
        (
            "end_consultation",
            lambda: workflow.end_consultation(
                req.consultations.get(),
                acting_user=editor,
                ended_on=day,
                result=ConsultationResult.CONSENTED,
                today=day,
            ),
        ),
        (
            "send_fee_notice",
            lambda: workflow.send_fee_notice(
                req, acting_user=editor, method=FeeMethod.PER_PAGE, quantity=120, today=day
            ),
        ),
        ("record_payment", lambda: workflow.record_payment(req.fee_notice, acting_user=editor, paid_on=day, today=day)),
        (
            "set_manual_deadline",
            lambda: workflow.set_manual_deadline(
                req,
                acting_user=reviewer,
                due_on=dt.date(2026, 6, 30),
                basis="条例第三十五条：申请数量明显超过合理范围",
                today=day,
            ),
        ),
        ("withdraw", lambda: workflow.withdraw(req, acting_user=None, reason="不再需要", today=day)),
        ("archive", lambda: workflow.archive(req, acting_user=editor, today=day)),
    ]
    for action, call in calls:
        before_events, before_audit = req.events.count(), len(_audit_actions(req))
        call()
        assert req.events.count() == before_events + 1, action
        assert _audit_actions(req)[before_audit:] == [AUDIT_EVENT[action]], action
    assert req.fee_notice.amount_yuan == 1100  # 70 pages × 10 + 20 pages × 20
    assert req.outcome == Outcome.R6_3_OTHER and req.state == State.ARCHIVED


def test_closing_for_missing_supplement_and_unpaid_fee(xiuwu, editor):
    a = FoiRequestFactory(
        bureau=xiuwu, state=State.RECEIVED, received_on=dt.date(2026, 3, 2), submitted_at=aware(dt.date(2026, 3, 2))
    )
    workflow.request_supplement(a, acting_user=editor, items="补充", period_working_days=5, today=dt.date(2026, 3, 3))
    with pytest.raises(workflow.WorkflowError):
        workflow.close_no_supplement(a, acting_user=editor, today=dt.date(2026, 3, 10))  # the period runs to 10 March
    workflow.close_no_supplement(a, acting_user=editor, today=dt.date(2026, 3, 11))
    assert (a.state, a.outcome, a.closed_on) == (
        State.CLOSED_ABANDONED_NO_SUPPLEMENT,
        Outcome.R6_1_NO_SUPPLEMENT,
        dt.date(2026, 3, 11),
    )

    b = FoiRequestFactory(
        bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 2), submitted_at=aware(dt.date(2026, 3, 2))
    )
    workflow.send_fee_notice(b, acting_user=editor, method=FeeMethod.PER_PAGE, quantity=31, today=dt.date(2026, 3, 3))
    assert b.fee_notice.pay_due_on == dt.date(2026, 3, 31)
    with pytest.raises(workflow.WorkflowError):
        workflow.close_fee_unpaid(b, acting_user=editor, today=dt.date(2026, 3, 31))
    workflow.close_fee_unpaid(b, acting_user=editor, today=dt.date(2026, 4, 1))
    assert (b.state, b.outcome) == (State.CLOSED_ABANDONED_NO_FEE, Outcome.R6_2_FEE_UNPAID)


def test_not_handled_reply_closes_the_request_as_not_handled(xiuwu, editor, leader):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 2), submitted_at=aware(dt.date(2026, 3, 2))
    )
    workflow.draft_reply(
        req,
        acting_user=editor,
        reply_type=ReplyType.NOT_HANDLED,
        outcome=Outcome.R5_1_PETITION,
        body="属于信访事项。",
        today=dt.date(2026, 3, 3),
    )
    workflow.approve_reply(req.reply, acting_user=leader, today=dt.date(2026, 3, 4))
    assert (req.state, req.outcome) == (State.CLOSED_NOT_HANDLED, Outcome.R5_1_PETITION)
    workflow.deliver(req, acting_user=editor, delivered_on=dt.date(2026, 3, 4), today=dt.date(2026, 3, 4))
    assert req.state == State.DELIVERED


def test_per_item_fee_counts_the_applicants_month_and_charges_only_the_increase(xiuwu, editor):
    same = dict(bureau=xiuwu, state=State.IN_PROGRESS, submitted_at=aware(dt.date(2026, 3, 1)))
    earlier = [FoiRequestFactory(received_on=dt.date(2026, 3, 2), **same) for _ in range(11)]
    other_month = FoiRequestFactory(received_on=dt.date(2026, 2, 27), **same)
    assert items_this_month(earlier[-1]) == 11
    assert items_this_month(other_month) == 1

    workflow.send_fee_notice(
        earlier[10], acting_user=editor, method=FeeMethod.PER_ITEM, quantity=11, today=dt.date(2026, 3, 5)
    )
    assert earlier[10].fee_notice.amount_yuan == 100  # the 11th item
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.send_fee_notice(
            earlier[9], acting_user=editor, method=FeeMethod.PER_ITEM, quantity=5, today=dt.date(2026, 3, 5)
        )
    assert err.value.code == "too_few_items"
    workflow.send_fee_notice(
        earlier[9], acting_user=editor, method=FeeMethod.PER_ITEM, quantity=12, today=dt.date(2026, 3, 5)
    )
    assert earlier[9].fee_notice.amount_yuan == 100  # 12 items cost 200, 100 already charged


def test_available_actions_follow_state_and_role(xiuwu, editor, reviewer, supervisor, wenxian_editor):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.SUBMITTED, received_on=None, submitted_at=aware(dt.date(2026, 3, 9))
    )
    today = dt.date(2026, 3, 10)
    assert workflow.available_actions(req, editor, today) == ["confirm_receipt", "withdraw"]
    assert workflow.available_actions(req, reviewer, today) == [
        "confirm_receipt",
        "withdraw",
    ]
    assert workflow.available_actions(req, supervisor, today) == []
    assert workflow.available_actions(req, wenxian_editor, today) == []
    assert workflow.available_actions(req, None, today) == ["withdraw"]

    workflow.confirm_receipt(req, acting_user=editor, received_on=today, today=today)
    assert workflow.available_actions(req, editor, today) == [
        "request_supplement",
        "start_processing",
        "request_extension",
        "send_fee_notice",
        "draft_reply",
        "withdraw",
    ]
    assert "set_manual_deadline" in workflow.available_actions(req, reviewer, today)
    assert workflow.available_actions(req, None, today) == ["withdraw"]


def test_deadline_explanation_is_returned_with_the_due_date(xiuwu, editor):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.RECEIVED, received_on=dt.date(2026, 2, 10), submitted_at=aware(dt.date(2026, 2, 10))
    )
    deadline = deadline_for(req, today=dt.date(2026, 2, 11))
    assert deadline.due_on == dt.date(2026, 3, 16)
    assert any("2026-02-10" in line for line in deadline.lines)
    assert FoiRequest.objects.get(pk=req.pk).due_on is None  # deadline_for does not store
    refresh_clock(req, today=dt.date(2026, 2, 11))
    assert FoiRequest.objects.get(pk=req.pk).due_on == dt.date(2026, 3, 16)
    assert RequestEvent.objects.count() == 0
