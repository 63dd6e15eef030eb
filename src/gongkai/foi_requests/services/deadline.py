"""A request's answer deadline from its rows: the dated facts read from the database, counted by the clock.

The rules themselves are in `foi_requests/clock.py` (pure: 条例 Arts 30–35, the sub-deadlines, which
pauses count); this module only gathers the facts (`clock_facts`: supplement, consultations, the fee
notice where `FOI_FEE_PAUSES_CLOCK` is on, the approved extension, an Art. 35 deadline), counts them
on the working-day calendar with the administrators' overrides (`request_calendar`), and stores the
result on the request (`refresh_clock`: `due_on`, `due_provisional`, `clock_paused`), which every
workflow step calls after its change so that lists, dashboards and reminders can query it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gongkai.workdays.services import calendar_for

from ..clock import ClockFacts, Deadline, Pause, answer_deadline, consultation_pause, fee_pause
from ..constants import OPEN_STATES, ExtensionStatus, State
from ..models import Consultation, FoiRequest


def fee_pauses_clock() -> bool:
    return bool(getattr(settings, "GONGKAI", {}).get("FOI_FEE_PAUSES_CLOCK", False))


_FACT_COLUMNS = (
    "supplement__sent_on",
    "supplement__supplied_on",
    "extension__status",
    "extension__working_days",
    "extension__decided_on",
    "fee_notice__sent_on",
    "fee_notice__paid_on",
    "fee_notice__pay_due_on",
)


def clock_facts(request: FoiRequest, today: dt.date) -> ClockFacts:
    """The dated facts of `request` that decide its deadline (see clock.py): one query for the one-to-one
    rows (supplement, extension, fee notice) joined to the request, a second only if it was consulted."""
    row = (
        FoiRequest.objects.filter(pk=request.pk)
        .annotate(consulted=Exists(Consultation.objects.filter(request=OuterRef("pk"))))
        .values(*_FACT_COLUMNS, "consulted")
        .first()
    ) or dict.fromkeys((*_FACT_COLUMNS, "consulted"))
    pauses: list[Pause] = []
    if row["consulted"]:
        pauses += [
            consultation_pause(c.kind, c.sent_on, c.ended_on, c.reply_due_on, today)
            for c in Consultation.objects.filter(request=request).order_by("sent_on", "pk")
        ]
    if fee_pauses_clock() and row["fee_notice__sent_on"] is not None:
        pauses.append(
            fee_pause(
                row["fee_notice__sent_on"],
                row["fee_notice__paid_on"],
                awaiting_payment=request.state == State.FEE_NOTIFIED,
                closed_on=request.closed_on,
                pay_due_on=row["fee_notice__pay_due_on"],
            )
        )
    extended = row["extension__status"] == ExtensionStatus.APPROVED
    return ClockFacts(
        received_on=request.received_on,
        supplement_sent_on=row["supplement__sent_on"],
        supplement_supplied_on=row["supplement__supplied_on"],
        pauses=tuple(pauses),
        extension_days=row["extension__working_days"] if extended else 0,
        extension_approved_on=row["extension__decided_on"] if extended else None,
        manual_due_on=request.manual_due_on,
        manual_due_basis=request.manual_due_basis,
    )


def request_calendar(request: FoiRequest, today: dt.date):
    """The working-day calendar (with overrides) for the years the request's periods run in."""
    start = request.received_on or today
    return calendar_for(range(start.year, start.year + 2))


def deadline_for(request: FoiRequest, today: dt.date | None = None) -> Deadline:
    """The answer deadline of `request` with the lines that explain it (clock.answer_deadline).

    For a closed request, open pauses are closed on its closing day.
    """
    today = today or timezone.localdate()
    if request.state not in OPEN_STATES and request.closed_on:
        today = min(today, request.closed_on)
    return answer_deadline(clock_facts(request, today), request_calendar(request, today), today)


def _set_clock_fields(request: FoiRequest, deadline: Deadline) -> None:
    request.due_on = deadline.due_on
    request.due_provisional = deadline.provisional
    request.clock_paused = deadline.paused and request.state in OPEN_STATES


def refresh_clock(request: FoiRequest, today: dt.date | None = None, *, locked: bool = False) -> Deadline:
    """Store the computed due date, its provisional flag and whether the clock is paused.

    `locked`: `request` is the row the workflow step locked and saved (its values are the stored ones), so
    the row is written only when the clock changed.
    """
    deadline = deadline_for(request, today)
    stored = (request.due_on, request.due_provisional, request.clock_paused)
    _set_clock_fields(request, deadline)
    if not locked or stored != (request.due_on, request.due_provisional, request.clock_paused):
        FoiRequest.objects.filter(pk=request.pk).update(
            due_on=request.due_on, due_provisional=request.due_provisional, clock_paused=request.clock_paused
        )
    return deadline


def start_clock(request: FoiRequest, today: dt.date) -> Deadline:
    """`refresh_clock` for a request not saved yet: it has no supplement, consultation, fee notice,
    extension or Art. 35 date, so no fact is read; the fields are set before the insert. Only a
    request received at once (in person, signed post: Art. 31) needs the calendar."""
    calendar = request_calendar(request, today) if request.received_on else None
    deadline = answer_deadline(ClockFacts(received_on=request.received_on), calendar, today)
    _set_clock_fields(request, deadline)
    return deadline
