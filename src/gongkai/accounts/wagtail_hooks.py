"""Wagtail admin hooks of the accounts app: the two-factor enrollment screen."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import permissions
from .views import TwoFactorView


@hooks.register("register_admin_urls")
def register_two_factor_url():
    return [path("account/two-factor/", TwoFactorView.as_view(), name="gongkai_two_factor")]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    if not permissions.can(request.user, "accounts.enroll_totp"):
        return None
    return {
        "url": reverse("gongkai_two_factor"),
        "label": _("Two-factor authentication"),
        "help_text": _("Require a one-time code from an authenticator app at every login."),
    }
