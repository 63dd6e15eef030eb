"""Wagtail admin of the new-media registry: the audit event names, the staff screens' URLs and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core.audit import register_labels

from . import admin_urls
from .rules import VIEW_ACCOUNT

AUDIT_ACTIONS = {
    "new_media.application.submitted": _("New-media application submitted"),
    "new_media.application.approved": _("New-media application approved at a step"),
    "new_media.application.denied": _("New-media application denied"),
    "new_media.account.opened": _("New-media account opened"),
    "new_media.account.changed": _("New-media account changed"),
    "new_media.account.closed": _("New-media account closed"),
    "new_media.post.recorded": _("New-media post recorded"),
    "new_media.post.imported": _("New-media posts imported"),
}

register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_new_media_admin_urls():
    return [path("new-media/", include(admin_urls, namespace="new_media_admin"))]


@hooks.register("register_admin_menu_item")
def register_new_media_menu_item():
    return PermissionMenuItem(
        _("New-media accounts"),
        reverse("new_media_admin:index"),
        name="new-media",
        icon_name="globe",
        order=170,
        action=VIEW_ACCOUNT,
    )
