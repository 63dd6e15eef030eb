"""End to end: a county editor edits its disclosure guide in the Wagtail admin, the reviewer publishes it,
the change reaches the public portal, and another county's objects stay out of reach.

Also checks that the admin (Draftail editor included) runs under our Content Security Policy.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.organizations.models import Bureau
from gongkai.portal.models import DisclosureGuide

from .conftest import log_in, submit

pytestmark = pytest.mark.browser

MARKER = "本机关在政务服务中心设立政府信息公开查阅点（浏览器测试）"


def guide_edit_url(code: str) -> str:
    guide = DisclosureGuide.objects.get(bureau__code=code)
    return reverse("wagtailsnippets_portal_disclosureguide:edit", args=[guide.pk])


def test_county_editor_edits_and_publishes_the_guide_and_the_portal_shows_it(page):
    log_in(page, "xiuwu-editor")

    page.goto(reverse("wagtailsnippets_portal_disclosureguide:list"))
    listing = page.locator("main").inner_text()
    assert "修武县应急管理局" in listing and "温县应急管理局" not in listing

    page.goto(guide_edit_url("xiuwu"))
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(MARKER)
    assert MARKER in editor.inner_text()
    # Draftail writes its state to the hidden form field on a short timer: wait for it.
    page.wait_for_function("marker => document.querySelector('input[name=body]').value.includes(marker)", arg=MARKER)

    assert page.locator("button[name=action-publish]").count() == 0  # four eyes: no publish button for the author
    submit(page, page.locator("footer button[type=submit]").first)
    guide = DisclosureGuide.objects.get(bureau__code="xiuwu")
    assert guide.has_unpublished_changes and MARKER not in guide.body

    # The bureau's reviewer approves and publishes it, recording the confidentiality check.
    page.context.clear_cookies()
    log_in(page, "xiuwu-reviewer")
    page.goto(reverse("portal_guide_publish", args=[guide.pk]))
    page.select_option("select[name=confidentiality_result]", "passed")
    submit(
        page,
        page.locator("form.guide-publish-form button[type=submit]"),
        url=re.compile(r"/admin/snippets/portal/disclosureguide/$"),
    )

    guide = DisclosureGuide.objects.get(bureau__code="xiuwu")
    assert guide.live and not guide.has_unpublished_changes
    assert MARKER in guide.body

    page.goto("/b/xiuwu/guide/")
    assert MARKER in page.locator("article.richtext").inner_text()
    published_on = timezone.localdate(guide.last_published_at).isoformat()
    assert page.locator(".page-meta time").get_attribute("datetime").startswith(published_on)
    page.goto("/en/b/xiuwu/guide/")
    assert MARKER in page.locator("article.richtext").inner_text()

    errors = page.console_log.errors()
    assert page.console_log.csp_violations() == [], page.console_log.csp_violations()
    assert [e for e in errors if e["type"] == "pageerror"] == [], errors


def test_county_editor_cannot_open_another_countys_guide_or_bureau_in_the_admin(page):
    log_in(page, "xiuwu-editor")
    before = DisclosureGuide.objects.get(bureau__code="wenxian").body

    response = page.goto(guide_edit_url("wenxian"))
    assert response.status in (403, 404)
    assert page.locator(".public-DraftEditor-content").count() == 0

    wenxian = Bureau.objects.get(code="wenxian")
    response = page.goto(reverse("wagtailsnippets_organizations_bureau:edit", args=[wenxian.pk]))
    assert response.status in (403, 404)

    # A forged POST (with a valid CSRF token of the editor's own session) is refused as well.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        guide_edit_url("wenxian"),
        form={
            "csrfmiddlewaretoken": token,
            "body": "<p>篡改</p>",
            "rules_text": "",
            "action-publish": "action-publish",
        },
        max_redirects=0,
    )
    assert response.status in (403, 404)
    assert DisclosureGuide.objects.get(bureau__code="wenxian").body == before


def test_admin_date_choosers_initialise_under_the_strict_csp(page):
    """Wagtail writes its date-chooser initialisers as inline scripts; ours run from a file."""
    log_in(page, "xiuwu-editor")
    # The new-record form has date fields (a history screen has date filters but is the audit
    # administrator's only).
    page.goto(reverse("records_admin:create"))
    assert page.locator("script[data-gongkai-init=date]").count() >= 1
    page.wait_for_function("document.querySelectorAll('script[data-gongkai-init][data-gongkai-done]').length >= 1")
    assert page.locator(".xdsoft_datetimepicker").count() >= 1
    assert page.console_log.csp_violations() == []
