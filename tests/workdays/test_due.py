"""Due dates from catalog time-limit rules (the rule shapes of gongkai.catalogs.timelimits)."""

import datetime as dt

import pytest

from gongkai.catalogs.timelimits import parse_time_limit
from gongkai.workdays.calendar import Override, WorkingDayCalendar
from gongkai.workdays.due import DueDate, DueStatus, RuleError, add_months, due_date

D = dt.date.fromisoformat

CASES = [
    # (rule or phrasing, event_date, last_published, expected date, soft, provisional)
    ("信息形成或变更之日起20个工作日内", "2025-09-26", None, "2025-10-30", False, False),
    ("信息形成或变更之日起20个工作日内", "2025-09-27", None, "2025-10-30", False, False),
    ("自行政处罚决定作出之日起7个工作日内", "2025-12-15", None, "2025-12-24", False, False),
    ("信息形成或变更之日起20个工作日内", "2026-12-20", None, "2027-01-18", False, True),
    ("信息形成或变更之日起20个工作日内", None, None, None, False, False),
    # 半年至少更新1次: last published + 6 months; 2025-10-01 is a holiday -> next working day.
    ("半年至少更新1次", None, "2025-04-01", "2025-10-09", False, False),
    ("半年至少更新1次", None, "2025-03-03", "2025-09-03", False, False),
    ("半年至少更新1次", "2025-03-03", None, "2025-09-03", False, False),  # never published: from the event
    ("半年至少更新1次", None, None, None, False, False),
    # twice in six months: every 90 days; 2026-04-05 is 清明 -> 04-07.
    ({"kind": "periodic", "months": 6, "min_updates": 2}, None, "2026-01-05", "2026-04-07", False, False),
    ({"kind": "periodic", "every": "6 months", "min_updates": 1}, None, "2025-03-03", "2025-09-03", False, False),
    # 提前一周发通知邀请: the meeting is on 2025-10-13; 10-06 is off, so the notice goes out 09-30.
    ("提前一周发通知邀请", "2025-10-13", None, "2025-09-30", False, False),
    ("提前一周发通知邀请", "2025-10-20", None, "2025-10-13", False, False),
    ("提前3个工作日发布公告", "2025-10-13", None, "2025-10-09", False, False),
    ("提前3个工作日发布公告", None, None, None, False, False),
    # 及时公开 without a number: soft, 5 working days by default.
    ("重大决策作出后及时公开", "2025-09-26", None, "2025-10-10", True, False),
    ("及时公开", "2025-09-26", None, "2025-10-10", True, False),
    ({"kind": "promptly_after_event", "event": "x", "soft_days": 3}, "2025-09-26", None, "2025-09-30", True, False),
    # 按进展情况及时公开: soft, 20 working days from the stage recorded.
    ("按进展情况及时公开", "2025-09-26", None, "2025-10-30", True, False),
    ("按进展情况及时公开", None, None, None, True, False),
    ("长期公开", "2025-09-26", "2025-09-26", None, False, False),
]


@pytest.mark.parametrize(("rule", "event", "last", "expected", "soft", "provisional"), CASES)
def test_due_date_for_each_rule_kind(rule, event, last, expected, soft, provisional):
    rule = parse_time_limit(rule) if isinstance(rule, str) else rule
    due = due_date(rule, D(event) if event else None, D(last) if last else None)
    assert isinstance(due, DueDate)
    assert due.kind == rule["kind"]
    assert due.date == (D(expected) if expected else None)
    assert (due.soft, due.provisional) == (soft, provisional)


def test_soft_days_argument_overrides_the_default():
    rule = parse_time_limit("重大决策作出后及时公开")
    assert due_date(rule, D("2025-09-26"), soft_days=3).date == D("2025-09-30")


def test_rule_with_retention_and_override_keys_still_gives_the_deadline():
    rule = parse_time_limit("信息产生、变更之日起20个工作日内公开,保持长期公开(相关政策法规另有规定的应从其规定)")
    assert rule["retention"] == "long_term"
    assert due_date(rule, D("2025-09-26")).date == D("2025-10-30")


def test_due_date_uses_the_calendar_passed_in():
    calendar = WorkingDayCalendar({D("2025-10-30"): Override(False, "local holiday")})
    rule = parse_time_limit("信息形成或变更之日起20个工作日内")
    assert due_date(rule, D("2025-09-26"), calendar=calendar).date == D("2025-10-31")


def test_aware_datetime_is_taken_in_local_time():
    event = dt.datetime(2025, 9, 25, 17, 0, tzinfo=dt.UTC)  # 2025-09-26 01:00 in Beijing
    rule = parse_time_limit("信息形成或变更之日起20个工作日内")
    assert due_date(rule, event).date == D("2025-10-30")


def test_explanation_is_available():
    due = due_date(parse_time_limit("信息形成或变更之日起20个工作日内"), D("2025-09-26"))
    assert due.explain()[-1] == "Result: 2025-10-30"


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "fortnightly"},
        {"kind": "working_days_after_event"},
        {"kind": "working_days_after_event", "days": -1},
        {"kind": "in_advance", "days": 3, "unit": "hours"},
        {"kind": "periodic"},
        {"kind": "periodic", "months": 6, "min_updates": 0},
    ],
)
def test_malformed_rules_are_refused(rule):
    with pytest.raises(RuleError):
        due_date(rule, D("2025-09-26"), D("2025-09-26"))


def test_item_without_rule_has_no_deadline():
    due = due_date({}, D("2025-09-26"))
    assert due.date is None and due.status(D("2025-12-01")) == DueStatus.NO_DEADLINE


@pytest.mark.parametrize(
    ("today", "done_on", "expected"),
    [
        ("2025-10-01", None, DueStatus.OPEN),
        ("2025-10-27", None, DueStatus.DUE_SOON),
        ("2025-10-30", None, DueStatus.DUE_SOON),
        ("2025-10-31", None, DueStatus.OVERDUE),
        ("2025-11-30", "2025-10-30", DueStatus.MET),
        ("2025-11-30", "2025-10-31", DueStatus.LATE),
    ],
)
def test_status(today, done_on, expected):
    due = due_date(parse_time_limit("信息形成或变更之日起20个工作日内"), D("2025-09-26"))
    assert due.status(D(today), D(done_on) if done_on else None) == expected


def test_status_waits_for_the_event():
    assert due_date(parse_time_limit("提前一周发通知邀请")).status(D("2025-10-01")) == DueStatus.WAITING


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2025-08-31", 6, "2026-02-28"),
        ("2024-08-31", 6, "2025-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2025-01-15", 12, "2026-01-15"),
        ("2025-11-30", 3, "2026-02-28"),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(D(day), months) == D(expected)
