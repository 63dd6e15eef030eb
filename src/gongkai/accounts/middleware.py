"""Staff-side guards on every request: the second factor of the session, the password change or TOTP
enrolment a session must do first, and the Wagtail screens (site history, every object history) that
only the audit administrator may open (三员分立).
"""

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core import audit

from . import denials, permissions
from .totp import has_confirmed_device

# Wagtail admin screens that Wagtail itself does not guard the way we need: resolved URL name ->
# (action of the permission module, URL name of the screen that replaces it or None).
GUARDED_ADMIN_URLS = {
    # Wagtail's "Site history" lists every audit record: the audit administrator only (三员分立),
    # who is sent to the audit log viewer (same records, our filters and export). Wagtail's report
    # unions three log tables, which Django 6.1 cannot compile on SQLite.
    "wagtailadmin_reports:site_history": ("core.view_audit", "gongkai_audit_log:index"),
    "wagtailadmin_reports:site_history_results": ("core.view_audit", "gongkai_audit_log:index_results"),
}
# Every Wagtail "history" screen (pages, snippets such as the bureau, users, groups, model viewsets)
# lists audit records of one object: the audit administrator only, whatever the object's own rules.
HISTORY_URL_NAMES = ("history", "history_results")

# What a session that must first change its password or enroll its authenticator may still reach.
_GATE_EXEMPT_URLS = (
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "javascript-catalog",
    "wagtailadmin_javascript_catalog",
)


def session_gate(user) -> str | None:
    """What this staff session must do before anything else: change the password, enroll TOTP, or nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return None
    if user.must_change_password or user.password_expired:
        return "gongkai_password_change"
    if permissions.totp_required(user) and not has_confirmed_device(user):
        return "gongkai_two_factor"
    return None


class StaffSecurityMiddleware:
    """Staff-side guards that apply to every request.

    1. The second factor: a user with a confirmed TOTP device whose session has not passed it
       is logged out (admin pages redirect to the login; the API sees an anonymous user).
    2. The session gate: a one-time or expired password must be changed, and an administrator
       without an authenticator must enroll one, before any other admin page or API call.
    3. Admin URLs listed in GUARDED_ADMIN_URLS and every history screen answer 403 unless the
       permission module agrees.
    4. Audit records written while serving the request carry its source address; a denied
       request is audited (accounts.access.denied, see denials.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.request_context(request):
            response = self._respond(request)
            denials.write_for_response(request, response)
            return response

    def _respond(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and has_confirmed_device(user) and not user.is_verified():
            logout(request)
            if request.path.startswith("/admin/"):
                return redirect("wagtailadmin_login")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or not request.user.is_authenticated:
            return None  # anonymous users meet Wagtail's own login redirect
        gate = session_gate(request.user)
        if gate is not None and match.view_name != gate and match.url_name not in _GATE_EXEMPT_URLS:
            if request.path.startswith("/api/"):
                code = "password_change_required" if gate == "gongkai_password_change" else "two_factor_required"
                message = (
                    _("Change your password in the admin first.")
                    if code == "password_change_required"
                    else _("Enroll your authenticator app in the admin first.")
                )
                return JsonResponse({"code": code, "message": message, "fields": {}}, status=403)
            if request.path.startswith("/admin/"):
                return redirect(gate)
        guard = GUARDED_ADMIN_URLS.get(match.view_name)
        if guard is None and match.url_name in HISTORY_URL_NAMES and request.path.startswith("/admin/"):
            guard = ("core.view_audit", None)
        if guard is None:
            return None
        action, replacement = guard
        if not permissions.can(request.user, action):
            denials.note(user=request.user, action=action)
            raise PermissionDenied
        if replacement:
            query = request.META.get("QUERY_STRING", "")
            return redirect(reverse(replacement) + (f"?{query}" if query else ""))
        return None
