"""Account use cases: login bookkeeping, lockout, unlock, accounts, role grants, TOTP.

Every function that an administrator triggers takes `acting_user`, asks the permission
module and writes an audit record. Login bookkeeping is driven by Django's auth signals
(see signals.py) and by the login form, so a failed login is counted exactly once.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import audit
from gongkai.core.models import AuditResult

from . import permissions
from .models import Membership, User

# Why a login failed (kept in the audit record's data).
REASON_CREDENTIALS = "credentials"
REASON_LOCKED = "locked"
REASON_OTP_REQUIRED = "otp_required"
REASON_OTP_INVALID = "otp_invalid"
REASON_SOURCE_THROTTLED = "source_throttled"  # too many failures for this user name from this address
REASON_IP_THROTTLED = "ip_throttled"  # too many failures from this address, any user name
# Failures that count towards the throttles (refused attempts do not: a lock never grows by itself).
COUNTED_REASONS = (REASON_CREDENTIALS, REASON_OTP_REQUIRED, REASON_OTP_INVALID)


# --- Login bookkeeping -------------------------------------------------------------------
#
# Three limits (GB/T 22239-2019 8.1.4.1 b; ASVS 2.2.1), counted in the database from the audit records
# of failed logins, so they hold across worker processes (docs/security/administrators.md):
# 1. per address: LOGIN_IP_FAILURE_LIMIT failures in LOGIN_IP_WINDOW_MINUTES stop every login from it;
# 2. per user name and address: LOGIN_FAILURE_LIMIT failures stop that name from that address for
#    LOGIN_LOCKOUT_MINUTES (known and unknown names alike, so the answer reveals nothing);
# 3. per account, across addresses: LOGIN_ACCOUNT_FAILURE_LIMIT failures pause the account for
#    LOGIN_ACCOUNT_PAUSE_MINUTES. A flood from one address stops at limit 2 and never reaches it, so it
#    cannot lock the real user out from another address. The security administrator can unlock.


def _counted_failures(**filters):
    from gongkai.core.models import AuditLogEntry

    return AuditLogEntry.objects.filter(
        action="accounts.user.login_failed", data__reason__in=COUNTED_REASONS, **filters
    )


def login_refusal(*, username: str, request=None) -> str | None:
    """Why this attempt is refused before its password is tried (a throttle reason), or None."""
    ip = audit.client_ip(request)
    now = timezone.now()
    if ip is not None:
        window = now - timedelta(minutes=settings.LOGIN_IP_WINDOW_MINUTES)
        if _counted_failures(ip_address=ip, timestamp__gte=window).count() >= settings.LOGIN_IP_FAILURE_LIMIT:
            return REASON_IP_THROTTLED
    since = now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    reset_at = User.objects.filter(username=username).values_list("failures_reset_at", flat=True).first()
    if reset_at is not None and reset_at > since:
        since = reset_at
    failures = _counted_failures(username=username or "", ip_address=ip, timestamp__gt=since).count()
    return REASON_SOURCE_THROTTLED if failures >= settings.LOGIN_FAILURE_LIMIT else None


def _audit_login_failure(*, user, username: str, request, **data) -> None:
    """One failed or refused login attempt (`data["reason"]` says which; the throttles count some reasons)."""
    audit.record(
        "accounts.user.login_failed",
        instance=user,
        username=username or "",
        request=request,
        result=AuditResult.FAILURE,
        data=data,
    )


def login_refused(*, username: str, reason: str, request=None) -> None:
    """An attempt refused by a throttle: audited, not counted."""
    user = User.objects.filter(username=username).first() if username else None
    _audit_login_failure(user=user, username=username, request=request, reason=reason)


def login_succeeded(*, user: User, request=None) -> None:
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None, failures_reset_at=now)
    user.failed_login_count, user.locked_until, user.failures_reset_at = 0, None, now
    audit.record("accounts.user.login", user=user, instance=user, request=request)


def login_failed(*, username: str, request=None, reason: str = REASON_CREDENTIALS) -> None:
    """Count one failed login; pause the account after LOGIN_ACCOUNT_FAILURE_LIMIT failures (all sources).

    Called once per failed attempt: by the `user_login_failed` signal (wrong password, unknown
    or locked account at the backend) or by the login form (missing or wrong one-time code).
    An attempt on a paused account is audited but not counted.
    """
    user = User.objects.filter(username=username).first() if username else None
    if user is None:
        _audit_login_failure(user=None, username=username, request=request, reason=reason)
        return
    if user.is_locked:
        _audit_login_failure(
            user=user,
            username=username,
            request=request,
            reason=REASON_LOCKED,
            locked_until=user.locked_until.isoformat(),
        )
        return
    with transaction.atomic():
        now = timezone.now()
        # A lock that has run out starts a fresh count.
        User.objects.filter(pk=user.pk, locked_until__lte=now).update(failed_login_count=0, locked_until=None)
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        _audit_login_failure(
            user=user,
            username=username,
            request=request,
            reason=reason,
            consecutive_failures=user.failed_login_count,
        )
        if user.failed_login_count >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT and not user.is_locked:
            locked_until = now + timedelta(minutes=settings.LOGIN_ACCOUNT_PAUSE_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=locked_until)
            user.locked_until = locked_until
            audit.record(
                "accounts.user.locked",
                instance=user,
                username=username,
                request=request,
                result=AuditResult.FAILURE,
                data={"locked_until": locked_until.isoformat(), "consecutive_failures": user.failed_login_count},
            )


def logged_out(*, user: User, request=None) -> None:
    audit.record("accounts.user.logout", user=user, instance=user, request=request)


# --- Accounts (the security administrator) -------------------------------------------------


def _refuse_self(acting_user, user) -> None:
    # No administrator changes their own roles or lock: someone else must (三员分立, no self-elevation).
    if acting_user is not None and user is not None and acting_user.pk == user.pk:
        raise PermissionDenied(_("You cannot change your own roles or account status."))


def user_create(
    *,
    acting_user: User | None,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    is_active: bool = True,
    request=None,
) -> User:
    """Create a staff account (no roles yet; see membership_grant). None = bootstrap/demo.

    A password chosen by an administrator (or by init_admins) is a one-time password: the account
    must change it at its first login.
    """
    if acting_user is not None:
        permissions.require(acting_user, "accounts.manage_user")
    with transaction.atomic():
        user = User(
            username=username, full_name=full_name, email=email, phone=phone, is_staff=True, is_active=is_active
        )
        validate_password(password, user)
        user.set_one_time_password(password, set_by=acting_user)
        user.save()
        audit.record(
            "accounts.user.created",
            user=acting_user,
            instance=user,
            request=request,
            data={
                "username": username,
                "full_name": full_name,
                "is_active": is_active,
                "one_time_password": True,
                "changes": {f: [None, getattr(user, f)] for f in ("username", *_EDITABLE_FIELDS)},
            },
        )
    return user


def is_applicant_account(user) -> bool:
    """A member of the public with an account (to follow their own requests): never staff."""
    return bool(getattr(user, "is_authenticated", False)) and not user.is_staff


@transaction.atomic
def applicant_signup(*, email: str, password: str, full_name: str, phone: str = "", request=None) -> User:
    """Create a public applicant account: the e-mail address is the user name; no roles, no admin access."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User(username=email, email=email, full_name=full_name, phone=phone, is_staff=False)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record("accounts.applicant.signup", user=user, instance=user, request=request, data={"username": email})
    return user


_EDITABLE_FIELDS = ("full_name", "email", "phone", "is_active")


def user_update(*, user: User, acting_user: User, changes: dict, password: str = "", request=None) -> User:
    """Change an account's details (and optionally set a one-time password). Audited with before/after."""
    permissions.require(acting_user, "accounts.manage_user", user)
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    if "is_active" in changes and changes["is_active"] != user.is_active:
        _refuse_self(acting_user, user)
    with transaction.atomic():
        before = {field: getattr(user, field) for field in changes}
        for field, value in changes.items():
            setattr(user, field, value)
        if password:
            validate_password(password, user)
            # Nobody sets a password that another person keeps (三员分立: not even the audit administrator's).
            user.set_one_time_password(password, set_by=acting_user)
        user.save()
        diff = {field: [before[field], changes[field]] for field in changes if before[field] != changes[field]}
        audit.record(
            "accounts.user.updated",
            user=acting_user,
            instance=user,
            request=request,
            data={"changes": diff, "password_set": bool(password), "one_time_password": bool(password)},
        )
    return user


def user_delete(*, user: User, acting_user: User, request=None) -> None:
    """Delete an account (its audit records stay, with its user name)."""
    permissions.require(acting_user, "accounts.manage_user", user)
    _refuse_self(acting_user, user)
    with transaction.atomic():
        _delete(user=user, acting_user=acting_user, request=request)


def _delete(*, user, acting_user, request):
    audit.record(
        "accounts.user.deleted",
        user=acting_user,
        instance=user,
        request=request,
        data={
            "username": user.get_username(),
            "roles": sorted(user.role_set()),
            "changes": {f: [getattr(user, f), None] for f in ("username", *_EDITABLE_FIELDS)},
        },
    )
    user.delete()


def user_unlock(*, user: User, acting_user: User, request=None) -> None:
    permissions.require(acting_user, "accounts.unlock_user", user)
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None, failures_reset_at=now)
    user.failed_login_count, user.locked_until, user.failures_reset_at = 0, None, now
    audit.record("accounts.user.unlocked", user=acting_user, instance=user, request=request)


def _error_codes(error: ValidationError) -> list[str]:
    errors = (
        [e for group in error.error_dict.values() for e in group] if hasattr(error, "error_dict") else error.error_list
    )
    return sorted({e.code or "invalid" for e in errors})


def membership_grant(*, user: User, bureau, role: str, acting_user: User | None, request=None) -> Membership:
    """Give `user` a role at `bureau` (the security administrator's job; None = bootstrap/demo).

    Refused (ValidationError, audited as a failed grant) when it would break 三员分立: an administrator
    role beside another administrator role or a business role, or a business role beside an
    administrator role (models.separation_refusal).
    """
    if acting_user is not None:
        permissions.require(acting_user, "accounts.manage_membership")
        _refuse_self(acting_user, user)
    membership = Membership.objects.filter(user=user, bureau=bureau, role=role).first() or Membership(
        user=user, bureau=bureau, role=role
    )
    was_active = membership.is_active if membership.pk else None  # None: a new membership
    membership.is_active = True
    try:
        membership.full_clean()
    except ValidationError as error:
        audit.record(
            "accounts.membership.granted",
            user=acting_user,
            instance=user,
            request=request,
            result=AuditResult.FAILURE,
            data={
                "user": user.username,
                "bureau": bureau.code,
                "role": role,
                "refused": _error_codes(error),
            },
        )
        raise
    with transaction.atomic():
        membership.save()
        permissions.clear_cache(user)
        audit.record(
            "accounts.membership.granted",
            user=acting_user,
            instance=membership,
            request=request,
            data={
                "user": user.username,
                "bureau": bureau.code,
                "role": role,
                "changes": {"is_active": [was_active, True]},
            },
        )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, acting_user: User, request=None) -> None:
    permissions.require(acting_user, "accounts.manage_membership")
    _refuse_self(acting_user, membership.user)
    was_active = membership.is_active
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    permissions.clear_cache(membership.user)
    audit.record(
        "accounts.membership.revoked",
        user=acting_user,
        instance=membership,
        request=request,
        data={
            "user": membership.user.username,
            "bureau": membership.bureau.code,
            "role": membership.role,
            "changes": {"is_active": [was_active, False]},
        },
    )


# --- TOTP second factor -------------------------------------------------------------------


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
        audit.record(
            "accounts.user.totp_enrolled",
            user=acting_user,
            instance=acting_user,
            request=request,
            result=AuditResult.FAILURE,
        )
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    if hasattr(acting_user, "_gongkai_has_totp"):
        del acting_user._gongkai_has_totp
    audit.record("accounts.user.totp_enrolled", user=acting_user, instance=acting_user, request=request)
    return device


@transaction.atomic
def totp_device_remove(*, acting_user: User, token: str, request=None) -> bool:
    """Remove one's own authenticator; a current code proves possession."""
    from .totp import verify_token

    if verify_token(acting_user, (token or "").strip()) is None:
        audit.record(
            "accounts.user.totp_removed",
            user=acting_user,
            instance=acting_user,
            request=request,
            result=AuditResult.FAILURE,
        )
        return False
    TOTPDevice.objects.filter(user=acting_user).delete()
    if hasattr(acting_user, "_gongkai_has_totp"):
        del acting_user._gongkai_has_totp
    audit.record("accounts.user.totp_removed", user=acting_user, instance=acting_user, request=request)
    return True


@transaction.atomic
def totp_reset(*, user: User, acting_user: User, request=None) -> None:
    """The security administrator removes a user's authenticator (lost phone)."""
    permissions.require(acting_user, "accounts.reset_totp", user)
    _refuse_self(acting_user, user)
    TOTPDevice.objects.filter(user=user).delete()
    audit.record("accounts.user.totp_reset", user=acting_user, instance=user, request=request)
