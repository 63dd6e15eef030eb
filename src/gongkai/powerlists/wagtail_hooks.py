"""Wagtail admin of the lists: the audit event names, the staff screens and their menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core.audit import register_labels

from . import admin_urls
from .rules import VIEW_LIST

AUDIT_ACTIONS = {
    "powerlists.list.imported": _("Power or service list imported (new version)"),
    "powerlists.list.rejected": _("Power or service list import rejected"),
    "powerlists.item.mapped": _("List item mapped to catalog items"),
}

register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_powerlists_admin_urls():
    return [path("powerlists/", include(admin_urls, namespace="powerlists_admin"))]


@hooks.register("register_admin_menu_item")
def register_powerlists_menu_item():
    return PermissionMenuItem(
        _("Power and service lists"),
        reverse("powerlists_admin:index"),
        name="power-lists",
        icon_name="list-ul",
        order=155,
        action=VIEW_LIST,
    )
