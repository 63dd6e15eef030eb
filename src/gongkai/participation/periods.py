"""The consultation period on the platform's holiday calendar: `rules.consultation_period` with the
calendar of `gongkai.workdays.services.calendar_for` (the package data plus the administrators'
overrides, the calendar the FOI clock counts on). Forms, the API, the services and the command call this."""

from __future__ import annotations

import datetime as dt

from gongkai.workdays.services import calendar_for

from .rules import PeriodCheck, consultation_period


def check_period(*, kind: str, opens: dt.date, closes: dt.date, urgent_reason: str = "") -> PeriodCheck:
    calendar = calendar_for(sorted({opens.year, closes.year, opens.year + 1}))
    return consultation_period(kind=kind, opens=opens, closes=closes, urgent_reason=urgent_reason, calendar=calendar)
