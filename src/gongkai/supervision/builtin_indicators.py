"""The built-in automatic indicators and the manual ones, registered with `indicators.register` at start-up.

Each reads the data through the owning app's selectors or monitoring functions. Scores are the share of the
indicator's points earned (0 … 1); where there was nothing to measure (no record due, no request answered) the
value is None and the score 1: a bureau is not marked down for what did not happen. Other apps add theirs
(consultation feedback rate, unanswered inquiries) from their own AppConfig.ready().
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.catalogs import selectors as catalog_selectors
from gongkai.foi_requests.admin_dashboard import bureau_figures
from gongkai.organizations.models import Bureau
from gongkai.records import catalog_access, monitoring
from gongkai.records import selectors as record_selectors

from . import indicators, schedule, selectors
from .indicators import IndicatorValue, ratio_score
from .models import ActivityKind, Finding, LeaderActivity, SelfCheckRule, TrainingSession

CATALOG_STATUS_SCORES = {"published": 1.0, "approved": 0.8, "resubmitted": 0.6, "submitted": 0.5, "returned": 0.4}


def _today_for(year: int) -> dt.date:
    return schedule.judgement_day(year, timezone.localdate())


def catalog_status(bureaus, year):
    rows = catalog_selectors.status_rows(Bureau.objects.filter(pk__in=[b.pk for b in bureaus]), _today_for(year))
    return {
        row.bureau.pk: IndicatorValue(value=str(row.status), score=CATALOG_STATUS_SCORES.get(str(row.status), 0.0))
        for row in rows
    }


def catalog_lateness(bureaus, year):
    rows = catalog_selectors.status_rows(Bureau.objects.filter(pk__in=[b.pk for b in bureaus]), _today_for(year))
    result = {}
    for row in rows:
        late = [m.key for m in row.milestones if m.is_late]
        total = len(row.milestones)
        result[row.bureau.pk] = IndicatorValue(
            value=len(late), score=ratio_score(len(late), total) if total else 1.0, detail={"late": late}
        )
    return result


def disclosure_timeliness(bureaus, year):
    result = {}
    for rate in monitoring.on_time_rates(bureaus, year=year, today=_today_for(year)):
        value = None if rate.rate is None else round(rate.rate, 4)
        # Records overdue now and not published weigh as late ones.
        late_now = rate.overdue_pending
        measured = rate.with_due + late_now
        score = 1.0 if not measured else rate.on_time / measured
        result[rate.bureau.pk] = IndicatorValue(
            value=value,
            score=round(score, 4),
            detail={"with_due": rate.with_due, "on_time": rate.on_time, "overdue_pending": late_now},
        )
    return result


def foi_on_time(bureaus, year):
    result = {}
    for row in bureau_figures(bureaus, today=_today_for(year), year=year):
        measured = row.answered + row.overdue
        value = None if not row.answered else round(row.on_time / row.answered, 4)
        score = 1.0 if not measured else row.on_time / measured
        result[row.bureau.pk] = IndicatorValue(
            value=value,
            score=round(score, 4),
            detail={"answered": row.answered, "on_time": row.on_time, "overdue": row.overdue},
        )
    return result


def _rule(code):
    return SelfCheckRule.objects.filter(code=code, enabled=True).first()


def stale_columns(bureaus, year):
    """Columns (catalog items with a periodic duty) not updated when due: W-V4b, veto at the rule's count."""
    rule = _rule("W-V4b")
    overdue = monitoring.overdue_columns_by_bureau(bureaus, today=_today_for(year))
    result = {}
    for bureau in bureaus:
        count = overdue.get(bureau.pk, 0)
        score = 1.0 if rule is None else ratio_score(count, rule.veto_at)
        result[bureau.pk] = IndicatorValue(
            value=count,
            score=score,
            detail={"warning": bool(rule and count >= rule.warn_at), "veto": bool(rule and count >= rule.veto_at)},
        )
    return result


def empty_columns(bureaus, year):
    """Columns (proactive items of the published catalog) without one published record: W-V4c."""
    rule = _rule("W-V4c")
    counts = record_selectors.records_count_by_item_of(bureaus)
    publishable = catalog_access.publishable_items_by_bureau(bureaus)
    result = {}
    for bureau in bureaus:
        items = [item.pk for item in publishable.get(bureau.pk, [])]
        count = sum(1 for pk in items if not counts.get(pk))
        score = 1.0 if rule is None else ratio_score(count, rule.veto_at)
        result[bureau.pk] = IndicatorValue(
            value=count,
            score=score,
            detail={
                "columns": len(items),
                "warning": bool(rule and count >= rule.warn_at),
                "veto": bool(rule and count >= rule.veto_at),
            },
        )
    return result


def _statuses(bureaus, year):
    return {s.bureau.pk: s for s in selectors.statuses(bureaus, year=year, today=_today_for(year))}


def work_plan(bureaus, year):
    """The work plan submitted by its date: 1 on time, 0.5 late, 0 missing; the value is the submission date."""
    result = {}
    for pk, status in _statuses(bureaus, year).items():
        steps = [s for s in status.steps if s.key.startswith("work_plan:")]
        plan = status.plan
        reached = plan.first_submitted_on if plan else None
        if not steps:
            score = 1.0 if reached else 0.0
        else:
            state = steps[0].state
            score = {"done": 1.0, "done_late": 0.5, "pending": 1.0}.get(state, 0.0)
        result[pk] = IndicatorValue(value=reached.isoformat() if reached else None, score=score)
    return result


def quarterly_reports(bureaus, year):
    """Reports of the quarters due so far: on time 1, late 0.5, missing 0, averaged."""
    result = {}
    for pk, status in _statuses(bureaus, year).items():
        steps = [s for s in status.steps if s.key.startswith("quarterly_report:") and s.state != "pending"]
        if not steps:
            result[pk] = IndicatorValue(value=None, score=1.0)
            continue
        points = sum({"done": 1.0, "done_late": 0.5}.get(s.state, 0.0) for s in steps)
        on_time = sum(1 for s in steps if s.state == "done")
        result[pk] = IndicatorValue(
            value=f"{on_time}/{len(steps)}",
            score=round(points / len(steps), 4),
            detail={"due": len(steps), "on_time": on_time, "late": [s.label for s in steps if s.is_late]},
        )
    return result


def leader_duties(bureaus, year):
    """The leader heard ≥ 1 report and interpreted ≥ 1 policy (interpretations in records marked as given by
    the leader count, with the interpretations recorded as activities)."""
    counted = {
        (row["bureau_id"], row["kind"]): row["n"]
        for row in LeaderActivity.objects.filter(bureau__in=bureaus, on__year=year)
        .values("bureau_id", "kind")
        .annotate(n=Count("pk"))
    }
    from_records = record_selectors.leader_interpretations_by_bureau(bureaus, year)
    trainings = _trainings(bureaus, year)
    result = {}
    for bureau in bureaus:
        hearings = counted.get((bureau.pk, ActivityKind.HEARING), 0)
        interpretations = counted.get((bureau.pk, ActivityKind.INTERPRETATION), 0) + from_records.get(bureau.pk, 0)
        minimums = schedule.duty_minimums(
            hearings=hearings, interpretations=interpretations, trainings=trainings.get(bureau.pk, 0)
        )
        met = [minimums["hearings"][2], minimums["interpretations"][2]]
        result[bureau.pk] = IndicatorValue(
            value={"hearings": hearings, "interpretations": interpretations},
            score=sum(met) / len(met),
            detail={"interpretations_in_records": from_records.get(bureau.pk, 0)},
        )
    return result


def _trainings(bureaus, year):
    return dict(
        TrainingSession.objects.filter(bureau__in=bureaus, on__year=year)
        .values_list("bureau_id")
        .annotate(n=Count("pk"))
    )


def training(bureaus, year):
    counts = _trainings(bureaus, year)
    return {
        b.pk: IndicatorValue(
            value=counts.get(b.pk, 0), score=1.0 if counts.get(b.pk, 0) >= schedule.MIN_TRAININGS else 0.0
        )
        for b in bureaus
    }


def rectification(bureaus, year):
    """Findings of the year's inspections: the share rectified by their date (verified or not)."""
    today = _today_for(year)
    rows: dict[int, list] = {}
    for finding in Finding.objects.filter(bureau__in=bureaus, inspection__on__year=year):
        rows.setdefault(finding.bureau_id, []).append(finding)
    result = {}
    for bureau in bureaus:
        findings = rows.get(bureau.pk, [])
        due = [f for f in findings if f.rectify_by <= today or f.rectified_on]
        good = [f for f in due if f.rectified_on and f.rectified_on <= f.rectify_by]
        result[bureau.pk] = IndicatorValue(
            value=None if not findings else f"{len(good)}/{len(due)}",
            score=1.0 if not due else round(len(good) / len(due), 4),
            detail={"findings": len(findings), "open": sum(1 for f in findings if not f.rectified_on)},
        )
    return result


BUILTINS = (
    ("catalog_status", _("Catalog status"), catalog_status, "", 10, 10),
    ("catalog_lateness", _("Catalog milestones on time"), catalog_lateness, "count", 20, 10),
    ("disclosure_timeliness", _("Proactive disclosure on time"), disclosure_timeliness, "rate", 30, 20),
    ("foi_on_time", _("FOI requests answered on time"), foi_on_time, "rate", 40, 15),
    ("stale_columns", _("Stale columns (W-V4b)"), stale_columns, "count", 50, 5),
    ("empty_columns", _("Empty columns (W-V4c)"), empty_columns, "count", 55, 5),
    ("work_plan", _("Work plan submitted on time"), work_plan, "date", 70, 5),
    ("quarterly_reports", _("Quarterly reports on time"), quarterly_reports, "", 75, 10),
    ("leader_duties", _("Leader heard a report and interpreted a policy"), leader_duties, "", 80, 5),
    ("training", _("Staff trained this year"), training, "count", 85, 5),
    ("rectification", _("Inspection findings rectified on time"), rectification, "", 90, 5),
)

MANUAL = (("work_quality", _("Quality of disclosure work (assessed by the city)"), 95, 5),)


def register_builtins() -> None:
    for code, label, function, unit, order, weight in BUILTINS:
        indicators.register(code, label, compute_many=function, unit=unit, order=order, default_weight=weight)
    for code, label, order, weight in MANUAL:
        indicators.register(code, label, manual=True, order=order, default_weight=weight)
