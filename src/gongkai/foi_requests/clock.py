"""The answer deadline of an FOI request, and why — pure functions, no database.

Rules (../shared/reference/foi-and-annual-report.md §2.4–2.9, §6.3):
- 条例 Art. 33: answer within 20 working days of receipt; the receipt day is day 0 (民法典 Art. 201).
- 条例 Art. 30: after a supplement notice the period is counted afresh from the day the supplement
  arrives; while the applicant has not supplied it there is no running clock.
- 条例 Art. 33 para 3: consultation time (Arts 32, 34) does not count: the working days from the day
  after a letter is sent up to and including the day its reply arrives (or the window ends) are added.
  Overlapping consultations are counted once.
- 条例 Art. 33 para 2: an approved extension adds at most 20 working days.
- 费用办法: whether the fee period stops the clock is unconfirmed ([U]); `fee_pauses_clock` decides.
- 条例 Art. 35: a deadline the bureau set replaces the whole formula.

The periods inside a request (sub-deadlines) are counted here too: the supplement notice's window
(Art. 30, 7 working days), the applicant's supplement period, a consulted party's 15 working days
(Arts 32, 34) and the fee payment period (费用办法, 20 working days). Services pass a calendar from
`gongkai.workdays.services.calendar_for()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .constants import (
    ANSWER_WORKING_DAYS,
    CONSULTATION_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    SUPPLEMENT_NOTICE_WORKING_DAYS,
    ConsultationKind,
)


@dataclass(frozen=True)
class Pause:
    start: dt.date  # the day the letter/notice went out (day 0: does not pause itself)
    end: dt.date | None  # the day the reply arrived / the period ended; None: still paused
    label: str


@dataclass(frozen=True)
class ClockFacts:
    received_on: dt.date | None
    supplement_sent_on: dt.date | None = None
    supplement_supplied_on: dt.date | None = None
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0
    extension_approved_on: dt.date | None = None
    manual_due_on: dt.date | None = None
    manual_due_basis: str = ""


@dataclass
class Deadline:
    due_on: dt.date | None
    running: bool  # False: no clock (awaiting receipt or supplement), or paused now
    paused: bool
    provisional: bool
    start_on: dt.date | None = None
    paused_working_days: int = 0
    lines: list[str] = field(default_factory=list)

    def working_days_left(self, calendar, today: dt.date) -> int | None:
        if self.due_on is None:
            return None
        return calendar.count_working_days(today, self.due_on)


# ---- sub-deadlines ----------------------------------------------------------------------------


def supplement_notice_last_day(received_on: dt.date, calendar) -> dt.date:
    """条例 Art. 30: the one supplement notice goes out within 7 working days of receipt."""
    return calendar.add_working_days(received_on, SUPPLEMENT_NOTICE_WORKING_DAYS).date


def supplement_due(sent_on: dt.date, period_working_days: int, calendar) -> dt.date:
    """条例 Art. 30: the last day of the period the supplement notice gives the applicant."""
    return calendar.add_working_days(sent_on, period_working_days).date


def consultation_reply_due(sent_on: dt.date, calendar) -> dt.date:
    """条例 Arts 32, 34: the consulted third party or agency has 15 working days to answer."""
    return calendar.add_working_days(sent_on, CONSULTATION_WORKING_DAYS).date


def fee_payment_due(sent_on: dt.date, calendar) -> dt.date:
    """费用办法 (via the Sichuan notice, [P]): the fee is paid within 20 working days of the notice."""
    return calendar.add_working_days(sent_on, FEE_PAYMENT_WORKING_DAYS).date


def consultation_pause(kind: str, sent_on: dt.date, ended_on: dt.date | None, reply_due_on: dt.date, today) -> Pause:
    """Arts 32–34: a consultation stops the clock until the reply, at most for the party's window;
    time beyond the window counts again."""
    end = ended_on
    if end is None and today > reply_due_on:
        end = reply_due_on
    elif end is not None and end > reply_due_on:
        end = reply_due_on
    label = (
        _("Consultation of a third party")
        if kind == ConsultationKind.THIRD_PARTY
        else _("Consultation of another agency")
    )
    return Pause(sent_on, end, label)


def fee_pause(sent_on: dt.date, paid_on: dt.date | None, *, awaiting_payment: bool, closed_on, pay_due_on) -> Pause:
    """The fee notice until payment, where the fee stops the clock (`FOI_FEE_PAUSES_CLOCK`, [U]).
    Unpaid and no longer awaited: until the request closed, else until the payment period ended."""
    end = paid_on
    if end is None and not awaiting_payment:
        end = closed_on or pay_due_on
    return Pause(sent_on, end, _("Fee notice until payment"))


# ---- the answer deadline --------------------------------------------------------------------


def _merge(pauses, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    spans = sorted((p.start, p.end or today) for p in pauses)
    merged: list[list[dt.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def answer_deadline(facts: ClockFacts, calendar, today: dt.date) -> Deadline:
    """The due date with the lines that explain it. `today` closes pauses that are still open."""
    lines: list[str] = []
    if facts.manual_due_on:
        lines.append(
            _("Deadline set by the bureau under Art. 35 of the Regulations: %(date)s (basis: %(basis)s).")
            % {"date": facts.manual_due_on.isoformat(), "basis": facts.manual_due_basis}
        )
        return Deadline(facts.manual_due_on, True, False, False, facts.received_on, 0, lines)
    if facts.received_on is None:
        lines.append(_("Receipt not yet confirmed (Art. 31): the clock has not started."))
        return Deadline(None, False, False, False, None, 0, lines)

    start = facts.received_on
    lines.append(_("Received on %(date)s (day 0; Art. 31).") % {"date": start.isoformat()})
    if facts.supplement_sent_on:
        if facts.supplement_supplied_on is None:
            lines.append(
                _("Supplement requested on %(date)s (Art. 30): the clock stops until the supplement arrives.")
                % {"date": facts.supplement_sent_on.isoformat()}
            )
            return Deadline(None, False, True, False, None, 0, lines)
        start = facts.supplement_supplied_on
        lines.append(
            _("Supplement received on %(date)s: the 20 working days are counted afresh from this day (Art. 30).")
            % {"date": start.isoformat()}
        )

    base = calendar.add_working_days(start, ANSWER_WORKING_DAYS)
    provisional = base.provisional
    lines.append(
        _("%(n)d working days after %(start)s: %(date)s (Art. 33).")
        % {"n": ANSWER_WORKING_DAYS, "start": start.isoformat(), "date": base.date.isoformat()}
    )
    due = base.date

    paused_now = any(p.end is None for p in facts.pauses)
    paused_days = 0
    for a, b in _merge(facts.pauses, today):
        a = max(a, start)  # a pause before the (re)start of the period does not shift it
        if b > a:
            paused_days += calendar.count_working_days(a, b)
    for p in facts.pauses:
        end = p.end.isoformat() if p.end else _("still open")
        lines.append(
            _("%(label)s: %(start)s to %(end)s, not counted (Art. 33 para 3).")
            % {"label": p.label, "start": p.start.isoformat(), "end": end}
        )
    if paused_days:
        shifted = calendar.add_working_days(due, paused_days)
        provisional = provisional or shifted.provisional
        due = shifted.date
        lines.append(_("%(n)d working days not counted: %(date)s.") % {"n": paused_days, "date": due.isoformat()})
    if facts.extension_days:
        extended = calendar.add_working_days(due, facts.extension_days)
        provisional = provisional or extended.provisional
        due = extended.date
        approved = facts.extension_approved_on.isoformat() if facts.extension_approved_on else ""
        lines.append(
            _("Extension of %(n)d working days approved on %(approved)s (Art. 33 para 2): %(date)s.")
            % {"n": facts.extension_days, "approved": approved, "date": due.isoformat()}
        )
    if paused_now:
        lines.append(_("The clock is paused now; the due date moves on by each working day of the pause."))
    lines.append(_("Due on %(date)s.") % {"date": due.isoformat()})
    if provisional:
        lines.append(
            _("Provisional: a year in this period is not covered by the holiday calendar; lunar holidays are missing.")
        )
    return Deadline(due, not paused_now, paused_now, provisional, start, paused_days, lines)
