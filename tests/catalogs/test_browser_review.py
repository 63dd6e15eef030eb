"""In real Chromium: the 温县 review flow through the staff screens, then the portal.

The editor changes a published catalog (a new revision) and submits it; the government reviewer
returns it with an opinion on one item; the editor sees the opinion beside the item, revises and
resubmits; the reviewer approves; the bureau's reviewer publishes; the portal shows the new version and the
comparison with the previous one.
"""

import re

import pytest

from gongkai.accounts.models import User
from gongkai.catalogs import selectors
from gongkai.catalogs.constants import CatalogStatus
from gongkai.organizations.models import Bureau
from tests.browser.conftest import browser, demo, log_in, page, submit  # noqa: F401  (fixtures)

from .factories import published_catalog

pytestmark = pytest.mark.browser
DETAIL = re.compile(r"/admin/catalogs/wenxian/(#.*)?$")


def test_review_flow_in_the_browser(page):  # noqa: F811
    editor, gov = User.objects.get(username="wenxian-editor"), User.objects.get(username="wenxian-gov-reviewer")
    catalog = published_catalog(Bureau.objects.get(code="wenxian"), editor, gov)
    item = next(i for i in selectors.active_items(catalog) if i.level2 == "行政处罚")

    # The editor changes one item (this starts a new revision) and submits.
    log_in(page, "wenxian-editor")
    page.goto(f"/admin/catalogs/wenxian/items/{item.key}/")
    page.fill("#id_content", "行政处罚决定书（浏览器测试）")
    submit(page, page.locator("form.catalog-item-form button[type=submit]"), url=DETAIL)
    submit(page, page.locator("form[action$='/steps/submit/'] button"), url=DETAIL)
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.SUBMITTED

    # The government reviewer sees the change and returns the catalog with an opinion on that item.
    log_in(page, "wenxian-gov-reviewer")
    page.goto("/admin/catalogs/queue/")
    page.locator("a[href='/admin/catalogs/wenxian/review/']").click()
    assert "行政处罚决定书（浏览器测试）" in page.locator(f"#item-{item.key}").inner_text()
    page.fill(f"textarea[name='opinion-{item.key}']", "请写明处罚决定的公开期限。")
    page.fill("#id_comment", "请按意见修改。")
    submit(page, page.locator("button[name=decision][value=return]"), url=re.compile(r"/admin/catalogs/"))
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.RETURNED

    # The editor sees the opinion beside the item, revises and resubmits for approval.
    log_in(page, "wenxian-editor")
    page.goto("/admin/catalogs/wenxian/")
    assert "请写明处罚决定的公开期限。" in page.locator(f"#item-{item.key}").inner_text()
    page.goto(f"/admin/catalogs/wenxian/items/{item.key}/")
    page.fill("#id_content", "行政处罚决定书，自作出决定之日起7个工作日内公开（浏览器测试）")
    submit(page, page.locator("form.catalog-item-form button[type=submit]"), url=DETAIL)
    submit(page, page.locator("form[action$='/steps/resubmit/'] button"), url=DETAIL)
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.RESUBMITTED

    # The government reviewer approves; the bureau's reviewer publishes (four eyes: not the editor).
    log_in(page, "wenxian-gov-reviewer")
    page.goto("/admin/catalogs/wenxian/review/")
    submit(page, page.locator("button[name=decision][value=approve]"), url=re.compile(r"/admin/catalogs/"))
    log_in(page, "wenxian-reviewer")
    page.goto("/admin/catalogs/wenxian/")
    page.locator("form[action$='/steps/publish/'] select[name=confidentiality_result]").select_option("passed")
    submit(page, page.locator("form[action$='/steps/publish/'] button"), url=DETAIL)
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.PUBLISHED

    # The portal shows the new version and the comparison with the previous one.
    page.goto("/b/wenxian/catalog/")
    assert "自作出决定之日起7个工作日内公开" in page.locator(f"#item-{item.key}").inner_text()
    submit(page, page.locator("a[href='/b/wenxian/catalog/diff/1/3/']").first, url=re.compile(r"/diff/1/3/"))
    assert "自作出决定之日起7个工作日内公开" in page.locator("main").inner_text()
    assert not page.console_log.errors()
