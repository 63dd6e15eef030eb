from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.core import audit

from . import permissions
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


class StaffSecurityMiddleware:
    """Staff-side guards that apply to every request.

    1. The second factor: a user with a confirmed TOTP device whose session has not passed it
       is logged out (admin pages redirect to the login; the API sees an anonymous user).
    2. Admin URLs listed in GUARDED_ADMIN_URLS answer 403 unless the permission module agrees.
    3. Audit records written while serving the request carry its source address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.request_context(request):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and has_confirmed_device(user) and not user.is_verified():
                logout(request)
                if request.path.startswith("/admin/"):
                    return redirect("wagtailadmin_login")
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        guard = GUARDED_ADMIN_URLS.get(match.view_name) if match is not None else None
        if guard is None or not request.user.is_authenticated:
            return None  # anonymous users meet Wagtail's own login redirect
        action, replacement = guard
        if not permissions.can(request.user, action):
            raise PermissionDenied
        if replacement:
            query = request.META.get("QUERY_STRING", "")
            return redirect(reverse(replacement) + (f"?{query}" if query else ""))
        return None
