"""The bureau edit page (its chooser widgets for parent and review office) runs under the strict CSP."""

import pytest
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.organizations.models import Bureau
from tests.factories import user_with_role

from .test_admin_guide import log_in

pytestmark = pytest.mark.browser


def test_bureau_edit_page_has_no_csp_violation_and_its_choosers_are_initialised(page):
    # The parent bureau's leader changes a county's structure (parent, review office: the chooser fields).
    leader = user_with_role(Role.LEADER, Bureau.objects.get(code="jiaozuo"), username="jz-leader-csp")
    leader.set_password("Gongkai@2026")
    leader.save()
    log_in(page, "jz-leader-csp")
    bureau = Bureau.objects.get(code="xiuwu")
    page.goto(reverse("wagtailsnippets_organizations_bureau:edit", args=[bureau.pk]))
    page.wait_for_load_state("networkidle")
    assert page.console_log.csp_violations() == [], page.console_log.csp_violations()
    assert page.console_log.errors() == [], page.console_log.errors()
    blocks = page.locator('script[data-gongkai-init="chooser"]')
    assert blocks.count() >= 1
    # csp-init.js made the constructor call of every chooser.
    assert page.locator('script[data-gongkai-init="chooser"][data-gongkai-done]').count() == blocks.count()
