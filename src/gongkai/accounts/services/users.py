"""Accounts and roles, managed by the security administrator: creating, changing, unlocking and
deleting accounts, applicants' self-service sign-up, and granting or revoking a role in a
bureau. Each asks the permission module; nobody changes their own roles or lock (三员分立).
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.models import AuditResult

from .. import permissions
from ..models import Membership, User


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
