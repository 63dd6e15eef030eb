"""Password rules (GB/T 22239-2019 8.1.4.1 a) and the idle session timeout (8.1.4.1 b)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.core.models import AuditLogEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password, code",
    [
        ("Ab1!", "password_too_short"),
        ("alllowercaseletters", "password_too_simple"),
        ("lowercase123", "password_too_simple"),  # two classes only
        ("84736251937", "password_entirely_numeric"),
        ("Password1", "password_too_common"),
        ("zhangwei-Li9", "password_too_similar"),
    ],
)
def test_weak_passwords_are_rejected(password, code):
    user = User(username="zhangwei-li", full_name="zhangwei")
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user)
    assert code in [e.code for e in excinfo.value.error_list]


@pytest.mark.parametrize("password", ["Gk-2026-river", "mountain9CLOUD", "汉字Pass2026"])
def test_passwords_with_three_character_classes_are_accepted(password):
    validate_password(password, User(username="someone"))


def test_password_rules_are_configured():
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "MinimumLengthValidator" in names and "CharacterClassValidator" in names
    assert settings.PASSWORD_MIN_LENGTH >= 8


def test_password_change_is_recorded_and_audited(db):
    user = UserFactory(username="pw-user")
    before = AuditLogEntry.objects.filter(action="accounts.user.password_changed").count()
    user.set_password("New-pass-2026")
    user.save()
    user.refresh_from_db()
    assert user.password_changed_at is not None
    assert AuditLogEntry.objects.filter(action="accounts.user.password_changed").count() == before + 1


def test_password_hash_upgrade_is_not_a_password_change(db, settings):
    user = UserFactory(username="rehash")
    changed_at = User.objects.get(pk=user.pk).password_changed_at
    # A new preferred hasher: check_password upgrades the stored hash silently.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    count = AuditLogEntry.objects.filter(action="accounts.user.password_changed").count()
    assert user.check_password(PASSWORD)
    assert User.objects.get(pk=user.pk).password.startswith("pbkdf2_")
    assert AuditLogEntry.objects.filter(action="accounts.user.password_changed").count() == count
    assert User.objects.get(pk=user.pk).password_changed_at == changed_at


def test_idle_timeout_is_at_most_thirty_minutes_and_sliding():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_extends_the_session(client, people, admin_login):
    admin_login(people["editor"].username)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session.refresh_from_db()
    remaining = session.expire_date - timezone.now()
    assert (
        timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
        < remaining
        <= timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )


def test_an_idle_session_is_logged_out(client, people, admin_login):
    admin_login(people["editor"].username)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # Nothing happened for longer than the idle timeout.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_changing_own_password_on_the_account_page_is_validated_and_audited(client, people):
    from django.test import Client

    user = people["editor"]
    User.objects.filter(pk=user.pk).update(email="editor@example.org")
    client.force_login(user)
    url = reverse("wagtailadmin_account")
    current = {}
    for panels in client.get(url).context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            for name, field in form.fields.items():
                if field.widget.needs_multipart_form:
                    continue  # the avatar upload
                value = form[name].value()
                if isinstance(value, bool):
                    if value:
                        current[form.add_prefix(name)] = "on"
                elif value is not None and not hasattr(value, "read"):
                    current[form.add_prefix(name)] = value
    # Wagtail's account page insists on first and last name (Gongkai keeps one full_name).
    current.update({"name_email-first_name": "三", "name_email-last_name": "张"})
    weak = {
        **current,
        "password-old_password": PASSWORD,
        "password-new_password1": "weakweak",
        "password-new_password2": "weakweak",
    }
    client.post(url, weak)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    strong = {**weak, "password-new_password1": "Better-pass-2026", "password-new_password2": "Better-pass-2026"}
    assert client.post(url, strong).status_code == 302
    user.refresh_from_db()
    assert user.check_password("Better-pass-2026")
    entry = AuditLogEntry.objects.filter(action="accounts.user.password_changed", object_id=str(user.pk)).latest("id")
    assert entry.user == user and entry.ip_address == "127.0.0.1"
    assert (
        Client()
        .post(reverse("wagtailadmin_login"), {"username": user.username, "password": "Better-pass-2026"})
        .status_code
        == 302
    )
