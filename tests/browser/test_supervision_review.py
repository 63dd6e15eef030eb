"""Supervision in Chromium, one walk-through: a county (博爱县) files its quarterly report in the admin; the city
supervisor finds it from the county's page, returns it with a comment; the county changes and submits it again;
the city accepts it."""

import pytest
from django.utils import timezone

from gongkai.supervision.models import QuarterlyReport, ReviewStatus

from .conftest import log_in, submit

pytestmark = pytest.mark.browser


def test_a_county_files_its_quarterly_report_and_the_city_reviews_it(page):
    year = timezone.localdate().year
    url = f"/admin/supervision/b/boai/report/{year}/2/"
    log_in(page, "boai-editor")
    page.goto(url)
    page.fill("#id_progress", "第二季度完成目录复核，更新政策解读栏目。")
    page.fill("#id_records_published", "12")
    page.fill("#id_problems", "部分栏目更新不及时。")
    submit(page, page.locator("button[name=submit]"))
    report = QuarterlyReport.objects.get(bureau__code="boai", year=year, quarter=2)
    assert report.status == ReviewStatus.SUBMITTED

    log_in(page, "jz-supervisor")
    page.goto(f"/admin/supervision/b/boai/?year={year}")
    page.get_by_role("link", name="Q2", exact=True).click()
    page.wait_for_url(f"**{url}")
    assert "第二季度完成目录复核" in page.locator(".supervision-report").inner_text()
    page.fill("#id_comment", "请补充更新栏目的具体数量。")
    submit(page, page.locator("button[name=decision][value=return]"))
    report.refresh_from_db()
    assert report.status == ReviewStatus.RETURNED and report.review_comment == "请补充更新栏目的具体数量。"

    log_in(page, "boai-editor")
    page.goto(url)
    assert "请补充更新栏目的具体数量。" in page.content()
    page.fill("#id_next_steps", "下季度补齐6个栏目的更新。")
    submit(page, page.locator("button[name=submit]"))

    log_in(page, "jz-supervisor")
    page.goto(url)
    submit(page, page.locator("button[name=decision][value=accept]"))
    report.refresh_from_db()
    assert report.status == ReviewStatus.ACCEPTED and report.reviewed_by.username == "jz-supervisor"
    assert page.console_log.csp_violations() == [] and page.console_log.errors() == []
