"""Supervision in Chromium: the city supervisor opens the dashboard (SVG charts, no CSP violation, no serious
axe-core finding), follows the late county's tile to its late items; the county's editor files its report."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.catalogs.models import Campaign
from gongkai.organizations.models import Bureau
from gongkai.supervision import services
from gongkai.supervision.models import MilestoneKind, QuarterlyReport

from .conftest import log_in, submit
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def steps(demo):
    city = Bureau.objects.get(code="jiaozuo")
    today = timezone.localdate()
    later = today + dt.timedelta(days=60)
    campaign = Campaign.objects.create(
        name="年度复核", city=city, draft_due=later, revision_due=later, approval_due=later
    )
    supervisor = User.objects.get(username="jz-supervisor")
    services.milestone_add(campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="工作方案报送",
                           due=today - dt.timedelta(days=5), acting_user=supervisor)  # fmt: skip
    for code in ("jiefang", "zhongzhan", "macun"):
        editor = User.objects.get(username=f"{code}-editor")
        plan = services.plan_save(bureau=Bureau.objects.get(code=code), year=today.year, title="方案", acting_user=editor,
                                  tasks=[{"title": "梳理", "responsible_unit": "办公室", "responsible_person": "张示例",
                                          "contact": "0391-0000001", "due": today}])  # fmt: skip
        services.plan_submit(plan=plan, acting_user=editor, today=today - dt.timedelta(days=10))
    return today


def test_the_city_sees_the_late_county_and_the_county_files_its_report(page, steps):
    log_in(page, "jz-supervisor")
    page.goto("/admin/supervision/")
    assert page.locator("svg.supervision-chart").count() == 4
    assert page.locator('a.county-tile[data-state="late"]').count() == 8  # the 8 counties without a plan
    assert page.console_log.csp_violations() == [] and page.console_log.errors() == []
    assert blocking_violations(page) == []
    page.locator('.supervision-row[data-bureau="boai"] th a').click()
    page.wait_for_url("**/admin/supervision/b/boai/**")
    assert "工作方案报送" in page.locator(".supervision-late").inner_text()
    log_in(page, "boai-editor")
    page.goto(f"/admin/supervision/b/boai/report/{steps.year}/1/")
    page.fill("#id_progress", "第一季度按计划推进政务公开工作。")
    submit(page, page.locator("button[name=submit]"))
    assert QuarterlyReport.objects.get(bureau__code="boai", year=steps.year, quarter=1).status == "submitted"
    assert "Submitted to the city" in page.content() or "报送" in page.content()
