"""Work plans, quarterly reports, leader duties, training, inspections and reminders through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditLogEntry
from gongkai.supervision import reminders, selectors, services
from gongkai.supervision.models import MilestoneKind, ReminderLog, ReviewStatus

pytestmark = pytest.mark.django_db


def test_a_county_submits_its_work_plan_and_the_city_returns_then_accepts_it(xiuwu, editor, supervisor, tasks):
    plan = services.plan_save(bureau=xiuwu, year=2026, title="2026年工作方案", tasks=tasks, acting_user=editor)
    services.plan_submit(plan=plan, acting_user=editor, today=dt.date(2026, 6, 20))
    with pytest.raises(ValidationError):
        services.plan_review(plan=plan, acting_user=supervisor, accept=False, comment="")
    services.plan_review(plan=plan, acting_user=supervisor, accept=False, comment="请补充责任人电话。")
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.RETURNED and plan.review_comment == "请补充责任人电话。"
    services.plan_save(bureau=xiuwu, year=2026, title="2026年工作方案（修改）", tasks=tasks, acting_user=editor)
    services.plan_submit(plan=plan, acting_user=editor, today=dt.date(2026, 7, 2))
    services.plan_review(plan=plan, acting_user=supervisor, accept=True)
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.ACCEPTED
    assert plan.first_submitted_on == dt.date(2026, 6, 20)  # lateness counts from the first submission
    assert AuditLogEntry.objects.filter(action="supervision.work_plan.accepted").count() == 1


def test_a_task_needs_its_responsible_person_contact_and_date(xiuwu, editor, tasks):
    tasks[0]["contact"] = ""
    with pytest.raises(ValidationError) as error:
        services.plan_save(bureau=xiuwu, year=2026, title="方案", tasks=tasks, acting_user=editor)
    assert error.value.code == "task_incomplete"


def test_another_county_cannot_file_or_review(xiuwu, wenxian_editor, editor, tasks):
    with pytest.raises(PermissionDenied):
        services.plan_save(bureau=xiuwu, year=2026, title="方案", tasks=tasks, acting_user=wenxian_editor)
    plan = services.plan_save(bureau=xiuwu, year=2026, title="方案", tasks=tasks, acting_user=editor)
    services.plan_submit(plan=plan, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.plan_review(plan=plan, acting_user=editor, accept=True)


def test_a_quarterly_report_is_filed_with_an_attachment_and_reviewed(xiuwu, editor, supervisor):
    report = services.report_save(bureau=xiuwu, year=2026, quarter=2, progress="按计划推进。", records_published=12,
                                  acting_user=editor)  # fmt: skip
    services.report_attach(
        report=report, filename="台账.txt", data="工作台账：发布信息12条。".encode(), acting_user=editor
    )
    services.report_submit(report=report, acting_user=editor, today=dt.date(2026, 6, 29))
    services.report_review(report=report, acting_user=supervisor, accept=True, comment="已阅。")
    report.refresh_from_db()
    assert report.status == ReviewStatus.ACCEPTED
    assert report.attachments.get().filename == "台账.txt"
    with pytest.raises(ValidationError):
        services.report_save(bureau=xiuwu, year=2026, quarter=2, progress="改", acting_user=editor)


def test_personal_data_in_an_attachment_or_the_form_is_refused(xiuwu, editor):
    report = services.report_save(bureau=xiuwu, year=2026, quarter=1, progress="进展", acting_user=editor)
    with pytest.raises(services.ReportHasPersonalData):
        services.report_attach(report=report, filename="名单.txt", data="联系人手机13912345678".encode(),
                               acting_user=editor)  # fmt: skip
    services.report_save(
        bureau=xiuwu, year=2026, quarter=1, progress="申请人身份证号110101199003077774", acting_user=editor
    )
    with pytest.raises(services.ReportHasPersonalData):
        services.report_submit(report=report, acting_user=editor)


def test_the_steps_of_a_campaign_are_late_until_filed(xiuwu, editor, supervisor, campaign, tasks):
    services.standard_milestones(campaign=campaign, year=2026, work_plan_due=dt.date(2026, 6, 28),
                                 completion_due=dt.date(2026, 12, 31), acting_user=supervisor)  # fmt: skip
    today = dt.date(2026, 7, 10)
    (row,) = selectors.statuses([xiuwu], year=2026, today=today)
    late = {s.key.split(":")[0] for s in row.late_steps}
    assert late == {MilestoneKind.WORK_PLAN, MilestoneKind.QUARTERLY_REPORT} and row.is_late
    plan = services.plan_save(bureau=xiuwu, year=2026, title="方案", tasks=tasks, acting_user=editor)
    services.plan_submit(plan=plan, acting_user=editor, today=dt.date(2026, 7, 5))
    (row,) = selectors.statuses([xiuwu], year=2026, today=today)
    plan_step = next(s for s in row.steps if s.key.startswith("work_plan"))
    assert plan_step.state == "done_late"


def test_a_bureau_may_be_given_its_own_date(xiuwu, supervisor, campaign):
    (step,) = [services.milestone_add(campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="", due=dt.date(2026, 6, 28),
                                      acting_user=supervisor)]  # fmt: skip
    services.bureau_due_set(milestone=step, bureau=xiuwu, due=dt.date(2026, 7, 31), acting_user=supervisor)
    (row,) = selectors.statuses([xiuwu], year=2026, today=dt.date(2026, 7, 10))
    assert row.steps[0].due == dt.date(2026, 7, 31) and not row.is_late


def test_reminders_go_to_the_county_once_a_day(xiuwu, editor, supervisor, campaign):
    editor.email = "editor@example.org"
    editor.save()
    services.milestone_add(campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="工作方案", due=dt.date(2026, 6, 28),
                           acting_user=supervisor)  # fmt: skip
    assert reminders.send_reminders(today=dt.date(2026, 6, 25)) == 1
    assert reminders.send_reminders(today=dt.date(2026, 6, 25)) == 0
    assert mail.outbox[0].to == ["editor@example.org"] and "工作方案" in mail.outbox[0].subject
    assert ReminderLog.objects.count() == 1


def test_leader_activity_and_training_need_their_facts(xiuwu, editor):
    with pytest.raises(ValidationError):
        services.training_add(bureau=xiuwu, on=dt.date(2026, 5, 1), title="培训", attendees=[], acting_user=editor)
    session = services.training_add(bureau=xiuwu, on=dt.date(2026, 5, 1), title="培训", acting_user=editor,
                                    attendees=[("赵示例", "办公室"), ("", "")])  # fmt: skip
    assert session.attendees.count() == 1


def test_findings_are_rectified_by_the_county_and_verified_by_the_city(xiuwu, editor, supervisor, city):
    inspection = services.inspection_create(city=city, title="专项督查", on=dt.date(2026, 6, 1), acting_user=supervisor)
    finding = services.finding_add(inspection=inspection, bureau=xiuwu, description="栏目未更新",
                                   rectify_by=dt.date(2026, 7, 1), acting_user=supervisor)  # fmt: skip
    with pytest.raises(ValidationError):
        services.finding_verify(finding=finding, acting_user=supervisor)
    services.finding_rectify(
        finding=finding, rectified_on=dt.date(2026, 6, 20), rectification="已更新。", acting_user=editor
    )
    with pytest.raises(PermissionDenied):
        services.finding_verify(finding=finding, acting_user=editor)
    services.finding_verify(finding=finding, acting_user=supervisor)
    assert finding.verified_by == supervisor


def test_the_city_supervisor_changes_a_threshold(supervisor, editor):
    from gongkai.supervision.models import SelfCheckRule

    rule = SelfCheckRule.objects.get(code="W-V4c")
    assert (rule.warn_at, rule.veto_at) == (1, 5)
    with pytest.raises(PermissionDenied):
        services.rule_update(rule=rule, acting_user=editor, warn_at=2, veto_at=6)
    services.rule_update(rule=rule, acting_user=supervisor, warn_at=2, veto_at=6)
    assert SelfCheckRule.objects.get(code="W-V4c").veto_at == 6
