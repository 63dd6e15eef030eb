"""Wagtail admin of the self-inspection: audit event names, the screens' URLs and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core.audit import register_labels

from . import admin_urls
from .rules import VIEW_RESULT

AUDIT_ACTIONS = {
    "site_inspection.run.completed": _("Site self-inspection run"),
    "site_inspection.rule.changed": _("Self-inspection rule changed"),
}

register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_site_inspection_admin_urls():
    return [path("site-inspection/", include(admin_urls, namespace="site_inspection_admin"))]


@hooks.register("register_admin_menu_item")
def register_site_inspection_menu_item():
    return PermissionMenuItem(
        _("Site self-inspection"),
        reverse("site_inspection_admin:index"),
        name="site-inspection",
        icon_name="tasks",
        order=180,
        action=VIEW_RESULT,
    )
