"""The annual reports' demo: 温县's 2026 report (and the 2025 reports of 温县 and 修武县) written by the editor,
approved by the reviewer with the confidentiality check, consistent (no failed check) and public."""

import pytest

from gongkai.annual_reports.models import AnnualReport
from gongkai.demo import annual_reports as demo
from gongkai.demo import organizations

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_wenxians_2026_report_with_consistent_tables(client):
    organizations.load_demo()
    assert demo.load_demo() == 3
    report = AnnualReport.objects.get(bureau__code="wenxian", year=2026)
    assert report.created_by.username == "wenxian-editor" and report.approved_by.username == "wenxian-reviewer"
    assert report.confidentiality_result == "passed"
    assert report.published_content["problems"] == [] and report.published_content["ok"]
    assert report.published_content["table4"]["cells"]["reconsideration"]["total"] == 2
    page = client.get("/b/wenxian/annual-reports/2026/").content.decode()
    assert "温县应急管理局2026年政府信息公开工作年度报告" in page
    assert demo.load_demo() == 0  # loading twice changes nothing
