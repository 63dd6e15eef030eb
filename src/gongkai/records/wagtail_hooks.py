"""Wagtail admin wiring of published records: audit event labels, permission policies, admin screens."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

AUDIT_ACTIONS = {
    "records.record.created": _("Record created"),
    "records.record.changed": _("Record changed"),
    "records.record.masked": _("Personal data masked"),
    "records.record.submitted": _("Record submitted for review"),
    "records.record.approved": _("Record approved"),
    "records.record.change_submitted": _("Change to a published record submitted for approval"),
    "records.record.change_approved": _("Change to a published record approved"),
    "records.record.change_rejected": _("Change to a published record rejected"),
    "records.auto_approval.changed": _("Auto-approval of a catalog item changed"),
    "records.record.scheduled": _("Record scheduled for publication"),
    "records.record.schedule_cancelled": _("Scheduled publication cancelled"),
    "records.record.published": _("Record published"),
    "records.record.imported": _("Past publications imported"),
    "records.record.publish_failed": _("Scheduled publication failed"),
    "records.record.withdrawn": _("Record withdrawn"),
    "records.attachment.added": _("Attachment added"),
    "records.attachment.removed": _("Attachment removed"),
    "records.attachment.change_submitted": _("Attachment change submitted for approval"),
    "records.token.created": _("System token created"),
    "records.token.revoked": _("System token revoked"),
}


audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_records_admin_urls():
    from django.urls import include, path

    from . import admin_urls

    return [path("records/", include(admin_urls, namespace="records_admin"))]


@hooks.register("register_admin_menu_item")
def register_records_menu():
    items = [
        PermissionMenuItem(
            _("Records"),
            reverse("records_admin:index"),
            name="records-list",
            icon_name="doc-full",
            order=1,
            action="records.view_record",
        ),
        PermissionMenuItem(
            _("Due dates"),
            reverse("records_admin:dashboard"),
            name="records-due",
            icon_name="date",
            order=2,
            action="records.view_dashboard",
        ),
        PermissionMenuItem(
            _("System tokens"),
            reverse("records_admin:tokens"),
            name="records-tokens",
            icon_name="key",
            order=3,
            action="records.manage_token",
        ),
    ]
    return SubmenuMenuItem(
        _("Published records"), Menu(items=items), name="records", icon_name="doc-full-inverse", order=160
    )


@hooks.register("construct_homepage_panels")
def add_home_panels(request, panels):
    """The editor's home: their drafts, what awaits their review, what is due (admin_home.py)."""
    from .admin_home import add_panels

    add_panels(request, panels)
