"""In real headless Chromium: a county editor drafts a record with personal data in its DOCX,
the reviewer is blocked, masks it, approves and publishes; the portal shows it with its index number."""

import io
import re

import docx
import pytest

from gongkai.organizations.models import Bureau
from gongkai.records.models import Record
from gongkai.screening.pii import id_check_character
from tests.browser.conftest import browser, demo, log_in, page, submit  # noqa: F401  (fixtures)

from .factories import published_item

pytestmark = pytest.mark.browser

ID_NUMBER = "41082319900101123" + id_check_character("41082319900101123")
TITLE = "关于开展安全生产举报奖励工作的通知（浏览器测试）"


def docx_file(tmp_path):
    document = docx.Document()
    document.add_paragraph(f"举报人身份证号：{ID_NUMBER}")
    path = tmp_path / "举报奖励办法.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_publish_flow_in_the_browser(page, tmp_path):  # noqa: F811
    item = published_item(Bureau.objects.get(code="xiuwu"), level2="安全生产举报受理")
    log_in(page, "xiuwu-editor")
    page.goto("/admin/records/new/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_catalog_item", str(item.pk))
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("各乡镇：现将有关事项通知如下。")
    page.wait_for_function("() => document.querySelector('input[name=body]').value.includes('有关事项')")
    submit(page, page.locator("main form button[type=submit]").first, url=re.compile(r"/admin/records/\d+/$"))
    record = Record.objects.get(title=TITLE)

    page.set_input_files("input[type=file][name=file]", str(docx_file(tmp_path)))
    submit(
        page, page.locator("form[action$='/attachments/'] button[type=submit]"), url=re.compile(r"/admin/records/\d+/$")
    )
    assert "410823********" in page.locator("main").inner_text()
    submit(page, page.locator("form[action$='/submit/'] button"), url=re.compile(r"/admin/records/\d+/$"))

    log_in(page, "xiuwu-reviewer")
    page.goto(f"/admin/records/{record.pk}/")
    # The attachment still shows an identity number: the approval is refused until it is masked.
    page.select_option("form[action$='/approve/'] select[name=confidentiality_result]", "passed")
    submit(page, page.locator("form[action$='/approve/'] button"), url=re.compile(r"/admin/records/\d+/$"))
    assert "举报奖励办法.docx" in page.locator("main").inner_text()
    record.refresh_from_db()
    assert record.status == "in_review"
    log_in(page, "xiuwu-editor")  # the editor masks; the reviewer then approves what someone else wrote
    page.goto(f"/admin/records/{record.pk}/")
    submit(page, page.locator("form[action$='/mask/'] button"), url=re.compile(r"/admin/records/\d+/$"))
    log_in(page, "xiuwu-reviewer")
    page.goto(f"/admin/records/{record.pk}/")
    page.select_option("form[action$='/approve/'] select[name=confidentiality_result]", "passed")
    submit(page, page.locator("form[action$='/approve/'] button"), url=re.compile(r"/admin/records/\d+/$"))
    submit(page, page.locator("form[action$='/publish/'] button"), url=re.compile(r"/admin/records/\d+/$"))
    record.refresh_from_db()
    assert record.status == "published" and record.index_number

    page.goto(record.get_absolute_url())
    assert record.index_number in page.locator(".record-meta").inner_text()
    assert TITLE in page.locator("h1").inner_text()
    assert page.console_log.csp_violations() == []
