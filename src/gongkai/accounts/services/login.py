"""Login bookkeeping: the three throttles on failed logins, the account pause, and the audit
records of every login, failure and logout (the reasons a login failed are kept in the record).
Driven by Django's auth signals (see accounts/signals.py) and by the login form, so a failed
login is counted exactly once.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import AuditResult

from .. import notices
from ..models import User

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
            notices.notify(user=user, kind=notices.LOCKED, at=now)  # ASVS 2.2.3


def logged_out(*, user: User, request=None) -> None:
    audit.record("accounts.user.logout", user=user, instance=user, request=request)
