"""Inquiries, surveys and concerns in Chromium: axe-core finds no serious violation on their public pages,
and the 武陟县 walk-through: a citizen asks, the editor answers, the reviewer approves, the answer is
published; the demo's unanswered inquiry shows as late on the admin home."""

import pytest

from gongkai.demo import interaction as interaction_demo

from .conftest import log_in, submit
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def interaction(demo):
    interaction_demo.load_demo()


def test_axe_finds_no_serious_violations_on_the_interaction_pages(page, interaction):
    from gongkai.surveys.models import Survey

    survey = Survey.objects.get(bureau__code="wuzhi")
    found = []
    for path in (
        "/b/wuzhi/inquiries/",
        "/b/wuzhi/inquiries/ask/",
        "/inquiries/track/",
        "/b/wuzhi/surveys/",
        f"/b/wuzhi/surveys/{survey.pk}/",
        f"/b/wuzhi/surveys/{survey.pk}/results/",
        "/b/wuzhi/concerns/",
        "/en/b/wuzhi/inquiries/",
    ):
        page.goto(path)
        found += blocking_violations(page)
    assert found == []


def test_a_citizen_asks_staff_answer_and_the_answer_is_published(page, interaction):
    page.goto("/b/wuzhi/inquiries/ask/")
    page.fill("#id_name", "赵示例")
    page.fill("#id_contact", "zhao@example.com")
    page.select_option("#id_topic", "services")
    page.fill("#id_subject", "危化品经营许可证换证咨询")
    page.fill("#id_body", "危险化学品经营许可证到期换证需要提前多久申请？")
    page.check("#id_consent_publish")
    submit(page, page.get_by_role("button", name="提交咨询"))
    number = page.locator("#tracking-number").inner_text().strip()
    assert number.startswith("Z")

    from gongkai.inquiries.models import Inquiry

    inquiry = Inquiry.objects.get(tracking_number=number)
    log_in(page, "wuzhi-editor")
    page.goto("/admin/")
    assert page.locator("#inquiries-late, [id^=inquiries-late]").count() >= 1
    assert page.locator(".inquiry-late").count() >= 1  # the demo's unanswered inquiry is late
    page.goto(f"/admin/inquiries/{inquiry.pk}/")
    page.fill("#id_answer_text", "请在许可证有效期届满3个月前提出延续申请。")
    submit(page, page.locator("button[name=submit]"))
    log_in(page, "wuzhi-reviewer")
    page.goto(f"/admin/inquiries/{inquiry.pk}/review/")
    page.select_option("#id_confidentiality_result", "passed")
    submit(page, page.locator("button[name=approve]"))
    page.goto("/b/wuzhi/inquiries/")
    assert "危化品经营许可证换证咨询" in page.content()
    page.goto(f"/b/wuzhi/inquiries/{inquiry.pk}/")
    assert "有效期届满3个月前" in page.content() and "zhao@example.com" not in page.content()
