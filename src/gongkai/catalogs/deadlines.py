"""Campaign milestones and lateness of a catalog (pure, no ORM).

The notice (二.(一)) sets three milestones: the draft is submitted to the county government
for review (7-15), revised by its opinions and submitted for approval (8-15), approved and
published (9-15). A milestone is met on the first day the catalog reached it in the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _


class MilestoneState:
    PENDING = "pending"  # not due yet, not reached
    DONE = "done"  # reached on or before the due date
    DONE_LATE = "done_late"  # reached after the due date
    OVERDUE = "overdue"  # due date passed, not reached


MILESTONE_LABELS = {
    "draft": _("Draft submitted for review"),
    "revision": _("Revised and submitted for approval"),
    "approval": _("Approved and published"),
}
STATE_LABELS = {
    MilestoneState.PENDING: _("Pending"),
    MilestoneState.DONE: _("On time"),
    MilestoneState.DONE_LATE: _("Done late"),
    MilestoneState.OVERDUE: _("Overdue"),
}


@dataclass(frozen=True)
class Milestone:
    key: str
    due: date
    reached: date | None
    state: str

    @property
    def label(self):
        return MILESTONE_LABELS[self.key]

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def is_late(self) -> bool:
        return self.state in (MilestoneState.OVERDUE, MilestoneState.DONE_LATE)

    def days_late(self, today: date) -> int:
        if self.state == MilestoneState.OVERDUE:
            return (today - self.due).days
        if self.state == MilestoneState.DONE_LATE and self.reached:
            return (self.reached - self.due).days
        return 0


def milestone_state(due: date, reached: date | None, today: date) -> str:
    if reached is not None:
        return MilestoneState.DONE if reached <= due else MilestoneState.DONE_LATE
    return MilestoneState.OVERDUE if today > due else MilestoneState.PENDING


def milestones(
    *,
    draft_due: date,
    revision_due: date,
    approval_due: date,
    submitted_on: date | None,
    revised_on: date | None,
    published_on: date | None,
    today: date,
) -> list[Milestone]:
    """The three milestones of a catalog in a campaign.

    `revised_on` is the first resubmission, or the approval when the reviewer approved the
    first submission without returning it. A later milestone reached implies the earlier ones.
    """
    revised_on = revised_on or published_on
    submitted_on = submitted_on or revised_on
    return [
        Milestone("draft", draft_due, submitted_on, milestone_state(draft_due, submitted_on, today)),
        Milestone("revision", revision_due, revised_on, milestone_state(revision_due, revised_on, today)),
        Milestone("approval", approval_due, published_on, milestone_state(approval_due, published_on, today)),
    ]


def is_overdue(items: list[Milestone]) -> bool:
    """Late now: a milestone whose date has passed is not reached."""
    return any(m.state == MilestoneState.OVERDUE for m in items)


def next_due(items: list[Milestone]) -> Milestone | None:
    return next((m for m in items if m.reached is None), None)
