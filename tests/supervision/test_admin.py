"""The staff screens: the city sees every county and a late one, drills down to its late items; a county files its
quarterly report and sees only itself; the evaluation ranks; a bulletin is drafted, downloaded and published."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.supervision import services
from gongkai.supervision.models import Bulletin, MilestoneKind, QuarterlyReport, ReviewStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def late_plan(supervisor, campaign):
    later = TODAY + dt.timedelta(days=30)
    campaign.draft_due = campaign.revision_due = campaign.approval_due = later  # the catalog steps not due yet
    campaign.save()
    return services.milestone_add(campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="工作方案报送",
                                  due=TODAY - dt.timedelta(days=3), acting_user=supervisor)  # fmt: skip


def test_the_city_sees_every_county_and_the_late_one(client, supervisor, xiuwu, wenxian, editor, late_plan, tasks):
    plan = services.plan_save(bureau=xiuwu, year=late_plan.due.year, title="方案", tasks=tasks, acting_user=editor)
    services.plan_submit(plan=plan, acting_user=editor, today=late_plan.due)
    client.force_login(supervisor)
    response = client.get(reverse("supervision_admin:dashboard") + f"?year={late_plan.due.year}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-bureau="xiuwu" data-state="ok"' in html and 'data-bureau="wenxian" data-state="late"' in html
    assert (
        html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
        and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    )
    drill = client.get(reverse("supervision_admin:county", args=["wenxian"]) + f"?year={late_plan.due.year}")
    assert "工作方案报送" in drill.content.decode() and 'data-kind="step"' in drill.content.decode()


def test_a_county_files_its_quarterly_report_and_sees_only_itself(client, editor, xiuwu, wenxian):
    client.force_login(editor)
    url = reverse("supervision_admin:report", args=["xiuwu", 2026, 2])
    response = client.post(url, {"progress": "按计划推进。", "records_published": 4, "submit": "1"})
    assert response.status_code == 302
    assert QuarterlyReport.objects.get(bureau=xiuwu, year=2026, quarter=2).status == ReviewStatus.SUBMITTED
    assert client.get(reverse("supervision_admin:county", args=["wenxian"])).status_code == 404
    assert client.get(reverse("supervision_admin:report", args=["wenxian", 2026, 2])).status_code == 404
    dashboard = client.get(reverse("supervision_admin:dashboard")).content.decode()
    assert 'data-bureau="xiuwu"' in dashboard and 'data-bureau="wenxian"' not in dashboard


def test_the_city_returns_a_report_with_comments(client, editor, supervisor, xiuwu):
    report = services.report_save(bureau=xiuwu, year=2026, quarter=1, progress="进展", acting_user=editor)
    services.report_submit(report=report, acting_user=editor)
    client.force_login(supervisor)
    client.post(
        reverse("supervision_admin:review", args=["report", report.pk]),
        {"decision": "return", "comment": "请补充数据。"},
    )
    report.refresh_from_db()
    assert report.status == ReviewStatus.RETURNED and report.review_comment == "请补充数据。"


def test_the_evaluation_ranks_and_a_bulletin_is_drafted_downloaded_and_published(
    client, supervisor, city_reviewer, xiuwu
):
    client.force_login(supervisor)
    page = client.get(reverse("supervision_admin:evaluation") + "?year=2026")
    assert 'data-bureau="xiuwu"' in page.content.decode()
    response = client.post(reverse("supervision_admin:bulletin_draft") + "?year=2026", {"quarter": "3"})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and bulletin.quarter == 3 and "第三季度" in bulletin.title
    docx = client.get(reverse("supervision_admin:bulletin_file", args=[bulletin.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert (
        "Approve and publish"
        not in client.get(reverse("supervision_admin:bulletin", args=[bulletin.pk])).content.decode()
    )
    client.force_login(city_reviewer)
    client.post(reverse("supervision_admin:bulletin", args=[bulletin.pk]), {"confidentiality_result": "passed"})
    bulletin.refresh_from_db()
    assert bulletin.status == "published"


def test_a_county_may_not_open_the_evaluation(client, editor):
    client.force_login(editor)
    assert client.get(reverse("supervision_admin:evaluation")).status_code in (302, 403)
