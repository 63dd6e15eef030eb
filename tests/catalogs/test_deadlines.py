from datetime import date

from gongkai.catalogs.deadlines import MilestoneState, is_overdue, milestones, next_due

DUE = dict(draft_due=date(2020, 7, 15), revision_due=date(2020, 8, 15), approval_due=date(2020, 9, 15))


def _states(**kwargs):
    values = dict(submitted_on=None, revised_on=None, published_on=None, today=date(2020, 7, 1))
    values.update(kwargs)
    return [m.state for m in milestones(**DUE, **values)]


def test_nothing_due_yet_is_pending():
    assert _states() == [MilestoneState.PENDING] * 3


def test_draft_not_submitted_after_its_date_is_overdue():
    items = milestones(**DUE, submitted_on=None, revised_on=None, published_on=None, today=date(2020, 7, 20))
    assert [m.state for m in items] == [MilestoneState.OVERDUE, MilestoneState.PENDING, MilestoneState.PENDING]
    assert is_overdue(items) and items[0].days_late(date(2020, 7, 20)) == 5
    assert next_due(items).key == "draft"


def test_on_time_and_late_steps():
    states = _states(
        submitted_on=date(2020, 7, 15), revised_on=date(2020, 8, 20), published_on=None, today=date(2020, 9, 16)
    )
    assert states == [MilestoneState.DONE, MilestoneState.DONE_LATE, MilestoneState.OVERDUE]


def test_approval_without_return_meets_the_revision_milestone():
    states = _states(submitted_on=date(2020, 7, 1), published_on=date(2020, 8, 1), today=date(2020, 10, 1))
    assert states == [MilestoneState.DONE] * 3
