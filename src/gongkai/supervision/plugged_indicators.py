"""Indicators of the capabilities built beside supervision, registered at start-up next to the built-ins
(issue 15 §5): consultation feedback (participation), unanswered public inquiries (inquiries), the latest
website self-inspection (site_inspection) and the coverage of the power and service lists by the catalog
(powerlists). Each reads the owning app's selectors; where there was nothing to measure the value is None
and the score 1, as for the built-ins.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.inquiries import selectors as inquiry_selectors
from gongkai.participation import selectors as participation_selectors
from gongkai.powerlists import selectors as powerlist_selectors
from gongkai.site_inspection import selectors as inspection_selectors

from . import indicators, schedule
from .indicators import IndicatorValue, ratio_score


def _today_for(year: int) -> dt.date:
    return schedule.judgement_day(year, timezone.localdate())


def consultation_feedback(bureau, year):
    """Consultations closed in `year` (by the judgement day) whose adoption summary (意见采纳情况) is published."""
    today = _today_for(year)
    closed = [
        c for c in participation_selectors.consultations_public(bureau).filter(closes__year=year) if c.closes < today
    ]
    answered = sum(1 for c in closed if participation_selectors.summary_public(c) is not None)
    if not closed:
        return IndicatorValue(value=None, score=1.0, detail={"closed": 0})
    rate = answered / len(closed)
    return IndicatorValue(
        value=round(rate, 4), score=round(rate, 4), detail={"closed": len(closed), "answered": answered}
    )


def unanswered_inquiries(bureau, year):
    """Valid inquiries past their answer date now; any unanswered beyond 3 months (the inspection's veto)
    costs every point."""
    overdue = inquiry_selectors.overdue().filter(bureau=bureau).count()
    beyond = inquiry_selectors.unanswered_beyond(bureau).count()
    score = 0.0 if beyond else (1.0 if not overdue else max(0.0, 1.0 - overdue / 5))
    return IndicatorValue(value=overdue, score=score, detail={"overdue": overdue, "beyond_3_months": beyond})


def site_inspection(bureau, year):
    """The newest self-inspection: its verdict, and its score as the share of 100 points."""
    result = inspection_selectors.latest_results(bureau).get(bureau.code)
    if result is None:
        return IndicatorValue(value=None, score=None)
    score = max(0.0, min(1.0, result["score"] / 100))
    return IndicatorValue(value=result["verdict"], score=round(score, 4), detail={"checked_at": result["checked_at"]})


def catalog_coverage(bureau, year):
    """Items of the bureau's 权责清单 and 公共服务事项清单 that no catalog item discloses."""
    counts = powerlist_selectors.coverage(bureau)["counts"]
    if not counts["items"]:
        return IndicatorValue(value=None, score=1.0, detail=counts)
    return IndicatorValue(
        value=counts["uncovered"], score=ratio_score(counts["uncovered"], counts["items"]), detail=counts
    )


PLUGGED = (
    (
        "consultation_feedback",
        _("Consultations with a published adoption summary"),
        consultation_feedback,
        "rate",
        60,
        0,
    ),
    ("unanswered_inquiries", _("Public inquiries unanswered beyond the limit"), unanswered_inquiries, "count", 62, 0),
    ("site_inspection", _("Website self-inspection"), site_inspection, "", 64, 0),
    ("catalog_coverage", _("Power and service items no catalog item discloses"), catalog_coverage, "count", 66, 0),
)


# Weight 0 by default: shown with their values in the evaluation; the city gives them points in its scheme.
def register_plugged() -> None:
    for code, label, function, unit, order, weight in PLUGGED:
        indicators.register(code, label, function, unit=unit, order=order, default_weight=weight)
