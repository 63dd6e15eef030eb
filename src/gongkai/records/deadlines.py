"""Due dates of records and catalog items, from the item's time-limit rule.

Counting is `gongkai.workdays.due.due_date(rule, event_date, last_published, calendar)`
(Chinese working days, holidays and 调休 included; `provisional` when the year is not yet
covered). A record's due date is stored on it (`due_date`, `due_provisional`) so that
"due soon" and "overdue" are plain queries; it is recomputed whenever the event date or
the item changes and at publication.
"""

from __future__ import annotations

from gongkai.workdays.due import DueDate, DueStatus, RuleError, due_date

__all__ = ["DueDate", "DueStatus", "apply_due", "calendar", "item_due", "record_due"]


def calendar(years=None):
    from gongkai.workdays.services import calendar_for

    return calendar_for(years)


def record_due(record, cal=None) -> DueDate:
    """Due date of one record: its item's rule counted from its event date.

    A periodic rule ("半年至少更新1次") is a duty of the item, not of one record: no due date here.
    """
    rule = record.catalog_item.time_limit_rule or {}
    if rule.get("kind") == "periodic":
        return DueDate(None, False, "periodic", False)
    try:
        return due_date(rule, record.event_date, calendar=cal or calendar())
    except RuleError:
        return DueDate(None, False, "", False)


def item_due(item, *, last_published=None, last_event=None, cal=None) -> DueDate:
    """Due date of a catalog item's next record: periodic items count from the last publication."""
    rule = item.time_limit_rule or {}
    try:
        return due_date(rule, last_event, last_published=last_published, calendar=cal or calendar())
    except RuleError:
        return DueDate(None, False, "", False)


def apply_due(record, cal=None) -> None:
    due = record_due(record, cal)
    record.due_date = due.date
    record.due_provisional = due.provisional
