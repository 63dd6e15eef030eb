"""Importing a list (a new version, all or nothing) and mapping its items to the catalog items that disclose them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.catalogs.models import CatalogItem
from gongkai.core import audit

from .layout import ListFileRejected, read_list
from .models import ListItem, ListKind, ListVersion
from .rules import CHANGE_LIST


def _actor_user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def import_list(*, acting_user, bureau, list_kind: str, data: bytes, filename: str = "", request=None) -> ListVersion:
    """Import a list workbook of `bureau` as its next version. A file with any error changes nothing
    (ValidationError, code `list_rejected`, every problem listed). Items whose code the previous version had keep
    their mapping to catalog items."""
    permissions.require(acting_user, CHANGE_LIST, bureau)
    if list_kind not in ListKind.values:
        raise ValidationError(_("Unknown list."), code="unknown_list")
    try:
        rows = read_list(data, list_kind=list_kind)
    except ListFileRejected as exc:
        audit.record(
            "powerlists.list.rejected",
            user=acting_user,
            bureau_code=bureau.code,
            request=request,
            result=audit.AuditResult.FAILURE,
            data={"list": list_kind, "file": filename[:200], "errors": exc.errors[:20]},
        )
        raise ValidationError(exc.errors, code="list_rejected") from exc
    with transaction.atomic():
        previous = (
            ListVersion.objects.select_for_update()
            .filter(bureau=bureau, list_kind=list_kind)
            .order_by("-number")
            .first()
        )
        number = (
            ListVersion.objects.filter(bureau=bureau, list_kind=list_kind).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        version = ListVersion.objects.create(
            bureau=bureau,
            list_kind=list_kind,
            number=number,
            filename=filename[:200],
            item_count=len(rows),
            imported_by=_actor_user(acting_user),
            imported_by_name=acting_user.get_username() if hasattr(acting_user, "get_username") else str(acting_user),
        )
        items = ListItem.objects.bulk_create(
            [
                ListItem(
                    version=version, position=i, code=r.code, name=r.name, kind=r.kind, basis=r.basis, office=r.office
                )
                for i, r in enumerate(rows, start=1)
            ]
        )
        kept = 0
        if previous is not None:
            by_code = {item.code: item.pk for item in ListItem.objects.filter(version=version)}
            through = ListItem.catalog_items.through
            links = [
                through(listitem_id=by_code[code], catalogitem_id=catalog_item_id)
                for code, catalog_item_id in through.objects.filter(listitem__version=previous).values_list(
                    "listitem__code", "catalogitem_id"
                )
                if code in by_code
            ]
            through.objects.bulk_create(links)
            kept = len(links)
        audit.record(
            "powerlists.list.imported",
            user=acting_user,
            instance=version,
            request=request,
            data={
                "list": list_kind,
                "version": number,
                "items": len(items),
                "file": filename[:200],
                "links_kept": kept,
            },
        )
    return version


@transaction.atomic
def set_catalog_items(*, acting_user, item: ListItem, catalog_item_ids, request=None) -> ListItem:
    """The catalog items of the bureau's own catalog that disclose `item` (others: code `catalog_item_other_bureau`)."""
    bureau = item.version.bureau
    permissions.require(acting_user, CHANGE_LIST, bureau)
    ids = sorted({int(i) for i in catalog_item_ids})
    chosen = list(CatalogItem.objects.filter(pk__in=ids, catalog__bureau=bureau, removed_at__isnull=True))
    if len(chosen) != len(ids):
        raise ValidationError(
            {
                "catalog_items": ValidationError(
                    _("Choose items of this bureau's catalog."), code="catalog_item_other_bureau"
                )
            }
        )
    before = sorted(item.catalog_items.values_list("pk", flat=True))
    if before != ids:
        item.catalog_items.set(chosen)
        audit.record(
            "powerlists.item.mapped",
            user=acting_user,
            instance=item,
            request=request,
            data={"code": item.code, "before": before, "after": ids},
        )
    return item
