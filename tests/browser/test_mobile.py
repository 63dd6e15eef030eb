"""Phones: the home and bureau pages fit a 390px-wide screen, also at double text size, and
every control is a comfortable touch target (>= 44 x 44 CSS px).

Set GONGKAI_SCREENSHOTS=/some/dir to keep full-page screenshots for a visual check.
"""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

TOUCH_TARGETS = ", ".join(
    [
        ".skip-link",
        ".site-name a",
        ".lang-switch a",
        ".a11y-toolbar button",
        ".breadcrumbs a",
        ".section-nav a",
        ".bureau-card-link",
        ".part h3 a",
        ".contact-list a",
        ".site-identity a",
        ".footer-links a",
    ]
)


def screenshot(page, name: str) -> None:
    directory = os.environ.get("GONGKAI_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def small_targets(page) -> list[str]:
    return page.evaluate(
        """selector => Array.from(document.querySelectorAll(selector))
            .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
            .filter(el => !el.classList.contains('skip-link'))
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.width < 44 || r.height < 44)
            .map(([el, r]) => `${el.outerHTML.slice(0, 80)} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        TOUCH_TARGETS,
    )


@pytest.mark.parametrize("path", ["/", "/b/xiuwu/", "/b/xiuwu/guide/", "/en/b/xiuwu/"])
def test_page_fits_a_phone_screen_with_large_touch_targets(phone_page, path):
    phone_page.goto(path)
    assert horizontal_overflow(phone_page) <= 0
    assert small_targets(phone_page) == []
    screenshot(phone_page, "phone" + path.replace("/", "_").rstrip("_"))


def test_home_lists_the_bureaus_in_one_column_on_a_phone(phone_page):
    phone_page.goto("/")
    cards = phone_page.locator(".bureau-card")
    assert cards.count() == 12  # the city bureau and its 11 county-level units
    lefts = {round(cards.nth(i).bounding_box()["x"]) for i in range(cards.count())}
    assert len(lefts) == 1


def test_double_text_size_reflows_without_horizontal_scrolling(phone_page):
    for path in ["/", "/b/xiuwu/"]:
        phone_page.goto(path)
        while phone_page.locator("[data-a11y=font-up]").get_attribute("aria-disabled") != "true":
            phone_page.locator("[data-a11y=font-up]").click()
        assert phone_page.eval_on_selector("body", "el => getComputedStyle(el).fontSize") == "36px"
        assert horizontal_overflow(phone_page) <= 0
        screenshot(phone_page, "phone-200" + path.replace("/", "_").rstrip("_"))
