"""The admin dashboard's warning while the holiday calendar of a year that deadlines reach is provisional."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from wagtail.admin.ui.components import Component

from gongkai.accounts import permissions

from .coverage import provisional_years


class CalendarCoveragePanel(Component):
    name = "workdays_coverage"
    order = 10
    template_name = "workdays/admin/home_coverage.html"

    def __init__(self, request, years):
        self.request = request
        self.years = years

    def get_context_data(self, parent_context):
        can_edit = permissions.can(self.request.user, "workdays.change_calendar")
        try:
            url = reverse("wagtailsnippets_workdays_calendaroverride:list") if can_edit else ""
        except NoReverseMatch:  # pragma: no cover - the viewset is registered by wagtail_hooks
            url = ""
        return {"years": self.years, "can_edit": can_edit, "overrides_url": url}


def add_panels(request, panels) -> None:
    if not request.user.is_authenticated:
        return
    years = provisional_years()
    if years:
        panels.append(CalendarCoveragePanel(request, years))
