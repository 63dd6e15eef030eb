"""The command's JSON, the stored results and the function other apps call, the rules' editing, the
daily task in the worker's queue, and the staff screens (the bureau its own, the city all)."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.site_inspection import selectors, services, tasks
from gongkai.site_inspection.models import InspectionRule
from tests.worker import DB_TASKS

pytestmark = pytest.mark.django_db


def test_the_command_prints_every_bureau_as_json(xiuwu, wenxian):
    out = io.StringIO()
    call_command("site_inspection", "--json", stdout=out)
    data = json.loads(out.getvalue())
    rows = {row["bureau"]: row for row in data["bureaus"]}
    assert {"xiuwu", "wenxian"} <= set(rows)
    row = rows["xiuwu"]
    assert row["verdict"] in ("合格", "不合格") and isinstance(row["score"], float)
    for finding in row["findings"]:
        assert set(finding) == {"rule", "severity", "where", "detail"}


def test_the_command_inspects_one_bureau(xiuwu, wenxian):
    out = io.StringIO()
    call_command("site_inspection", "--bureau", "xiuwu", "--json", stdout=out)
    assert [row["bureau"] for row in json.loads(out.getvalue())["bureaus"]] == ["xiuwu"]


def test_latest_results_give_the_newest_result_of_each_bureau(xiuwu, wenxian):
    services.run_inspection(bureaus=[xiuwu, wenxian], now=timezone.now() - timezone.timedelta(days=1))
    services.run_inspection(bureaus=[xiuwu])
    latest = selectors.latest_results()
    assert set(latest) == {"xiuwu", "wenxian"}
    assert latest["xiuwu"]["checked_at"] > latest["wenxian"]["checked_at"]
    assert set(selectors.latest_results(bureau=xiuwu)) == {"xiuwu"}
    assert AuditLogEntry.objects.filter(action="site_inspection.run.completed").count() == 2


def test_the_city_supervisor_edits_a_rule_and_an_editor_cannot(editor, supervisor):
    rule = InspectionRule.objects.get(code="N-V2")
    assert "国办秘函〔2019〕19号" in rule.source and rule.confidence == "C" and rule.value == 14
    with pytest.raises(PermissionDenied):
        services.rule_update(rule=rule, changes={"value": 10}, acting_user=editor)
    services.rule_update(rule=rule, changes={"value": 10}, acting_user=supervisor)
    assert InspectionRule.objects.get(code="N-V2").value == 10
    assert AuditLogEntry.objects.get(action="site_inspection.rule.changed").data == {"value": ["14", "10"]}


def test_the_daily_inspection_keeps_one_run_queued():
    with override_settings(TASKS=DB_TASKS):
        now = timezone.now()
        assert tasks.schedule_daily_inspection(now) is True
        assert tasks.schedule_daily_inspection(now) is False
        tasks.schedule_after_migrate()
        (pending,) = tasks.pending_daily_runs()
        assert timezone.localtime(pending.run_after).hour == 6


def test_the_daily_task_inspects_every_bureau(xiuwu):
    tasks.inspect_daily.enqueue()
    assert "xiuwu" in selectors.latest_results()


def test_the_bureau_sees_its_own_result_and_the_city_every_bureau(client, xiuwu, wenxian, editor, supervisor):
    services.run_inspection()
    client.force_login(editor)
    page = client.get("/admin/site-inspection/").content.decode()
    assert "修武县应急管理局" in page and "温县应急管理局" not in page
    assert client.get("/admin/site-inspection/wenxian/").status_code == 404
    assert client.get("/admin/site-inspection/xiuwu/").status_code == 200
    client.force_login(supervisor)
    page = client.get("/admin/site-inspection/").content.decode()
    assert "修武县应急管理局" in page and "温县应急管理局" in page
    assert client.post("/admin/site-inspection/run/").status_code == 302
    assert client.get("/admin/site-inspection/rules/").status_code == 200
