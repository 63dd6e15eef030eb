"""Bad input to the workflow: each a clear WorkflowError (field and code) and nothing changed."""

import datetime as dt

import pytest

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.constants import FeeMethod, Outcome, ReplyType, State
from gongkai.foi_requests.models import Extension, FeeNotice, Reply, RequestEvent, SupplementRequest
from gongkai.foi_requests.services import workflow
from gongkai.foi_requests.services.workflow import WorkflowError

from .factories import FoiRequestFactory
from .states import aware

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def snapshot(req):
    req.refresh_from_db()
    reply = Reply.objects.filter(request=req).values("reply_type", "outcome", "body", "status").first()
    return {
        "request": (req.state, req.due_on, req.outcome, req.closed_on, req.manual_due_on, req.received_on),
        "supplements": SupplementRequest.objects.filter(request=req).count(),
        "extensions": list(Extension.objects.filter(request=req).values_list("status", "working_days")),
        "fees": FeeNotice.objects.filter(request=req).count(),
        "reply": reply,
        "events": RequestEvent.objects.filter(request=req).count(),
        "audit": AuditLogEntry.objects.count(),
    }


def refused(req, call, *, code, field=None):
    """Run `call`, expect a WorkflowError with `code` (on `field`), and nothing changed."""
    before = snapshot(req)
    with pytest.raises(WorkflowError) as info:
        call()
    err = info.value
    assert err.code == code
    if field:
        assert field in err.message_dict, err.message_dict
        assert err.message_dict[field][0]
    else:
        assert err.messages[0]
    assert snapshot(req) == before
    return err


@pytest.fixture
def working(xiuwu):
    return FoiRequestFactory(
        bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 4), submitted_at=aware(dt.date(2026, 3, 3))
    )


def test_second_supplement_request_is_refused(working, editor):
    workflow.request_supplement(working, acting_user=editor, items="请补充文号", today=DAY)
    workflow.receive_supplement(working, text="焦应急〔2025〕1号", today=DAY)
    err = refused(
        working,
        lambda: workflow.request_supplement(working, acting_user=editor, items="再补充一次", today=DAY),
        code="second_supplement",
    )
    assert "一次性" in str(err.messages[0])  # the message in the default language (zh-hans)


def test_supplement_after_seven_working_days_is_refused(xiuwu, editor):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.RECEIVED, received_on=dt.date(2026, 2, 10), submitted_at=aware(dt.date(2026, 2, 10))
    )
    # 7 working days after 10 Feb 2026, across 春节, end on 26 Feb.
    workflow.available_actions(req, editor, dt.date(2026, 2, 26)).index("request_supplement")
    err = refused(
        req,
        lambda: workflow.request_supplement(req, acting_user=editor, items="补充", today=dt.date(2026, 2, 27)),
        code="supplement_too_late",
        field="sent_on",
    )
    assert "2026-02-26" in err.message_dict["sent_on"][0]
    assert "request_supplement" not in workflow.available_actions(req, editor, dt.date(2026, 2, 27))


def test_supplement_without_items_or_with_a_silly_period(working, editor):
    refused(
        working,
        lambda: workflow.request_supplement(working, acting_user=editor, items="  ", today=DAY),
        code="required",
        field="items",
    )
    refused(
        working,
        lambda: workflow.request_supplement(working, acting_user=editor, items="x", period_working_days=0, today=DAY),
        code="invalid_period",
        field="period_working_days",
    )
    refused(
        working,
        lambda: workflow.request_supplement(working, acting_user=editor, items="x" * 5001, today=DAY),
        code="max_length",
        field="items",
    )


@pytest.mark.parametrize("reply_type", ["", None, "maybe", ["granted", "refused"]])
def test_reply_without_exactly_one_valid_reply_type(working, editor, reply_type):
    code = "several_reply_types" if isinstance(reply_type, list) else "invalid_choice" if reply_type else "required"
    refused(
        working,
        lambda: workflow.draft_reply(working, acting_user=editor, reply_type=reply_type, body="答复", today=DAY),
        code=code,
        field="reply_type",
    )


def test_sub_reason_must_be_given_and_belong_to_the_reply_type(working, editor):
    refused(
        working,
        lambda: workflow.draft_reply(
            working, acting_user=editor, reply_type=ReplyType.REFUSED, body="不予公开", today=DAY
        ),
        code="required",
        field="outcome",
    )
    refused(
        working,
        lambda: workflow.draft_reply(
            working,
            acting_user=editor,
            reply_type=ReplyType.REFUSED,
            outcome=Outcome.R4_1_NOT_HELD,
            body="x",
            today=DAY,
        ),
        code="outcome_mismatch",
        field="outcome",
    )
    refused(
        working,
        lambda: workflow.draft_reply(
            working, acting_user=editor, reply_type=ReplyType.GRANTED, outcome=Outcome.R2_PARTIAL, body="x", today=DAY
        ),
        code="outcome_mismatch",
        field="outcome",
    )


def test_partial_disclosure_needs_the_reasons_for_what_is_withheld(working, editor):
    refused(
        working,
        lambda: workflow.draft_reply(
            working, acting_user=editor, reply_type=ReplyType.PARTIAL, body="部分公开", today=DAY
        ),
        code="required",
        field="withheld_reason",
    )


def test_a_second_draft_replaces_the_first_but_an_invalid_one_leaves_it(working, editor):
    workflow.draft_reply(working, acting_user=editor, reply_type=ReplyType.GRANTED, body="第一稿", today=DAY)
    refused(
        working,
        lambda: workflow.draft_reply(
            working, acting_user=editor, reply_type=ReplyType.REFUSED, body="第二稿", today=DAY
        ),
        code="required",
        field="outcome",
    )
    assert Reply.objects.get(request=working).body == "第一稿"


@pytest.mark.parametrize("days,code", [(21, "extension_too_long"), (0, "invalid_days"), ("二十", "invalid_days")])
def test_extension_beyond_twenty_working_days_is_refused(working, editor, days, code):
    refused(
        working,
        lambda: workflow.request_extension(working, acting_user=editor, working_days=days, reason="复杂", today=DAY),
        code=code,
        field="working_days",
    )


def test_second_extension_is_refused_even_after_a_rejection(working, editor, leader):
    workflow.request_extension(working, acting_user=editor, working_days=10, reason="复杂", today=DAY)
    refused(
        working,
        lambda: workflow.request_extension(working, acting_user=editor, working_days=5, reason="再延", today=DAY),
        code="second_extension",
    )
    workflow.decide_extension(working.extension, acting_user=leader, approve=False, note="无需延期", today=DAY)
    refused(
        working,
        lambda: workflow.request_extension(working, acting_user=editor, working_days=5, reason="再延", today=DAY),
        code="second_extension",
    )


def test_rejecting_an_extension_needs_a_reason(working, editor, leader):
    workflow.request_extension(working, acting_user=editor, working_days=10, reason="复杂", today=DAY)
    refused(
        working,
        lambda: workflow.decide_extension(working.extension, acting_user=leader, approve=False, today=DAY),
        code="required",
        field="note",
    )


def test_approving_your_own_extension_is_refused(working, reviewer):
    workflow.request_extension(working, acting_user=reviewer, working_days=10, reason="复杂", today=DAY)
    refused(
        working,
        lambda: workflow.decide_extension(working.extension, acting_user=reviewer, approve=True, today=DAY),
        code="own_approval",
    )
    assert "decide_extension" not in workflow.available_actions(working, reviewer, DAY)


def test_approving_your_own_reply_is_refused(working, reviewer, leader):
    workflow.draft_reply(working, acting_user=reviewer, reply_type=ReplyType.GRANTED, body="予以公开", today=DAY)
    refused(
        working, lambda: workflow.approve_reply(working.reply, acting_user=reviewer, today=DAY), code="own_approval"
    )
    workflow.approve_reply(working.reply, acting_user=leader, today=DAY)
    assert working.state == State.ANSWERED


def test_the_first_drafter_of_a_reply_cannot_approve_it_after_another_redrafts(working, reviewer, leader, people):
    # Four eyes (shared rule): the author and the last editor are both excluded, not only the last drafter.
    workflow.draft_reply(working, acting_user=leader, reply_type=ReplyType.GRANTED, body="予以公开", today=DAY)
    workflow.draft_reply(
        working, acting_user=reviewer, reply_type=ReplyType.GRANTED, body="予以公开（修改）", today=DAY
    )
    refused(working, lambda: workflow.approve_reply(working.reply, acting_user=leader, today=DAY), code="own_approval")
    refused(
        working, lambda: workflow.approve_reply(working.reply, acting_user=reviewer, today=DAY), code="own_approval"
    )


def test_fee_per_item_and_per_page_at_once_is_refused(working, editor):
    refused(
        working,
        lambda: workflow.send_fee_notice(
            working, acting_user=editor, method=[FeeMethod.PER_ITEM, FeeMethod.PER_PAGE], quantity=40, today=DAY
        ),
        code="both_fee_methods",
        field="method",
    )
    workflow.send_fee_notice(working, acting_user=editor, method=FeeMethod.PER_PAGE, quantity=40, today=DAY)
    workflow.record_payment(working.fee_notice, acting_user=editor, paid_on=DAY, today=DAY)
    refused(
        working,
        lambda: workflow.send_fee_notice(
            working, acting_user=editor, method=FeeMethod.PER_ITEM, quantity=20, today=DAY
        ),
        code="second_fee_notice",
    )


@pytest.mark.parametrize(
    "method,quantity,code",
    [
        (FeeMethod.PER_PAGE, 30, "no_fee"),
        (FeeMethod.PER_ITEM, 3, "no_fee"),
        (FeeMethod.PER_PAGE, -5, "invalid_quantity"),
        ("per_word", 100, "invalid_choice"),
    ],
)
def test_fee_notice_with_no_fee_or_a_bad_quantity_is_refused(working, editor, method, quantity, code):
    field = "method" if code == "invalid_choice" else "quantity"
    refused(
        working,
        lambda: workflow.send_fee_notice(working, acting_user=editor, method=method, quantity=quantity, today=DAY),
        code=code,
        field=field,
    )


def test_receipt_dates_in_the_future_or_before_the_submission_are_refused(xiuwu, editor):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.SUBMITTED, received_on=None, submitted_at=aware(dt.date(2026, 3, 5))
    )
    refused(
        req,
        lambda: workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 3, 11), today=DAY),
        code="future_date",
        field="received_on",
    )
    refused(
        req,
        lambda: workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 3, 4), today=DAY),
        code="date_too_early",
        field="received_on",
    )
    refused(
        req,
        lambda: workflow.confirm_receipt(req, acting_user=editor, received_on="3月5日", today=DAY),
        code="invalid_date",
        field="received_on",
    )


def test_manual_deadline_needs_its_basis(working, reviewer):
    refused(
        working,
        lambda: workflow.set_manual_deadline(
            working, acting_user=reviewer, due_on=dt.date(2026, 6, 1), basis="", today=DAY
        ),
        code="required",
        field="basis",
    )
    refused(
        working,
        lambda: workflow.set_manual_deadline(
            working, acting_user=reviewer, due_on=dt.date(2026, 3, 1), basis="条例第三十五条", today=DAY
        ),
        code="past_date",
        field="due_on",
    )


def test_closing_before_the_period_ends_is_refused(working, editor):
    workflow.request_supplement(working, acting_user=editor, items="补充", period_working_days=5, today=DAY)
    refused(
        working,
        lambda: workflow.close_no_supplement(working, acting_user=editor, today=DAY),
        code="supplement_period_running",
    )


def test_supplement_without_text_or_files_and_staff_withdrawal_without_reason(working, editor):
    workflow.request_supplement(working, acting_user=editor, items="补充", today=DAY)
    refused(working, lambda: workflow.receive_supplement(working, text="", today=DAY), code="required", field="text")
    refused(
        working,
        lambda: workflow.withdraw(working, acting_user=editor, reason="", today=DAY),
        code="required",
        field="reason",
    )


def test_html_is_stored_as_text_not_interpreted(working, editor):
    workflow.draft_reply(
        working, acting_user=editor, reply_type=ReplyType.GRANTED, body="<script>alert(1)</script>", today=DAY
    )
    assert Reply.objects.get(request=working).body == "<script>alert(1)</script>"
