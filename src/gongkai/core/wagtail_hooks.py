"""Wagtail wiring of the audit log: which models' changes are logged, and the labels of the events of
core, accounts, organizations and portal.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import audit
from .models import AuditedModel, AuditLogEntry

# Audit event names and their labels, shown in Wagtail's history and site-history views.
AUDIT_ACTIONS = {
    "accounts.user.login": _("Logged in"),
    "accounts.user.login_failed": _("Login failed"),
    "accounts.user.locked": _("Account locked"),
    "accounts.user.unlocked": _("Account unlocked"),
    "accounts.user.logout": _("Logged out"),
    "accounts.user.created": _("Account created"),
    "accounts.applicant.signup": _("Applicant account created"),
    "accounts.user.deleted": _("Account deleted"),
    "accounts.user.updated": _("Account changed"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.notified": _("Account notice sent to the user"),
    "accounts.user.totp_enrolled": _("Second factor enrolled"),
    "accounts.user.totp_removed": _("Second factor removed"),
    "accounts.user.totp_reset": _("Second factor reset by the security administrator"),
    "accounts.membership.granted": _("Role granted"),
    "accounts.membership.revoked": _("Role revoked"),
    "accounts.access.denied": _("Access denied"),
    "core.audit.exported": _("Audit log exported"),
    "organizations.bureau.changed": _("Bureau changed"),
    "organizations.bureau.created": _("Bureau created"),
    "portal.guide.published": _("Disclosure guide published"),
    "portal.guide.changed": _("Disclosure guide changed"),
}


@hooks.register("register_log_actions")
def register_audit_log(actions):
    actions.register_model(AuditedModel, AuditLogEntry)
    actions.register_model(get_user_model(), AuditLogEntry)
    actions.register_model(Group, AuditLogEntry)  # Wagtail's group admin


audit.register_labels(AUDIT_ACTIONS)
