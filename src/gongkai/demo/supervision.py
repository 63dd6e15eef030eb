"""Demo data of supervision, built through `supervision.services` and `supervision.bulletins` as on the staff
screens: the city supervisor (jz-supervisor) adds the notice's steps to the 2020 campaign (work plan 6-28,
completion 2023-06-30; the catalog steps 7-15/8-15/9-15 are the campaign's own) and the year's steps to the
current campaign (work plan, the four quarter ends, completion); each county's editor files its work plan, its
quarterly reports, the leader's hearing and a training session; the supervisor accepts them, records an
inspection with findings, sets the evaluation scheme and a manual score, and drafts the year's bulletin, which the
city's reviewer (jz-reviewer) publishes (four eyes).

The result: 博爱县 is late (no work plan, no quarterly report, a finding past its date); 武陟县 filed its last
report late; 温县 filed its reports on time with an attachment; the evaluation ranks every county.
Idempotent: nothing is done when the current campaign already has supervision steps.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.catalogs.models import Campaign
from gongkai.core.confidentiality import ConfidentialityResult
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.supervision import builtin_indicators, bulletins, indicators, schedule, services
from gongkai.supervision.models import ActivityKind, CampaignMilestone, MilestoneKind, SchemeEntry

from .portal import _staff  # the bureau's first active member in a role

LATE = "boai"  # files nothing
LATE_REPORT = "wuzhi"  # files its last report late
WITH_ATTACHMENT = "wenxian"


def _tasks(bureau, year):
    office = f"{bureau.short_name}应急管理局办公室"
    return [
        {"title": "制定政务公开工作方案，明确责任分工", "responsible_unit": office, "responsible_person": "张示例",
         "contact": "0391-0000001", "due": dt.date(year, 3, 31)},
        {"title": "对照标准目录梳理本单位公开事项", "responsible_unit": office, "responsible_person": "李示例",
         "contact": "0391-0000002", "due": dt.date(year, 9, 15)},
        {"title": "按季度报送工作进展，年底完成总结", "responsible_unit": office, "responsible_person": "王示例",
         "contact": "0391-0000003", "due": dt.date(year, 12, 20)},
    ]  # fmt: skip


def load_demo(stdout=None) -> int:
    """Returns the number of counties that filed something."""
    city = Bureau.objects.filter(code="jiaozuo", kind=BureauKind.CITY).first()
    supervisor = _staff(city, Role.CITY_SUPERVISOR) if city else None
    reviewer = _staff(city, Role.REVIEWER) if city else None
    current = Campaign.objects.filter(city=city, is_active=True).order_by("-draft_due").first() if city else None
    if supervisor is None or current is None:
        return 0
    if CampaignMilestone.objects.filter(campaign=current).exists():
        return 0
    today = timezone.localdate()
    year = today.year
    first = Campaign.objects.filter(city=city, draft_due__year=2020).first()
    if first is not None:
        services.milestone_add(campaign=first, kind=MilestoneKind.WORK_PLAN, label="工作方案报送",
                               due=dt.date(2020, 6, 28), acting_user=supervisor)  # fmt: skip
        services.milestone_add(campaign=first, kind=MilestoneKind.COMPLETION, label="标准化规范化工作全面完成",
                               due=dt.date(2023, 6, 30), acting_user=supervisor)  # fmt: skip
    work_plan_due = min(dt.date(year, 6, 28), today - dt.timedelta(days=30))
    services.standard_milestones(
        campaign=current, year=year, work_plan_due=work_plan_due, completion_due=dt.date(year, 12, 31),
        acting_user=supervisor,
    )  # fmt: skip
    counties = list(Bureau.objects.disclosing().filter(parent=city, kind=BureauKind.COUNTY).order_by("sort_order"))
    due_quarters = schedule.quarters_due(year, today)
    filed = 0
    for index, bureau in enumerate(counties):
        editor = _staff(bureau, Role.EDITOR)
        if editor is None or bureau.code == LATE:
            continue
        filed += 1
        plan = services.plan_save(bureau=bureau, year=year, title=f"{bureau.name}{year}年政务公开工作方案",
                                  summary="落实政务公开标准化规范化要求。", tasks=_tasks(bureau, year),
                                  acting_user=editor)  # fmt: skip
        services.plan_submit(plan=plan, acting_user=editor, today=work_plan_due - dt.timedelta(days=3 + index % 5))
        if index % 4 == 3:
            services.plan_review(
                plan=plan, acting_user=supervisor, accept=False, comment="请细化第二项任务的完成时限。"
            )
        else:
            services.plan_review(plan=plan, acting_user=supervisor, accept=True, comment="同意。")
        for quarter in due_quarters:
            due = schedule.quarter_end(year, quarter)
            report = services.report_save(
                bureau=bureau, year=year, quarter=quarter, acting_user=editor,
                progress=f"第{quarter}季度按计划推进政务公开工作，更新标准目录事项，按时发布主动公开信息。",
                records_published=5 + (index * 3 + quarter) % 9,
                catalog_progress="目录已按标准目录梳理并发布。", problems="个别栏目更新不及时。",
                next_steps="加强栏目日常维护，按时报送季度进展。",
            )  # fmt: skip
            if bureau.code == WITH_ATTACHMENT and quarter == due_quarters[-1]:
                services.report_attach(report=report, filename="季度工作台账.txt",
                                       data="季度工作台账：发布信息、更新目录、组织培训。".encode(),
                                       acting_user=editor)  # fmt: skip
            late = bureau.code == LATE_REPORT and quarter == due_quarters[-1]
            submitted_on = due + dt.timedelta(days=6) if late else due - dt.timedelta(days=2)
            services.report_submit(report=report, acting_user=editor, today=min(submitted_on, today))
            if quarter != due_quarters[-1]:
                services.report_review(report=report, acting_user=supervisor, accept=True, comment="已阅。")
        services.leader_activity_add(bureau=bureau, kind=ActivityKind.HEARING, on=dt.date(year, 4, 10),
                                     leader_name=bureau.leader_name or "分管领导", title="听取政务公开工作汇报",
                                     acting_user=editor)  # fmt: skip
        if index % 3 == 0:
            services.leader_activity_add(bureau=bureau, kind=ActivityKind.INTERPRETATION, on=dt.date(year, 5, 12),
                                         leader_name=bureau.leader_name or "分管领导", title="解读安全生产工作政策",
                                         acting_user=editor)  # fmt: skip
        if index % 5 != 4:
            services.training_add(bureau=bureau, on=dt.date(year, 5, 20), title="政务公开业务培训", trainer="市局办公室",
                                  hours=3, attendees=[("赵示例", "办公室"), ("钱示例", "执法大队")],
                                  acting_user=editor)  # fmt: skip
    # The inspection and its findings.
    inspection = services.inspection_create(city=city, title=f"{year}年政务公开专项督查",
                                            on=min(dt.date(year, 6, 15), today), acting_user=supervisor)  # fmt: skip
    by_code = {b.code: b for b in counties}
    if LATE in by_code:
        services.finding_add(inspection=inspection, bureau=by_code[LATE], description="政策文件栏目6个月未更新",
                             rectify_by=min(dt.date(year, 7, 15), today - dt.timedelta(days=1)),
                             acting_user=supervisor)  # fmt: skip
    if "xiuwu" in by_code:
        finding = services.finding_add(inspection=inspection, bureau=by_code["xiuwu"], description="政策解读未与文件双向关联",
                                       rectify_by=min(dt.date(year, 7, 15), today), acting_user=supervisor)  # fmt: skip
        editor = _staff(by_code["xiuwu"], Role.EDITOR)
        if editor is not None:
            services.finding_rectify(finding=finding, rectified_on=min(dt.date(year, 7, 1), today),
                                     rectification="已补充双向链接。", acting_user=editor)  # fmt: skip
            services.finding_verify(finding=finding, acting_user=supervisor)
    # The scheme: the registry's default points; the manual indicator entered for a few counties.
    weights = {i.code: i.default_weight for i in indicators.all_indicators()}
    scheme = services.scheme_save(city=city, year=year, name=f"{year}年政务公开工作评估", weights=weights,
                                  acting_user=supervisor)  # fmt: skip
    manual = SchemeEntry.objects.filter(scheme=scheme, indicator=builtin_indicators.MANUAL[0][0]).first()
    if manual is not None:
        for code, points in (("wenxian", 5), ("jiefang", 4), ("zhongzhan", 4), (LATE, 1)):
            if code in by_code:
                services.manual_score_set(entry=manual, bureau=by_code[code], points=points, acting_user=supervisor)
    bulletin = bulletins.bulletin_draft(city=city, year=year, acting_user=supervisor)
    if reviewer is not None:
        bulletins.bulletin_publish(bulletin=bulletin, acting_user=reviewer,
                                   confidentiality_result=ConfidentialityResult.PASSED)  # fmt: skip
    if stdout is not None:
        stdout.write(f"Supervision: {filed} counties filed plans and reports; bulletin {bulletin.document_number}.")
    return filed
