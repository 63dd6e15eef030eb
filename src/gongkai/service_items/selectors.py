"""Reads of service items: public selectors return published items with their published guide only; staff
selectors are scoped by the permission module."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from gongkai.accounts import permissions

from .models import GuideMaterial, GuideStatus, ServiceGuide, ServiceItem
from .rules import VIEW_ITEM


def items_public(bureau=None) -> QuerySet[ServiceItem]:
    """Published items (of `bureau`, else of every bureau), each with its published guide."""
    items = ServiceItem.objects.filter(live_guide__isnull=False, bureau__is_active=True).select_related(
        "live_guide", "bureau"
    )
    return items.filter(bureau=bureau) if bureau is not None else items


def guide_with_materials(queryset):
    materials = GuideMaterial.objects.select_related("template").order_by("position", "pk")
    return queryset.prefetch_related(Prefetch("materials", queryset=materials))


def item_get_public(bureau, code: str) -> ServiceItem:
    """The published item `code` of `bureau`, its guide's materials and catalog items loaded; DoesNotExist else."""
    item = items_public(bureau).prefetch_related("catalog_items__catalog").get(code=code)
    item.live_guide = guide_with_materials(ServiceGuide.objects.filter(pk=item.live_guide_id)).get()
    return item


def items_for_staff(user, bureau=None) -> QuerySet[ServiceItem]:
    items = permissions.scope(user, VIEW_ITEM, ServiceItem.objects.select_related("bureau", "live_guide"))
    return items.filter(bureau=bureau) if bureau is not None else items


def handbook_guides(bureau=None) -> list[ServiceGuide]:
    """The published guides, in the order of the handbook (bureau, position, code)."""
    guides = ServiceGuide.objects.filter(status=GuideStatus.PUBLISHED, item__bureau__is_active=True)
    if bureau is not None:
        guides = guides.filter(item__bureau=bureau)
    guides = guides.select_related("item__bureau").order_by("item__bureau__code", "item__position", "item__code")
    return list(guide_with_materials(guides))


def services_entry_kwargs() -> dict | None:
    """The portal's 办事服务 entry: the service list of the highest-level bureau with published items
    ("city" < "county" < "township": the city bureau in the demo); None (no entry) while no bureau has any."""
    code = (
        items_public()
        .exclude(bureau__kind="review_office")
        .order_by("bureau__kind", "bureau__sort_order", "bureau__code")
        .values_list("bureau__code", flat=True)
        .first()
    )
    return {"code": code} if code else None
