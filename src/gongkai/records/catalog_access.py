"""Which catalog items may carry records: the bureau's own items of a published catalog.

A record is bound to a catalog item of its own bureau's catalog, and that catalog must have
a published version. When the published snapshot lists item keys, the item must be one of
them (an item added to the working copy after the last publication is not yet public).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from gongkai.catalogs.constants import CatalogStatus
from gongkai.catalogs.models import CatalogItem, CatalogVersion


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def latest_published_version(catalog_id: int) -> CatalogVersion | None:
    return (
        CatalogVersion.objects.filter(catalog_id=catalog_id, status=CatalogStatus.PUBLISHED).order_by("-number").first()
    )


def published_keys(version: CatalogVersion) -> set[str]:
    return {str(item.get("key")) for item in (version.items or []) if isinstance(item, dict) and item.get("key")}


def catalog_item_problem(item: CatalogItem, bureau, *, strict: bool = True) -> Problem | None:
    """Why `item` cannot carry a record of `bureau`, or None when it can.

    Always: the item is in the bureau's own catalog, which has a published version. `strict`
    (a new record, or a record moved to another item): the item is also in the latest published
    version and not removed. Records already under an item stay valid when a later revision of
    the catalog drops it.
    """
    catalog = item.catalog
    if catalog.bureau_id != getattr(bureau, "pk", bureau):
        return Problem("catalog_item_other_bureau", _("The catalog item belongs to another bureau's catalog."))
    version = latest_published_version(catalog.pk)
    if version is None:
        return Problem("catalog_not_published", _("The bureau's catalog has not been published yet."))
    if not strict:
        return None
    if item.removed_at is not None:
        return Problem("catalog_item_removed", _("The catalog item has been removed from the catalog."))
    keys = published_keys(version)
    if keys and str(item.key) not in keys:
        return Problem("catalog_item_not_published", _("The catalog item is not in the published catalog."))
    return None


def publishable_items(bureau) -> QuerySet[CatalogItem]:
    """The bureau's catalog items that may carry records (for choosers and the API)."""
    items = CatalogItem.objects.filter(catalog__bureau=bureau, removed_at__isnull=True)
    catalog_id = items.values_list("catalog_id", flat=True).first()
    if catalog_id is None:
        return items.none()
    version = latest_published_version(catalog_id)
    if version is None:
        return items.none()
    keys = published_keys(version)
    if keys:
        items = items.filter(key__in=list(keys))
    return items


def publishable_items_by_bureau(bureaus) -> dict[int, list[CatalogItem]]:
    """{bureau id: its publishable items, as `publishable_items` gives them} for many bureaus in two queries
    (a bureau has one catalog; without a published version its list is empty)."""
    newest = (
        CatalogVersion.objects.filter(catalog=OuterRef("catalog"), status=CatalogStatus.PUBLISHED)
        .order_by("-number")
        .values("pk")[:1]
    )
    versions = (
        CatalogVersion.objects.filter(catalog__bureau__in=bureaus, pk=Subquery(newest))
        .annotate(bureau_pk=F("catalog__bureau_id"))
        .only("pk", "catalog_id", "items")
    )
    keys = {v.bureau_pk: published_keys(v) for v in versions}
    found: dict[int, list[CatalogItem]] = {getattr(b, "pk", b): [] for b in bureaus}
    if not keys:
        return found
    items = CatalogItem.objects.filter(catalog__bureau__in=list(keys), removed_at__isnull=True).annotate(
        bureau_pk=F("catalog__bureau_id")
    )
    for item in items:
        wanted = keys[item.bureau_pk]
        if not wanted or str(item.key) in wanted:
            found.setdefault(item.bureau_pk, []).append(item)
    return found
