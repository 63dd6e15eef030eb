"""Write audit records. Every service that changes data calls `audit.record()`.

Event names follow `<app>.<entity>.<verb>` (e.g. `accounts.user.login_failed`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditLogEntry, AuditResult

# The request being served, for records written without the request at hand (Wagtail's own
# log_action calls, model saves). Bound by accounts.middleware.StaffSecurityMiddleware.
_current_request: ContextVar = ContextVar("gongkai_audit_request", default=None)


def client_ip(request) -> str | None:
    """The client's address. Behind N trusted reverse proxies (TRUSTED_PROXY_COUNT), the N-th
    address from the right of X-Forwarded-For; never trust the header otherwise (it is forgeable)."""
    if request is None:
        return None
    from django.conf import settings

    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def current_ip() -> str | None:
    return client_ip(_current_request.get())


def current_user():
    """The authenticated user of the request being served, or None."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


@contextmanager
def request_context(request):
    """Make the request (its source address and user) available to audit records written while serving it."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def record(
    action: str,
    *,
    user=None,
    instance=None,
    bureau_code: str = "",
    request=None,
    result: str = AuditResult.SUCCESS,
    data: dict[str, Any] | None = None,
    label: str = "",
    username: str = "",
) -> AuditLogEntry:
    """Append one audit record. `instance` is optional (e.g. a failed login for an unknown name)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    content_type = None
    object_id = ""
    if instance is not None:
        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        object_id = str(instance.pk)
        label = label or str(instance)
        if not bureau_code:
            code = getattr(instance, "audit_bureau_code", "")
            bureau_code = code() if callable(code) else code
    return AuditLogEntry.objects.create(
        content_type=content_type,
        object_id=object_id,
        label=label or action,
        action=action,
        data=data or {},
        timestamp=timezone.now(),
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        bureau_code=bureau_code or "",
        ip_address=client_ip(request) or current_ip(),
        result=result,
    )
