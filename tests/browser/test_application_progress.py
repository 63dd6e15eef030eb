"""Application progress in Chromium: the 武陟县 applicant looks up the demo application (a wrong code first),
sees its three status events in order, subscribes to email pushes; axe-core finds no serious violation on the
look-up page nor on the bureau's public power and service lists."""

import pytest

from gongkai.demo import applications as applications_demo
from gongkai.demo import powerlists as powerlists_demo
from gongkai.demo import service_items as services_demo

from .conftest import submit
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


def test_the_applicant_looks_up_the_progress_and_subscribes(page):
    services_demo.load_demo()
    applications_demo.load_demo()
    powerlists_demo.load_demo()
    page.goto("/services/progress/")
    assert blocking_violations(page) == []
    page.fill("#id_number", applications_demo.NUMBER)
    page.fill("#id_code", "WRONGCODE")
    submit(page, page.locator("form.foi-form button[type=submit]"))
    assert "材料齐全" not in page.content() and page.locator(".error-summary").count() == 1
    page.fill("#id_code", applications_demo.LOOKUP_CODE.lower())
    submit(page, page.locator("form.foi-form button[type=submit]"))
    rows = page.locator("table.application-events tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").nth(2).inner_text() for i in range(3)] == [
        note for _s, note, _t in applications_demo.EVENTS
    ]
    assert applications_demo.APPLICANT not in page.content()
    assert blocking_violations(page) == []
    page.get_by_label("短信").check()
    page.fill("#id_to", "13900139000")
    submit(page, page.locator("form[action$='subscribe/'] button[type=submit]"))
    assert "139****9000" in page.content() and "13900139000" not in page.content()
    page.goto("/b/wuzhi/powers/")
    assert "权责清单" in page.content()
    assert blocking_violations(page) == []
