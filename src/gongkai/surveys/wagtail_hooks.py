"""Wagtail admin of surveys: audit event names, the screens and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

from . import admin_urls
from .rules import VIEW_SURVEY

AUDIT_ACTIONS = {
    "surveys.survey.created": _("Survey created"),
    "surveys.survey.changed": _("Survey changed"),
    "surveys.survey.submitted": _("Survey submitted for approval"),
    "surveys.survey.returned": _("Survey returned to its authors"),
    "surveys.survey.published": _("Survey approved and published"),
    "surveys.survey.exported": _("Survey responses exported"),
    "surveys.response.submitted": _("Survey response received"),
}

audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("surveys/", include(admin_urls, namespace="surveys_admin"))]


@hooks.register("register_admin_menu_item")
def register_survey_menu_item():
    return PermissionMenuItem(
        _("Surveys"),
        reverse("surveys_admin:index"),
        name="surveys",
        icon_name="list-ul",
        order=177,
        action=VIEW_SURVEY,
    )
