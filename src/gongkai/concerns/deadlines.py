"""The state of a concern's deadlines: computed by `gongkai.participation.rules.concern_deadlines` (5 h
authoritative release and 24 h press conference for a major emergency, 48 h otherwise), met by the first
published response of the same kind released or held by then."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from gongkai.participation.rules import concern_deadlines

from .models import Concern, ResponseStatus

# A deadline "nears" when this share of its time has gone by (5 h: after 4 h; 24 h: after 19 h12).
NEAR_SHARE = 0.8


@dataclass(frozen=True)
class DeadlineState:
    code: str
    label: str
    due: dt.datetime
    met_at: dt.datetime | None  # when the first published response of this kind was released or held
    state: str  # "met", "late" (met after the due time), "open", "near", "overdue"

    @property
    def done(self) -> bool:
        return self.met_at is not None


def deadline_states(concern: Concern, *, now: dt.datetime | None = None) -> list[DeadlineState]:
    now = now or timezone.now()
    published = [r for r in concern.responses.all() if r.status == ResponseStatus.PUBLISHED]
    states = []
    for deadline in concern_deadlines(level=concern.level, detected_at=concern.detected_at):
        times = sorted(r.occurred_at for r in published if r.kind == deadline.code)
        met = times[0] if times else None
        if met is not None:
            state = "met" if met <= deadline.due else "late"
        elif now > deadline.due:
            state = "overdue"
        elif now >= concern.detected_at + (deadline.due - concern.detected_at) * NEAR_SHARE:
            state = "near"
        else:
            state = "open"
        states.append(DeadlineState(deadline.code, str(deadline.label), deadline.due, met, state))
    return states
