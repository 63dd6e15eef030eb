"""Supervision (监督考核): what the city bureau's office sets and what the counties report.

- CampaignMilestone: a dated step of a catalogs `Campaign` beyond its three catalog milestones (which stay on
  `Campaign.draft_due/revision_due/approval_due`): the work plan (6-28), each quarter's report, completion.
  `BureauDueDate` moves one milestone's date for one bureau.
- WorkPlan with WorkPlanTasks (工作方案: task, responsible unit, person, contact, due date), submitted to the
  city, which accepts it or returns it with comments.
- QuarterlyReport (季度进展) with ReportAttachments, reviewed and commented by the city.
- LeaderActivity (领导听取汇报 / 解读政策) and TrainingSession with TrainingAttendees.
- SelfCheckRule: the State Council inspection thresholds (国办秘函〔2019〕19号, §1/§8) as editable rows.
- EvaluationScheme with SchemeEntries (indicator code, weight) and ManualScores; Inspection (专项督查) with
  Findings and their rectification; Bulletin (通报).
- ReminderLog: one reminder per bureau, subject and day.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.confidentiality import ConfidentialityResult
from gongkai.core.models import AuditedModel, TimestampedModel, actor_field


class MilestoneKind(models.TextChoices):
    WORK_PLAN = "work_plan", _("Work plan submitted")
    QUARTERLY_REPORT = "quarterly_report", _("Quarterly report submitted")
    COMPLETION = "completion", _("Work completed")
    OTHER = "other", _("Other step")


class CampaignMilestone(AuditedModel, TimestampedModel):
    campaign = models.ForeignKey(
        "catalogs.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="supervision_milestones"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    label = models.CharField(_("label"), max_length=200)
    due = models.DateField(_("due"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign milestone")
        verbose_name_plural = _("campaign milestones")
        ordering = ["due", "pk"]

    def __str__(self):
        return f"{self.display_label} ({self.due:%Y-%m-%d})"

    @property
    def display_label(self):
        """The label given, else the kind's (a quarterly report names its quarter), in the reader's language."""
        if self.label:
            return self.label
        if self.kind == MilestoneKind.QUARTERLY_REPORT and self.quarter:
            return _("Quarterly report Q%(q)s %(year)s") % {"q": self.quarter, "year": self.year or self.due.year}
        return MilestoneKind(self.kind).label

    def audit_bureau_code(self):
        return self.campaign.city.code


class BureauDueDate(TimestampedModel):
    milestone = models.ForeignKey(CampaignMilestone, on_delete=models.CASCADE, related_name="bureau_dates")
    bureau = models.ForeignKey("organizations.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE)
    due = models.DateField(_("due"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["milestone", "bureau"], name="supervision_one_due_per_bureau")]


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the city")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class ReviewedByCity(models.Model):
    """What a county submits to the city and the city accepts or returns with comments (work plans, quarterly
    reports): the status and who submitted and reviewed it when. Abstract: the columns stay on each table."""

    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    submitted_by = actor_field(_("submitted by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    review_comment = models.TextField(_("comments of the city"), blank=True)

    class Meta:
        abstract = True


class WorkPlan(ReviewedByCity, AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="supervision_one_plan_a_year")]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.bureau.code


class WorkPlanTask(TimestampedModel):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("task"), max_length=300)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    responsible_person = models.CharField(_("responsible person"), max_length=100)
    contact = models.CharField(_("contact"), max_length=100)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]


class QuarterlyReport(ReviewedByCity, AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    # The structured form.
    progress = models.TextField(_("progress of the work"))
    records_published = models.PositiveIntegerField(_("records published in the quarter"), default=0)
    catalog_progress = models.TextField(_("catalog compilation and review"), blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "quarter"], name="supervision_one_report_a_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="supervision_quarter_1_4"),
        ]

    def __str__(self):
        return f"{self.bureau} {self.year} Q{self.quarter}"

    def audit_bureau_code(self):
        return self.bureau.code


def _report_path(instance, filename):
    return f"supervision/reports/{instance.report.bureau.code}/{uuid.uuid4().hex}/{filename}"


class ReportAttachment(TimestampedModel):
    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_report_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = actor_field(_("uploaded by"))


class ActivityKind(models.TextChoices):
    HEARING = "hearing", _("Leader heard a report on disclosure work")
    INTERPRETATION = "interpretation", _("Leader interpreted a policy")


class LeaderActivity(AuditedModel, TimestampedModel):
    """A leader's yearly duty done outside the records (interpretations given in records count by themselves)."""

    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="leader_activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    on = models.DateField(_("date"))
    leader_name = models.CharField(_("leader"), max_length=100)
    title = models.CharField(_("subject"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("leader activity")
        verbose_name_plural = _("leader activities")
        ordering = ["-on", "-pk"]

    def audit_bureau_code(self):
        return self.bureau.code


class TrainingSession(AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="training_sessions"
    )
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-on", "-pk"]

    def audit_bureau_code(self):
        return self.bureau.code


class TrainingAttendee(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]


class SelfCheckRule(AuditedModel, TimestampedModel):
    """One threshold of the State Council's inspection rules, editable by the city supervisor."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    label = models.CharField(_("label"), max_length=300)
    window_days = models.PositiveIntegerField(_("window (days)"), null=True, blank=True)
    warn_at = models.PositiveIntegerField(_("warning at"))
    veto_at = models.PositiveIntegerField(_("veto at"))
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("self-check rule")
        verbose_name_plural = _("self-check rules")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.label}"


class EvaluationScheme(AuditedModel, TimestampedModel):
    city = models.ForeignKey("organizations.Bureau", verbose_name=_("city bureau"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="supervision_one_scheme_a_year")]

    def __str__(self):
        return self.name

    def audit_bureau_code(self):
        return self.city.code


class SchemeEntry(models.Model):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="entries")
    indicator = models.CharField(_("indicator"), max_length=60)
    weight = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "indicator"], name="supervision_indicator_once")]


class ManualScore(TimestampedModel):
    """A manual indicator's points for one bureau, entered by the city supervisor (0 … the entry's weight)."""

    entry = models.ForeignKey(SchemeEntry, on_delete=models.CASCADE, related_name="manual_scores")
    bureau = models.ForeignKey("organizations.Bureau", on_delete=models.CASCADE)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = actor_field(_("entered by"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "bureau"], name="supervision_one_manual_score")]


class Inspection(AuditedModel, TimestampedModel):
    """A special inspection (专项督查) by the city."""

    city = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("city bureau"), on_delete=models.PROTECT, related_name="inspections"
    )
    title = models.CharField(_("title"), max_length=300)
    on = models.DateField(_("date"))
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.city.code


class Finding(AuditedModel, TimestampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="findings"
    )
    description = models.TextField(_("finding"))
    rectify_by = models.DateField(_("rectify by"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = actor_field(_("verified by"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["rectify_by", "pk"]

    def audit_bureau_code(self):
        return self.bureau.code


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Bulletin(AuditedModel, TimestampedModel):
    """A bulletin (通报) of the city: the ranking with praise and criticism, frozen when drafted."""

    city = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("city bureau"), on_delete=models.PROTECT, related_name="bulletins"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence number"))
    document_number = models.CharField(_("document number"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    content = models.JSONField(_("content"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    created_by = actor_field(_("created by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    approved_by = actor_field(_("approved by"))
    confidentiality_result = models.CharField(
        _("confidentiality check"), max_length=30, choices=ConfidentialityResult.choices, blank=True
    )
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-year", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["city", "year", "sequence"], name="supervision_bulletin_number")]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.city.code


class ReminderLog(models.Model):
    bureau = models.ForeignKey("organizations.Bureau", on_delete=models.CASCADE)
    subject = models.CharField(max_length=80)  # "work_plan:2026", "report:2026-2"
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bureau", "subject", "sent_on"], name="supervision_one_reminder_a_day")
        ]
