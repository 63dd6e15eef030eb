"""The permission module answered directly: can / require / scope, and the Django/Wagtail bridge."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.accounts import permissions
from gongkai.accounts.models import Membership
from gongkai.accounts.roles import Role
from gongkai.organizations.models import Bureau
from gongkai.portal import services as portal_services
from gongkai.portal.models import DisclosureGuide
from tests.factories import BureauFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(people, xiuwu, wenxian):
    return {
        b.code: portal_services.guide_save(bureau=b, body="<p>x</p>", rules_text="", publish=False, acting_user=editor)
        for b, editor in ((xiuwu, people["editor"]), (wenxian, people["wenxian_editor"]))
    }


def test_county_editor_acts_on_own_county_only(people, xiuwu, wenxian, guides):
    editor = people["editor"]
    assert permissions.can(editor, "portal.change_guide", guides["xiuwu"])
    assert not permissions.can(editor, "portal.change_guide", guides["wenxian"])
    assert not permissions.can(editor, "portal.view_guide", guides["wenxian"])
    assert permissions.can(editor, "organizations.change_bureau", xiuwu)
    assert not permissions.can(editor, "organizations.change_bureau", wenxian)
    with pytest.raises(PermissionDenied):
        permissions.require(editor, "portal.change_guide", guides["wenxian"])


def test_city_supervisor_reads_all_counties_but_changes_none(people, city, xiuwu, wenxian, guides):
    supervisor = people["city_supervisor"]
    assert set(permissions.scope(supervisor, "portal.view_guide", DisclosureGuide.objects.all())) == set(
        guides.values()
    )
    visible = set(permissions.scope(supervisor, "organizations.view_bureau", Bureau.objects.all()))
    assert {city, xiuwu, wenxian} <= visible
    assert not permissions.can(supervisor, "portal.change_guide", guides["xiuwu"])
    assert not permissions.can(supervisor, "organizations.change_bureau", xiuwu)


def test_city_supervisor_reach_includes_township_units(people, xiuwu):
    township = BureauFactory(code="xiuwu-town", kind="township", parent=xiuwu)
    assert permissions.can(people["city_supervisor"], "organizations.view_bureau", township)
    assert not permissions.can(people["wenxian_editor"], "organizations.view_bureau", township)


def test_scope_limits_querysets_per_role(people, guides):
    everything = DisclosureGuide.objects.all()
    assert list(permissions.scope(people["editor"], "portal.view_guide", everything)) == [guides["xiuwu"]]
    assert list(permissions.scope(people["wenxian_editor"], "portal.view_guide", everything)) == [guides["wenxian"]]
    for role in ("gov_reviewer", "system_admin", "security_admin", "audit_admin"):
        assert not permissions.scope(people[role], "portal.view_guide", everything).exists(), role


def test_government_reviewer_sees_the_bureaus_it_reviews(people, xiuwu, wenxian):
    reviewer = people["gov_reviewer"]
    assert permissions.can(reviewer, "organizations.view_bureau", xiuwu)
    assert not permissions.can(reviewer, "organizations.view_bureau", wenxian)
    assert not permissions.can(reviewer, "organizations.change_bureau", xiuwu)


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("system_admin", {"core.change_settings", "accounts.enroll_totp"}),
        (
            "security_admin",
            {
                "accounts.view_user",
                "accounts.manage_user",
                "accounts.unlock_user",
                "accounts.manage_membership",
                "accounts.reset_totp",
                "accounts.manage_group",
                "accounts.enroll_totp",
                "organizations.add_bureau",
                "organizations.change_bureau_structure",
            },
        ),
        ("audit_admin", {"core.view_audit", "core.export_audit", "accounts.enroll_totp"}),
    ],
)
def test_three_admins_hold_separate_powers(people, role, allowed):
    """三员分立: each administrator holds only their own actions (no content, no one else's)."""
    checked = {
        "organizations.add_bureau",
        "organizations.change_bureau_structure",
        "organizations.change_bureau",
        "core.change_settings",
        "accounts.view_user",
        "accounts.manage_user",
        "accounts.unlock_user",
        "accounts.manage_membership",
        "accounts.reset_totp",
        "accounts.manage_group",
        "core.view_audit",
        "core.export_audit",
        "core.change_audit",
        "core.delete_audit",
        "accounts.enroll_totp",
        "portal.change_guide",
        "portal.publish_guide",
        "portal.view_guide",
    }
    granted = {action for action in checked if permissions.can(people[role], action)}
    assert granted == allowed


def test_system_admin_cannot_read_or_delete_audit_records(people):
    sysadmin = people["system_admin"]
    assert not permissions.can(sysadmin, "core.view_audit")
    assert not permissions.can(sysadmin, "core.delete_audit")
    assert not sysadmin.has_perm("core.view_auditlogentry")


def test_unknown_action_is_a_programming_error(people):
    with pytest.raises(KeyError):
        permissions.can(people["editor"], "portal.no_such_action")


def test_inactive_membership_user_or_bureau_grants_nothing(people, xiuwu, guides):
    editor = people["editor"]
    Membership.objects.filter(user=editor).update(is_active=False)
    permissions.clear_cache(editor)
    assert not permissions.can(editor, "portal.change_guide", guides["xiuwu"])

    other = UserFactory(username="inactive-editor", is_active=False, roles=[(xiuwu, Role.EDITOR)])
    assert not permissions.can(other, "portal.change_guide", guides["xiuwu"])

    reviewer = people["reviewer"]
    Bureau.objects.filter(pk=xiuwu.pk).update(is_active=False)
    permissions.clear_cache(reviewer)
    assert not permissions.can(reviewer, "portal.change_guide", guides["xiuwu"])


def test_anonymous_and_roleless_users_may_do_nothing(db, xiuwu):
    from django.contrib.auth.models import AnonymousUser

    roleless = UserFactory(username="roleless")
    for user in (AnonymousUser(), roleless):
        assert not permissions.can(user, "admin.access")
        assert not permissions.can(user, "organizations.view_bureau", xiuwu)
        assert not permissions.scope(user, "organizations.view_bureau", Bureau.objects.all()).exists()
    assert not roleless.has_perm("wagtailadmin.access_admin")


def test_django_permissions_are_answered_by_roles(people, xiuwu, wenxian):
    assert people["security_admin"].has_perm("accounts.add_user")
    assert not people["system_admin"].has_perm("accounts.add_user")
    assert people["audit_admin"].has_perm("core.view_auditlogentry")
    assert people["editor"].has_perm("organizations.change_bureau", xiuwu)
    assert not people["editor"].has_perm("organizations.change_bureau", wenxian)
    assert all(people[r].has_perm("wagtailadmin.access_admin") for r in ("editor", "gov_reviewer", "audit_admin"))
    assert people["security_admin"].get_all_permissions() >= {"accounts.add_user", "auth.change_group"}


def test_superuser_flag_grants_nothing_in_the_permission_module(db, xiuwu):
    root = UserFactory(username="root", is_superuser=True)
    assert not permissions.can(root, "core.view_audit")
    assert not permissions.can(root, "accounts.manage_user")
    assert not permissions.can(root, "organizations.change_bureau", xiuwu)


def test_snippet_lists_show_only_objects_in_scope(people, client, guides):
    client.force_login(people["editor"])
    listed = client.get(reverse("wagtailsnippets_portal_disclosureguide:list")).context["object_list"]
    assert list(listed) == [guides["xiuwu"]]
    client.force_login(people["city_supervisor"])
    listed = client.get(reverse("wagtailsnippets_portal_disclosureguide:list")).context["object_list"]
    assert set(listed) == set(guides.values())
    client.force_login(people["editor"])
    bureaus = client.get(reverse("wagtailsnippets_organizations_bureau:list")).context["object_list"]
    assert [b.code for b in bureaus] == ["xiuwu"]
