"""Wagtail admin of inquiries: the audit event names, the screens, the menu item, the home-page panel
of late inquiries (the bureau's own; the city supervisor's subtree)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from gongkai.accounts import permissions
from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

from . import admin_urls
from .rules import VIEW_INQUIRY

AUDIT_ACTIONS = {
    "inquiries.inquiry.submitted": _("Inquiry received"),
    "inquiries.inquiry.rate_limited": _("Inquiry refused: too many from one address"),
    "inquiries.inquiry.answer_saved": _("Inquiry answer saved"),
    "inquiries.inquiry.answer_submitted": _("Inquiry answer submitted for approval"),
    "inquiries.inquiry.answer_returned": _("Inquiry answer returned to its author"),
    "inquiries.inquiry.answered": _("Inquiry answer approved"),
    "inquiries.inquiry.invalidated": _("Inquiry marked as not valid"),
    "inquiries.personal_data.viewed": _("Personal data of an inquiry viewed"),
    "inquiries.policy.changed": _("Inquiry answer time changed"),
}

audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_inquiry_admin_urls():
    return [path("inquiries/", include(admin_urls, namespace="inquiries_admin"))]


@hooks.register("register_admin_menu_item")
def register_inquiry_menu_item():
    return PermissionMenuItem(
        _("Public inquiries"),
        reverse("inquiries_admin:index"),
        name="inquiries",
        icon_name="mail",
        order=175,
        action=VIEW_INQUIRY,
    )


class LateInquiriesPanel(Component):
    """Home page: per bureau, unanswered inquiries past their answer date and beyond 3 months."""

    name = "inquiries_late"
    order = 95
    template_name = "inquiries/admin/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from .selectors import late_by_bureau

        return {"rows": late_by_bureau(self.request.user)}


@hooks.register("construct_homepage_panels")
def add_late_inquiries_panel(request, panels):
    if permissions.can(request.user, VIEW_INQUIRY):
        panels.append(LateInquiriesPanel(request))
