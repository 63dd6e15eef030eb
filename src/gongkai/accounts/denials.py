"""Denied access is audited: `accounts.access.denied`, once per request (GB/T 22239-2019 8.1.4.3; ASVS 7.2.x).

Three ways a request is denied, all written by `StaffSecurityMiddleware` after the response, outside
any transaction of the view (a denial inside a rolled-back service transaction would vanish otherwise):

- `permissions.require()` refuses (admin screens, API endpoints, services): `note()` keeps the action
  and the object on the request, written when the request ends in a denial (below). A refusal that the
  code catches and handles itself (a screen probing which buttons to show) is not a denied access;
- Wagtail's admin turns a PermissionDenied into a redirect to the dashboard (`wagtail.admin.auth.
  permission_denied`, wrapped by `install()`): a denial;
- any 403 response (Django's handler, DRF's permission classes and error handler, CSRF failures).

Outside a request (a command or a shell), `note()` writes the record at once.
"""

from __future__ import annotations

from django.db.models import Model

from gongkai.core import audit, request_context
from gongkai.core.models import AuditResult

ACTION = "accounts.access.denied"
_NOTE = "_gongkai_denial"
_CONFIRMED = "_gongkai_denial_confirmed"


def note(*, user=None, action: str = "", obj=None) -> None:
    request = request_context.current_request()
    if request is None:
        _write(None, user=user, action=action, obj=obj, status=None)
        return
    # The last refusal before the response is the one that ended the request.
    setattr(request, _NOTE, {"action": action, "obj": obj, "user": user})


def write_for_response(request, response) -> None:
    """Called by the middleware once the response is known."""
    if response.status_code != 403 and not getattr(request, _CONFIRMED, False):
        return
    noted = getattr(request, _NOTE, None) or {}
    _write(
        request,
        user=noted.get("user"),
        action=noted.get("action", ""),
        obj=noted.get("obj"),
        status=response.status_code,
    )


def _write(request, *, user, action, obj, status) -> None:
    from django.contrib.auth import get_user_model

    data = {"action": action}
    username = ""
    if user is not None and not isinstance(user, get_user_model()):
        # A business system's token actor (records.actors): named, not an account.
        username, user = str(user)[:150], None
    if user is None and request is not None:
        user = getattr(request, "user", None)
        user = user if isinstance(user, get_user_model()) else None
    if request is not None:
        data.update(path=request.path, method=request.method, status=status)
    instance = obj if isinstance(obj, Model) and obj.pk is not None else None
    if obj is not None and instance is None:
        data["object"] = str(obj)[:200]
    audit.record(
        ACTION,
        user=user,
        instance=instance,
        request=request,
        result=AuditResult.FAILURE,
        data=data,
        label=ACTION if instance is None else "",
        username=username,
    )


def install() -> None:
    """Wrap Wagtail's 'permission denied' response (admin views catch PermissionDenied and redirect)."""
    from wagtail.admin import auth as wagtail_auth

    original = wagtail_auth.permission_denied
    if getattr(original, "_gongkai_audited", False):
        return

    def permission_denied(request):
        note(user=getattr(request, "user", None))
        setattr(request, _CONFIRMED, True)
        return original(request)

    permission_denied._gongkai_audited = True
    wagtail_auth.permission_denied = permission_denied
