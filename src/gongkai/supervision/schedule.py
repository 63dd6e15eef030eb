"""Dates of supervision (pure, no ORM): quarter ends, due states, the yearly minimums of leaders and training.

A step's state is the catalogs' one rule (`catalogs.deadlines.milestone_state`): pending, done on time, done
late, overdue. The quarterly report of quarter N is due on the quarter's last day (the notice: reports at each
quarter end). Yearly minimums (the notice 三.(二)): the leader in charge hears at least one report on disclosure
work and interprets at least one policy a year; staff are trained at least once a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.catalogs.deadlines import STATE_LABELS, MilestoneState, milestone_state

__all__ = ["STATE_LABELS", "MilestoneState", "milestone_state"]

MIN_HEARINGS = 1
MIN_INTERPRETATIONS = 1
MIN_TRAININGS = 1
REMIND_DAYS_BEFORE = 5


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1 to 4")
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def judgement_day(year: int, today: dt.date) -> dt.date:
    """The day a year is judged on: today for the current year, the next new year's day for a past one (so the
    steps due on its last day count)."""
    return min(today, dt.date(year + 1, 1, 1))


def quarters_due(year: int, today: dt.date) -> list[int]:
    """The quarters of `year` whose report is due by `today`."""
    return [q for q in (1, 2, 3, 4) if quarter_end(year, q) <= today]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    due: dt.date
    reached: dt.date | None
    state: str

    @property
    def is_late(self) -> bool:
        return self.state in (MilestoneState.OVERDUE, MilestoneState.DONE_LATE)

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def step(key: str, label, due: dt.date, reached: dt.date | None, today: dt.date) -> Step:
    return Step(key, label, due, reached, milestone_state(due, reached, today))


def duty_minimums(*, hearings: int, interpretations: int, trainings: int) -> dict[str, tuple[int, int, bool]]:
    """{duty: (count, minimum, met)} for the year."""
    return {
        "hearings": (hearings, MIN_HEARINGS, hearings >= MIN_HEARINGS),
        "interpretations": (interpretations, MIN_INTERPRETATIONS, interpretations >= MIN_INTERPRETATIONS),
        "trainings": (trainings, MIN_TRAININGS, trainings >= MIN_TRAININGS),
    }


def needs_reminder(due: dt.date, reached: dt.date | None, today: dt.date) -> bool:
    """Remind from REMIND_DAYS_BEFORE days before the due date until the step is done."""
    return reached is None and today >= due - dt.timedelta(days=REMIND_DAYS_BEFORE)
