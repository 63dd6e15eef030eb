"""The public registry of new-media accounts in Chromium: the demo's accounts (修武县's WeChat account in,
its closed Weibo account out, 武陟县's Douyin account in), and axe-core finds no serious violation on the
city's page and a bureau's page in both languages."""

import pytest

from gongkai.demo import new_media as new_media_demo

from .test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


def test_the_public_registry_lists_the_accounts_in_operation_and_passes_axe(page, demo):
    new_media_demo.load_demo()
    found = []
    for path in ("/new-media/", "/b/xiuwu/new-media/", "/en/new-media/"):
        page.goto(path)
        found += blocking_violations(page)
    assert found == []
    page.goto("/new-media/")
    table = page.locator("table.new-media-accounts")
    assert table.count() == 2
    text = page.locator("main").inner_text()
    assert "xiuwu_yjgl" in text and "wuzhi_yj" in text and "微信公众号" in text
    assert "xiuwuyj" not in text.replace("xiuwu_yjgl", "")
    page.goto("/b/xiuwu/")
    page.get_by_role("link", name="本单位在微信、微博等平台开设的官方账号").click()
    assert page.url.endswith("/b/xiuwu/new-media/")
