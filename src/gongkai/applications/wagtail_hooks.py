"""Wagtail admin of application progress: the audit event names, the staff screen and its menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core.audit import register_labels

from . import admin_urls
from .rules import VIEW_APPLICATION

AUDIT_ACTIONS = {
    "applications.application.created": _("Application created by a business system"),
    "applications.event.recorded": _("Application status event recorded"),
    "applications.subscription.created": _("Applicant subscribed to pushes"),
    "applications.push.failed": _("Push to an applicant failed for good"),
}

register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_application_admin_urls():
    return [path("applications/", include(admin_urls, namespace="applications_admin"))]


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return PermissionMenuItem(
        _("Application progress"),
        reverse("applications_admin:index"),
        name="application-progress",
        icon_name="time",
        order=165,
        action=VIEW_APPLICATION,
    )
