"""Wagtail admin of participation: the audit event names, the staff screens' URLs and the menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem

from . import admin_urls
from .actions import VIEW

AUDIT_ACTIONS = {
    "participation.catalog.created": _("Decision catalog created"),
    "participation.catalog.changed": _("Decision catalog changed"),
    "participation.catalog.submitted": _("Decision catalog submitted for approval"),
    "participation.catalog.published": _("Decision catalog approved and published"),
    "participation.catalog.returned": _("Decision catalog returned to its authors"),
    "participation.matter.saved": _("Decision matter saved"),
    "participation.matter.linked": _("Decision matter linked to its decision record"),
    "participation.consultation.created": _("Consultation created"),
    "participation.consultation.changed": _("Consultation changed"),
    "participation.consultation.submitted": _("Consultation submitted for approval"),
    "participation.consultation.published": _("Consultation approved and published"),
    "participation.consultation.returned": _("Consultation returned to its authors"),
    "participation.comment.received": _("Comment received"),
    "participation.comment.moderated": _("Comment moderated"),
    "participation.comment.classified": _("Comment classified"),
    "participation.comments.exported": _("Comments exported"),
    "participation.summary.prepared": _("Adoption summary prepared"),
    "participation.summary.submitted": _("Adoption summary submitted for approval"),
    "participation.summary.published": _("Adoption summary approved and published"),
    "participation.summary.returned": _("Adoption summary returned to its authors"),
    "participation.hearing.created": _("Hearing created"),
    "participation.hearing.changed": _("Hearing changed"),
    "participation.hearing.submitted": _("Hearing announcement submitted for approval"),
    "participation.hearing.published": _("Hearing announcement approved and published"),
    "participation.hearing.returned": _("Hearing announcement returned to its authors"),
    "participation.hearing.selected": _("Hearing participants selected"),
    "participation.hearing.participants_published": _("Hearing participant list published"),
    "participation.hearing.materials_delivered": _("Hearing materials delivered"),
    "participation.hearing.held": _("Hearing held, signed record uploaded"),
    "participation.registration.received": _("Hearing registration received"),
    "participation.minutes.saved": _("Hearing minutes saved"),
    "participation.minutes.submitted": _("Hearing minutes submitted for approval"),
    "participation.minutes.published": _("Hearing minutes approved and published"),
    "participation.minutes.returned": _("Hearing minutes returned to its authors"),
}


@hooks.register("register_log_actions")
def register_participation_audit_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_urls")
def register_participation_admin_urls():
    return [path("participation/", include(admin_urls, namespace="participation_admin"))]


@hooks.register("register_admin_menu_item")
def register_participation_menu_item():
    return PermissionMenuItem(
        _("Consultations"),
        reverse("participation_admin:index"),
        name="participation",
        icon_name="comment",
        order=170,
        action=VIEW,
    )
