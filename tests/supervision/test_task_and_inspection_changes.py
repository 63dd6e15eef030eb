"""A county marks the tasks of its accepted work plan done (a date per task); the city corrects an inspection's
title or date until a finding is verified and deletes one recorded by mistake while it has no findings. Each
change goes through its service (audited with before/after); refusals are in Chinese with a stable code."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.supervision import services
from gongkai.supervision.models import Inspection, ReviewStatus, WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(xiuwu, editor, tasks):
    made = services.plan_save(bureau=xiuwu, year=2026, title="2026年方案", tasks=tasks, acting_user=editor)
    WorkPlan.objects.filter(pk=made.pk).update(status=ReviewStatus.ACCEPTED)
    made.refresh_from_db()
    return made


def test_task_done_screen_the_county_marks_a_task_done(client, editor, plan):
    task = plan.tasks.get()
    client.force_login(editor)
    page = client.get(reverse("supervision_admin:plan", args=["xiuwu", 2026])).content.decode()
    assert reverse("supervision_admin:task_done", args=[task.pk]) in page
    response = client.post(reverse("supervision_admin:task_done", args=[task.pk]), {"done_on": "2026-05-02"})
    assert response.url == reverse("supervision_admin:plan", args=["xiuwu", 2026])
    task.refresh_from_db()
    assert task.done_on == dt.date(2026, 5, 2)
    log = AuditLogEntry.objects.get(action="supervision.work_plan.task_done")
    assert log.data == {"task": task.pk, "done_on": "2026-05-02"} and log.user == editor


def test_task_done_screen_the_city_and_another_county_are_refused(client, supervisor, wenxian_editor, plan):
    task = plan.tasks.get()
    url = reverse("supervision_admin:task_done", args=[task.pk])
    client.force_login(wenxian_editor)
    assert client.post(url, {"done_on": "2026-05-02"}).status_code == 404
    client.force_login(supervisor)  # sees the county, does not file for it
    assert (
        reverse("supervision_admin:task_done", args=[task.pk])
        not in client.get(reverse("supervision_admin:plan", args=["xiuwu", 2026])).content.decode()
    )
    assert client.post(url, {"done_on": "2026-05-02"}).status_code in (302, 403)
    task.refresh_from_db()
    assert task.done_on is None
    assert AuditLogEntry.objects.filter(action="accounts.access.denied").exists()


def test_task_done_service_refuses_a_plan_not_accepted_and_a_future_date(editor, plan):
    task = plan.tasks.get()
    with pytest.raises(ValidationError) as future:
        services.task_done(task=task, done_on=timezone.localdate() + dt.timedelta(days=1), acting_user=editor)
    assert future.value.code == "invalid_done_on"
    WorkPlan.objects.filter(pk=plan.pk).update(status=ReviewStatus.SUBMITTED)
    task.plan.refresh_from_db()
    with pytest.raises(ValidationError) as not_accepted:
        services.task_done(task=task, done_on=dt.date(2026, 5, 2), acting_user=editor)
    assert not_accepted.value.code == "plan_not_accepted"
    assert "不能" in not_accepted.value.messages[0] or "只有" in not_accepted.value.messages[0]


def _inspection(city, supervisor):
    return services.inspection_create(city=city, title="专项督查", on=dt.date(2026, 6, 1), acting_user=supervisor)


def test_inspection_update_is_audited_with_before_and_after(city, supervisor):
    inspection = _inspection(city, supervisor)
    services.inspection_update(inspection=inspection, title=" 第二次专项督查 ", on=dt.date(2026, 6, 3),
                               acting_user=supervisor)  # fmt: skip
    inspection.refresh_from_db()
    assert (inspection.title, inspection.on) == ("第二次专项督查", dt.date(2026, 6, 3))
    log = AuditLogEntry.objects.get(action="supervision.inspection.changed")
    assert log.data == {
        "before": {"title": "专项督查", "on": "2026-06-01"},
        "after": {"title": "第二次专项督查", "on": "2026-06-03"},
    }


def test_inspection_update_refused_once_a_finding_is_verified(city, supervisor, editor, xiuwu):
    inspection = _inspection(city, supervisor)
    finding = services.finding_add(inspection=inspection, bureau=xiuwu, description="栏目更新不及时",
                                   rectify_by=dt.date(2026, 7, 1), acting_user=supervisor)  # fmt: skip
    services.inspection_update(
        inspection=inspection, title="专项督查（更正）", on=dt.date(2026, 6, 1), acting_user=supervisor
    )  # fmt: skip  (a finding not verified yet: allowed)
    services.finding_rectify(finding=finding, rectified_on=dt.date(2026, 6, 20), rectification="已更新。",
                             acting_user=editor)  # fmt: skip
    services.finding_verify(finding=finding, acting_user=supervisor)
    with pytest.raises(ValidationError) as refused:
        services.inspection_update(inspection=inspection, title="再改", on=dt.date(2026, 6, 1), acting_user=supervisor)
    assert refused.value.code == "inspection_verified"
    assert Inspection.objects.get().title == "专项督查（更正）"


def test_inspection_delete_refused_with_findings_then_allowed_without(city, supervisor, editor, xiuwu):
    inspection = _inspection(city, supervisor)
    services.finding_add(inspection=inspection, bureau=xiuwu, description="栏目更新不及时",
                         rectify_by=dt.date(2026, 7, 1), acting_user=supervisor)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.inspection_delete(inspection=inspection, acting_user=supervisor)
    assert refused.value.code == "inspection_has_findings"
    assert "不能删除" in refused.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.inspection_delete(inspection=_inspection(city, supervisor), acting_user=editor)
    empty = _inspection(city, supervisor)
    services.inspection_delete(inspection=empty, acting_user=supervisor)
    assert not Inspection.objects.filter(pk=empty.pk).exists()
    log = AuditLogEntry.objects.get(action="supervision.inspection.deleted")
    assert log.data == {"before": {"title": "专项督查", "on": "2026-06-01"}} and log.object_id == str(empty.pk)


def test_inspection_screen_changes_and_deletes(client, city, supervisor, editor, xiuwu):
    inspection = _inspection(city, supervisor)
    client.force_login(supervisor)
    url = reverse("supervision_admin:inspection", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert "supervision-inspection-change" in page and "supervision-inspection-delete" in page
    change = reverse("supervision_admin:inspection_change", args=[inspection.pk])
    assert client.post(change, {"edit-title": "督查（更正）", "edit-on": "2026-06-02"}).url == url
    assert Inspection.objects.get().on == dt.date(2026, 6, 2)
    client.post(url, {"bureau": xiuwu.pk, "description": "栏目更新不及时", "rectify_by": "2026-07-01"})
    assert "supervision-inspection-delete" not in client.get(url).content.decode()
    delete = reverse("supervision_admin:inspection_delete", args=[inspection.pk])
    refused = client.post(delete, follow=True).content.decode()
    assert Inspection.objects.exists() and "不能删除" in refused
    client.force_login(editor)
    assert client.post(delete).status_code in (302, 403)
    assert client.post(change, {"edit-title": "x", "edit-on": "2026-06-02"}).status_code in (302, 403)
    assert Inspection.objects.get().title == "督查（更正）"
