"""Deadlines through the workflow services: stored due_on / provisional / paused, and the explanation lines.

Expected dates follow the reference (§6.3 worked examples) and the 2026 holiday notice: 春节 15–23 Feb
with 调休 on 14 and 28 Feb; 国庆 1–7 Oct with 调休 on 20 Sept and 10 Oct; 清明 4–6 April.
"""

import datetime as dt

import pytest

from gongkai.foi_requests.constants import ConsultationKind, ConsultationResult, FeeMethod, State
from gongkai.foi_requests.models import FoiRequest
from gongkai.foi_requests.services import workflow
from gongkai.foi_requests.services.deadline import deadline_for, refresh_clock, request_calendar

from .factories import FoiRequestFactory
from .states import aware

pytestmark = pytest.mark.django_db


def _submitted(bureau, day):
    return FoiRequestFactory(bureau=bureau, state=State.SUBMITTED, received_on=None, submitted_at=aware(day))


def _stored(req):
    row = FoiRequest.objects.get(pk=req.pk)
    return row.due_on, row.due_provisional, row.clock_paused


def _text(req, today):
    return "\n".join(deadline_for(req, today).lines)


def test_receipt_before_spring_festival_2026(xiuwu, editor):
    req = _submitted(xiuwu, dt.date(2026, 2, 9))
    workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 2, 10), today=dt.date(2026, 2, 10))
    assert _stored(req) == (dt.date(2026, 3, 16), False, False)  # reference §6.3 table
    assert "2026-02-10" in _text(req, dt.date(2026, 2, 10))


def test_receipt_before_national_day_2026(xiuwu, editor):
    req = _submitted(xiuwu, dt.date(2026, 9, 27))
    workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 9, 28), today=dt.date(2026, 9, 28))
    # 29, 30 Sept; 8, 9, 10 (调休 Saturday) Oct; then 15 more working days.
    assert _stored(req) == (dt.date(2026, 10, 30), False, False)


def test_supplement_stops_the_clock_and_restarts_it_from_the_supplement(xiuwu, editor):
    req = _submitted(xiuwu, dt.date(2026, 2, 10))
    workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 2, 10), today=dt.date(2026, 2, 10))
    workflow.request_supplement(
        req, acting_user=editor, items="请提供文号", period_working_days=10, today=dt.date(2026, 2, 12)
    )
    assert _stored(req) == (None, False, True)
    workflow.receive_supplement(req, text="焦应急〔2025〕9号", today=dt.date(2026, 2, 26))
    assert _stored(req) == (dt.date(2026, 3, 25), False, False)
    text = _text(req, dt.date(2026, 2, 26))
    assert "2026-02-10" in text and "2026-02-26" in text


def test_consultation_days_are_not_counted(xiuwu, editor):
    req = _submitted(xiuwu, dt.date(2026, 3, 2))
    workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2))
    workflow.start_processing(req, acting_user=editor, today=dt.date(2026, 3, 3))
    assert req.due_on == dt.date(2026, 3, 30)
    workflow.start_consultation(
        req,
        acting_user=editor,
        kind=ConsultationKind.THIRD_PARTY,
        party="某公司",
        sent_on=dt.date(2026, 3, 5),
        today=dt.date(2026, 3, 5),
    )
    assert req.consultations.get().reply_due_on == dt.date(2026, 3, 26)  # 15 working days (Art. 32)
    assert req.clock_paused
    workflow.end_consultation(
        req.consultations.get(),
        acting_user=editor,
        ended_on=dt.date(2026, 3, 12),
        result=ConsultationResult.OBJECTED,
        today=dt.date(2026, 3, 12),
    )
    # 6, 9, 10, 11, 12 March not counted: five working days after 30 March, across 清明.
    assert _stored(req) == (dt.date(2026, 4, 7), False, False)
    text = _text(req, dt.date(2026, 3, 12))
    assert "2026-03-05" in text and "2026-03-12" in text


def test_consultation_without_reply_stops_pausing_at_the_end_of_its_window(xiuwu, editor):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 2), submitted_at=aware(dt.date(2026, 3, 2))
    )
    workflow.start_consultation(
        req,
        acting_user=editor,
        kind=ConsultationKind.AGENCY,
        party="市发改委",
        sent_on=dt.date(2026, 3, 5),
        today=dt.date(2026, 3, 5),
    )
    # Still consulting on 10 April: only the 15 working days of the window are not counted.
    refresh_clock(req, today=dt.date(2026, 4, 10))
    calendar = request_calendar(req, dt.date(2026, 4, 10))
    assert req.due_on == calendar.add_working_days(dt.date(2026, 3, 30), 15).date
    assert not req.clock_paused
    assert req.due_on == deadline_for(req, dt.date(2026, 5, 1)).due_on


def test_extension_adds_twenty_working_days(xiuwu, editor, leader):
    req = _submitted(xiuwu, dt.date(2026, 2, 10))
    workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 2, 10), today=dt.date(2026, 2, 10))
    workflow.start_processing(req, acting_user=editor, today=dt.date(2026, 2, 11))
    workflow.request_extension(
        req, acting_user=editor, working_days=20, reason="需要调取档案", today=dt.date(2026, 3, 9)
    )
    assert req.due_on == dt.date(2026, 3, 16)  # not yet approved
    workflow.decide_extension(req.extension, acting_user=leader, approve=True, today=dt.date(2026, 3, 10))
    assert _stored(req) == (dt.date(2026, 4, 14), False, False)  # reference §6.3 table
    text = _text(req, dt.date(2026, 3, 10))
    assert "2026-02-10" in text and "2026-03-10" in text and "20" in text


def test_extension_after_a_consultation_adds_on_top_of_the_pause(xiuwu, editor, reviewer):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 2), submitted_at=aware(dt.date(2026, 3, 2))
    )
    workflow.start_consultation(
        req,
        acting_user=editor,
        kind=ConsultationKind.THIRD_PARTY,
        party="某公司",
        sent_on=dt.date(2026, 3, 5),
        today=dt.date(2026, 3, 5),
    )
    workflow.end_consultation(
        req.consultations.get(),
        acting_user=editor,
        ended_on=dt.date(2026, 3, 12),
        result=ConsultationResult.CONSENTED,
        today=dt.date(2026, 3, 12),
    )
    workflow.request_extension(req, acting_user=editor, working_days=10, reason="内容复杂", today=dt.date(2026, 3, 20))
    workflow.decide_extension(req.extension, acting_user=reviewer, approve=True, today=dt.date(2026, 3, 23))
    calendar = request_calendar(req, dt.date(2026, 3, 23))
    assert req.due_on == calendar.add_working_days(dt.date(2026, 4, 7), 10).date
    text = _text(req, dt.date(2026, 3, 23))
    assert "2026-03-02" in text and "2026-03-05" in text and "2026-03-23" in text


def test_art35_deadline_replaces_the_formula(xiuwu, editor, reviewer):
    req = FoiRequestFactory(
        bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 2), submitted_at=aware(dt.date(2026, 3, 2))
    )
    workflow.set_manual_deadline(
        req,
        acting_user=reviewer,
        due_on=dt.date(2026, 6, 30),
        basis="条例第三十五条：申请人说明理由合理",
        today=dt.date(2026, 3, 10),
    )
    assert _stored(req) == (dt.date(2026, 6, 30), False, False)
    assert "条例第三十五条" in _text(req, dt.date(2026, 3, 10))


def test_deadline_in_2027_is_stored_as_provisional(xiuwu, editor, leader):
    req = _submitted(xiuwu, dt.date(2026, 12, 15))
    workflow.confirm_receipt(req, acting_user=editor, received_on=dt.date(2026, 12, 15), today=dt.date(2026, 12, 15))
    # Weekends and 1 January only: chinesecalendar does not cover 2027 and no notice is loaded.
    assert _stored(req) == (dt.date(2027, 1, 13), True, False)
    workflow.request_extension(req, acting_user=editor, working_days=20, reason="跨年", today=dt.date(2027, 1, 5))
    workflow.decide_extension(req.extension, acting_user=leader, approve=True, today=dt.date(2027, 1, 6))
    assert _stored(req) == (dt.date(2027, 2, 10), True, False)


def test_fee_period_pauses_the_clock_only_when_configured(xiuwu, editor, settings):
    def run(pauses):
        settings.GONGKAI = {**settings.GONGKAI, "FOI_FEE_PAUSES_CLOCK": pauses}
        req = FoiRequestFactory(
            bureau=xiuwu,
            state=State.IN_PROGRESS,
            received_on=dt.date(2026, 3, 2),
            submitted_at=aware(dt.date(2026, 3, 2)),
        )
        workflow.send_fee_notice(
            req,
            acting_user=editor,
            method=FeeMethod.PER_PAGE,
            quantity=40,
            sent_on=dt.date(2026, 3, 3),
            today=dt.date(2026, 3, 3),
        )
        paused = _stored(req)[2]
        workflow.record_payment(
            req.fee_notice, acting_user=editor, paid_on=dt.date(2026, 3, 10), today=dt.date(2026, 3, 10)
        )
        return paused, _stored(req)[0]

    assert run(False) == (False, dt.date(2026, 3, 30))
    assert run(True) == (True, dt.date(2026, 4, 7))  # 4, 5, 6, 9, 10 March not counted
