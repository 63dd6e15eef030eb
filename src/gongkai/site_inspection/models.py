"""The self-inspection of every bureau's site and new-media accounts (政府网站与政务新媒体检查指标,
国办秘函〔2019〕19号): the editable rules (`InspectionRule`, seeded from the reference with their source
and confidence), and each run's result per bureau (`InspectionResult`: verdict, score, findings)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel


class RuleKind(models.TextChoices):
    VETO = "veto", _("Single veto (单项否决)")
    DEDUCTION = "deduction", _("Deduction (扣分)")
    SCORING = "scoring", _("Scoring (pass mark)")


class Confidence(models.TextChoices):
    CONFIRMED = "C", _("Confirmed in the official text")
    RECALLED = "R", _("Recalled, to be verified")
    PRACTICE = "P", _("Practice or derivation (default)")


class InspectionRule(AuditedModel, TimestampedModel):
    """One check and its thresholds. `value` is the rule's limit in `unit`; `threshold` the number of
    failing places (columns, messages) from which the veto applies; `points` what one finding deducts and
    `max_points` the most one rule deducts (deductions inside one indicator never exceed its points)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    value = models.IntegerField(_("limit"), default=0)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    threshold = models.PositiveIntegerField(_("places from which it applies"), default=1)
    points = models.DecimalField(_("points per finding"), max_digits=5, decimal_places=1, default=0)
    max_points = models.DecimalField(_("most points deducted"), max_digits=5, decimal_places=1, default=0)
    terms = models.JSONField(_("terms"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("inspection rule")
        verbose_name_plural = _("inspection rules")

    def __str__(self):
        return f"{self.code} {self.name}"


class InspectionRun(TimestampedModel):
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("started by"), max_length=20)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("inspection run")
        verbose_name_plural = _("inspection runs")


class Verdict(models.TextChoices):
    PASS = "合格", _("Pass (合格)")
    FAIL = "不合格", _("Fail (不合格)")


class InspectionResult(TimestampedModel):
    run = models.ForeignKey(InspectionRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results")
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    # [{"rule", "severity", "where", "detail"}]
    findings = models.JSONField(_("findings"), default=list)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        indexes = [models.Index(fields=["bureau", "-checked_at"], name="site_insp_bureau_latest")]

    def audit_bureau_code(self):
        return self.bureau.code
