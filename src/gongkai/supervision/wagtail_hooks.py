"""Wagtail admin wiring of supervision: the menu, the screens, the audit labels."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

from .rules import VIEW

AUDIT_ACTIONS = {
    "supervision.milestone.created": _("Campaign step added"),
    "supervision.milestone.bureau_due": _("Campaign step date set for a bureau"),
    "supervision.work_plan.changed": _("Work plan changed"),
    "supervision.work_plan.task_done": _("Work plan task done"),
    "supervision.work_plan.submitted": _("Work plan submitted to the city"),
    "supervision.work_plan.accepted": _("Work plan accepted"),
    "supervision.work_plan.returned": _("Work plan returned with comments"),
    "supervision.report.changed": _("Quarterly report changed"),
    "supervision.report.attached": _("File attached to a quarterly report"),
    "supervision.report.submitted": _("Quarterly report submitted to the city"),
    "supervision.report.accepted": _("Quarterly report accepted"),
    "supervision.report.returned": _("Quarterly report returned with comments"),
    "supervision.leader_activity.created": _("Leader activity recorded"),
    "supervision.training.created": _("Training session recorded"),
    "supervision.rule.changed": _("Self-check rule changed"),
    "supervision.scheme.changed": _("Evaluation scheme changed"),
    "supervision.manual_score.entered": _("Manual score entered"),
    "supervision.inspection.created": _("Inspection recorded"),
    "supervision.inspection.changed": _("Inspection changed"),
    "supervision.inspection.deleted": _("Inspection deleted"),
    "supervision.finding.created": _("Inspection finding recorded"),
    "supervision.finding.rectified": _("Finding rectified"),
    "supervision.finding.verified": _("Rectification verified"),
    "supervision.bulletin.drafted": _("Bulletin drafted"),
    "supervision.bulletin.published": _("Bulletin published"),
}

audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_supervision_admin_urls():
    from . import admin_urls

    return [path("supervision/", include(admin_urls, namespace="supervision_admin"))]


@hooks.register("register_admin_menu_item")
def register_supervision_menu():
    return PermissionMenuItem(
        _("Supervision"),
        reverse("supervision_admin:dashboard"),
        name="supervision",
        icon_name="tasks",
        order=180,
        action=VIEW,
    )
