"""Annual reports in Chromium: axe-core finds no serious violation on a published report's page (the three
tables of the template) and on the bureau's 信息公开年报 part, in both languages."""

import pytest

from gongkai.demo import annual_reports as annual_reports_demo

from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def reports(demo):
    annual_reports_demo.load_demo()


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh-hans", "en"])
def test_axe_finds_no_serious_violations_on_the_annual_report_pages(page, reports, prefix):
    found = []
    for path in ("/b/wenxian/annual-reports/", "/b/wenxian/annual-reports/2026/"):
        page.goto(prefix + path)
        found += blocking_violations(page)
    assert page.locator("table.annual-report-table").count() == 3
    assert found == []
