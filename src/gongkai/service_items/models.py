"""Service items (政务服务事项) of a bureau and the versions of their service guides (办事指南).

A `ServiceItem` is the stable identity (bureau + item code) that URLs, the catalog links and business
systems use. Its guide is kept in numbered versions (`ServiceGuide`): one working version at a time
(draft or submitted), the published one (`ServiceItem.live_guide`) and the superseded ones before it. The
public sees an item only once a guide of it is published, and always the published version's content.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel


class ItemType(models.TextChoices):
    """The kinds of service items of an emergency-management bureau (权责清单 and 公共服务事项清单)."""

    LICENSING = "licensing", _("Administrative licensing (行政许可)")
    CONFIRMATION = "confirmation", _("Administrative confirmation (行政确认)")
    BENEFIT = "benefit", _("Administrative benefit (行政给付)")
    INSPECTION = "inspection", _("Administrative inspection (行政检查)")
    AWARD = "award", _("Administrative award (行政奖励)")
    PUBLIC_SERVICE = "public_service", _("Public service (公共服务)")
    OTHER = "other", _("Other (其他)")


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


WORKING_STATUSES = (GuideStatus.DRAFT, GuideStatus.SUBMITTED)

# The content of a guide version that staff edit and the public sees (the FAQ and materials besides).
GUIDE_CONTENT_FIELDS = (
    "name",
    "item_type",
    "legal_basis",
    "conditions",
    "steps",
    "statutory_limit_days",
    "promised_limit_days",
    "is_free",
    "fees",
    "fee_basis",
    "office_name",
    "office_address",
    "office_hours",
    "phone",
    "online_url",
)
# The ones holding free text (screened for personal data before publication).
GUIDE_TEXT_FIELDS = tuple(
    f for f in GUIDE_CONTENT_FIELDS if f not in ("item_type", "statutory_limit_days", "promised_limit_days", "is_free")
)


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    ORIGINAL_AND_COPY = "original_and_copy", _("Original and copy")
    ELECTRONIC = "electronic", _("Electronic")


class ServiceItem(AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="service_items"
    )
    code = models.CharField(_("item code"), max_length=64)
    # Name and type as last published (the working guide carries the edited ones).
    name = models.CharField(_("name"), max_length=200)
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    catalog_items = models.ManyToManyField(
        "catalogs.CatalogItem", verbose_name=_("catalog items that publish it"), blank=True, related_name="+"
    )
    live_guide = models.ForeignKey(
        "ServiceGuide",
        verbose_name=_("published guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["bureau", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["bureau", "code"], name="unique_service_item_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def audit_bureau_code(self):
        return self.bureau.code


class ServiceGuide(TimestampedModel):
    """One version of an item's guide: every element the public sees (办事指南要素)."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="guides"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    name = models.CharField(_("name"), max_length=200)
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    statutory_limit_days = models.PositiveSmallIntegerField(
        _("statutory time limit (working days)"), null=True, blank=True
    )
    promised_limit_days = models.PositiveSmallIntegerField(
        _("promised time limit (working days)"), null=True, blank=True
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    fees = models.TextField(_("fees"), blank=True)
    fee_basis = models.TextField(_("basis of the fees"), blank=True)
    office_name = models.CharField(_("handling office"), max_length=200, blank=True)
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    online_url = models.URLField(_("online service link"), blank=True)
    faq = models.JSONField(_("frequently asked questions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    confidentiality_result = models.CharField(_("confidentiality check"), max_length=30, blank=True)
    confidentiality_notes = models.TextField(_("notes of the check"), blank=True)

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_service_guide_number")]

    def __str__(self):
        return f"{self.item.code} v{self.number}"

    def audit_bureau_code(self):
        return self.item.bureau.code

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class GuideMaterial(models.Model):
    """One material an applicant hands in (申请材料), as listed by a guide version."""

    guide = models.ForeignKey(ServiceGuide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    form = models.CharField(
        _("original or copy"), max_length=20, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL
    )
    count = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    template = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("form template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    required = models.BooleanField(_("required"), default=True)
    condition = models.CharField(_("when required"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["guide", "position", "pk"]

    def __str__(self):
        return self.name


class HandbookStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


CITY_SCOPE = "city"


class Handbook(TimestampedModel):
    """The service handbook (办事一本通) of one bureau, or of the whole city (`scope` "city", no bureau):
    the files of its last build and the state of the build under way (the admin shows `progress`)."""

    scope = models.CharField(_("scope"), max_length=64, unique=True)
    bureau = models.ForeignKey(
        "organizations.Bureau",
        verbose_name=_("bureau"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=HandbookStatus.choices, default=HandbookStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    guide_count = models.PositiveIntegerField(_("guides"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="handbooks/", blank=True)
    docx = models.FileField(_("DOCX"), upload_to="handbooks/", blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("service handbook")
        verbose_name_plural = _("service handbooks")

    def __str__(self):
        return self.scope
