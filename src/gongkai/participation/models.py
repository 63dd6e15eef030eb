"""Public participation (公众参与): the yearly catalog of major administrative decisions (重大行政决策事项目录),
consultations on drafts (征求意见) with their comments and adoption summaries (意见采纳情况), hearings,
forums and attendance (听证会、座谈会、列席) with registrations.

Everything the public sees goes through the same four-eyes step (`Publishable`: drafted, submitted,
approved by a reviewer or the leader of the same bureau with the confidentiality check). A published
decision catalog shows the snapshot taken at its approval (`published_data`); a later change to its
matters is public only once approved again.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field

from .rules import PERIOD_KINDS


class PubStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", _("Published")


class Publishable(AuditedModel, TimestampedModel):
    """The four-eyes fields of something that reaches the public."""

    status = models.CharField(_("status"), max_length=20, choices=PubStatus.choices, default=PubStatus.DRAFT)
    created_by = actor_field(_("created by"))
    last_edited_by = actor_field(_("last edited by"))
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = actor_field(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    confidentiality_result = models.CharField(_("confidentiality check"), max_length=30, blank=True)
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)

    class Meta:
        abstract = True

    def audit_bureau_code(self):
        return self.bureau.code

    @property
    def is_public(self) -> bool:
        return self.published_at is not None


class ProcedureStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# The procedures of 《重大行政决策程序暂行条例》 a matter goes through (field name, label).
PROCEDURES = (
    ("public_participation", _("Public participation")),
    ("expert_argument", _("Expert argument")),
    ("risk_assessment", _("Risk assessment")),
    ("legality_review", _("Legality review")),
    ("collective_discussion", _("Collective discussion")),
)


class DecisionCatalog(Publishable):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="decision_catalogs"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    party_agreed_on = models.DateField(_("Party committee agreed on"), null=True, blank=True)
    published_data = models.JSONField(_("published matters"), default=list, blank=True)
    last_approved_at = models.DateTimeField(_("last approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("major decision catalog")
        verbose_name_plural = _("major decision catalogs")
        ordering = ["bureau", "-year"]
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="unique_decision_catalog_year")]

    def __str__(self):
        return f"{self.bureau.code} {self.year}"


class DecisionMatter(AuditedModel, TimestampedModel):
    catalog = models.ForeignKey(DecisionCatalog, verbose_name=_("catalog"), on_delete=models.CASCADE, related_name="matters")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("decision matter"), max_length=300)
    department = models.CharField(_("undertaking department"), max_length=200)
    summary = models.TextField(_("basis and summary"), blank=True)
    planned_on = models.DateField(_("planned decision date"), null=True, blank=True)
    hearing_planned = models.BooleanField(_("hearing planned"), default=False)
    public_participation = models.CharField(_("public participation"), max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.PLANNED)
    expert_argument = models.CharField(_("expert argument"), max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.PLANNED)
    risk_assessment = models.CharField(_("risk assessment"), max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.PLANNED)
    legality_review = models.CharField(_("legality review"), max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.PLANNED)
    collective_discussion = models.CharField(_("collective discussion"), max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.PLANNED)
    decision_record = models.ForeignKey(
        "records.Record", verbose_name=_("decision record"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("decision matter")
        verbose_name_plural = _("decision matters")
        ordering = ["catalog", "position", "pk"]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.catalog.bureau.code


class Moderation(models.TextChoices):
    PRE = "pre", _("Pre-moderation: comments are published once approved")
    POST = "post", _("Post-moderation: comments are published at once and may be held back")


class Consultation(Publishable):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="consultations"
    )
    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        DecisionMatter, verbose_name=_("decision matter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    kind = models.CharField(_("kind of draft"), max_length=30, choices=[(k, k) for k in PERIOD_KINDS])
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("what is consulted on"), blank=True)
    draft = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("draft"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    explanation = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("explanation (起草说明)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channels = models.TextField(_("other channels (post, email, fax)"), blank=True)
    opens = models.DateField(_("opens on"))
    closes = models.DateField(_("closes on"))
    urgent_reason = models.TextField(_("reason for a shortened period"), blank=True)
    moderation = models.CharField(_("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PRE)
    summary_due_days = models.PositiveSmallIntegerField(
        _("adoption summary due (days after closing)"), default=30
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens", "-pk"]

    def __str__(self):
        return self.title


class CommentState(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held back")


class Adoption(models.TextChoices):
    UNDECIDED = "", _("Not decided")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class Comment(models.Model):
    """A comment from the public. Name and contact are for the bureau only and never published."""

    consultation = models.ForeignKey(Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="comments")
    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    client_token = models.UUIDField(_("submission token"), unique=True)
    body = models.TextField(_("comment"))
    body_hash = models.CharField(max_length=64)
    name = models.CharField(_("name (not published)"), max_length=100, blank=True)
    contact = models.CharField(_("contact (not published)"), max_length=200, blank=True)
    attachment = models.FileField(_("attachment"), upload_to="participation/comments/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=CommentState.choices)
    hold_reason = models.CharField(_("why it awaits moderation"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    adoption = models.CharField(_("adoption"), max_length=20, choices=Adoption.choices, blank=True, default="")
    adoption_reason = models.TextField(_("reason"), blank=True)
    moderated_by = actor_field(_("moderated by"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "state"], name="participation_comment_state")]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "body_hash"], name="participation_comment_unique_text")
        ]

    def __str__(self):
        return self.number

    def audit_bureau_code(self):
        return self.consultation.bureau.code


class AdoptionSummary(Publishable):
    """意见采纳情况, one per consultation: counts and, per theme, what was adopted and why not."""

    consultation = models.OneToOneField(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="adoption_summary"
    )
    body = models.TextField(_("summary"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    received = models.PositiveIntegerField(_("received"), default=0)
    adopted = models.PositiveIntegerField(_("adopted"), default=0)
    not_adopted = models.PositiveIntegerField(_("not adopted"), default=0)

    class Meta:
        verbose_name = _("adoption summary")
        verbose_name_plural = _("adoption summaries")

    def __str__(self):
        return str(self.consultation)

    @property
    def bureau(self):
        return self.consultation.bureau


class HearingKind(models.TextChoices):
    HEARING = "hearing", _("Hearing (听证会)")
    FORUM = "forum", _("Forum (座谈会)")
    ATTENDANCE = "attendance", _("Attendance at a meeting (列席)")


class Hearing(Publishable):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="hearings"
    )
    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=HearingKind.choices, default=HearingKind.HEARING)
    matter = models.ForeignKey(
        DecisionMatter, verbose_name=_("decision matter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="hearings"
    )
    title = models.CharField(_("title"), max_length=300)
    subject = models.TextField(_("subject"), blank=True)
    place = models.CharField(_("place"), max_length=300)
    held_at = models.DateTimeField(_("held at"))
    selection_method = models.TextField(_("selection method"))
    registration_closes = models.DateField(_("registration closes on"))
    seats = models.PositiveSmallIntegerField(_("seats for the public"), default=10)
    participants_published_at = models.DateTimeField(_("participant list published at"), null=True, blank=True)
    participants_published_by = actor_field(_("participant list published by"))
    selected_by = actor_field(_("selected by"))
    materials_delivered_on = models.DateField(_("materials delivered on"), null=True, blank=True)
    signed_record = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("signed record"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held = models.BooleanField(_("held"), default=False)

    class Meta:
        verbose_name = _("hearing or forum")
        verbose_name_plural = _("hearings and forums")
        ordering = ["-held_at", "-pk"]

    def __str__(self):
        return self.title


class Registration(models.Model):
    hearing = models.ForeignKey(Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="registrations")
    client_token = models.UUIDField(_("submission token"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation or group represented"), max_length=200, blank=True)
    contact = models.CharField(_("contact (not published)"), max_length=200)
    statement = models.TextField(_("views to present"), blank=True)
    selected = models.BooleanField(_("selected"), null=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["hearing", "created_at", "pk"]

    def __str__(self):
        return self.name

    def audit_bureau_code(self):
        return self.hearing.bureau.code


class HearingMinutes(Publishable):
    """The published minutes or summary of a held hearing (four eyes, like everything public)."""

    hearing = models.OneToOneField(Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="minutes")
    body = models.TextField(_("minutes or summary"))

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.hearing)

    @property
    def bureau(self):
        return self.hearing.bureau
