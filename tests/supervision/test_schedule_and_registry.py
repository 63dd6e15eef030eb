"""The pure parts: quarter ends, reminders, yearly minimums, the indicator registry."""

import datetime as dt

import pytest

from gongkai.supervision import indicators, schedule
from gongkai.supervision.indicators import IndicatorValue, ratio_score


def test_quarter_ends_are_the_last_day_of_each_quarter():
    assert [schedule.quarter_end(2026, q) for q in (1, 2, 3, 4)] == [
        dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31)
    ]  # fmt: skip
    with pytest.raises(ValueError):
        schedule.quarter_end(2026, 5)


def test_quarters_due_are_those_ended_by_today():
    assert schedule.quarters_due(2026, dt.date(2026, 7, 1)) == [1, 2]
    assert schedule.quarters_due(2025, dt.date(2026, 1, 5)) == [1, 2, 3, 4]


def test_a_step_is_reminded_from_five_days_before_until_done():
    due = dt.date(2026, 6, 28)
    assert not schedule.needs_reminder(due, None, dt.date(2026, 6, 22))
    assert schedule.needs_reminder(due, None, dt.date(2026, 6, 23))
    assert schedule.needs_reminder(due, None, dt.date(2026, 7, 30))
    assert not schedule.needs_reminder(due, dt.date(2026, 6, 20), dt.date(2026, 6, 25))


def test_step_states_follow_the_catalog_milestone_rule():
    today = dt.date(2026, 7, 1)
    assert schedule.step("k", "l", dt.date(2026, 6, 28), None, today).state == "overdue"
    assert schedule.step("k", "l", dt.date(2026, 6, 28), dt.date(2026, 6, 29), today).is_late
    assert schedule.step("k", "l", dt.date(2026, 6, 28), dt.date(2026, 6, 28), today).state == "done"


def test_yearly_minimums_need_one_hearing_one_interpretation_one_training():
    met = schedule.duty_minimums(hearings=1, interpretations=0, trainings=2)
    assert met == {"hearings": (1, 1, True), "interpretations": (0, 1, False), "trainings": (2, 1, True)}


def test_ratio_score_is_linear_down_to_the_veto():
    assert ratio_score(0, 5) == 1.0
    assert ratio_score(2, 5) == pytest.approx(0.6)
    assert ratio_score(7, 5) == 0.0


def test_an_app_registers_its_indicator_and_a_second_registration_replaces_it():
    try:
        indicators.register("test_feedback", "反馈率", compute=lambda bureau, year: IndicatorValue(0.5, 0.5), order=1)
        assert indicators.get("test_feedback").values([type("B", (), {"pk": 1})()], 2026) == {
            1: IndicatorValue(0.5, 0.5)
        }
        indicators.register("test_feedback", "反馈率", manual=True)
        assert indicators.get("test_feedback").is_manual
    finally:
        indicators.unregister("test_feedback")
    assert indicators.get("test_feedback") is None


def test_the_registry_refuses_what_cannot_be_computed_or_scored():
    with pytest.raises(ValueError):
        indicators.register("no_function", "x")
    with pytest.raises(ValueError):
        indicators.register("both", "x", compute=lambda b, y: None, manual=True)
    with pytest.raises(ValueError):
        indicators.register("bad code!", "x", manual=True)
    with pytest.raises(ValueError):
        IndicatorValue(value=1, score=1.5)


def test_the_built_in_indicators_are_registered_at_start_up():
    codes = {i.code for i in indicators.all_indicators()}
    assert {"catalog_status", "catalog_lateness", "disclosure_timeliness", "foi_on_time", "stale_columns",
            "empty_columns", "work_plan", "quarterly_reports", "leader_duties", "training", "rectification",
            "work_quality"} <= codes  # fmt: skip
