"""三员分立 complete (issue 11 §3): each administrator alone, one-time passwords, TOTP required,
history screens are audit data, first-run command, denied access audited, append-only audit table."""

import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import permissions, services
from gongkai.accounts.models import Membership, PasswordHistory, User
from gongkai.accounts.roles import ADMIN_ROLES, BUSINESS_ROLES, Role
from gongkai.core.models import AuditLogEntry, AuditResult
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fresh-Pass-2026!"
CHANGE_URL = "/admin/account/change-password/"
TWO_FACTOR_URL = "/admin/account/two-factor/"


# --- 1. An administrator holds no business role -------------------------------------------------------


@pytest.mark.parametrize("admin_role", sorted(ADMIN_ROLES))
def test_an_administrator_cannot_be_given_a_business_role(people, xiuwu, admin_role):
    with pytest.raises(ValidationError) as error:
        services.membership_grant(
            user=people[admin_role],
            bureau=xiuwu,
            role=Role.EDITOR,
            acting_user=people["security_admin"] if admin_role != Role.SECURITY_ADMIN else None,
        )
    assert "admin_business_separated" in str(error.value.error_dict) or error.value
    assert not people[admin_role].memberships.filter(role=Role.EDITOR).exists()
    refusal = AuditLogEntry.objects.get(action="accounts.membership.granted", result=AuditResult.FAILURE)
    assert refusal.data["refused"] == ["admin_business_separated"] and refusal.data["role"] == Role.EDITOR


@pytest.mark.parametrize("business_role", [Role.EDITOR, Role.REVIEWER, Role.CITY_SUPERVISOR])
def test_a_business_account_cannot_be_given_an_administrator_role(people, city, business_role):
    with pytest.raises(ValidationError):
        services.membership_grant(
            user=people[business_role], bureau=city, role=Role.SYSTEM_ADMIN, acting_user=people["security_admin"]
        )
    assert not people[business_role].memberships.filter(role=Role.SYSTEM_ADMIN).exists()


def test_the_database_refuses_an_administrator_with_a_business_role(people, xiuwu):
    sysadmin = people[Role.SYSTEM_ADMIN]
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Membership.objects.bulk_create([Membership(user=sysadmin, bureau=xiuwu, role=Role.EDITOR)])
    editor_membership = people[Role.EDITOR].memberships.get()
    # Re-activating a revoked business role of an administrator is refused too (UPDATE).
    Membership.objects.filter(pk=editor_membership.pk).update(is_active=False)
    Membership.objects.create(user=people[Role.EDITOR], bureau=xiuwu.parent, role=Role.AUDIT_ADMIN)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Membership.objects.filter(pk=editor_membership.pk).update(is_active=True)


def test_the_admin_roles_screen_refuses_a_business_role_for_an_administrator(client, people, xiuwu):
    client.force_login(people["security_admin"])
    url = reverse("wagtailusers_users:roles", args=(people["system_admin"].pk,))
    response = client.post(url, {"bureau": xiuwu.pk, "role": Role.EDITOR})
    assert response.status_code == 200
    assert "不能同时担任业务角色" in response.content.decode() or "business role" in response.content.decode()
    assert not people["system_admin"].memberships.filter(role=Role.EDITOR).exists()


# --- 2. A password set by someone else is a one-time password ---------------------------------------


def _code(device, steps_ahead=0):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def _login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password, **extra})


def test_a_password_set_by_the_security_admin_must_be_changed_at_next_login(people, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    auditadmin = people["audit_admin"]
    services.user_update(user=auditadmin, acting_user=people["security_admin"], changes={}, password="Set-By-Sec-1")
    auditadmin.refresh_from_db()
    assert auditadmin.must_change_password
    client = Client()
    assert _login(client, auditadmin.username, "Set-By-Sec-1").status_code == 302
    # Nothing else before the change: admin pages, the audit log, the API.
    for url in ("/admin/", reverse("gongkai_audit_log:index"), TWO_FACTOR_URL):
        response = client.get(url)
        assert response.status_code == 302 and response.url == CHANGE_URL, url
    api = client.get("/api/v1/records/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    # The old one-time password cannot be kept.
    response = client.post(
        CHANGE_URL, {"old_password": "Set-By-Sec-1", "new_password1": "Set-By-Sec-1", "new_password2": "Set-By-Sec-1"}
    )
    assert response.status_code == 200 and not User.objects.get(pk=auditadmin.pk).check_password(NEW_PASSWORD)
    response = client.post(
        CHANGE_URL, {"old_password": "Set-By-Sec-1", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    auditadmin.refresh_from_db()
    assert not auditadmin.must_change_password and auditadmin.check_password(NEW_PASSWORD)
    # Next: the administrator must enroll an authenticator before anything else.
    assert client.get("/admin/").url == TWO_FACTOR_URL


def test_accounts_created_by_the_security_admin_start_with_a_one_time_password(people):
    user = services.user_create(
        acting_user=people["security_admin"], username="newbie", password="Initial-Pass-1", full_name="新人"
    )
    assert user.must_change_password
    entry = AuditLogEntry.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert entry.data["one_time_password"] is True


def test_none_of_the_last_five_passwords_can_be_chosen_again(db, settings):
    user = UserFactory(username="cycler")
    passwords = [f"Cycle-Pass-{n}x" for n in range(6)]
    for password in passwords:
        user.set_password(password)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == settings.PASSWORD_HISTORY_COUNT
    from django.contrib.auth.password_validation import validate_password

    for recent in passwords[-5:]:
        with pytest.raises(ValidationError) as error:
            validate_password(recent, user)
        assert "password_reused" in [e.code for e in error.value.error_list]
    validate_password(passwords[0], user)  # the sixth-last is allowed again


def test_an_expired_password_must_be_changed(client, people, settings):
    editor = people["editor"]
    User.objects.filter(pk=editor.pk).update(
        password_changed_at=timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    )
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == CHANGE_URL
    assert "expired" in client.get(CHANGE_URL).content.decode() or "过期" in client.get(CHANGE_URL).content.decode()


# --- 3. History screens are audit data ----------------------------------------------------------------


def _history_urls():
    found = []

    def walk(resolver, prefix="", namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), inner or namespace)
            elif pattern.name in ("history", "history_results", "site_history", "site_history_results"):
                found.append(f"{namespace}:{pattern.name}")

    walk(get_resolver())
    return sorted(set(found))


def test_every_history_screen_is_listed():
    urls = _history_urls()
    assert "wagtailsnippets_organizations_bureau:history" in urls and "wagtailadmin_pages:history" in urls
    assert "wagtailadmin_reports:site_history" in urls and len(urls) >= 16


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "editor", "leader", "city_supervisor"])
def test_only_the_audit_admin_reads_history_screens(client, people, city, role):
    client.force_login(people[role])
    for name in _history_urls():
        url = reverse(name) if "site_history" in name else reverse(name, args=(city.pk,))
        response = client.get(url)
        assert response.status_code == 403, (name, response.status_code)
    denied = AuditLogEntry.objects.filter(action="accounts.access.denied", user=people[role])
    assert denied.count() == len(_history_urls())
    assert denied.filter(data__path=f"/admin/snippets/organizations/bureau/history/{city.pk}/").exists()


def test_the_audit_admin_passes_the_history_guard(client, people, city):
    client.force_login(people["audit_admin"])
    response = client.get(f"/admin/snippets/organizations/bureau/history/{city.pk}/")
    assert (
        response.status_code != 403
        or not AuditLogEntry.objects.filter(action="accounts.access.denied", data__action="core.view_audit").exists()
    )
    assert client.get(reverse("wagtailadmin_reports:site_history")).url.startswith("/admin/audit-log/")


# --- 4. TOTP is required for the three administrators -------------------------------------------------


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_an_administrator_without_an_authenticator_must_enroll_before_anything_else(people, role, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    assert _login(client, people[role].username).status_code == 302
    for url in ("/admin/", "/admin/users/", "/admin/audit-log/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == TWO_FACTOR_URL
    assert client.get("/api/v1/records/").json()["code"] == "two_factor_required"
    client.get(TWO_FACTOR_URL)
    device = TOTPDevice.objects.get(user=people[role], confirmed=False)
    client.post(TWO_FACTOR_URL, {"action": "confirm", "token": _code(device)})
    assert client.get("/admin/").status_code == 200
    # The next login needs the code.
    other = Client()
    response = _login(other, people[role].username)
    assert response.status_code == 200 and "otp_required" in [
        e.code for e in response.context["form"].non_field_errors().as_data()
    ]
    assert _login(other, people[role].username, otp_token=_code(device, 1)).status_code == 302


def test_business_roles_are_not_asked_for_an_authenticator(people):
    client = Client()
    _login(client, people["editor"].username)
    assert client.get("/admin/").status_code == 200


# --- 5. First run -----------------------------------------------------------------------------------


def test_init_admins_creates_three_separate_administrators_with_one_time_passwords(city):
    out = io.StringIO()
    call_command("init_admins", stdout=out)
    text = out.getvalue()
    for username, role in (("sysadmin", "system_admin"), ("secadmin", "security_admin"), ("auditadmin", "audit_admin")):
        user = User.objects.get(username=username)
        assert user.must_change_password and not user.is_superuser
        assert set(user.memberships.values_list("role", flat=True)) == {role}
        password = re.search(rf"^\s*{username}\s+\S+\s+(\S+)$", text, re.M).group(1)
        assert user.check_password(password)
    with pytest.raises(CommandError, match="init_admins"):  # "…已存在：init_admins 只在全新安装时运行。"
        call_command("init_admins", stdout=io.StringIO())


def test_init_admins_creates_the_city_on_an_empty_database(db):
    from gongkai.organizations.models import Bureau

    with pytest.raises(CommandError, match="--city-code"):
        call_command("init_admins", stdout=io.StringIO())
    call_command(
        "init_admins",
        "--city-code",
        "jiaozuo",
        "--city-name",
        "焦作市应急管理局",
        "--division-code",
        "410800",
        stdout=io.StringIO(),
    )
    city = Bureau.objects.get(code="jiaozuo")
    assert Membership.objects.filter(bureau=city, role__in=ADMIN_ROLES).count() == 3


def test_createsuperuser_is_not_the_way_in(db):
    with pytest.raises(CommandError, match="init_admins"):
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "r@example.org")
    assert not User.objects.filter(is_superuser=True).exists()


# --- 6. The security administrator's account forms -----------------------------------------------------


def test_the_user_forms_render_username_full_name_and_phone(client, people):
    client.force_login(people["security_admin"])
    for url in (reverse("wagtailusers_users:add"), reverse("wagtailusers_users:edit", args=(people["editor"].pk,))):
        html = client.get(url).content.decode()
        for field in ("username", "full_name", "phone", "email"):
            assert f'name="{field}"' in html, (url, field)
    html = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="password1"' in html and 'name="is_superuser"' not in html


def test_the_security_admin_creates_a_user_through_the_form(client, people):
    client.force_login(people["security_admin"])
    data = {
        "username": "form-made",
        "full_name": "表单用户",
        "email": "form@example.org",
        "phone": "0391-1234567",
        "is_active": "on",
        "password1": "Form-Pass-2026",
        "password2": "Form-Pass-2026",
    }
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="form-made")
    assert (user.full_name, user.phone, user.must_change_password) == ("表单用户", "0391-1234567", True)
    edit = client.post(
        reverse("wagtailusers_users:edit", args=(user.pk,)),
        {
            "username": "form-made",
            "full_name": "改名",
            "email": "form@example.org",
            "phone": "0391-7654321",
            "is_active": "on",
        },
    )
    assert edit.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("改名", "0391-7654321")


# --- 7. Denied access is audited; the audit table is append-only ----------------------------------------


def test_a_denied_admin_screen_is_audited_with_user_and_path(client, people):
    client.force_login(people["editor"])
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code in (302, 403)
    entry = AuditLogEntry.objects.get(action="accounts.access.denied")
    assert entry.user == people["editor"] and entry.data["path"] == "/admin/users/"
    assert entry.result == AuditResult.FAILURE


def test_a_denied_service_call_is_audited_with_the_action_and_object(people):
    with pytest.raises(PermissionDenied):
        services.user_update(
            user=people["audit_admin"], acting_user=people["system_admin"], changes={}, password="X-y-1234"
        )
    entry = AuditLogEntry.objects.get(action="accounts.access.denied")
    assert entry.user == people["system_admin"] and entry.data["action"] == "accounts.manage_user"
    assert entry.object_id == str(people["audit_admin"].pk)
    assert not User.objects.get(pk=people["audit_admin"].pk).must_change_password


def test_a_denied_api_call_is_audited(client, people, xiuwu):
    """Refused by a service (permissions.require) inside an API view: audited with the action and object."""
    client.force_login(people["city_supervisor"])  # may read the county's guide, not change it
    response = client.put(
        f"/api/v1/staff/bureaus/{xiuwu.code}/guide/", {"body": "<p>x</p>"}, content_type="application/json"
    )
    assert response.status_code == 403
    entry = AuditLogEntry.objects.get(action="accounts.access.denied")
    assert entry.user == people["city_supervisor"] and entry.data["action"] == "portal.change_guide"
    assert entry.data["path"] == f"/api/v1/staff/bureaus/{xiuwu.code}/guide/" and entry.data["status"] == 403


def test_an_anonymous_api_call_refused_by_drf_is_audited(client, xiuwu):
    assert client.get(f"/api/v1/staff/bureaus/{xiuwu.code}/guide/").status_code == 403
    entry = AuditLogEntry.objects.get(action="accounts.access.denied")
    assert entry.user is None and entry.data["path"] == f"/api/v1/staff/bureaus/{xiuwu.code}/guide/"


def test_raw_sql_cannot_delete_or_change_audit_records(people):
    services.user_unlock(user=people["editor"], acting_user=people["security_admin"])
    table = AuditLogEntry._meta.db_table
    for statement in (f"DELETE FROM {table}", f"UPDATE {table} SET action = 'x'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditLogEntry.objects.filter(action="accounts.user.unlocked").exists()


def test_permission_module_is_what_the_gate_asks(people):
    assert all(permissions.totp_required(people[r]) for r in ADMIN_ROLES)
    assert not any(permissions.totp_required(people[r]) for r in BUSINESS_ROLES)


def test_a_screen_probing_which_actions_to_offer_writes_no_denial(client, people, xiuwu, supervisor):
    """The FOI detail screen asks the workflow which actions the user may take (refusals caught): no denial."""
    from tests.foi_requests.test_admin import detail_url, make

    foi = make(xiuwu)
    client.force_login(supervisor)  # reads the county's requests, may act on none
    assert client.get(detail_url(foi)).status_code == 200
    assert not AuditLogEntry.objects.filter(action="accounts.access.denied").exists()
