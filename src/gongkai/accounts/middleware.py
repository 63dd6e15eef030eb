from django.contrib.auth import logout
from django.shortcuts import redirect

from .totp import has_confirmed_device


class StaffSecurityMiddleware:
    """Enforce the second factor: a user with a confirmed TOTP device must have passed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith("/admin/")
            and has_confirmed_device(user)
            and not user.is_verified()
        ):
            logout(request)
            return redirect("wagtailadmin_login")
        return self.get_response(request)
