"""In real Chromium: a county editor enters a request received in person, requests a supplement
from the detail page, and unmasks the applicant's data; the admin screens run under our CSP."""

import re

import pytest

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.constants import State
from gongkai.foi_requests.models import AttachmentRole, FoiRequest

from ..browser.conftest import browser, demo, log_in, page, submit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

ID_NUMBER = "11010519491231002X"


def test_editor_enters_a_request_and_requests_a_supplement(page):  # noqa: F811
    log_in(page, "mengzhou-editor")
    page.goto("/admin/foi/new/")
    page.select_option("#id_channel", "in_person")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "孙七")
    page.select_option("#id_id_document_type", "resident_id")
    page.fill("#id_id_document_number", ID_NUMBER)
    page.fill("#id_phone", "13912345678")
    page.fill("#id_description", "请公开本局2025年度安全生产执法检查计划。")
    page.select_option("#id_delivery_form", "electronic")
    page.select_option("#id_delivery_channel", "online")
    submit(page, page.locator("main form button[type=submit]").first, url=re.compile(r"/admin/foi/\d+/$"))

    foi = FoiRequest.objects.get()
    assert foi.state == State.RECEIVED and foi.bureau.code == "mengzhou"
    assert foi.tracking_number in page.locator("main").inner_text()
    assert "孙七" not in page.content() and ID_NUMBER not in page.content()

    section = page.locator("#action-request_supplement")
    section.locator("textarea[name=items]").fill("请写明所需计划的具体名称。")
    section.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/foi/\d+/#history$"))
    foi.refresh_from_db()
    assert foi.state == State.SUPPLEMENT_REQUESTED
    assert foi.attachments.filter(role=AttachmentRole.NOTICE).exists()

    page.locator("#show-personal-data").click()
    page.wait_for_selector(".foi-personal--unmasked")
    assert "孙七" in page.content() and ID_NUMBER in page.content()
    assert AuditLogEntry.objects.filter(action="foi_requests.personal_data.viewed", object_id=str(foi.pk)).count() == 1

    page.goto("/admin/foi/")
    assert foi.tracking_number in page.locator("main").inner_text()
    assert "孙七" not in page.content()
    assert not page.console_log.csp_violations()
