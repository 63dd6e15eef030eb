from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from . import permissions
from .totp import has_confirmed_device

# Wagtail admin screens that Wagtail itself does not guard the way we need, and the action
# of the permission module that guards them (resolved URL name -> action).
GUARDED_ADMIN_URLS = {
    # Site history lists every audit record: the audit administrator only (三员分立).
    "wagtailadmin_reports:site_history": "core.view_audit",
    "wagtailadmin_reports:site_history_results": "core.view_audit",
}


class StaffSecurityMiddleware:
    """Staff-side guards that apply to every request.

    1. The second factor: a user with a confirmed TOTP device whose session has not passed it
       is logged out (admin pages redirect to the login; the API sees an anonymous user).
    2. Admin URLs listed in GUARDED_ADMIN_URLS answer 403 unless the permission module agrees.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and has_confirmed_device(user) and not user.is_verified():
            logout(request)
            if request.path.startswith("/admin/"):
                return redirect("wagtailadmin_login")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        action = GUARDED_ADMIN_URLS.get(match.view_name) if match is not None else None
        if action is not None and request.user.is_authenticated and not permissions.can(request.user, action):
            raise PermissionDenied
        return None
