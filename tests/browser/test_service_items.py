"""Services in Chromium: axe-core finds no serious violation on the service pages (both languages, and the
one-time notice on a phone), and the 武陟县 walk-through: the editor changes a guide, the reviewer approves
it, the public page and the one-time notice show the change."""

import pytest

from gongkai.demo import service_items as services_demo

from .conftest import log_in, submit
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser

ITEM = "/b/wuzhi/services/410823-XK-001/"


@pytest.fixture
def services(demo):
    services_demo.load_demo()


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh-hans", "en"])
def test_axe_finds_no_serious_violations_on_the_service_pages(page, services, prefix):
    found = []
    for path in ("/b/wuzhi/services/", ITEM, ITEM + "notice/"):
        page.goto(prefix + path)
        found += blocking_violations(page)
    assert found == []


def test_axe_finds_no_serious_violations_on_the_notice_on_a_phone(phone_page, services):
    phone_page.goto(ITEM + "notice/")
    assert phone_page.locator("svg").count() >= 1
    assert blocking_violations(phone_page) == []


def test_the_editor_changes_a_guide_and_the_reviewer_publishes_it(page, services):
    from gongkai.service_items.models import ServiceItem

    item = ServiceItem.objects.get(bureau__code="wuzhi", code="410823-XK-001")
    log_in(page, "wuzhi-editor")
    page.goto(f"/admin/services/{item.pk}/")
    page.fill("#id_office_hours", "工作日 8:30—17:30（周六上午照常办理）")
    submit(page, page.locator("form.service-guide-form button[type=submit]"))
    submit(page, page.get_by_role("button", name="提交审核"))
    log_in(page, "wuzhi-reviewer")
    page.goto(f"/admin/services/{item.pk}/review/")
    page.select_option("#id_confidentiality_result", "passed")
    submit(page, page.locator("button[name=approve]"))
    page.goto(ITEM)
    assert "周六上午照常办理" in page.content()
    page.goto(ITEM + "notice/")
    assert "周六上午照常办理" in page.content()
