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


def _codes(response):
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


def test_a_source_is_stopped_after_the_limit_even_with_the_right_password(admin_login, client):
    UserFactory(username="carol")
    _fail(admin_login, "carol", settings.LOGIN_FAILURE_LIMIT)
    response = admin_login("carol", PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert _codes(response) == ["invalid_login"]
    refused = _entries("accounts.user.login_failed", "carol").filter(data__reason="source_throttled")
    assert refused.count() == 1


def test_a_flood_from_one_address_cannot_lock_the_real_user_out_from_another(admin_login, client, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = settings.LOGIN_FAILURE_LIMIT + 1
    user = UserFactory(username="secadmin-like")
    for _ in range(settings.LOGIN_FAILURE_LIMIT * 4):
        admin_login("secadmin-like", "Wrong-pass-123", REMOTE_ADDR="203.0.113.9")
    user.refresh_from_db()
    # The attacker's address is stopped after LOGIN_FAILURE_LIMIT; refused attempts are not counted.
    assert user.failed_login_count == settings.LOGIN_FAILURE_LIMIT and not user.is_locked
    assert admin_login("secadmin-like", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_failures_from_many_addresses_pause_the_account(admin_login, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    user = UserFactory(username="dave")
    for i in range(6):
        admin_login("dave", "Wrong-pass-123", REMOTE_ADDR=f"203.0.113.{i + 1}")
    user.refresh_from_db()
    assert user.is_locked
    assert user.locked_until <= timezone.now() + timedelta(minutes=settings.LOGIN_ACCOUNT_PAUSE_MINUTES)
    assert _entries("accounts.user.locked", "dave").count() == 1
    response = admin_login("dave", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200 and _codes(response) == ["invalid_login"]


def test_one_address_trying_many_names_is_stopped(admin_login, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 4
    UserFactory(username="zoe")
    for i in range(4):
        admin_login(f"guess{i}", "Wrong-pass-123", REMOTE_ADDR="203.0.113.50")
    response = admin_login("zoe", PASSWORD, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 200 and _codes(response) == ["invalid_login"]
    assert _entries("accounts.user.login_failed", "zoe").get().data["reason"] == "ip_throttled"
    assert admin_login("zoe", PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_unknown_known_and_stopped_names_get_the_same_message(admin_login):
    UserFactory(username="erin")
    unknown = admin_login("nobody-at-all", "Wrong-pass-123")
    known = admin_login("erin", "Wrong-pass-123")
    _fail(admin_login, "erin", settings.LOGIN_FAILURE_LIMIT)
    stopped = admin_login("erin", PASSWORD)
    _fail(admin_login, "nobody-at-all", settings.LOGIN_FAILURE_LIMIT)
    stopped_unknown = admin_login("nobody-at-all", PASSWORD)
    messages = {tuple(r.context["form"].non_field_errors()) for r in (unknown, known, stopped, stopped_unknown)}
    assert len(messages) == 1
    (message,) = messages.pop()
    assert str(settings.LOGIN_LOCKOUT_MINUTES) in message
    template = StaffLoginForm.error_messages["invalid_login"]
    assert isinstance(template, Promise)  # gettext_lazy: rendered in the user's language
    with translation.override("en"):
        assert "logins are paused after repeated failures" in str(template)


def test_a_refused_attempt_runs_the_password_hasher_like_any_other(admin_login, monkeypatch):
    """Same timing path: the refused attempt costs one password hash, as a wrong password does."""
    from django.contrib.auth import hashers

    UserFactory(username="fay")
    _fail(admin_login, "fay", settings.LOGIN_FAILURE_LIMIT)
    calls = []
    original = hashers.MD5PasswordHasher.encode
    monkeypatch.setattr(hashers.MD5PasswordHasher, "encode", lambda self, *a: calls.append(1) or original(self, *a))
    admin_login("fay", PASSWORD)
    assert calls


def test_attempts_on_a_paused_account_are_audited_but_do_not_extend_the_pause(admin_login):
    user = UserFactory(username="erin2")
    type(user).objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
    user.refresh_from_db()
    locked_until, count = user.locked_until, user.failed_login_count
    admin_login("erin2", PASSWORD)
    admin_login("erin2", "Wrong-pass-123")
    user.refresh_from_db()
    assert user.locked_until == locked_until and user.failed_login_count == count
    refused = _entries("accounts.user.login_failed", "erin2").filter(data__reason="locked")
    assert refused.count() == 2


def test_lock_expires_after_the_pause(admin_login, client):
    user = UserFactory(username="frank")
    type(user).objects.filter(pk=user.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1), failed_login_count=20
    )
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
    type(user).objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
    user.refresh_from_db()
    assert user.is_locked and admin_login("ivan", PASSWORD).status_code == 200
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
    assert user.failed_login_count == 0  # audited by the user_login_failed signal, not counted
    assert _entries("accounts.user.login_failed", "kim").get().data["reason"] == "locked"
