"""The annual disclosure report of a bureau and year (政府信息公开工作年度报告, 条例 Arts 49–50).

One `AnnualReport` per bureau and year holds what staff enter (the edited texts of the six parts, the
figures of table 二 that the data cannot give, table 四) and the workflow (draft → submitted → published,
four eyes with the confidentiality check). The tables are computed when the report is built
(`report.build`); at approval the whole report is frozen in `published_content`, which is what the public
sees until a later version is approved. `ReminderLog` remembers which reminder went to whom on which day.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", _("Published")


class AnnualReport(AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    texts = models.JSONField(
        _("texts"),
        default=dict,
        blank=True,
        help_text=_("The edited text of each part; a missing part uses the generated text."),
    )
    table2_manual = models.JSONField(
        _("table 2 figures entered by hand"), default=dict, blank=True, help_text=_("{row: {column: value}}")
    )
    table2_not_applicable = models.JSONField(
        _("table 2 rows not applicable"), default=list, blank=True, help_text=_("Rows reported as “/” (0).")
    )
    table4 = models.JSONField(_("table 4"), default=dict, blank=True)
    author_ids = models.JSONField(_("authors"), default=list, blank=True)
    created_by = actor_field(_("created by"))
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = actor_field(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    confidentiality_result = models.CharField(_("confidentiality check"), max_length=30, blank=True)
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    published_version = models.PositiveIntegerField(_("published version"), default=0)
    published_content = models.JSONField(_("published report"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual disclosure report")
        verbose_name_plural = _("annual disclosure reports")
        ordering = ["bureau", "-year"]
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="unique_annual_report_bureau_year")]

    def __str__(self):
        return f"{self.bureau.short_name} {self.year}"

    def audit_bureau_code(self):
        return self.bureau.code

    @property
    def is_public(self) -> bool:
        return self.published_content is not None


class ReminderLog(models.Model):
    """One reminder e-mail: the report (bureau, year), the day and the address (one a day at most)."""

    bureau = models.ForeignKey("organizations.Bureau", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipient = models.CharField(max_length=254)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "sent_on", "recipient"], name="unique_annual_reminder")
        ]
