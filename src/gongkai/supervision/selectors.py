"""Reads of supervision: each county's status for the city, a county's late items, the year's steps.

The catalog steps and their lateness come from `catalogs.selectors.status_rows` (the campaign's 7-15/8-15/9-15
dates); the work plan, quarterly reports and completion from this app's `CampaignMilestone`s; record timeliness
from `records.monitoring`; FOI figures from `foi_requests.admin_dashboard.bureau_figures`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from gongkai.accounts import permissions
from gongkai.catalogs import selectors as catalog_selectors
from gongkai.foi_requests.admin_dashboard import overdue_requests
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.records import monitoring

from . import schedule
from .models import (
    BureauDueDate,
    CampaignMilestone,
    Finding,
    MilestoneKind,
    QuarterlyReport,
    ReviewStatus,
    WorkPlan,
)
from .rules import VIEW

SUBMITTED = (ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED)


def counties_of(city: Bureau):
    return Bureau.objects.disclosing().filter(parent=city, kind=BureauKind.COUNTY).order_by("sort_order", "code")


def visible_counties(user):
    """The county-level bureaus `user` may see in supervision (all of the city's for the city supervisor)."""
    qs = Bureau.objects.disclosing().filter(kind=BureauKind.COUNTY)
    return permissions.scope(user, VIEW, qs).select_related("parent").order_by("sort_order", "code")


def city_of(bureau: Bureau) -> Bureau | None:
    return catalog_selectors.city_of(bureau)


def milestones_of_year(city: Bureau, year: int) -> list[CampaignMilestone]:
    return list(
        CampaignMilestone.objects.filter(campaign__city=city, due__year=year)
        .select_related("campaign")
        .prefetch_related(Prefetch("bureau_dates", queryset=BureauDueDate.objects.all()))
    )


def _due_for(milestone: CampaignMilestone, bureau_id: int) -> dt.date:
    for row in milestone.bureau_dates.all():
        if row.bureau_id == bureau_id:
            return row.due
    return milestone.due


@dataclass
class CountyStatus:
    bureau: Bureau
    catalog: object  # catalogs.selectors.CatalogStatusRow
    steps: list = field(default_factory=list)  # schedule.Step
    plan: WorkPlan | None = None
    reports: dict = field(default_factory=dict)  # quarter -> QuarterlyReport
    open_findings: int = 0

    @property
    def late_steps(self) -> list:
        return [s for s in self.steps if s.state == schedule.MilestoneState.OVERDUE]

    @property
    def catalog_late(self) -> bool:
        return self.catalog is not None and self.catalog.is_late

    @property
    def is_late(self) -> bool:
        return bool(self.late_steps) or self.catalog_late

    @property
    def state(self) -> str:
        """ "late", "attention" (done late or open findings) or "ok": the colour on the dashboard."""
        if self.is_late:
            return "late"
        if any(s.is_late for s in self.steps) or (self.catalog and self.catalog.was_late) or self.open_findings:
            return "attention"
        return "ok"


def statuses(bureaus, *, year: int, today: dt.date) -> list[CountyStatus]:
    """One row per bureau: its catalog row, the year's steps with their state, plan, reports, open findings."""
    bureaus = list(bureaus)
    if not bureaus:
        return []
    ids = [b.pk for b in bureaus]
    catalog_rows = {
        row.bureau.pk: row for row in catalog_selectors.status_rows(Bureau.objects.filter(pk__in=ids), today)
    }
    plans = {p.bureau_id: p for p in WorkPlan.objects.filter(bureau_id__in=ids, year=year).prefetch_related("tasks")}
    reports: dict[int, dict[int, QuarterlyReport]] = {}
    for report in QuarterlyReport.objects.filter(bureau_id__in=ids, year=year):
        reports.setdefault(report.bureau_id, {})[report.quarter] = report
    findings = dict(
        Finding.objects.filter(bureau_id__in=ids, verified_at__isnull=True)
        .values_list("bureau_id")
        .annotate(n=Count("pk"))
    )
    milestones_by_city: dict[int, list[CampaignMilestone]] = {}
    rows = []
    for bureau in bureaus:
        city = bureau.parent if bureau.parent_id and bureau.parent.kind == BureauKind.CITY else city_of(bureau)
        if city is None:
            milestones = []
        else:
            if city.pk not in milestones_by_city:
                milestones_by_city[city.pk] = milestones_of_year(city, year)
            milestones = milestones_by_city[city.pk]
        plan = plans.get(bureau.pk)
        own_reports = reports.get(bureau.pk, {})
        steps = [_step(m, bureau, plan, own_reports, today) for m in milestones]
        rows.append(
            CountyStatus(
                bureau=bureau,
                catalog=catalog_rows.get(bureau.pk),
                steps=steps,
                plan=plan,
                reports=own_reports,
                open_findings=findings.get(bureau.pk, 0),
            )
        )
    return rows


def _step(milestone, bureau, plan, reports, today) -> schedule.Step:
    due = _due_for(milestone, bureau.pk)
    reached = None
    if milestone.kind == MilestoneKind.WORK_PLAN and plan is not None:
        reached = plan.first_submitted_on
    elif milestone.kind == MilestoneKind.QUARTERLY_REPORT:
        report = reports.get(milestone.quarter)
        reached = report.first_submitted_on if report is not None else None
    elif milestone.kind == MilestoneKind.COMPLETION and plan is not None:
        tasks = list(plan.tasks.all())
        if tasks and all(t.done_on for t in tasks):
            reached = max(t.done_on for t in tasks)
    return schedule.step(f"{milestone.kind}:{milestone.pk}", milestone.display_label, due, reached, today)


LATE_KINDS = {
    "catalog": _("Catalog milestone"),
    "step": _("Supervision step"),
    "record": _("Record"),
    "column": _("Column not updated"),
    "foi": _("FOI request"),
    "finding": _("Inspection finding"),
}


@dataclass
class LateItem:
    kind: str  # catalog, step, record, column, foi, finding
    label: str
    due: dt.date | None
    days_late: int

    @property
    def kind_label(self):
        return LATE_KINDS[self.kind]


def late_items(bureau: Bureau, *, year: int, today: dt.date, status: CountyStatus | None = None) -> list[LateItem]:
    """What `bureau` has late now: catalog milestones, supervision steps, overdue records and columns,
    overdue FOI requests, findings past their rectification date. Latest due first. `status`: the bureau's row
    of `statuses` when the caller has it already (not read again)."""
    if status is None:
        (status,) = statuses([bureau], year=year, today=today)
    items: list[LateItem] = []
    if status.catalog is not None:
        items += [
            LateItem("catalog", str(m.label), m.due, m.days_late(today))
            for m in status.catalog.milestones
            if m.state == schedule.MilestoneState.OVERDUE
        ]
    items += [LateItem("step", str(s.label), s.due, (today - s.due).days) for s in status.late_steps]
    for entry in monitoring.bureau_due(bureau, today=today):
        if entry.status == "overdue":
            kind, label = (
                ("record", entry.record.title) if entry.record else ("column", entry.item.level2 or entry.item.level1)
            )
            items.append(LateItem(kind, label, entry.due_date, (today - entry.due_date).days))
    items += [
        LateItem("foi", req.tracking_number, req.due_on, (today - req.due_on).days)
        for req in overdue_requests(bureau, today=today)
    ]
    items += [
        LateItem("finding", f.description[:80], f.rectify_by, (today - f.rectify_by).days)
        for f in Finding.objects.filter(bureau=bureau, rectified_on__isnull=True, rectify_by__lt=today)
    ]
    items.sort(key=lambda i: (-i.days_late, i.label))
    return items


def submitted_reports(bureaus, year: int):
    return QuarterlyReport.objects.filter(bureau__in=bureaus, year=year).filter(Q(status__in=SUBMITTED))
