"""Wagtail admin wiring of published records: audit event labels, permission policies, admin screens."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

AUDIT_ACTIONS = {
    "records.record.created": _("Record created"),
    "records.record.changed": _("Record changed"),
    "records.record.masked": _("Personal data masked"),
    "records.record.submitted": _("Record submitted for review"),
    "records.record.approved": _("Record approved"),
    "records.record.scheduled": _("Record scheduled for publication"),
    "records.record.schedule_cancelled": _("Scheduled publication cancelled"),
    "records.record.published": _("Record published"),
    "records.record.publish_failed": _("Scheduled publication failed"),
    "records.record.withdrawn": _("Record withdrawn"),
    "records.attachment.added": _("Attachment added"),
    "records.attachment.removed": _("Attachment removed"),
    "records.token.created": _("System token created"),
    "records.token.revoked": _("System token revoked"),
}


@hooks.register("register_log_actions")
def register_records_audit_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)
