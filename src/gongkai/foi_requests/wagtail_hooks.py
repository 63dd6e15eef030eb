"""Wagtail admin wiring of FOI requests: the menu, the screens, the home-page panel, audit labels."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from gongkai.accounts import permissions
from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

AUDIT_ACTIONS = {
    "foi_requests.personal_data.viewed": _("Personal data of an FOI applicant viewed"),
    "foi_requests.attachment.uploaded": _("File uploaded to an FOI request"),
}


audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_foi_admin_urls():
    from django.urls import include, path

    from . import admin_urls

    return [path("foi/", include(admin_urls, namespace="foi_admin"))]


@hooks.register("register_admin_menu_item")
def register_foi_menu():
    return PermissionMenuItem(
        _("FOI requests"),
        reverse("foi_admin:index"),
        name="foi-requests",
        icon_name="mail",
        order=170,
        action="foi_requests.view_request",
    )


class DueRequestsPanel(Component):
    """Home page: per bureau, requests due soon and overdue (handlers, city supervisor)."""

    name = "foi_requests_due"
    order = 90
    template_name = "foi_requests/admin/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from .admin_dashboard import bureau_figures, dashboard_bureaus

        today = timezone.localdate()
        figures = bureau_figures(dashboard_bureaus(self.request.user), today=today, year=today.year)
        return {"figures": figures}


@hooks.register("construct_homepage_panels")
def add_foi_due_panel(request, panels):
    if permissions.can(request.user, "foi_requests.view_dashboard"):
        panels.append(DueRequestsPanel(request))
