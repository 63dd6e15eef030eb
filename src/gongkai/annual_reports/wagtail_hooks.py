"""Wagtail admin of annual reports: the audit event names, the staff screens' URLs and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core.audit import register_labels

from . import admin_urls
from .rules import VIEW_REPORT

register_labels(
    {
        "annual_reports.report.created": _("Annual report opened"),
        "annual_reports.report.changed": _("Annual report changed"),
        "annual_reports.report.submitted": _("Annual report submitted for approval"),
        "annual_reports.report.returned": _("Annual report returned to its authors"),
        "annual_reports.report.published": _("Annual report approved and published"),
    }
)


@hooks.register("register_admin_urls")
def register_annual_report_admin_urls():
    return [path("annual-reports/", include(admin_urls, namespace="annual_reports_admin"))]


@hooks.register("register_admin_menu_item")
def register_annual_reports_menu_item():
    return PermissionMenuItem(
        _("Annual reports"),
        reverse("annual_reports_admin:index"),
        name="annual-reports",
        icon_name="doc-full",
        order=170,
        action=VIEW_REPORT,
    )
