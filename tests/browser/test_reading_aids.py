"""The reading aids (适老化 toolbar) work in a real browser and survive a reload."""

import pytest

pytestmark = pytest.mark.browser


def font_px(page, selector="body") -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


def test_text_size_steps_from_18px_up_to_double_and_back(page):
    page.goto("/b/xiuwu/")
    assert font_px(page) == 18
    larger, smaller = page.locator("[data-a11y=font-up]"), page.locator("[data-a11y=font-down]")
    assert smaller.get_attribute("aria-disabled") == "true"
    sizes = []
    for _ in range(4):
        larger.click()
        sizes.append(font_px(page))
    assert sizes == [22.5, 27, 31.5, 36]
    assert larger.get_attribute("aria-disabled") == "true"
    larger.click(force=True)  # at 200% a further click changes nothing
    assert font_px(page) == 36
    assert "200%" in page.locator("[data-a11y-status]").inner_text()
    smaller.click()
    assert font_px(page) == 31.5
    # Headings grow with the text.
    assert font_px(page, "h1") > font_px(page)


def test_high_contrast_toggles_class_and_colours(page):
    page.goto("/")
    button = page.locator("[data-a11y=contrast]")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert "a11y-contrast" in page.get_attribute("html", "class")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.eval_on_selector("body", "el => getComputedStyle(el).backgroundColor") == "rgb(0, 0, 0)"
    button.click()
    assert "a11y-contrast" not in page.get_attribute("html", "class")
    assert page.eval_on_selector("body", "el => getComputedStyle(el).backgroundColor") == "rgb(255, 255, 255)"


def test_reading_mode_hides_navigation(page):
    page.goto("/b/xiuwu/guide/")
    assert page.locator(".section-nav").is_visible()
    assert page.locator(".breadcrumbs").is_visible()
    page.locator("[data-a11y=reading]").click()
    assert page.locator(".section-nav").is_hidden()
    assert page.locator(".breadcrumbs").is_hidden()
    assert page.locator("main").is_visible() and page.locator(".richtext").is_visible()
    # The toolbar stays, so the reader can leave reading mode.
    assert page.locator("[data-a11y=reading]").get_attribute("aria-pressed") == "true"


def test_choices_survive_reload_and_navigation_and_reset_clears_them(page):
    page.goto("/")
    page.locator("[data-a11y=font-up]").click()
    page.locator("[data-a11y=font-up]").click()
    page.locator("[data-a11y=contrast]").click()
    page.locator("[data-a11y=reading]").click()
    page.reload()
    assert font_px(page) == 27
    classes = page.get_attribute("html", "class")
    assert "a11y-contrast" in classes and "a11y-reading" in classes
    assert page.locator("[data-a11y=contrast]").get_attribute("aria-pressed") == "true"
    page.goto("/en/b/xiuwu/guide/")
    assert font_px(page) == 27 and page.locator(".section-nav").is_hidden()
    page.locator("[data-a11y=reset]").click()
    page.reload()
    assert font_px(page) == 18
    assert "a11y-contrast" not in page.get_attribute("html", "class")
    assert page.locator(".section-nav").is_visible()


def test_keyboard_user_can_skip_to_main_content_with_a_visible_focus(page):
    page.goto("/b/xiuwu/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible() and skip.bounding_box()["x"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Next Tab lands inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_language_links_switch_between_chinese_and_english(page):
    page.goto("/b/xiuwu/")
    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_url("**/en/b/xiuwu/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "修武县应急管理局"
    page.locator(".lang-switch a[hreflang=zh-Hans]").click()
    page.wait_for_url("**/b/xiuwu/")
    assert page.get_attribute("html", "lang") == "zh-Hans"


def test_portal_pages_raise_no_console_errors_under_the_csp(page):
    for path in ["/", "/b/xiuwu/", "/b/xiuwu/guide/", "/b/xiuwu/rules/", "/b/xiuwu/annual-reports/", "/en/"]:
        page.goto(path)
        page.locator("[data-a11y=contrast]").click()
    assert page.console_log.errors() == []
    assert page.console_log.csp_violations() == []
