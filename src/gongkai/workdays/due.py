"""Due dates from catalog time-limit rules (公开时限), see gongkai/catalogs/timelimits.py.

Pure module: pass a calendar from `gongkai.workdays.services.calendar_for()` to include the
administrators' overrides; without one, the package + rule calendar is used.

| rule kind                  | anchor                          | due date                                         | soft |
|----------------------------|---------------------------------|--------------------------------------------------|------|
| working_days_after_event   | event_date (formed/changed)     | N-th working day after it (§6.3)                 | no   |
| periodic {months, min_updates} | last_published, else event_date | + months/min_updates, rolled to a working day (民法典 Art. 203) | no |
| in_advance {days, unit}    | event_date (e.g. the meeting)   | N working days / calendar days *before* it; a calendar-day result on a day off moves to the working day before | no |
| promptly_after_event       | event_date                      | soft_days (argument, rule, else 5) working days after | yes |
| as_progress                | event_date (the stage recorded) | soft_days (argument, rule, else 20) working days after | yes |
| retention                  | —                               | none (an attribute, not a deadline)              | —    |

A soft due date drives reminders and "due soon / overdue" warnings but is not a statutory
deadline. `DueDate.provisional` is True when the date depends on a year that neither the
package nor the overrides cover.

"Due soon" is defined here once for every list, dashboard and reminder: due within
DUE_SOON_DAYS days (`due_soon_until`, `due_status`). FOI requests count working days (their
deadlines are in working days); records' timeliness lists count calendar days, as their
"N days left" does (`working_days=False`).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .calendar import CountResult, WorkingDayCalendar, default_calendar

DEFAULT_PROMPT_SOFT_DAYS = 5  # "及时公开" without a number: reference timelimits.md #6 suggests 3 or 5
DEFAULT_PROGRESS_SOFT_DAYS = 20  # "按进展情况及时公开": timelimits.md #4 suggests reusing 20
# Lists, dashboards and reminders flag what falls due within this many days (see due_soon_until).
DUE_SOON_DAYS = 5

KINDS = ("working_days_after_event", "periodic", "in_advance", "promptly_after_event", "as_progress", "retention")


class RuleError(ValueError):
    """The rule has an unknown kind or lacks a value its kind needs."""


class DueStatus:
    NO_DEADLINE = "no_deadline"
    WAITING = "waiting"  # the anchor date is not known yet
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    LATE = "late"


@dataclass(frozen=True)
class DueDate:
    date: dt.date | None
    provisional: bool
    kind: str
    soft: bool
    count: CountResult | None = None

    def explain(self) -> list[str]:
        return self.count.explain() if self.count is not None else []

    def status(self, today: dt.date, done_on: dt.date | None = None) -> str:
        """no_deadline, waiting, or `due_status` of the date (due soon counted in calendar days)."""
        if self.kind in ("", "retention"):
            return DueStatus.NO_DEADLINE
        if self.date is None:
            return DueStatus.WAITING
        return due_status(self.date, today, done_on=done_on, soon_until=due_soon_until(today, working_days=False))


def due_soon_until(today: dt.date, calendar: WorkingDayCalendar | None = None, *, working_days: bool = True) -> dt.date:
    """The last day that counts as "due soon" on `today`: DUE_SOON_DAYS working days after it
    (counted with `calendar`; pass `workdays.services.calendar_for()` for the overrides), or
    DUE_SOON_DAYS calendar days with `working_days=False`."""
    if not working_days:
        return today + dt.timedelta(days=DUE_SOON_DAYS)
    return (calendar or default_calendar()).add_working_days(today, DUE_SOON_DAYS).date


def due_status(due_on: dt.date, today: dt.date, *, done_on: dt.date | None = None, soon_until: dt.date) -> str:
    """met / late once done; otherwise overdue, due_soon (due on or before `soon_until`) or open."""
    if done_on is not None:
        return DueStatus.MET if done_on <= due_on else DueStatus.LATE
    if today > due_on:
        return DueStatus.OVERDUE
    if due_on <= soon_until:
        return DueStatus.DUE_SOON
    return DueStatus.OPEN


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; the month's last day when that day does not exist (08-31 + 6 → 02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


def _positive_int(rule: dict, key: str) -> int:
    value = rule.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(f"Rule {rule!r} needs a non-negative integer {key!r}.")
    return value


def _months(rule: dict) -> int:
    if "months" in rule:
        return _positive_int(rule, "months")
    if m := re.fullmatch(r"\s*(\d+)\s*months?\s*", str(rule.get("every", ""))):  # timelimits.md #7 shape
        return int(m.group(1))
    raise RuleError(f"Periodic rule {rule!r} needs 'months'.")


def due_date(
    rule: dict[str, Any],
    event_date=None,
    last_published=None,
    calendar: WorkingDayCalendar | None = None,
    *,
    soft_days: int | None = None,
) -> DueDate:
    """The due date that `rule` gives a record (or an item still waiting for its record)."""
    calendar = calendar or default_calendar()
    rule = rule or {}
    kind = rule.get("kind", "")
    event = _as_date(event_date)
    last = _as_date(last_published)

    def result(count: CountResult | None, soft: bool = False) -> DueDate:
        if count is None:
            return DueDate(None, False, kind, soft)
        return DueDate(count.date, count.provisional, kind, soft, count)

    if kind == "":
        return DueDate(None, False, "", False)
    if kind == "retention":
        return DueDate(None, False, kind, False)
    if kind == "working_days_after_event":
        days = _positive_int(rule, "days")
        return result(calendar.add_working_days(event, days) if event else None)
    if kind == "periodic":
        months = _months(rule)
        min_updates = rule.get("min_updates", 1)
        if isinstance(min_updates, bool) or not isinstance(min_updates, int) or min_updates < 1:
            raise RuleError(f"Periodic rule {rule!r} needs min_updates >= 1.")
        anchor = last or event
        if anchor is None or months == 0:
            return result(None)
        interval = (add_months(anchor, months) - anchor).days // min_updates
        return result(calendar.add_calendar_days(anchor, interval, roll="forward"))
    if kind == "in_advance":
        days = _positive_int(rule, "days")
        unit = rule.get("unit", "calendar_days")
        if event is None:
            return result(None)
        if unit == "working_days":
            return result(calendar.working_days_before(event, days))
        if unit == "calendar_days":
            return result(calendar.add_calendar_days(event, -days, roll="backward"))
        raise RuleError(f"Unknown unit {unit!r} in {rule!r}.")
    if kind in ("promptly_after_event", "as_progress"):
        default = DEFAULT_PROMPT_SOFT_DAYS if kind == "promptly_after_event" else DEFAULT_PROGRESS_SOFT_DAYS
        days = soft_days if soft_days is not None else (rule.get("soft_days") or default)
        if event is None:
            return result(None, soft=True)
        return result(calendar.add_working_days(event, int(days)), soft=True)
    raise RuleError(f"Unknown time-limit rule kind {kind!r}.")
