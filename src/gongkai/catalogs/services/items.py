"""Creating a catalog and editing its items (the working copy).

Owns how an item is normalised (trimmed text, channel spellings and order, the parsed time-limit
rule), the duplicate rule (one item per domain + level-1/2/3 names, code "duplicate_item"), where
a new item goes (after the last item of its level-1 group, else of its domain), and the use cases
that change items one at a time: creating the bureau's catalog, adopting guideline rows (generic
subjects become the bureau's name, unverified rows keep a note), add, update, remove (soft),
reorder and move. Every change passes the edit-lock rule of base.py.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions

from .. import selectors
from ..constants import CHANNEL_ALIASES, CHANNELS, CatalogStatus, ItemSource
from ..diff import compare_items
from ..models import Catalog, CatalogItem, GuidelineItem
from ..timelimits import TimeLimitError, parse_time_limit
from ..types import CONTENT_FIELDS, CatalogItemData
from ..validation import ItemError, validate_items
from .base import A, ItemsInvalid, _ensure_editable, _event, _lock, _record

GENERIC_SUBJECT = "应急管理部门"  # the guideline's placeholder for the responsible body


def _dedupe(values) -> list[str]:
    seen, result = set(), []
    for value in values or []:
        value = str(value).strip()
        if value and value not in seen:
            seen.add(value)
            result.append(value)
    return result


def normalize_item(data: CatalogItemData) -> CatalogItemData:
    """Trim text, unify channel spellings and order, and derive the time-limit rule."""
    channels = [CHANNEL_ALIASES.get(c, c) for c in _dedupe(data.channels)]
    channels.sort(key=lambda c: CHANNELS.index(c) if c in CHANNELS else len(CHANNELS))
    text = (data.time_limit_text or "").strip()
    try:
        rule = parse_time_limit(text) if text else {}
    except TimeLimitError:
        rule = {}
    return replace(
        data,
        domain=(data.domain or "").strip(),
        level1=(data.level1 or "").strip(),
        level2=(data.level2 or "").strip(),
        level3=(data.level3 or "").strip(),
        content=(data.content or "").strip(),
        legal_basis=_dedupe(data.legal_basis),
        time_limit_text=text,
        time_limit_rule=rule,
        responsible_body=(data.responsible_body or "").strip(),
        channels=channels,
        audience=_dedupe(data.audience),
        mode=_dedupe(data.mode),
        levels=_dedupe(data.levels),
        responsible_office=(data.responsible_office or "").strip(),
        source=data.source or ItemSource.LOCAL,
        key=(data.key or "").strip(),
        notes=(data.notes or "").strip(),
        extra=dict(data.extra or {}),
    )


def _apply(item: CatalogItem, data: CatalogItemData) -> None:
    for name in CONTENT_FIELDS:
        setattr(item, name, getattr(data, name))


def _renumber(catalog: Catalog, ordered: list[CatalogItem]) -> None:
    changed = []
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        CatalogItem.objects.bulk_update(changed, ["position"])


def _insert_position(items: list[CatalogItem], data: CatalogItemData) -> int:
    """Index after the last item of the same level-1 group (else of the same domain, else the end)."""
    for predicate in (
        lambda i: i.domain == data.domain and i.level1 == data.level1,
        lambda i: i.domain == data.domain,
    ):
        indexes = [n for n, i in enumerate(items) if predicate(i)]
        if indexes:
            return indexes[-1] + 1
    return len(items)


def _duplicate_errors(data: CatalogItemData, others: list[CatalogItem]) -> list[ItemError]:
    identity = data.identity()
    for other in others:
        if (other.domain, other.level1, other.level2, other.level3 or "") == identity:
            name = " / ".join(p for p in identity[1:] if p)
            return [
                ItemError(
                    0, "level2", "duplicate_item", _("The item “%(name)s” appears more than once.") % {"name": name}
                )
            ]
    return []


# Catalog creation ---------------------------------------------------------------------------


@transaction.atomic
def catalog_get_or_create(*, bureau, acting_user) -> Catalog:
    """The bureau's catalog, created empty (draft, in the city's active campaign) when missing."""
    permissions.require(acting_user, "catalogs.change_catalog", bureau)
    catalog = Catalog.objects.filter(bureau=bureau).first()
    if catalog is not None:
        return catalog
    catalog = Catalog.objects.create(
        bureau=bureau,
        status=CatalogStatus.DRAFT,
        status_changed_at=timezone.now(),
        campaign=selectors.active_campaign_for(bureau),
    )
    _event(catalog, A.CREATE, CatalogStatus.NOT_STARTED, CatalogStatus.DRAFT, user=acting_user)
    _record("catalog.create", user=acting_user, instance=catalog)
    return catalog


def _from_guideline(gi: GuidelineItem, bureau) -> CatalogItemData:
    subject = gi.responsible_body
    if not subject or subject == GENERIC_SUBJECT:
        subject = bureau.name if gi.verified else ""
    notes = "" if gi.verified else _("Adopted from an unverified guideline row: %(evidence)s") % {"evidence": gi.notes}
    return normalize_item(
        CatalogItemData(
            domain=gi.guideline.domain,
            level1=gi.level1,
            level2=gi.level2,
            level3=gi.level3,
            content=gi.content,
            legal_basis=list(gi.legal_basis),
            time_limit_text=gi.time_limit_text,
            time_limit_rule={},
            responsible_body=subject,
            channels=list(gi.channels),
            audience=list(gi.audience),
            mode=list(gi.mode),
            levels=list(gi.levels),
            source=ItemSource.GUIDELINE,
            notes=notes,
        )
    )


@transaction.atomic
def catalog_create_from_guideline(*, bureau, acting_user, guideline_item_ids=None) -> Catalog:
    """Adopt guideline rows into the bureau's catalog (creating it when needed).

    Without `guideline_item_ids`: every verified row of the current guideline versions.
    Rows already present (same domain and item names) are skipped; unverified rows are
    adopted only when chosen explicitly, and keep a note saying so.
    """
    catalog = _lock(catalog_get_or_create(bureau=bureau, acting_user=acting_user))
    permissions.require(acting_user, "catalogs.change_catalog", catalog)
    _ensure_editable(catalog, acting_user)
    rows = GuidelineItem.objects.select_related("guideline").order_by("guideline__domain", "seq")
    if guideline_item_ids is None:
        rows = list(rows.filter(guideline__is_current=True, verified=True))
    else:
        ids = {int(i) for i in guideline_item_ids}
        rows = list(rows.filter(pk__in=ids))
        if len(rows) != len(ids):
            raise ValidationError(_("Some of the chosen guideline rows do not exist."), code="unknown_guideline_item")
    rows.sort(key=lambda gi: (selectors.DOMAIN_ORDER.get(gi.guideline.domain, 9), gi.seq))
    items = selectors.active_items(catalog)
    added = []
    for gi in rows:
        data = _from_guideline(gi, bureau)
        if _duplicate_errors(data, items):
            continue
        item = CatalogItem(catalog=catalog, guideline_item=gi)
        _apply(item, data)
        item.save()
        items.insert(_insert_position(items, data), item)
        added.append(item)
    _renumber(catalog, items)
    catalog.guidelines.add(*{gi.guideline_id for gi in rows})
    _record("catalog.adopt_guideline", user=acting_user, instance=catalog, data={"added": len(added)})
    return catalog


# Items ---------------------------------------------------------------------------------------


@transaction.atomic
def catalog_item_add(*, catalog, data: CatalogItemData, acting_user, source: str | None = None) -> CatalogItem:
    """Add one item (from the duty list, the public service list, or the bureau's own)."""
    catalog = _lock(catalog)
    permissions.require(acting_user, "catalogs.change_catalog", catalog)
    data = normalize_item(replace(data, key="", source=source or data.source or ItemSource.LOCAL))
    items = selectors.active_items(catalog)
    errors = validate_items([data]) + _duplicate_errors(data, items)
    if errors:
        raise ItemsInvalid(errors)
    _ensure_editable(catalog, acting_user)
    item = CatalogItem(catalog=catalog)
    _apply(item, data)
    item.save()
    items.insert(_insert_position(items, data), item)
    _renumber(catalog, items)
    _record("item.add", user=acting_user, instance=item, data={"key": str(item.key), "source": item.source})
    return item


@transaction.atomic
def catalog_item_update(*, item: CatalogItem, data: CatalogItemData, acting_user) -> CatalogItem:
    catalog = _lock(item.catalog)
    permissions.require(acting_user, "catalogs.change_catalog", catalog)
    item = CatalogItem.objects.select_for_update().get(pk=item.pk, catalog=catalog, removed_at__isnull=True)
    before = selectors.item_to_data(item)
    data = normalize_item(replace(data, key=str(item.key), source=data.source or item.source))
    others = [i for i in selectors.active_items(catalog) if i.pk != item.pk]
    errors = validate_items([data]) + _duplicate_errors(data, others)
    if errors:
        raise ItemsInvalid(errors)
    changes = compare_items(before, data)
    if not changes:
        return item
    _ensure_editable(catalog, acting_user)
    _apply(item, data)
    item.save()
    _record(
        "item.update",
        user=acting_user,
        instance=item,
        data={"key": str(item.key), "changed": [c.element for c in changes]},
    )
    return item


@transaction.atomic
def catalog_item_remove(*, item: CatalogItem, acting_user) -> CatalogItem:
    """Remove from the working copy. The row is kept (soft) for records and history."""
    catalog = _lock(item.catalog)
    permissions.require(acting_user, "catalogs.change_catalog", catalog)
    _ensure_editable(catalog, acting_user)
    item = CatalogItem.objects.select_for_update().get(pk=item.pk, catalog=catalog)
    if item.removed_at is None:
        item.removed_at = timezone.now()
        item.save(update_fields=["removed_at", "updated_at"])
        _record("item.remove", user=acting_user, instance=item, data={"key": str(item.key)})
    return item


@transaction.atomic
def catalog_items_reorder(*, catalog, keys: list[str], acting_user) -> None:
    """Put the listed items first, in the given order; the others follow in their current order."""
    catalog = _lock(catalog)
    permissions.require(acting_user, "catalogs.change_catalog", catalog)
    items = selectors.active_items(catalog)
    by_key = {str(i.key): i for i in items}
    keys = [str(k) for k in keys]
    unknown = [k for k in keys if k not in by_key]
    if unknown or len(set(keys)) != len(keys):
        raise ValidationError(_("The order names items that are not in this catalog."), code="unknown_item")
    _ensure_editable(catalog, acting_user)
    listed = set(keys)
    ordered = [by_key[k] for k in keys] + [i for i in items if str(i.key) not in listed]
    ordered.sort(key=lambda i: selectors.DOMAIN_ORDER.get(i.domain, 9))  # stable: order kept within a domain
    _renumber(catalog, ordered)
    _record("catalog.reorder", user=acting_user, instance=catalog, data={"keys": keys})


@transaction.atomic
def catalog_item_move(*, item: CatalogItem, offset: int, acting_user) -> None:
    """Move an item up (offset -1) or down (+1) among the items of its domain."""
    items = [i for i in selectors.active_items(item.catalog) if i.domain == item.domain]
    keys = [str(i.key) for i in items]
    index = keys.index(str(item.key))
    target = max(0, min(len(keys) - 1, index + offset))
    keys.insert(target, keys.pop(index))
    catalog_items_reorder(catalog=item.catalog, keys=keys, acting_user=acting_user)
