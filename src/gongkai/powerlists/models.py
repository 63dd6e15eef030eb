"""A bureau's 权责清单 and 公共服务事项清单 as data: each import is a `ListVersion` (who, when, which file) holding
its `ListItem`s; the current list is the latest version of its kind. Each item names the catalog items that
disclose it (`catalog_items`); a new version keeps the mapping of the items whose code it keeps.

One item model for both lists (the columns are the same; `kind` tells 行政许可 … 其他 for power items and
公共服务 for public services): the 公共服务事项清单 is the office's inventory, not the service guides of
`service_items`, which are written and approved one by one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import AuditedModel, TimestampedModel, actor_field


class ListKind(models.TextChoices):
    POWERS = "powers", _("Power and responsibility list (权责清单)")
    PUBLIC_SERVICES = "public_services", _("Public service list (公共服务事项清单)")


class ItemKind(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing (行政许可)")
    PENALTY = "penalty", _("Administrative penalty (行政处罚)")
    COERCION = "coercion", _("Administrative coercion (行政强制)")
    INSPECTION = "inspection", _("Administrative inspection (行政检查)")
    CONFIRMATION = "confirmation", _("Administrative confirmation (行政确认)")
    AWARD = "award", _("Administrative award (行政奖励)")
    OTHER = "other", _("Other (其他)")
    PUBLIC_SERVICE = "public_service", _("Public service (公共服务)")


# The 事项类型 an office writes, as each list allows it.
KIND_WORDS = {
    "行政许可": ItemKind.LICENSING,
    "行政处罚": ItemKind.PENALTY,
    "行政强制": ItemKind.COERCION,
    "行政检查": ItemKind.INSPECTION,
    "行政确认": ItemKind.CONFIRMATION,
    "行政奖励": ItemKind.AWARD,
    "其他": ItemKind.OTHER,
    "其他行政权力": ItemKind.OTHER,
    "公共服务": ItemKind.PUBLIC_SERVICE,
}
POWER_KINDS = tuple(k for k in ItemKind if k != ItemKind.PUBLIC_SERVICE)


class ListVersion(AuditedModel, TimestampedModel):
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="list_versions"
    )
    list_kind = models.CharField(_("list"), max_length=20, choices=ListKind.choices)
    number = models.PositiveIntegerField(_("version"))
    filename = models.CharField(_("file"), max_length=200, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    imported_by = actor_field(_("imported by"))
    imported_by_name = models.CharField(_("imported by (name)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        ordering = ["bureau", "list_kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "list_kind", "number"], name="powerlists_version_number")
        ]

    def __str__(self):
        return f"{self.bureau.code} {self.list_kind} v{self.number}"

    def audit_bureau_code(self):
        return self.bureau.code


class ListItem(AuditedModel, models.Model):
    version = models.ForeignKey(ListVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("item code"), max_length=64)
    name = models.CharField(_("item name"), max_length=300)
    kind = models.CharField(_("item type"), max_length=20, choices=ItemKind.choices)
    basis = models.TextField(_("legal basis (设定依据)"), blank=True)
    office = models.CharField(_("responsible office (实施机构)"), max_length=200, blank=True)
    catalog_items = models.ManyToManyField(
        "catalogs.CatalogItem", verbose_name=_("catalog items that disclose it"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("list item")
        verbose_name_plural = _("list items")
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="powerlists_item_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def audit_bureau_code(self):
        return self.version.bureau.code
