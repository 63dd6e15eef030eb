"""The bureau edit page (its chooser widgets for parent and review office) runs under the strict CSP."""

import pytest
from django.urls import reverse

from gongkai.organizations.models import Bureau

from .test_admin_guide import log_in

pytestmark = pytest.mark.browser


def test_bureau_edit_page_has_no_csp_violation_and_its_choosers_are_initialised(page):
    log_in(page, "xiuwu-editor")
    bureau = Bureau.objects.get(code="xiuwu")
    page.goto(reverse("wagtailsnippets_organizations_bureau:edit", args=[bureau.pk]))
    page.wait_for_load_state("networkidle")
    assert page.console_log.csp_violations() == [], page.console_log.csp_violations()
    assert page.console_log.errors() == [], page.console_log.errors()
    blocks = page.locator('script[data-gongkai-init="chooser"]')
    assert blocks.count() >= 1
    # csp-init.js made the constructor call of every chooser.
    assert page.locator('script[data-gongkai-init="chooser"][data-gongkai-done]').count() == blocks.count()
