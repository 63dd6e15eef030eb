"""participation.rules without the database: consultation periods and public-concern deadlines."""

import datetime as dt

import pytest
from django.utils import translation

from gongkai.participation import rules
from gongkai.workdays.calendar import Override, WorkingDayCalendar

D = dt.date


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize("kind", ["major_decision", "rules_draft", "business_normative"])
def test_thirty_day_kinds_may_close_thirty_days_after_opening(kind):
    check = rules.consultation_period(kind=kind, opens=D(2026, 3, 2), closes=D(2026, 4, 1))
    assert check.ok and check.earliest_close == D(2026, 4, 1) and check.reason == ""


@pytest.mark.parametrize("kind", ["major_decision", "rules_draft", "business_normative"])
def test_twenty_nine_days_is_too_short_and_says_why_in_chinese(kind):
    check = rules.consultation_period(kind=kind, opens=D(2026, 3, 2), closes=D(2026, 3, 31))
    assert not check.ok
    assert "2026-04-01" in check.reason and "30" in check.reason and "紧急" in check.reason


def test_the_major_decision_rule_cites_article_14_of_the_regulation():
    assert "第十四条" in rules.rule_text("major_decision")
    check = rules.consultation_period(kind="major_decision", opens=D(2026, 3, 2), closes=D(2026, 3, 10))
    assert "《重大行政决策程序暂行条例》第十四条" in check.reason


def test_normative_documents_count_seven_working_days_over_the_national_day_holiday():
    # 2025-09-30 is day 0; 10-01..10-08 are holidays, 10-11 (Saturday) is a working day.
    check = rules.consultation_period(kind="normative", opens=D(2025, 9, 30), closes=D(2025, 10, 16))
    assert check.ok and check.earliest_close == D(2025, 10, 16)
    too_short = rules.consultation_period(kind="normative", opens=D(2025, 9, 30), closes=D(2025, 10, 15))
    assert not too_short.ok and "7" in too_short.reason and "工作日" in too_short.reason


def test_normative_period_uses_the_calendar_passed_in():
    # A local holiday on 2025-10-16 pushes the 7th working day to 10-17.
    calendar = WorkingDayCalendar(overrides={D(2025, 10, 16): Override(False, "local")})
    check = rules.consultation_period(kind="normative", opens=D(2025, 9, 30), closes=D(2025, 10, 16), calendar=calendar)
    assert not check.ok and check.earliest_close == D(2025, 10, 17)


def test_a_shorter_period_is_lawful_with_an_urgency_reason_which_is_displayed():
    check = rules.consultation_period(
        kind="major_decision", opens=D(2026, 3, 2), closes=D(2026, 3, 12), urgent_reason="  汛期临近，须尽快出台  "
    )
    assert check.ok and check.shortened
    assert check.urgent_reason == "汛期临近，须尽快出台"
    assert "汛期临近，须尽快出台" in check.reason and "紧急" in check.reason


def test_a_blank_urgency_reason_does_not_count():
    check = rules.consultation_period(kind="major_decision", opens=D(2026, 3, 2), closes=D(2026, 3, 12), urgent_reason="   ")
    assert not check.ok and not check.shortened


@pytest.mark.parametrize("closes", [D(2026, 3, 1), D(2026, 3, 2)])
def test_closing_before_or_on_the_opening_day_is_an_error_even_when_urgent(closes):
    check = rules.consultation_period(kind="normative", opens=D(2026, 3, 2), closes=closes, urgent_reason="紧急")
    assert not check.ok
    assert "早于" in check.reason or "之前" in check.reason or "同一天" in check.reason


def test_an_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError):
        rules.consultation_period(kind="poll", opens=D(2026, 3, 2), closes=D(2026, 5, 1))


def test_major_concern_has_a_five_hour_release_and_a_24_hour_press_conference():
    deadlines = rules.concern_deadlines(level="major", detected_at=dt.datetime(2026, 12, 6, 10, 0))
    assert [(d.code, d.due.isoformat()) for d in deadlines] == [
        ("authoritative_release", "2026-12-06T15:00:00+08:00"),
        ("press_conference", "2026-12-07T10:00:00+08:00"),
    ]
    assert all(d.label for d in deadlines)


def test_other_concern_has_a_48_hour_response_converted_to_shanghai_time():
    detected = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
    (deadline,) = rules.concern_deadlines(level="other", detected_at=detected)
    assert deadline.code == "response" and deadline.hours == 48
    assert deadline.due.isoformat() == "2026-12-08T10:00:00+08:00"
    assert deadline.due.utcoffset() == dt.timedelta(hours=8)


def test_an_unknown_concern_level_is_a_value_error():
    with pytest.raises(ValueError):
        rules.concern_deadlines(level="minor", detected_at=dt.datetime(2026, 12, 6, 10, 0))
