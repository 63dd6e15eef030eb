"""Published records (主动公开): plain models, high volume, served by lean views.

- Record: one piece of government information under a catalog item, with the standard
  metadata block (索引号, 主题分类, 发布机构, 成文日期, 发文字号, 发布日期, 有效性), a workflow
  state and Wagtail revisions (kept and comparable). A policy interpretation (政策解读) is a
  Record of genre "interpretation" that points to the policy it interprets.
- Attachment: a file of a record, type checked by content, with its extracted text.
- IndexCounter: the per-(bureau, year) counter that numbers records gaplessly at publication.
- SystemToken (token_models.py): a business system's revocable, scoped API token (only its hash
  is stored). RecordReview and AutoApprovedItem: review_models.py.

Nothing here is ever deleted: records are withdrawn, attachments are replaced (kept with
`removed_at`), tokens are revoked.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import RevisionMixin

from gongkai.core.html import sanitize_html
from gongkai.core.models import AuditedModel, TimestampedModel, actor_field

from .attachment_change_models import AttachmentChange  # noqa: F401  (a model of this app)
from .constants import (
    ART20_ITEMS,
    PUBLIC_STATUSES,
    Genre,
    InterpretationForm,
    RecordStatus,
    Subject,
    Validity,
)
from .review_models import AutoApprovedItem, ConfidentialityResult, RecordReview  # noqa: F401  (models of this app)
from .token_models import SystemToken  # noqa: F401  (a model of this app)
from .uploads import attachment_upload_to
from .validators import validate_document_number, validate_record_date


class RecordQuerySet(models.QuerySet):
    def public(self):
        """Records whose URL answers on the portal (published, or withdrawn with a reason)."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def published(self):
        return self.filter(status=RecordStatus.PUBLISHED)

    def for_bureau(self, bureau):
        return self.filter(bureau=bureau)


class Record(RevisionMixin, AuditedModel, TimestampedModel):
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="records"
    )
    catalog_item = models.ForeignKey(
        "catalogs.CatalogItem", verbose_name=_("catalog item"), on_delete=models.PROTECT, related_name="records"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True, help_text=_("主题词, separated by spaces."))

    # Standard metadata block.
    index_number = models.CharField(
        _("index number"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Assigned at publication: <bureau credit code>/<year>-<5-digit sequence>. Never set by hand."),
    )
    index_year = models.PositiveSmallIntegerField(_("index year"), null=True, blank=True, editable=False)
    index_sequence = models.PositiveIntegerField(_("index sequence"), null=True, blank=True, editable=False)
    document_number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        validators=[validate_document_number],
        help_text=_("发文字号, for example 应急〔2020〕62号."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    date_written = models.DateField(_("date written"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=40, choices=Subject.choices, default=Subject.GENERAL_AFFAIRS)
    genre = models.CharField(_("genre"), max_length=40, choices=Genre.choices, default=Genre.NOTICE)
    validity = models.CharField(_("validity"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        help_text=_("The record that amends or repeals this one."),
    )
    art20_item = models.PositiveSmallIntegerField(
        _("category (Art. 20)"), choices=ART20_ITEMS, null=True, blank=True, help_text=_("条例第二十条 item 1–15.")
    )
    event_date = models.DateField(
        _("event date"),
        null=True,
        blank=True,
        help_text=_("The day the information was formed or changed; the time limit counts from here."),
    )

    # Policy and interpretation (三同步).
    is_policy = models.BooleanField(_("policy document"), default=False)
    requires_interpretation = models.BooleanField(
        _("requires an interpretation"),
        default=False,
        help_text=_("A policy that cannot be published without an approved interpretation."),
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("interprets"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        help_text=_("For an interpretation: the policy document it interprets."),
    )
    interpretation_form = models.CharField(
        _("interpretation form"), max_length=30, choices=InterpretationForm.choices, blank=True
    )
    given_by_leader = models.BooleanField(
        _("given by the leader in charge"),
        default=False,
        help_text=_("An interpretation the bureau's leader gave in person (counts towards the leader's yearly duty)."),
    )

    # Workflow.
    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    created_by = actor_field(_("created by"))
    submitted_by = actor_field(_("submitted by"))
    approved_by = actor_field(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = actor_field(_("published by"))
    # A change to a published record waits here until another person approves it (see review.py);
    # the live columns above keep what the portal shows.
    pending_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("pending change"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Time limit (from the catalog item's rule and the event date).
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(
        _("due date provisional"),
        default=False,
        help_text=_("The working-day calendar of that year is not yet published; the date may change."),
    )

    # Personal-data screening: the last report (a list of hits) and when it ran.
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screening_hits = models.JSONField(_("screening hits"), default=list, blank=True)

    # Business-system API.
    source_system = models.CharField(_("source system"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["bureau", "status", "-published_at"], name="record_bureau_status_pub"),
            models.Index(fields=["catalog_item", "status", "-published_at"], name="record_item_status_pub"),
            models.Index(fields=["status", "-published_at"], name="record_status_pub"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "index_number"],
                condition=~Q(index_number=""),
                name="unique_record_index_number",
                violation_error_message=_("This index number is already in use."),
            ),
            models.UniqueConstraint(
                fields=["bureau", "index_year", "index_sequence"],
                condition=Q(index_sequence__isnull=False),
                name="unique_record_index_sequence",
            ),
            models.UniqueConstraint(
                fields=["bureau", "source_system", "external_id"],
                condition=~Q(external_id=""),
                name="unique_record_external_id",
                violation_error_message=_("A record with this external id already exists in this bureau."),
            ),
            models.CheckConstraint(
                condition=Q(art20_item__isnull=True) | Q(art20_item__gte=1, art20_item__lte=15),
                name="record_art20_item_range",
            ),
        ]

    def __str__(self):
        return self.title

    def audit_bureau_code(self):
        return self.bureau.code

    # ---- derived values -------------------------------------------------------------

    @property
    def is_interpretation(self) -> bool:
        return self.genre == Genre.INTERPRETATION

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def publish_date(self):
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def due_met(self) -> bool | None:
        """True when published on or before the due date; None when there is no due date or not yet published."""
        if self.due_date is None or self.published_at is None:
            return None
        return self.publish_date <= self.due_date

    def get_absolute_url(self):
        return reverse("records:detail", kwargs={"uuid": self.uuid})

    # ---- validation -----------------------------------------------------------------

    def clean(self):
        errors: dict[str, list[ValidationError]] = {}

        def add(field, message, code):
            errors.setdefault(field, []).append(ValidationError(message, code=code))

        if self.catalog_item_id and self.bureau_id:
            from .catalog_access import catalog_item_problem

            # Strict for a new record or a record moved to another item (see catalog_item_problem).
            strict = self._state.adding or getattr(self, "_catalog_item_changed", False)
            problem = catalog_item_problem(self.catalog_item, self.bureau, strict=strict)
            if problem is not None:
                add("catalog_item", problem.message, problem.code)
        if self.requires_interpretation and not self.is_policy:
            add("requires_interpretation", _("Only a policy document can require an interpretation."), "not_a_policy")
        if self.interprets_id:
            if not self.is_interpretation:
                add(
                    "interprets",
                    _("Only an interpretation can point to the policy it interprets."),
                    "not_interpretation",
                )
            elif self.interprets_id == self.pk:
                add("interprets", _("A record cannot interpret itself."), "self_reference")
            else:
                policy = self.interprets
                if policy.bureau_id != self.bureau_id:
                    add("interprets", _("The policy must belong to the same bureau."), "interprets_other_bureau")
                if not policy.is_policy:
                    add("interprets", _("The record interpreted must be a policy document."), "interprets_not_policy")
        if self.is_interpretation and not self.interpretation_form:
            add("interpretation_form", _("Choose the form of the interpretation."), "interpretation_form_required")
        if not self.is_interpretation and self.interpretation_form:
            add("interpretation_form", _("Only an interpretation has a form."), "not_interpretation")
        if not self.is_interpretation and self.given_by_leader:
            add("given_by_leader", _("Only an interpretation can be given by the leader."), "not_interpretation")
        if self.replaced_by_id:
            if self.replaced_by_id == self.pk:
                add("replaced_by", _("A record cannot replace itself."), "self_reference")
            if self.validity == Validity.VALID:
                add(
                    "replaced_by", _("Only an amended or repealed record is replaced by another."), "replaced_but_valid"
                )
        if self.status == RecordStatus.WITHDRAWN and not self.withdrawal_reason.strip():
            add("withdrawal_reason", _("Give the public reason for the withdrawal."), "reason_required")
        for field in ("event_date", "date_written"):
            try:
                validate_record_date(getattr(self, field))
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.error_list)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)


class Attachment(AuditedModel, TimestampedModel):
    record = models.ForeignKey(Record, verbose_name=_("record"), on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255)
    detected_type = models.CharField(
        _("detected type"), max_length=20, help_text=_("The file type, checked against the content (e.g. pdf, docx).")
    )
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)
    text_complete = models.BooleanField(
        _("text complete"),
        default=True,
        help_text=_("False for images and legacy formats: screening could not read all of the content."),
    )
    extraction_note = models.CharField(_("extraction note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_by = actor_field(_("uploaded by"))
    masked_from = models.ForeignKey(
        "self",
        verbose_name=_("masked version of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="masked_versions",
    )
    removed_at = models.DateTimeField(
        _("removed at"), null=True, blank=True, help_text=_("Replaced or removed; the file is kept, never shown.")
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["record", "position", "pk"]

    def __str__(self):
        return self.original_name

    def audit_bureau_code(self):
        return self.record.bureau.code

    def get_absolute_url(self):
        return reverse("records:attachment", kwargs={"uuid": self.record.uuid, "pk": self.pk})


class IndexCounter(models.Model):
    """Last index sequence used by a bureau in a year; locked with SELECT ... FOR UPDATE when publishing."""

    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_sequence = models.PositiveIntegerField(_("last sequence"), default=0)

    class Meta:
        verbose_name = _("index number counter")
        verbose_name_plural = _("index number counters")
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="unique_index_counter")]

    def __str__(self):
        return f"{self.bureau_id}/{self.year}: {self.last_sequence}"
