"""Bureaus: the tenants of Gongkai.

A tree: the city bureau, the county-level bureaus under it, township-level units under
a county, and the government review offices (one per county government) that review
catalogs. Every tenant-scoped object in other apps points to a Bureau.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel

from .validators import validate_bureau_code, validate_division_code, validate_uscc


class BureauKind(models.TextChoices):
    CITY = "city", _("City bureau")
    COUNTY = "county", _("County-level bureau")
    TOWNSHIP = "township", _("Township-level unit")
    REVIEW_OFFICE = "review_office", _("Government review office")


class BureauQuerySet(models.QuerySet):
    def disclosing(self):
        """Bureaus with a public disclosure column (not the review offices)."""
        return self.exclude(kind=BureauKind.REVIEW_OFFICE).filter(is_active=True)

    def descendants_of(self, bureau):
        """`bureau` and every bureau below it (the tree is shallow: at most 3 levels)."""
        ids = {bureau.pk}
        frontier = {bureau.pk}
        while frontier:
            frontier = set(self.model.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return self.filter(pk__in=ids)


class Bureau(AuditedModel, TimestampedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[validate_bureau_code],
        help_text=_("Stable code used in URLs and the API, e.g. xiuwu. Never change it once published."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BureauKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    review_office = models.ForeignKey(
        "self",
        verbose_name=_("government review office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_bureaus",
        limit_choices_to={"kind": BureauKind.REVIEW_OFFICE},
        help_text=_("The county government office that reviews and approves this bureau's catalog."),
    )
    division_code = models.CharField(
        _("administrative division code"), max_length=12, validators=[validate_division_code]
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_uscc]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    leader_name = models.CharField(_("leader in charge"), max_length=50, blank=True)
    leader_title = models.CharField(_("leader's title"), max_length=100, blank=True)
    disclosure_office = models.CharField(_("disclosure office"), max_length=100, blank=True)
    disclosure_phone = models.CharField(_("disclosure office phone"), max_length=50, blank=True)
    disclosure_email = models.EmailField(_("disclosure office email"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BureauQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A bureau cannot be its own parent.")}, code="invalid_parent")
        if self.kind == BureauKind.CITY and self.parent_id:
            parent = self.parent
            if parent.kind != BureauKind.CITY:
                raise ValidationError({"parent": _("A city bureau can only sit under another city bureau.")})
        if self.kind in (BureauKind.COUNTY, BureauKind.TOWNSHIP) and not self.parent_id:
            raise ValidationError({"parent": _("County and township units need a parent bureau.")}, code="no_parent")
        if self.review_office_id and self.review_office.kind != BureauKind.REVIEW_OFFICE:
            raise ValidationError({"review_office": _("Choose a government review office.")})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:bureau", kwargs={"code": self.code})

    def audit_bureau_code(self):
        return self.code

    @property
    def is_disclosing(self) -> bool:
        return self.kind != BureauKind.REVIEW_OFFICE

    def ancestors(self) -> list["Bureau"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class ProfileChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved and public")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a later proposal")


class BureauProfileChange(TimestampedModel):
    """A proposed change to a bureau's public profile (contact, hours, leader, disclosure office).

    The public sees it only once a reviewer or the leader of the same bureau who is none of its authors
    approves it (four eyes, `organizations.services.profile_change_approve`).
    """

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="profile_changes"
    )
    # {field: [value when proposed, proposed value]}
    changes = models.JSONField(_("changes"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileChangeStatus.choices, default=ProfileChangeStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Everyone whose edits the proposal carries (a later proposal carries the pending one's): none may approve.
    author_ids = models.JSONField(_("authors"), default=list)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bureau profile change")
        verbose_name_plural = _("bureau profile changes")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau"], condition=models.Q(status="pending"), name="one_pending_profile_change"
            )
        ]

    def __str__(self):
        return str(_("Profile change of %(bureau)s") % {"bureau": self.bureau.name})

    def audit_bureau_code(self):
        return self.bureau.code
