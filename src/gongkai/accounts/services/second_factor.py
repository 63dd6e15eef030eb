"""The TOTP second factor: enrolling and removing one's own authenticator (a current code proves
possession), and the security administrator's reset of another user's (lost phone). Every
attempt is audited, a wrong code as a failure.
"""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import audit
from gongkai.core.models import AuditResult

from .. import permissions
from ..models import User
from .users import _refuse_self


def _audit_own(acting_user: User, action: str, request, *, ok: bool = True) -> None:
    """An enrolment or removal of one's own authenticator; a success also forgets the cached answer
    to "has this user a device?"."""
    if ok and hasattr(acting_user, "_gongkai_has_totp"):
        del acting_user._gongkai_has_totp
    result = AuditResult.SUCCESS if ok else AuditResult.FAILURE
    audit.record(action, user=acting_user, instance=acting_user, request=request, result=result)


def totp_device_start(*, acting_user: User) -> TOTPDevice:
    """The unconfirmed device an administrator is enrolling (created on first call)."""
    permissions.require(acting_user, "accounts.enroll_totp")
    device = TOTPDevice.objects.filter(user=acting_user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=acting_user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, acting_user: User, token: str, request=None) -> TOTPDevice | None:
    """Confirm the enrolling device with a code from the app. Returns the device, or None if wrong."""
    device = totp_device_start(acting_user=acting_user)
    if not device.verify_token((token or "").strip()):
        _audit_own(acting_user, "accounts.user.totp_enrolled", request, ok=False)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    _audit_own(acting_user, "accounts.user.totp_enrolled", request)
    return device


@transaction.atomic
def totp_device_remove(*, acting_user: User, token: str, request=None) -> bool:
    """Remove one's own authenticator; a current code proves possession."""
    from ..totp import verify_token

    if verify_token(acting_user, (token or "").strip()) is None:
        _audit_own(acting_user, "accounts.user.totp_removed", request, ok=False)
        return False
    TOTPDevice.objects.filter(user=acting_user).delete()
    _audit_own(acting_user, "accounts.user.totp_removed", request)
    return True


@transaction.atomic
def totp_reset(*, user: User, acting_user: User, request=None) -> None:
    """The security administrator removes a user's authenticator (lost phone)."""
    permissions.require(acting_user, "accounts.reset_totp", user)
    _refuse_self(acting_user, user)
    TOTPDevice.objects.filter(user=user).delete()
    audit.record("accounts.user.totp_reset", user=acting_user, instance=user, request=request)
