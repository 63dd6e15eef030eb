"""Lockout after repeated failed logins, through the real Wagtail admin login (GB/T 22239-2019 8.1.4.1 b)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from gongkai.accounts import services
from gongkai.accounts.forms import StaffLoginForm
from gongkai.core.models import AuditLogEntry, AuditResult
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _fail(admin_login, username, times):
    for _ in range(times):
        response = admin_login(username, "Wrong-pass-123")
        assert response.status_code == 200  # the form again, with an error


def _entries(action, username):
    return AuditLogEntry.objects.filter(action=action, username=username)


def test_login_form_is_our_staff_login_form(client, login_url):
    assert isinstance(client.get(login_url).context["form"], StaffLoginForm)


def test_right_password_logs_in_and_is_audited_with_ip(admin_login, client):
    user = UserFactory(username="alice")
    response = admin_login("alice", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    entry = _entries("accounts.user.login", "alice").get()
    assert entry.user == user and entry.ip_address == "10.1.2.3" and entry.result == AuditResult.SUCCESS


def test_each_failed_login_is_counted_exactly_once_and_audited(admin_login):
    user = UserFactory(username="bob")
    _fail(admin_login, "bob", 2)
    user.refresh_from_db()
    assert user.failed_login_count == 2
    entries = _entries("accounts.user.login_failed", "bob").order_by("id")
    assert [e.data["consecutive_failures"] for e in entries] == [1, 2]
    assert all(e.result == AuditResult.FAILURE and e.ip_address == "127.0.0.1" for e in entries)
    assert all(e.user_id is None for e in entries)  # nobody was authenticated


def test_account_locks_after_the_limit_even_with_the_right_password(admin_login, client):
    user = UserFactory(username="carol")
    _fail(admin_login, "carol", settings.LOGIN_FAILURE_LIMIT - 1)
    response = admin_login("carol", "Wrong-pass-123")
    # The failure that locks the account already says so.
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["locked"]
    user.refresh_from_db()
    assert user.is_locked
    assert user.locked_until > timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES - 1)
    assert _entries("accounts.user.locked", "carol").count() == 1

    response = admin_login("carol", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["locked"]


def test_locked_message_is_translatable_and_names_the_wait(admin_login, settings):
    UserFactory(username="dave")
    _fail(admin_login, "dave", settings.LOGIN_FAILURE_LIMIT)
    response = admin_login("dave", PASSWORD)
    (message,) = response.context["form"].non_field_errors()
    assert str(settings.LOGIN_FAILURE_LIMIT) in message and str(settings.LOGIN_LOCKOUT_MINUTES) in message
    template = StaffLoginForm.error_messages["locked"]
    assert isinstance(template, Promise)  # gettext_lazy: rendered in the user's language
    with translation.override("en"):
        assert "locked after %(limit)d failed logins" in str(template)


def test_attempts_on_a_locked_account_are_audited_but_do_not_extend_the_lock(admin_login):
    user = UserFactory(username="erin")
    _fail(admin_login, "erin", settings.LOGIN_FAILURE_LIMIT)
    user.refresh_from_db()
    locked_until, count = user.locked_until, user.failed_login_count
    admin_login("erin", PASSWORD)
    admin_login("erin", "Wrong-pass-123")
    user.refresh_from_db()
    assert user.locked_until == locked_until and user.failed_login_count == count
    refused = _entries("accounts.user.login_failed", "erin").filter(data__reason="locked")
    assert refused.count() == 2


def test_lock_expires_after_the_lockout_time(admin_login, client):
    user = UserFactory(username="frank")
    _fail(admin_login, "frank", settings.LOGIN_FAILURE_LIMIT)
    type(user).objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    # One more failure after expiry starts a fresh count instead of locking again at once.
    admin_login("frank", "Wrong-pass-123")
    user.refresh_from_db()
    assert not user.is_locked and user.failed_login_count == 1
    assert admin_login("frank", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.failed_login_count == 0 and user.locked_until is None


def test_success_resets_the_failure_count(admin_login):
    user = UserFactory(username="gina")
    _fail(admin_login, "gina", settings.LOGIN_FAILURE_LIMIT - 1)
    assert admin_login("gina", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.failed_login_count == 0


def test_unknown_user_name_is_audited_as_failed_login(admin_login):
    admin_login("nobody-here", "Whatever-123")
    entry = _entries("accounts.user.login_failed", "nobody-here").get()
    assert entry.result == AuditResult.FAILURE and entry.object_id == ""


def test_inactive_account_cannot_log_in(admin_login):
    UserFactory(username="henry", is_active=False)
    assert admin_login("henry", PASSWORD).status_code == 200
    assert _entries("accounts.user.login_failed", "henry").count() == 1


def test_security_admin_unlocks_and_it_is_audited(admin_login, people, client):
    user = UserFactory(username="ivan")
    _fail(admin_login, "ivan", settings.LOGIN_FAILURE_LIMIT)
    user.refresh_from_db()
    assert user.is_locked
    services.user_unlock(user=user, acting_user=people["security_admin"])
    user.refresh_from_db()
    assert not user.is_locked and user.failed_login_count == 0
    entry = AuditLogEntry.objects.get(action="accounts.user.unlocked")
    assert entry.user == people["security_admin"] and entry.object_id == str(user.pk)
    assert admin_login("ivan", PASSWORD).status_code == 302


def test_logout_is_audited(admin_login, client, people):
    admin_login(people["editor"].username)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert _entries("accounts.user.logout", people["editor"].username).count() == 1


def test_backend_refuses_a_locked_account_even_without_the_form(db):
    from django.contrib.auth import authenticate

    user = UserFactory(username="kim")
    type(user).objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
    assert authenticate(None, username="kim", password=PASSWORD) is None
    user.refresh_from_db()
    assert user.failed_login_count == 1  # counted once by the user_login_failed signal
