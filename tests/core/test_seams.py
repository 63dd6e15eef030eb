"""Core reaches the permission module and the public frame through seams that the apps above fill."""

import pytest

from gongkai.accounts import permissions
from gongkai.accounts.roles import Role
from gongkai.core import access, frame
from gongkai.core.audit import record
from gongkai.core.models import AuditLogEntry
from gongkai.portal import responses

pytestmark = pytest.mark.django_db


def test_accounts_registers_the_permission_check_core_asks(people):
    for user in people.values():
        assert access.can(user, "core.view_audit") == permissions.can(user, "core.view_audit")
    assert access.can(people[Role.AUDIT_ADMIN], "core.view_audit")
    assert not access.can(people[Role.EDITOR], "core.view_audit")


def test_site_history_shows_the_audit_log_to_the_audit_administrator_only(people):
    record("accounts.user.logout", user=people[Role.EDITOR], instance=people[Role.EDITOR])
    assert AuditLogEntry.objects.viewable_by_user(people[Role.AUDIT_ADMIN]).exists()
    assert not AuditLogEntry.objects.viewable_by_user(people[Role.EDITOR]).exists()


def test_without_a_registered_checker_core_denies(people):
    registered = access._checker
    access.register_checker(None)
    try:
        assert not access.can(people[Role.AUDIT_ADMIN], "core.view_audit")
    finally:
        access.register_checker(registered)


def test_portal_registers_the_public_frame_for_pages_below_it():
    assert frame._renderer is responses.render_private_page
