"""ASVS 2.2.3: a staff member is told by email, through the one mail path, after their account was paused
by failed logins and after their password changed; each notice is audited (`accounts.user.notified`)."""

import pytest
from django.core import mail

from gongkai.accounts import services
from gongkai.accounts.models import User
from gongkai.core.models import AuditLogEntry, AuditResult
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notices(user):
    return AuditLogEntry.objects.filter(action="accounts.user.notified", object_id=str(user.pk))


def test_the_user_is_emailed_after_their_account_is_paused(settings, django_capture_on_commit_callbacks):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    user = UserFactory(username="paused", email="paused@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.login_failed(username="paused")
    user.refresh_from_db()
    assert user.is_locked
    (message,) = mail.outbox
    assert message.to == ["paused@example.com"]
    assert "paused" in message.body and "暂停" in message.subject  # the site language (zh-hans)
    (entry,) = _notices(user)
    assert entry.result == AuditResult.SUCCESS
    assert entry.data == {"kind": "locked", "sent_to": "pa***@example.com", "sent": True}


def test_the_user_is_emailed_after_a_password_change_and_never_sees_the_password(django_capture_on_commit_callbacks):
    user = UserFactory(username="changer", email="changer@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("New-secret-pass-2026!")
        user.save()
    (message,) = mail.outbox
    assert message.to == ["changer@example.com"] and "New-secret-pass-2026!" not in message.body
    assert "密码" in message.subject
    assert _notices(user).get().data["kind"] == "password_changed"


def test_a_one_time_password_set_by_the_security_admin_is_notified_too(django_capture_on_commit_callbacks):
    user = UserFactory(username="reset-me", email="reset@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        user.set_one_time_password("One-time-pass-2026!")
        user.save()
    assert [m.to for m in mail.outbox] == [["reset@example.com"]]


def test_an_account_without_email_gets_an_audited_failure_not_an_error(django_capture_on_commit_callbacks):
    user = UserFactory(username="no-mail", email="")
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("Another-pass-2026!")
        user.save()
    entry = _notices(user).get()
    assert entry.result == AuditResult.FAILURE and entry.data["reason"] == "no_email" and not entry.data["sent"]


def test_a_new_account_and_a_plain_failed_login_send_nothing(django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.create_user("fresh", email="fresh@example.com", password="Fresh-pass-2026!")  # as user_create
        services.login_failed(username="fresh")
    assert mail.outbox == []
