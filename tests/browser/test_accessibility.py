"""axe-core in Chromium: no serious or critical WCAG violation on the portal's pages.

Covered: the home page, a bureau page, the guide and statutory pages, the FOI request pages (index,
form, tracking, applicant sign-in and sign-up), in Chinese and in English, in the default theme and in
high-contrast mode, on a desktop and a phone viewport; and the request form showing its errors.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/b/xiuwu/",
    "/b/xiuwu/guide/",
    "/b/xiuwu/statutory/",
    "/foi/",
    "/b/xiuwu/foi/apply/",
    "/foi/track/",
    "/account/login/",
    "/account/signup/",
]
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def blocking_violations(page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def audit(page, prefix: str, *, contrast: bool = False) -> list[str]:
    found = []
    for path in PAGES:
        page.goto(prefix + path)
        if contrast and page.get_attribute("html", "class").find("a11y-contrast") < 0:
            page.locator("[data-a11y=contrast]").click()
            assert "a11y-contrast" in page.get_attribute("html", "class")
        found += blocking_violations(page)
    return found


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh-hans", "en"])
def test_axe_finds_no_serious_violations(page, prefix):
    assert audit(page, prefix) == []


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh-hans", "en"])
def test_axe_finds_no_serious_violations_in_high_contrast_mode(page, prefix):
    assert audit(page, prefix, contrast=True) == []


def test_axe_finds_no_serious_violations_on_a_phone_at_double_text_size(phone_page):
    phone_page.goto("/")
    for _ in range(4):
        phone_page.locator("[data-a11y=font-up]").click()
    assert audit(phone_page, "") == []


def test_pages_declare_their_language(page):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    page.goto("/en/b/xiuwu/")
    assert page.get_attribute("html", "lang") == "en"
    # Chinese data on an English page is marked as such for screen readers.
    assert page.locator("h1").get_attribute("lang") == "zh-Hans"


def test_axe_finds_no_serious_violations_on_the_request_form_with_errors(page):
    page.goto("/b/xiuwu/foi/apply/")
    page.locator("form.foi-form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    assert blocking_violations(page) == []
