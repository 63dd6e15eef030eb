"""Wagtail admin of service items: the audit event names, the staff screens' URLs and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem

from . import admin_urls
from .rules import VIEW_ITEM

AUDIT_ACTIONS = {
    "service_items.item.created": _("Service item created"),
    "service_items.item.linked": _("Service item linked to catalog items"),
    "service_items.guide.changed": _("Service guide changed"),
    "service_items.guide.submitted": _("Service guide submitted for approval"),
    "service_items.guide.returned": _("Service guide returned to its authors"),
    "service_items.guide.published": _("Service guide approved and published"),
    "service_items.handbook.built": _("Service handbook built"),
}


@hooks.register("register_log_actions")
def register_service_audit_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_urls")
def register_service_admin_urls():
    return [path("services/", include(admin_urls, namespace="service_items_admin"))]


@hooks.register("register_admin_menu_item")
def register_services_menu_item():
    return PermissionMenuItem(
        _("Service guides"),
        reverse("service_items_admin:index"),
        name="service-guides",
        icon_name="help",
        order=160,
        action=VIEW_ITEM,
    )
