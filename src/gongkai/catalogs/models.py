"""Standard catalogs (标准目录): the guideline catalogs and each bureau's own catalog.

- Guideline / GuidelineItem: the ministry's guideline catalogs as versioned data. A newer
  guideline version is a new Guideline row; bureau catalogs built on an older one keep
  pointing at it.
- Catalog: one per bureau, holding the working copy of its items (both domains).
- CatalogItem: one item of the working copy. `key` is its stable identity across versions,
  so records published under an item stay attached when the catalog is revised.
- CatalogVersion: an immutable snapshot (submitted, approved or published), citable by URL.
- CatalogEvent: one step of the review workflow (who, when, comment, against which campaign).
- ReviewOpinion: the government reviewer's opinion on one item of a submitted version.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field

from . import workflow
from .constants import CatalogStatus, Domain, ItemSource


class Guideline(TimestampedModel):
    code = models.SlugField(_("code"), max_length=60, help_text=_("e.g. production-safety"))
    version = models.CharField(_("version"), max_length=30)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    source_document = models.JSONField(_("source document"), default=dict, blank=True)
    completeness = models.CharField(_("completeness"), max_length=30, blank=True)
    completeness_note = models.TextField(_("completeness note"), blank=True)
    channel_checklist = models.JSONField(_("channel checklist"), default=list, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        verbose_name = _("guideline catalog")
        verbose_name_plural = _("guideline catalogs")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_guideline_version")]
        ordering = ["domain", "-version"]

    def __str__(self):
        return f"{self.title} ({self.version})"


class GuidelineItem(models.Model):
    guideline = models.ForeignKey(
        Guideline, verbose_name=_("guideline"), on_delete=models.CASCADE, related_name="items"
    )
    seq = models.PositiveIntegerField(_("sequence"))
    level1 = models.CharField(_("level-1 item"), max_length=100)
    level2 = models.CharField(_("level-2 item"), max_length=200, blank=True)
    level3 = models.CharField(_("level-3 item"), max_length=200, blank=True)
    content = models.TextField(_("content"), blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    time_limit_text = models.CharField(_("time limit"), max_length=300, blank=True)
    responsible_body = models.CharField(_("responsible body"), max_length=200, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    audience = models.JSONField(_("audience"), default=list, blank=True)
    mode = models.JSONField(_("mode"), default=list, blank=True)
    levels = models.JSONField(_("levels"), default=list, blank=True)
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("False for rows the shipped data marks as unverified.")
    )
    confidence = models.CharField(_("confidence"), max_length=20, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("guideline item")
        verbose_name_plural = _("guideline items")
        ordering = ["guideline", "seq"]
        constraints = [models.UniqueConstraint(fields=["guideline", "seq"], name="unique_guideline_item_seq")]

    def __str__(self):
        return f"{self.level1} / {self.level2}"


class Campaign(AuditedModel, TimestampedModel):
    """A city-wide campaign with milestones (e.g. draft 7-15, revision 8-15, approval 9-15)."""

    name = models.CharField(_("name"), max_length=200)
    city = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("city bureau"), on_delete=models.PROTECT, related_name="campaigns"
    )
    draft_due = models.DateField(_("draft due"), help_text=_("Catalog draft submitted for review by this date."))
    revision_due = models.DateField(
        _("revision due"), help_text=_("Revised catalog submitted for approval by this date.")
    )
    approval_due = models.DateField(_("approval due"), help_text=_("Catalog approved and published by this date."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-draft_due"]

    def __str__(self):
        return self.name

    def audit_bureau_code(self):
        return self.city.code


class Catalog(AuditedModel, TimestampedModel):
    bureau = models.OneToOneField(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="catalog"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="catalogs"
    )
    guidelines = models.ManyToManyField(Guideline, verbose_name=_("built on guidelines"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CatalogStatus.choices, default=CatalogStatus.DRAFT)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalog")
        verbose_name_plural = _("catalogs")

    def __str__(self):
        return str(_("Catalog of %(bureau)s") % {"bureau": self.bureau.name})

    def audit_bureau_code(self):
        return self.bureau.code

    # The legal moves (workflow.TRANSITIONS). No I/O: services save and record.
    def can_transition(self, action: str) -> bool:
        return workflow.can_transition(self.status, action)

    def allowed_actions(self) -> list[str]:
        return workflow.allowed_actions(self.status)

    def transition(self, action: str, *, at=None) -> tuple[str, str]:
        """Move to the status `action` leads to; return (old, new). Raises TransitionNotAllowed."""
        old = self.status
        self.status = workflow.next_status(old, action)
        self.status_changed_at = at or timezone.now()
        return old, self.status

    @property
    def is_editable(self) -> bool:
        return workflow.is_editable(self.status)

    @property
    def in_review(self) -> bool:
        return self.status in workflow.IN_REVIEW


class CatalogItem(AuditedModel, TimestampedModel):
    catalog = models.ForeignKey(Catalog, verbose_name=_("catalog"), on_delete=models.CASCADE, related_name="items")
    key = models.UUIDField(_("stable key"), default=uuid.uuid4, editable=False, db_index=True)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    level1 = models.CharField(_("level-1 item"), max_length=100)
    level2 = models.CharField(_("level-2 item"), max_length=200)
    level3 = models.CharField(_("level-3 item"), max_length=200, blank=True)
    content = models.TextField(_("content"))
    legal_basis = models.JSONField(_("legal basis"), default=list)
    time_limit_text = models.CharField(_("time limit"), max_length=300)
    time_limit_rule = models.JSONField(_("time limit rule"), default=dict)
    responsible_body = models.CharField(_("responsible body"), max_length=200)
    channels = models.JSONField(_("channels"), default=list)
    audience = models.JSONField(_("audience"), default=list)
    mode = models.JSONField(_("mode"), default=list)
    levels = models.JSONField(_("levels"), default=list)
    responsible_office = models.CharField(_("responsible office"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=ItemSource.choices, default=ItemSource.GUIDELINE)
    guideline_item = models.ForeignKey(
        GuidelineItem, verbose_name=_("guideline item"), null=True, blank=True, on_delete=models.SET_NULL
    )
    notes = models.TextField(_("notes"), blank=True)
    removed_at = models.DateTimeField(
        _("removed at"),
        null=True,
        blank=True,
        help_text=_("Removed from the working copy; kept for records and history."),
    )

    class Meta:
        verbose_name = _("catalog item")
        verbose_name_plural = _("catalog items")
        ordering = ["catalog", "domain", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["catalog", "key"], name="unique_catalog_item_key")]

    def __str__(self):
        return f"{self.level1} / {self.level2}" + (f" / {self.level3}" if self.level3 else "")

    def audit_bureau_code(self):
        return self.catalog.bureau.code


class CatalogVersion(AuditedModel, TimestampedModel):
    """An immutable snapshot of a catalog at submission, approval or publication."""

    catalog = models.ForeignKey(Catalog, verbose_name=_("catalog"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=20, choices=CatalogStatus.choices)
    items = models.JSONField(_("items"), default=list, help_text=_("List of CatalogItemData dictionaries."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("catalog version")
        verbose_name_plural = _("catalog versions")
        ordering = ["catalog", "-number"]
        constraints = [models.UniqueConstraint(fields=["catalog", "number"], name="unique_catalog_version_number")]

    def __str__(self):
        return f"{self.catalog} v{self.number}"

    def audit_bureau_code(self):
        return self.catalog.bureau.code

    def save(self, *args, **kwargs):
        # The items of a snapshot never change; only its status and dates move on.
        if self.pk is not None and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("items", flat=True).first()
            if stored is not None and stored != self.items:
                raise ValueError("The items of a catalog version are immutable.")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def item_data(self):
        from .types import CatalogItemData

        return [CatalogItemData.from_dict(item) for item in self.items]


class CatalogEvent(models.Model):
    """One step of the review workflow: who did what, when, with which comment."""

    catalog = models.ForeignKey(Catalog, verbose_name=_("catalog"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=workflow.CatalogAction.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=CatalogStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=CatalogStatus.choices)
    version = models.ForeignKey(
        CatalogVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    actor = actor_field(_("by"))
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("catalog workflow step")
        verbose_name_plural = _("catalog workflow steps")
        ordering = ["catalog", "at", "pk"]

    def __str__(self):
        return f"{self.catalog} {self.action} {self.at:%Y-%m-%d}"

    def audit_bureau_code(self):
        return self.catalog.bureau.code


class ReviewOpinion(models.Model):
    """The government reviewer's opinion on one item (by its stable key) of a submitted version."""

    version = models.ForeignKey(
        CatalogVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="opinions"
    )
    item_key = models.UUIDField(_("item key"), db_index=True)
    item_label = models.CharField(_("item"), max_length=400, blank=True)
    text = models.TextField(_("opinion"))
    author = actor_field(_("author"))
    author_name = models.CharField(_("author (name)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        ordering = ["version", "created_at", "pk"]

    def __str__(self):
        return f"{self.item_label}: {self.text[:40]}"

    def audit_bureau_code(self):
        return self.version.catalog.bureau.code


# The interchange package's upload jobs (admin import with progress), registered with this app.
from .interchange.models import ImportJob, ImportJobStatus  # noqa: E402,F401
