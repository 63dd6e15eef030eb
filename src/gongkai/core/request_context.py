"""The request being served, as the audit log needs it: its client address and user.

Bound by accounts.middleware.StaffSecurityMiddleware (`request_context`); read by audit records written
without the request at hand (Wagtail's own log_action calls, model saves). Imports no model, so that
core.models and core.audit can both use it.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

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


def current_request():
    """The request being served (None outside a request: commands, the worker)."""
    return _current_request.get()


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
