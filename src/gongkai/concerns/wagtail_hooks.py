"""Wagtail admin of public concerns: audit event names, the screens and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

from . import admin_urls
from .rules import VIEW_CONCERN

AUDIT_ACTIONS = {
    "concerns.concern.created": _("Public concern recorded"),
    "concerns.concern.escalated": _("Public concern deadline escalated to the leaders"),
    "concerns.response.saved": _("Response to a public concern saved"),
    "concerns.response.submitted": _("Response to a public concern submitted for approval"),
    "concerns.response.returned": _("Response to a public concern returned to its author"),
    "concerns.response.published": _("Response to a public concern approved and published"),
}

audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_concern_admin_urls():
    return [path("concerns/", include(admin_urls, namespace="concerns_admin"))]


@hooks.register("register_admin_menu_item")
def register_concern_menu_item():
    return PermissionMenuItem(
        _("Public concerns"),
        reverse("concerns_admin:index"),
        name="concerns",
        icon_name="warning",
        order=176,
        action=VIEW_CONCERN,
    )
