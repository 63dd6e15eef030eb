"""The staff screens beyond the dashboard: a county writes its work plan with tasks and submits it, the city
accepts it; leader activities and training sessions with attendees (empty state, pagination); inspections with
findings, rectification by the county and verification by the city; the scheme's points and manual scores. Each
screen keeps to the permission layer (another county: 404; a county at the city's screens: refused, noted)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.core.models import AuditLogEntry
from gongkai.supervision import services
from gongkai.supervision.models import (
    EvaluationScheme,
    Finding,
    Inspection,
    LeaderActivity,
    ManualScore,
    ReviewStatus,
    TrainingSession,
    WorkPlan,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 4)


def _plan_post(submit=False, **changes):
    data = {
        "title": "2026年政务公开工作方案",
        "summary": "按通知要求推进。",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "100",
        "tasks-0-title": "梳理公开事项",
        "tasks-0-responsible_unit": "办公室",
        "tasks-0-responsible_person": "张示例",
        "tasks-0-contact": "0391-0000001",
        "tasks-0-due": "2026-09-15",
    }
    data.update(changes)
    if submit:
        data["submit"] = "1"
    return data


def test_work_plan_screen_the_county_submits_tasks_and_the_city_accepts(client, editor, supervisor, xiuwu):
    client.force_login(editor)
    url = reverse("supervision_admin:plan", args=["xiuwu", 2026])
    assert "supervision-plan-form" in client.get(url).content.decode()
    assert client.post(url, _plan_post(submit=True)).status_code == 302
    plan = WorkPlan.objects.get(bureau=xiuwu, year=2026)
    assert plan.status == ReviewStatus.SUBMITTED
    assert [(t.title, t.responsible_person, t.due) for t in plan.tasks.all()] == [
        ("梳理公开事项", "张示例", dt.date(2026, 9, 15))
    ]
    client.force_login(supervisor)
    page = client.get(url).content.decode()
    assert "张示例" in page and "supervision-review" in page and "supervision-plan-form" not in page
    client.post(reverse("supervision_admin:review", args=["plan", plan.pk]), {"decision": "accept", "comment": ""})
    plan.refresh_from_db()
    assert plan.status == ReviewStatus.ACCEPTED
    assert AuditLogEntry.objects.filter(action="supervision.work_plan.accepted").count() == 1


def test_work_plan_screen_incomplete_task_is_refused_in_chinese(client, editor, xiuwu):
    client.force_login(editor)
    response = client.post(
        reverse("supervision_admin:plan", args=["xiuwu", 2026]), _plan_post(**{"tasks-0-contact": ""})
    )
    assert response.status_code == 200
    assert "此项为必填项" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_work_plan_screen_another_county_is_not_found(client, wenxian_editor, xiuwu, wenxian):
    client.force_login(wenxian_editor)
    assert client.get(reverse("supervision_admin:plan", args=["xiuwu", 2026])).status_code == 404
    assert client.post(reverse("supervision_admin:plan", args=["xiuwu", 2026]), _plan_post()).status_code == 404


def test_leader_screen_empty_state_then_recorded_and_paginated(client, editor, xiuwu):
    client.force_login(editor)
    url = reverse("supervision_admin:leader_activities", args=["xiuwu"])
    assert "supervision-empty" in client.get(url).content.decode()
    data = {"kind": "hearing", "on": "2026-03-02", "leader_name": "王局长", "title": "听取政务公开工作汇报"}
    assert client.post(url, data).status_code == 302
    assert LeaderActivity.objects.get(bureau=xiuwu).leader_name == "王局长"
    for n in range(20):
        services.leader_activity_add(bureau=xiuwu, kind="interpretation", on=DAY, leader_name="王局长",
                                     title=f"解读{n}", acting_user=editor)  # fmt: skip
    second = client.get(url + "?page=2").content.decode()
    assert "supervision-pagination" in second and second.count("王局长</td>") == 1  # the 21st


def test_training_screen_records_the_attendees(client, reviewer, xiuwu):
    client.force_login(reviewer)
    url = reverse("supervision_admin:training_sessions", args=["xiuwu"])
    data = {"on": "2026-04-10", "title": "条例培训", "hours": "2", "attendees": "李示例，办公室\n赵示例\n\n"}
    assert client.post(url, data).status_code == 302
    session = TrainingSession.objects.get(bureau=xiuwu)
    assert [(a.name, a.unit) for a in session.attendees.all()] == [("李示例", "办公室"), ("赵示例", "")]
    assert "李示例（办公室）" in client.get(url).content.decode()
    refused = client.post(url, {**data, "attendees": " \n"})
    assert refused.status_code == 200 and TrainingSession.objects.count() == 1


def test_inspection_screens_finding_rectified_by_the_county_and_verified_by_the_city(client, supervisor, editor, xiuwu):
    client.force_login(supervisor)
    response = client.post(reverse("supervision_admin:inspections"), {"title": "专项督查", "on": "2026-06-01"})
    inspection = Inspection.objects.get()
    assert response.url == reverse("supervision_admin:inspection", args=[inspection.pk])
    client.post(response.url, {"bureau": xiuwu.pk, "description": "栏目更新不及时", "rectify_by": "2026-07-01"})
    finding = Finding.objects.get(inspection=inspection)
    client.force_login(editor)
    findings_url = reverse("supervision_admin:findings", args=["xiuwu"])
    assert "栏目更新不及时" in client.get(findings_url).content.decode()
    assert client.get(reverse("supervision_admin:inspections")).status_code in (302, 403)
    client.post(reverse("supervision_admin:finding_rectify", args=[finding.pk]),
                {"rectified_on": "2026-06-20", "rectification": "已补充更新。"})  # fmt: skip
    assert client.post(reverse("supervision_admin:finding_verify", args=[finding.pk])).status_code in (302, 403)
    assert Finding.objects.get().verified_at is None
    client.force_login(supervisor)
    client.post(reverse("supervision_admin:finding_verify", args=[finding.pk]), {"from_inspection": inspection.pk})
    finding.refresh_from_db()
    assert finding.rectified_on == dt.date(2026, 6, 20) and finding.verified_by == supervisor
    assert AuditLogEntry.objects.filter(action="supervision.finding.verified").count() == 1


def test_scheme_and_manual_score_screens_set_the_points(client, supervisor, xiuwu):
    client.force_login(supervisor)
    url = reverse("supervision_admin:scheme") + "?year=2026"
    page = client.get(url).content.decode()
    assert "w_work_quality" in page
    client.post(url, {"name": "2026年评估", "w_catalog_status": "30", "w_work_quality": "10"})
    scheme = EvaluationScheme.objects.get(year=2026)
    assert {e.indicator: e.weight for e in scheme.entries.all()} == {
        "catalog_status": Decimal("30"),
        "work_quality": Decimal("10"),
    }
    entry = scheme.entries.get(indicator="work_quality")
    scores = reverse("supervision_admin:manual_scores") + "?year=2026"
    assert 'data-bureau="xiuwu"' in client.get(scores).content.decode()
    set_url = reverse("supervision_admin:manual_score_set") + "?year=2026"
    client.post(set_url, {"entry": entry.pk, "bureau": "xiuwu", "points": "12", "note": ""})
    assert not ManualScore.objects.exists()  # more than the 10 points of the entry
    client.post(set_url, {"entry": entry.pk, "bureau": "xiuwu", "points": "8.5", "note": "材料规范"})
    assert ManualScore.objects.get(bureau=xiuwu).points == Decimal("8.5")


def test_city_screens_refuse_a_county_and_note_the_denial(client, editor):
    client.force_login(editor)
    for name in ("scheme", "manual_scores", "inspections"):
        assert client.get(reverse(f"supervision_admin:{name}")).status_code in (302, 403)
    assert AuditLogEntry.objects.filter(action="accounts.access.denied").count() == 3
