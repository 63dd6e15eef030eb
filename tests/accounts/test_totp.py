"""Optional TOTP second factor for the administrator roles (django-otp), with real codes."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import services
from gongkai.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db

TWO_FACTOR_URL = "/admin/account/two-factor/"


def code(device, steps_ahead=0):
    """The code an authenticator app shows (steps_ahead=1: the next 30 s window, to avoid replay refusal)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def enrolled(people, admin_login, client):
    """The security administrator with a confirmed authenticator, enrolled through the admin screen."""
    user = people["security_admin"]
    assert admin_login(user.username).status_code == 302
    page = client.get(TWO_FACTOR_URL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(TWO_FACTOR_URL, {"action": "confirm", "token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return user, device


def test_enrollment_page_shows_qr_code_and_otpauth_uri(people, admin_login, client):
    admin_login(people["audit_admin"].username)
    response = client.get(TWO_FACTOR_URL)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=people["audit_admin"])
    assert not device.confirmed
    assert "<svg" in html and 'role="img"' in html
    uri = response.context["otpauth_uri"]
    assert uri.startswith("otpauth://totp/") and f"secret={response.context['secret']}" in uri
    assert "issuer=" in uri and people["audit_admin"].username in uri
    # Reloading the page does not create a second pending device.
    client.get(TWO_FACTOR_URL)
    assert TOTPDevice.objects.filter(user=people["audit_admin"]).count() == 1


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_may_enroll(people, client, role):
    client.force_login(people[role])
    assert client.get(TWO_FACTOR_URL).status_code == 200


@pytest.mark.parametrize("role", ["editor", "reviewer", "leader", "gov_reviewer", "city_supervisor"])
def test_business_roles_are_not_offered_enrollment(people, client, role):
    client.force_login(people[role])
    response = client.get(TWO_FACTOR_URL)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with an error message.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert TWO_FACTOR_URL not in account


def test_account_page_links_admins_to_enrollment(people, client):
    client.force_login(people["system_admin"])
    assert TWO_FACTOR_URL in client.get(reverse("wagtailadmin_account")).content.decode()


def test_wrong_code_does_not_confirm(people, admin_login, client):
    admin_login(people["system_admin"].username)
    client.get(TWO_FACTOR_URL)
    response = client.post(TWO_FACTOR_URL, {"action": "confirm", "token": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=people["system_admin"], confirmed=True).exists()


def test_enrollment_keeps_the_current_session_and_is_audited(enrolled, client):
    user, _device = enrolled
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert AuditLogEntry.objects.filter(action="accounts.user.totp_enrolled", user=user, result="success").exists()


def test_login_then_requires_the_code(enrolled, admin_login):
    user, device = enrolled
    other = Client()
    response = admin_login(user.username, c=other)
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["otp_required"]
    response = admin_login(user.username, otp_token="123456" if code(device, 1) != "123456" else "654321", c=other)
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["otp_invalid"]
    response = admin_login(user.username, otp_token=code(device, 1), c=other)
    assert response.status_code == 302
    assert other.get(reverse("wagtailadmin_home")).status_code == 200
    reasons = list(
        AuditLogEntry.objects.filter(action="accounts.user.login_failed", username=user.username)
        .order_by("id")
        .values_list("data__reason", flat=True)
    )
    assert reasons == ["otp_required", "otp_invalid"]


def test_a_used_code_cannot_be_replayed(enrolled, admin_login):
    user, device = enrolled
    token = code(device, 1)
    assert admin_login(user.username, otp_token=token, c=Client()).status_code == 302
    assert admin_login(user.username, otp_token=token, c=Client()).status_code == 200


def test_wrong_codes_count_towards_the_lockout(enrolled, admin_login, settings):
    user, device = enrolled
    other = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        admin_login(user.username, otp_token="999999" if code(device, 1) != "999999" else "888888", c=other)
    user.refresh_from_db()
    assert user.failed_login_count == settings.LOGIN_FAILURE_LIMIT
    # This source is now stopped for this account, even with the right password and code.
    assert admin_login(user.username, otp_token=code(device, 1), c=other).status_code == 200
    last = AuditLogEntry.objects.filter(action="accounts.user.login_failed", username=user.username).first()
    assert last.data["reason"] == "source_throttled"


def test_session_opened_before_enrollment_is_logged_out(people, admin_login):
    user = people["security_admin"]
    early = Client()
    admin_login(user.username, c=early)
    # An administrator without an authenticator is held at the enrollment page.
    assert early.get(reverse("wagtailadmin_home")).url == TWO_FACTOR_URL
    assert early.get(TWO_FACTOR_URL).status_code == 200
    device = services.totp_device_start(acting_user=user)
    assert services.totp_device_confirm(acting_user=user, token=code(device)) is not None
    response = early.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    # The staff API also sees an anonymous user from that session now.
    assert early.get("/api/v1/staff/bureaus/testcity/guide/").status_code == 403


def test_user_removes_own_authenticator_with_a_code(enrolled, client):
    user, device = enrolled
    response = client.post(TWO_FACTOR_URL, {"action": "remove", "token": code(device, 1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditLogEntry.objects.filter(action="accounts.user.totp_removed", result="success").exists()


def test_security_admin_resets_another_admins_authenticator(people, client):
    target = people["audit_admin"]
    device = services.totp_device_start(acting_user=target)
    services.totp_device_confirm(acting_user=target, token=code(device))
    client.force_login(people["security_admin"])
    url = reverse("wagtailusers_users:totp_reset", args=(target.pk,))
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert AuditLogEntry.objects.filter(action="accounts.user.totp_reset", object_id=str(target.pk)).exists()


def test_secret_is_not_in_the_page_after_enrollment(enrolled, client):
    _user, device = enrolled
    html = client.get(TWO_FACTOR_URL).content.decode()
    assert not re.search(r"secret=", html)
    assert 'name="action" value="remove"' in html


def test_login_page_offers_the_one_time_code_field(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert 'name="otp_token"' in html and 'autocomplete="one-time-code"' in html
