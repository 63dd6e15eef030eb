"""A change to the attachments of a published record, waiting for four-eyes approval.

The live attachments (`Attachment`) of a published record change only when a second person approves the
record's pending change (`review.record_change_approve`): until then an added or replacing file is kept
here, screened but never shown, and a removal is only asked for. Imported by models.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field

from .uploads import attachment_upload_to

__all__ = ["AttachmentChange", "AttachmentChangeAction", "AttachmentChangeState"]


class AttachmentChangeAction(models.TextChoices):
    ADD = "add", _("Add (or replace)")
    REMOVE = "remove", _("Remove")


class AttachmentChangeState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DROPPED = "dropped", _("Dropped (record withdrawn)")


def staged_upload_to(instance, filename):
    return attachment_upload_to(instance, filename)


class AttachmentChange(AuditedModel, TimestampedModel):
    """One asked-for change: a new file (`add`, replacing `target` when set) or the removal of `target`.

    Kept for ever with its decision; an approved `add` becomes the live attachment `result` (the same
    stored file, nothing copied)."""

    record = models.ForeignKey(
        "records.Record", verbose_name=_("record"), on_delete=models.PROTECT, related_name="attachment_changes"
    )
    action = models.CharField(_("action"), max_length=10, choices=AttachmentChangeAction.choices)
    target = models.ForeignKey(
        "records.Attachment",
        verbose_name=_("attachment replaced or removed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=staged_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    detected_type = models.CharField(_("detected type"), max_length=20, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)
    text_complete = models.BooleanField(_("text complete"), default=True)
    extraction_note = models.CharField(_("extraction note"), max_length=300, blank=True)
    requested_by = actor_field(_("requested by"))
    state = models.CharField(
        _("state"), max_length=10, choices=AttachmentChangeState.choices, default=AttachmentChangeState.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    result = models.ForeignKey(
        "records.Attachment",
        verbose_name=_("attachment published"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment change")
        verbose_name_plural = _("attachment changes")
        ordering = ["record", "pk"]

    def __str__(self):
        return f"{self.record_id} {self.action} {self.original_name or self.target_id}"

    def audit_bureau_code(self):
        return self.record.bureau.code
