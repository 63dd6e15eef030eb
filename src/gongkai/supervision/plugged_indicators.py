"""Indicators of the capabilities built beside supervision, registered at start-up next to the built-ins
(issue 15 §5): consultation feedback (participation), unanswered public inquiries (inquiries), the latest
website self-inspection (site_inspection) and the coverage of the power and service lists by the catalog
(powerlists). Each reads the owning app's selectors; where there was nothing to measure the value is None
and the score 1, as for the built-ins. Each takes every bureau at once (`compute_many(bureaus, year)`) and
answers in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
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


def consultation_feedback(bureaus, year):
    """Consultations closed in `year` (by the judgement day) whose adoption summary (意见采纳情况) is published."""
    today = _today_for(year)
    closed: dict[int, list] = {b.pk: [] for b in bureaus}
    rows = participation_selectors.consultations_public().filter(
        bureau__in=bureaus, closes__year=year, closes__lt=today
    )
    for consultation in rows:
        closed[consultation.bureau_id].append(participation_selectors.summary_public(consultation) is not None)
    values = {}
    for pk, answers in closed.items():
        if not answers:
            values[pk] = IndicatorValue(value=None, score=1.0, detail={"closed": 0})
            continue
        rate = round(sum(answers) / len(answers), 4)
        values[pk] = IndicatorValue(value=rate, score=rate, detail={"closed": len(answers), "answered": sum(answers)})
    return values


def _count_by_bureau(queryset, bureaus) -> dict[int, int]:
    rows = queryset.filter(bureau__in=bureaus).order_by().values("bureau_id").annotate(n=Count("pk"))
    return {r["bureau_id"]: r["n"] for r in rows}


def unanswered_inquiries(bureaus, year):
    """Valid inquiries past their answer date now; any unanswered beyond 3 months (the inspection's veto)
    costs every point."""
    overdue = _count_by_bureau(inquiry_selectors.overdue(), bureaus)
    beyond = _count_by_bureau(inquiry_selectors.unanswered_beyond(), bureaus)
    values = {}
    for b in bureaus:
        late, very_late = overdue.get(b.pk, 0), beyond.get(b.pk, 0)
        score = 0.0 if very_late else (1.0 if not late else max(0.0, 1.0 - late / 5))
        values[b.pk] = IndicatorValue(value=late, score=score, detail={"overdue": late, "beyond_3_months": very_late})
    return values


def site_inspection(bureaus, year):
    """The newest self-inspection: its verdict, and its score as the share of 100 points."""
    latest = inspection_selectors.latest_by_bureau(bureaus)
    values = {}
    for b in bureaus:
        result = latest.get(b.pk)
        if result is None:
            values[b.pk] = IndicatorValue(value=None, score=None)
            continue
        score = max(0.0, min(1.0, float(result.score) / 100))
        values[b.pk] = IndicatorValue(
            value=result.verdict, score=round(score, 4), detail={"checked_at": result.checked_at.isoformat()}
        )
    return values


def catalog_coverage(bureaus, year):
    """Items of the bureau's 权责清单 and 公共服务事项清单 that no catalog item discloses."""
    counts = powerlist_selectors.coverage_counts(bureaus)
    values = {}
    for b in bureaus:
        found = counts.get(b.pk, {"items": 0, "covered": 0, "uncovered": 0})
        if not found["items"]:
            values[b.pk] = IndicatorValue(value=None, score=1.0, detail=found)
        else:
            score = ratio_score(found["uncovered"], found["items"])
            values[b.pk] = IndicatorValue(value=found["uncovered"], score=score, detail=found)
    return values


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
# Each computes every bureau at once (`compute_many`): the evaluation's queries do not grow with the bureaus.
def register_plugged() -> None:
    for code, label, function, unit, order, weight in PLUGGED:
        indicators.register(code, label, compute_many=function, unit=unit, order=order, default_weight=weight)
