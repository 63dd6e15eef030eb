"""三员分立: the security administrator manages accounts, roles and lockouts; nobody else does."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts import services
from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import ADMIN_ROLES, Role
from gongkai.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db

USERS = reverse("wagtailusers_users:index")


@pytest.fixture
def secadmin_client(client, people):
    client.force_login(people["security_admin"])
    return client


def test_user_list_shows_roles_and_lock_status(secadmin_client, people):
    User.objects.filter(pk=people["editor"].pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    response = secadmin_client.get(USERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert people["editor"].username in html and "修武县" in html
    assert reverse("wagtailusers_users:unlock", args=(people["editor"].pk,)) in html


def test_create_user_with_validated_password_and_audit(secadmin_client, people):
    data = {
        "username": "new-editor",
        "full_name": "新信息员",
        "email": "new@example.org",
        "phone": "",
        "is_active": "on",
        "password1": "weak",
        "password2": "weak",
    }
    response = secadmin_client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 200 and not User.objects.filter(username="new-editor").exists()
    data.update(password1="Strong-pass-2026", password2="Strong-pass-2026")
    response = secadmin_client.post(reverse("wagtailusers_users:add"), data)
    user = User.objects.get(username="new-editor")
    assert response.status_code == 302
    assert response.url == reverse("wagtailusers_users:roles", args=(user.pk,))
    assert user.check_password("Strong-pass-2026") and user.is_staff and not user.is_superuser
    entry = AuditLogEntry.objects.get(action="accounts.user.created")
    assert entry.user == people["security_admin"] and entry.object_id == str(user.pk)


def test_user_form_offers_no_superuser_switch_and_no_groups(secadmin_client, people):
    form = secadmin_client.get(reverse("wagtailusers_users:add")).context["form"]
    assert "is_superuser" not in form.fields and "groups" not in form.fields
    response = secadmin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "sneaky",
            "full_name": "x",
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(username="sneaky").is_superuser


def test_edit_user_is_audited_with_before_and_after(secadmin_client, people):
    target = people["editor"]
    response = secadmin_client.post(
        reverse("wagtailusers_users:edit", args=(target.pk,)),
        {"full_name": "改名后", "email": "", "phone": "0391-1", "is_active": "on", "password1": "", "password2": ""},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "改名后"
    entry = AuditLogEntry.objects.get(action="accounts.user.updated")
    assert entry.data["changes"]["full_name"][1] == "改名后" and entry.data["password_set"] is False


def test_security_admin_sets_a_new_password(secadmin_client, people):
    target = people["editor"]
    secadmin_client.post(
        reverse("wagtailusers_users:edit", args=(target.pk,)),
        {
            "full_name": target.full_name,
            "is_active": "on",
            "password1": "Reset-pass-2026",
            "password2": "Reset-pass-2026",
        },
    )
    target.refresh_from_db()
    assert target.check_password("Reset-pass-2026")
    assert AuditLogEntry.objects.filter(
        action="accounts.user.password_changed", object_id=str(target.pk), user=people["security_admin"]
    ).exists()
    assert AuditLogEntry.objects.get(action="accounts.user.updated").data["password_set"] is True


def test_grant_and_revoke_role_through_the_admin(secadmin_client, people, wenxian):
    target = people["wenxian_editor"]
    url = reverse("wagtailusers_users:roles", args=(target.pk,))
    assert secadmin_client.get(url).status_code == 200
    response = secadmin_client.post(url, {"bureau": wenxian.pk, "role": Role.REVIEWER})
    assert response.status_code == 302
    membership = Membership.objects.get(user=target, role=Role.REVIEWER)
    assert membership.is_active
    granted = AuditLogEntry.objects.get(action="accounts.membership.granted")
    assert granted.user == people["security_admin"] and granted.bureau_code == "wenxian"

    revoke = reverse("wagtailusers_users:revoke_role", args=(target.pk, membership.pk))
    assert secadmin_client.post(revoke).status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditLogEntry.objects.filter(action="accounts.membership.revoked", bureau_code="wenxian").exists()


def test_admin_roles_cannot_be_combined_via_the_admin(secadmin_client, people, city):
    target = people["system_admin"]
    response = secadmin_client.post(
        reverse("wagtailusers_users:roles", args=(target.pk,)), {"bureau": city.pk, "role": Role.AUDIT_ADMIN}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Membership.objects.filter(user=target, role=Role.AUDIT_ADMIN).exists()


@pytest.mark.parametrize("first, second", [(a, b) for a in sorted(ADMIN_ROLES) for b in sorted(ADMIN_ROLES) if a != b])
def test_no_account_holds_two_admin_roles(people, city, first, second):
    user = people[first]
    assert first in user.role_set()
    with pytest.raises(ValidationError) as excinfo:
        services.membership_grant(user=user, bureau=city, role=second, acting_user=None)
    assert [e.code for e in excinfo.value.error_dict["__all__"]] == ["admin_roles_separated"]
    with pytest.raises(ValidationError):
        Membership(user=user, bureau=city, role=second).full_clean()


def test_a_revoked_admin_role_frees_the_account_for_another(people, city):
    user = people["system_admin"]
    membership = Membership.objects.get(user=user, role=Role.SYSTEM_ADMIN)
    services.membership_revoke(membership=membership, acting_user=people["security_admin"])
    services.membership_grant(user=user, bureau=city, role=Role.AUDIT_ADMIN, acting_user=people["security_admin"])
    assert user.memberships.filter(is_active=True).get().role == Role.AUDIT_ADMIN


def test_security_admin_cannot_change_own_roles(people, city, secadmin_client):
    me = people["security_admin"]
    with pytest.raises(PermissionDenied):
        services.membership_grant(user=me, bureau=city, role=Role.EDITOR, acting_user=me)
    response = secadmin_client.post(
        reverse("wagtailusers_users:roles", args=(me.pk,)), {"bureau": city.pk, "role": "editor"}
    )
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not Membership.objects.filter(user=me, role=Role.EDITOR).exists()


def test_unlock_through_the_admin(secadmin_client, people):
    target = people["editor"]
    User.objects.filter(pk=target.pk).update(failed_login_count=5, locked_until=timezone.now() + timedelta(minutes=30))
    url = reverse("wagtailusers_users:unlock", args=(target.pk,))
    assert secadmin_client.get(url).status_code == 200
    assert secadmin_client.post(url).status_code == 302
    target.refresh_from_db()
    assert not target.is_locked and target.failed_login_count == 0
    assert AuditLogEntry.objects.filter(action="accounts.user.unlocked", object_id=str(target.pk)).exists()


@pytest.mark.parametrize("role", ["editor", "city_supervisor", "system_admin", "audit_admin"])
def test_only_the_security_admin_manages_accounts(client, people, role):
    client.force_login(people[role])
    target = people["wenxian_editor"]
    for url in (
        USERS,
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=(target.pk,)),
        reverse("wagtailusers_users:delete", args=(target.pk,)),
        reverse("wagtailusers_users:roles", args=(target.pk,)),
        reverse("wagtailusers_users:unlock", args=(target.pk,)),
        reverse("wagtailusers_users:totp_reset", args=(target.pk,)),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url
    with pytest.raises(PermissionDenied):
        services.user_unlock(user=target, acting_user=people[role])
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            user=target, bureau=target.memberships.get().bureau, role="reviewer", acting_user=people[role]
        )
    with pytest.raises(PermissionDenied):
        services.user_create(acting_user=people[role], username="x", password="Strong-pass-2026")


def test_wagtail_groups_admin_is_the_security_admins(secadmin_client):
    assert secadmin_client.get(reverse("wagtailusers_groups:index")).status_code == 200
    assert secadmin_client.post(reverse("wagtailusers_groups:add"), _group_form("新组")).status_code == 302
    assert Group.objects.filter(name="新组").exists()


def test_groups_grant_nothing(people, db):
    """Roles are memberships: a Django group with permissions does not widen anyone's rights."""
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="editors-with-perms")
    group.permissions.add(Permission.objects.get(codename="view_auditlogentry"))
    people["editor"].groups.add(group)
    editor = User.objects.get(pk=people["editor"].pk)
    assert not editor.has_perm("core.view_auditlogentry")


def test_users_admin_menu_only_for_security_admin(client, people):
    for role, shown in [("security_admin", True), ("system_admin", False), ("audit_admin", False), ("editor", False)]:
        client.force_login(people[role])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (USERS in html) is shown, role


def _bulk(action, *users):
    url = reverse("wagtail_bulk_action", args=("accounts", "user", action))
    return url + "?" + "&".join(f"id={u.pk}" for u in users)


def test_bulk_deactivation_goes_through_services_and_is_audited(secadmin_client, people):
    targets = [people["editor"], people["reviewer"], people["security_admin"]]
    response = secadmin_client.post(_bulk("set_active_state", *targets), {"mark_as_active": "False"})
    assert response.status_code == 302
    assert not User.objects.get(pk=people["editor"].pk).is_active
    assert not User.objects.get(pk=people["reviewer"].pk).is_active
    assert User.objects.get(pk=people["security_admin"].pk).is_active  # never oneself
    entries = AuditLogEntry.objects.filter(action="accounts.user.updated", user=people["security_admin"])
    assert {e.object_id for e in entries} == {str(people["editor"].pk), str(people["reviewer"].pk)}


def test_bulk_delete_is_audited_and_keeps_the_records(secadmin_client, people):
    target = people["wenxian_editor"]
    username = target.username
    response = secadmin_client.post(_bulk("delete", target), {})
    assert response.status_code == 302
    assert not User.objects.filter(pk=target.pk).exists()
    entry = AuditLogEntry.objects.get(action="accounts.user.deleted")
    assert entry.data["username"] == username and entry.user == people["security_admin"]
    assert AuditLogEntry.objects.filter(object_id=str(target.pk)).count() >= 1


@pytest.mark.parametrize("action", ["set_active_state", "delete", "assign_role"])
def test_bulk_actions_on_users_are_the_security_admins(client, people, action):
    client.force_login(people["system_admin"])
    target = people["editor"]
    client.post(_bulk(action, target), {"mark_as_active": "False"})
    assert User.objects.get(pk=target.pk).is_active


def _group_form(name):
    data = {"name": name}
    for prefix in ("page_permissions", "collection_permissions", "document_permissions", "image_permissions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def test_group_changes_are_in_the_audit_log(secadmin_client, people):
    response = secadmin_client.post(reverse("wagtailusers_groups:add"), _group_form("测试组"))
    assert response.status_code == 302
    group = Group.objects.get(name="测试组")
    entry = AuditLogEntry.objects.get(action="wagtail.create", object_id=str(group.pk))
    assert entry.user == people["security_admin"] and entry.ip_address == "127.0.0.1"
