"""Reads of the lists: the current version of each list, its items with the catalog items that disclose them,
and the coverage check (`coverage`: the JSON of `manage.py catalog_coverage` and of the catalog review)."""

from __future__ import annotations

from django.db.models import Prefetch

from gongkai.catalogs.models import CatalogItem

from .models import ListItem, ListKind, ListVersion


def current_version(bureau, list_kind: str) -> ListVersion | None:
    return ListVersion.objects.filter(bureau=bureau, list_kind=list_kind).order_by("-number").first()


def versions_of(bureau) -> list[ListVersion]:
    return list(ListVersion.objects.filter(bureau=bureau).order_by("list_kind", "-number"))


def current_items(bureau, list_kind: str) -> list[ListItem]:
    """The items of the current version, each with `disclosing`: its catalog items still in the catalog."""
    version = current_version(bureau, list_kind)
    if version is None:
        return []
    return list(
        version.items.order_by("position", "pk").prefetch_related(
            Prefetch(
                "catalog_items",
                queryset=CatalogItem.objects.filter(removed_at__isnull=True).order_by("domain", "position", "pk"),
                to_attr="disclosing",
            )
        )
    )


def _catalog_item(item: CatalogItem) -> dict:
    return {"id": item.pk, "key": str(item.key), "name": str(item)}


def coverage(bureau) -> dict:
    """Every item of the bureau's current lists with the catalog items that disclose it, and `uncovered`:

    {"bureau": code, "lists": {"powers": {"version": n, "imported_at": iso}|null, "public_services": …},
     "items": [{"list", "code", "name", "kind", "office", "catalog_items": [{"id", "key", "name"}]}],
     "uncovered": [{"list", "code", "name", "kind"}], "counts": {"items": n, "covered": n, "uncovered": n}}"""
    lists: dict = {}
    items: list[dict] = []
    for list_kind in ListKind.values:
        version = current_version(bureau, list_kind)
        lists[list_kind] = (
            {"version": version.number, "imported_at": version.created_at.isoformat(), "items": version.item_count}
            if version
            else None
        )
        items.extend(
            {
                "list": list_kind,
                "code": item.code,
                "name": item.name,
                "kind": item.kind,
                "office": item.office,
                "catalog_items": [_catalog_item(c) for c in item.disclosing],
            }
            for item in current_items(bureau, list_kind)
        )
    uncovered = [
        {"list": i["list"], "code": i["code"], "name": i["name"], "kind": i["kind"]}
        for i in items
        if not i["catalog_items"]
    ]
    return {
        "bureau": bureau.code,
        "lists": lists,
        "items": items,
        "uncovered": uncovered,
        "counts": {"items": len(items), "covered": len(items) - len(uncovered), "uncovered": len(uncovered)},
    }


def catalog_item_choices(bureau) -> list[CatalogItem]:
    return list(
        CatalogItem.objects.filter(catalog__bureau=bureau, removed_at__isnull=True).order_by("domain", "position", "pk")
    )


def coverage_counts(bureaus) -> dict[int, dict]:
    """{bureau id: {"items", "covered", "uncovered"}} over the current version of each list, for many bureaus in
    one query (the counts of `coverage`; bureaus without a list are left out)."""
    from django.db.models import Count, OuterRef, Q, Subquery

    newest = ListVersion.objects.filter(bureau=OuterRef("bureau"), list_kind=OuterRef("list_kind")).order_by("-number")
    current = ListVersion.objects.filter(bureau__in=bureaus, pk=Subquery(newest.values("pk")[:1]))
    rows = (
        ListItem.objects.filter(version__in=current)
        .order_by()
        .values("version__bureau_id")
        .annotate(
            items=Count("pk", distinct=True),
            covered=Count(
                "pk", distinct=True, filter=Q(catalog_items__isnull=False, catalog_items__removed_at__isnull=True)
            ),
        )
    )
    return {
        r["version__bureau_id"]: {"items": r["items"], "covered": r["covered"], "uncovered": r["items"] - r["covered"]}
        for r in rows
    }
