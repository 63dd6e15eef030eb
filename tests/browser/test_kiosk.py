"""The kiosk in Chromium at its screen size (1080 × 1920, portrait): axe finds no serious violation, a visitor
files an FOI request with the on-screen keyboard and gets a printable receipt, and after the idle time the
kiosk starts again with nothing typed left. Also the header's search box on the portal."""

import re

import pytest

from gongkai.foi_requests.models import FoiRequest

from .conftest import _new_page, submit
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser

KIOSK = {"width": 1080, "height": 1920}
KIOSK_PAGES = [
    "/kiosk/",
    "/kiosk/search/?q=安全",
    "/kiosk/browse/",
    "/kiosk/browse/xiuwu/",
    "/kiosk/apply/",
    "/kiosk/apply/xiuwu/",
    "/kiosk/ask/",
]


@pytest.fixture
def kiosk_page(browser, live_server, demo, settings):
    settings.GONGKAI = {**settings.GONGKAI, "KIOSK_IDLE_SECONDS": 3}
    context, page = _new_page(browser, live_server, KIOSK)
    yield page
    context.close()


def test_axe_finds_no_serious_violations_on_the_kiosk_and_text_and_targets_are_large(kiosk_page):
    found = []
    for path in KIOSK_PAGES:
        kiosk_page.goto(path)
        found += blocking_violations(kiosk_page)
    assert found == []
    kiosk_page.goto("/kiosk/apply/xiuwu/")
    sizes = kiosk_page.evaluate(
        """() => ({
            body: parseFloat(getComputedStyle(document.body).fontSize),
            small: [...document.querySelectorAll('a, button, input:not([type=hidden]), select, textarea')]
                .filter(el => el.offsetParent !== null)
                .map(el => el.getBoundingClientRect())
                .filter(r => r.width < 44 || r.height < 44).length,
        })"""
    )
    assert sizes["body"] >= 24 and sizes["small"] == 0
    assert kiosk_page.console_log.csp_violations() == []


def test_a_visitor_files_an_foi_request_prints_the_receipt_and_the_kiosk_resets(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    page.get_by_role("link", name=re.compile("申请政府信息")).click()
    page.get_by_role("link", name="修武县应急管理局").click()
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "张三")
    page.select_option("#id_id_document_type", "resident_id")
    # The ID number typed on the on-screen keyboard (digits).
    page.locator("#id_id_document_number").click()
    assert page.locator("#osk").is_visible()
    for ch in "410802198001011238":
        page.locator(f"#osk [data-insert='{ch}']").first.click()
    assert page.input_value("#id_id_document_number") == "410802198001011238"
    page.fill("#id_phone", "13800138000")
    page.locator("#id_description").click()
    page.locator("#osk [data-insert='行政处罚']").click()
    assert page.input_value("#id_description") == "行政处罚"
    page.fill("#id_description", "请公开2025年本局安全生产行政处罚决定书目录。")
    page.locator("#osk [data-action=close]").click()
    page.check("input[name=delivery_form][value=electronic]")
    page.check("input[name=delivery_channel][value=online]")
    submit(page, page.locator("form.kiosk-form button[type=submit]"), url=re.compile(r"/kiosk/apply/receipt/"))
    foi = FoiRequest.objects.get()
    assert page.locator("#tracking-number").inner_text() == foi.tracking_number
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.locator("[data-print]").click()
    assert page.evaluate("() => window.printed") == 1
    # Nobody touches the screen: it starts again and the receipt is gone.
    page.wait_for_url(re.compile(r"/kiosk/$"), timeout=15_000)
    page.goto(f"/kiosk/apply/receipt/{foi.uuid}/")
    assert re.search(r"/kiosk/$", page.url)


def test_typed_data_is_cleared_when_the_kiosk_resets_after_idle(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/search/")
    page.fill("#kiosk-q", "安全生产")
    page.wait_for_url(re.compile(r"/kiosk/$"), timeout=15_000)
    page.go_back()
    page.wait_for_load_state()
    if "/kiosk/search/" in page.url:
        assert page.input_value("#kiosk-q") == ""


def test_the_header_search_box_finds_records_from_any_page(page):
    page.goto("/b/xiuwu/")
    page.fill("#header-search-q", "应急")
    submit(page, page.locator(".header-search button[type=submit]"), url=re.compile(r"/search/\?q="))
    assert page.locator("h1").inner_text() == "搜索信息" or page.locator(".search-summary").count() == 1
    page.goto("/")
    assert page.locator(".home-entries a").count() >= 1
    assert page.locator("#latest-records-heading").count() == 1
