"""Four-eyes review of records (三审, 公开前审查): the approvals with their confidentiality check,
and the catalog items into which a business system may publish without a person's approval.

Imported by models.py (Django finds the models there).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.confidentiality import ConfidentialityResult
from gongkai.core.models import AuditedModel, TimestampedModel, actor_field

__all__ = ["AutoApprovedItem", "ConfidentialityResult", "RecordReview", "ReviewDecision", "ReviewKind"]


class ReviewKind(models.TextChoices):
    FIRST = "first", _("First publication")
    CHANGE = "change", _("Change to the published record")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RecordReview(TimestampedModel):
    """One decision on a record (first publication or a change to a live record) and its confidentiality check.

    Kept for ever: the record's history shows who checked what, when, with which result.
    """

    record = models.ForeignKey(
        "records.Record", verbose_name=_("record"), on_delete=models.PROTECT, related_name="reviews"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    reviewer = actor_field(_("reviewer"))
    reviewer_name = models.CharField(_("reviewer (name)"), max_length=150)
    confidentiality_result = models.CharField(
        _("confidentiality check"), max_length=20, choices=ConfidentialityResult.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("record review")
        verbose_name_plural = _("record reviews")
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.record_id} {self.decision} {self.decided_at:%Y-%m-%d %H:%M}"


class AutoApprovedItem(AuditedModel, TimestampedModel):
    """A catalog item (by its stable key) into which the bureau's business systems publish directly.

    Switched on and off by the bureau's leader only (audited with before/after); without it a business
    system's record is submitted for review by a person.
    """

    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+"
    )
    item_key = models.UUIDField(_("catalog item key"))
    enabled_by = actor_field(_("enabled by"))

    class Meta:
        verbose_name = _("auto-approved catalog item")
        verbose_name_plural = _("auto-approved catalog items")
        constraints = [models.UniqueConstraint(fields=["bureau", "item_key"], name="unique_auto_approved_item")]

    def __str__(self):
        return f"{self.bureau_id}/{self.item_key}"

    def audit_bureau_code(self):
        return self.bureau.code
