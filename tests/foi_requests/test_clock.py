"""The answer deadline against the worked examples of foi-and-annual-report.md §6.3."""

import datetime as dt

import pytest

from gongkai.foi_requests.clock import ClockFacts, Pause, answer_deadline
from gongkai.workdays.calendar import WorkingDayCalendar

D = dt.date
TODAY = D(2026, 11, 28)


@pytest.fixture
def calendar():
    return WorkingDayCalendar()


@pytest.mark.parametrize(
    ("received", "due", "extended"),
    [
        (D(2025, 9, 26), D(2025, 10, 30), D(2025, 11, 27)),
        (D(2025, 9, 27), D(2025, 10, 30), D(2025, 11, 27)),  # Saturday receipt; 9-28 is a 调休 working day
        (D(2026, 2, 10), D(2026, 3, 16), D(2026, 4, 14)),  # spans 春节 2026 and the 2-14 / 2-28 working Saturdays
        (D(2025, 12, 15), D(2026, 1, 13), D(2026, 2, 10)),  # crosses the year
        (D(2026, 9, 28), D(2026, 10, 30), D(2026, 11, 27)),  # spans 国庆 2026 and the 10-10 working Saturday
    ],
)
def test_answer_due_twenty_working_days_after_receipt_and_twenty_more_when_extended(calendar, received, due, extended):
    assert answer_deadline(ClockFacts(received), calendar, TODAY).due_on == due
    facts = ClockFacts(received, extension_days=20, extension_approved_on=received)
    assert answer_deadline(facts, calendar, TODAY).due_on == extended


def test_no_clock_before_receipt_is_confirmed(calendar):
    deadline = answer_deadline(ClockFacts(None), calendar, TODAY)
    assert deadline.due_on is None and not deadline.running


def test_supplement_stops_the_clock_and_restarts_it_from_the_day_it_arrives(calendar):
    waiting = ClockFacts(D(2026, 2, 10), supplement_sent_on=D(2026, 2, 12))
    assert answer_deadline(waiting, calendar, TODAY).due_on is None
    supplied = ClockFacts(D(2026, 2, 10), supplement_sent_on=D(2026, 2, 12), supplement_supplied_on=D(2026, 3, 2))
    deadline = answer_deadline(supplied, calendar, TODAY)
    assert deadline.start_on == D(2026, 3, 2)
    assert deadline.due_on == calendar.add_working_days(D(2026, 3, 2), 20).date


def test_consultation_working_days_do_not_count_and_overlaps_count_once(calendar):
    # 2-25, 2-26, 2-27, 2-28 (working Saturday), 3-2, 3-3: six working days paused.
    one = Pause(D(2026, 2, 24), D(2026, 3, 3), "third party")
    overlapping = Pause(D(2026, 2, 26), D(2026, 3, 2), "agency")
    deadline = answer_deadline(ClockFacts(D(2026, 2, 10), pauses=(one, overlapping)), calendar, TODAY)
    assert deadline.paused_working_days == 6
    assert deadline.due_on == D(2026, 3, 24)


def test_open_consultation_pauses_until_today(calendar):
    facts = ClockFacts(D(2026, 11, 2), pauses=(Pause(D(2026, 11, 20), None, "third party"),))
    deadline = answer_deadline(facts, calendar, D(2026, 11, 27))
    assert deadline.paused and not deadline.running
    assert deadline.paused_working_days == 5  # 11-23 … 11-27


def test_article_35_deadline_replaces_the_formula(calendar):
    facts = ClockFacts(D(2026, 2, 10), extension_days=20, manual_due_on=D(2026, 6, 30), manual_due_basis="条例第35条")
    deadline = answer_deadline(facts, calendar, TODAY)
    assert deadline.due_on == D(2026, 6, 30)
    assert "条例第35条" in "".join(deadline.lines)


def test_deadline_in_a_year_the_calendar_does_not_cover_is_provisional(calendar):
    deadline = answer_deadline(ClockFacts(D(2026, 12, 20)), calendar, TODAY)
    assert deadline.provisional
    assert deadline.due_on == D(2027, 1, 18)  # weekends + 1 January only, until the 2027 notice is entered
