"""Account use cases: login bookkeeping, lockout, unlock, role grants."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import AuditResult

from . import permissions
from .models import Membership, User


def login_succeeded(*, user: User, request=None) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    audit.record("accounts.user.login", user=user, instance=user, request=request)


def login_failed(*, username: str, request=None) -> None:
    """Count a failed login; lock the account after LOGIN_FAILURE_LIMIT consecutive failures."""
    user = User.objects.filter(username=username).first()
    if user is None:
        audit.record("accounts.user.login_failed", username=username, request=request, result=AuditResult.FAILURE)
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        audit.record(
            "accounts.user.login_failed",
            instance=user,
            username=username,
            request=request,
            result=AuditResult.FAILURE,
            data={"consecutive_failures": user.failed_login_count},
        )
        if user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT and not user.is_locked:
            user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            user.save(update_fields=["locked_until"])
            audit.record(
                "accounts.user.locked",
                instance=user,
                username=username,
                request=request,
                result=AuditResult.FAILURE,
                data={"locked_until": user.locked_until.isoformat()},
            )


def user_unlock(*, user: User, acting_user: User, request=None) -> None:
    permissions.require(acting_user, "accounts.unlock_user", user)
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    audit.record("accounts.user.unlocked", user=acting_user, instance=user, request=request)


@transaction.atomic
def membership_grant(*, user: User, bureau, role: str, acting_user: User | None, request=None) -> Membership:
    """Give `user` a role at `bureau` (the security administrator's job; None = bootstrap/demo)."""
    if acting_user is not None:
        permissions.require(acting_user, "accounts.manage_membership")
    membership = Membership.objects.filter(user=user, bureau=bureau, role=role).first() or Membership(
        user=user, bureau=bureau, role=role
    )
    membership.is_active = True
    membership.full_clean()
    membership.save()
    permissions.clear_cache(user)
    audit.record(
        "accounts.membership.granted",
        user=acting_user,
        instance=membership,
        request=request,
        data={"user": user.username, "bureau": bureau.code, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, acting_user: User, request=None) -> None:
    permissions.require(acting_user, "accounts.manage_membership")
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    permissions.clear_cache(membership.user)
    audit.record("accounts.membership.revoked", user=acting_user, instance=membership, request=request)


def user_create(*, username: str, password: str, full_name: str = "", email: str = "") -> User:
    user = User(username=username, full_name=full_name, email=email, is_staff=True)
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError:
        raise
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    return user
