"""Use cases of the standard catalogs. Every function is keyword-only, atomic, checks the
permission module, and writes an audit record (and a CatalogEvent for workflow steps).

Validation errors: item problems raise `ItemsInvalid` (a ValidationError) whose `item_errors`
lists every validation.ItemError (index in the list given, field, code, message), so import
and forms can report them row by row. Workflow moves that are not legal raise
workflow.TransitionNotAllowed (code "transition_not_allowed"); changing a catalog that is with
the reviewer raises ValidationError(code="catalog_locked").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from . import selectors, workflow
from .constants import CHANNEL_ALIASES, CHANNELS, CatalogStatus, ItemSource
from .diff import compare_items
from .models import Campaign, Catalog, CatalogEvent, CatalogItem, CatalogVersion, GuidelineItem, ReviewOpinion
from .timelimits import TimeLimitError, parse_time_limit
from .types import CONTENT_FIELDS, CatalogItemData
from .validation import ItemError, validate_items

A = workflow.CatalogAction
GENERIC_SUBJECT = "应急管理部门"  # the guideline's placeholder for the responsible body


class ItemsInvalid(ValidationError):
    """One or more items are invalid; `item_errors` names each element, item by item."""

    def __init__(self, item_errors: list[ItemError]):
        self.item_errors = list(item_errors)
        errors: dict[str, list[ValidationError]] = {}
        for e in self.item_errors:
            errors.setdefault(f"items.{e.index}.{e.field}", []).append(ValidationError(e.message, code=e.code))
        super().__init__(errors)


# Helpers ------------------------------------------------------------------------------------


def _user_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return getattr(user, "full_name", "") or user.get_username()


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


def _record(action: str, *, user, instance, data=None, request=None):
    audit.record(f"catalogs.{action}", user=user, instance=instance, data=data or {}, request=request)


def _event(catalog, action, old, new, *, user, comment="", version=None, at=None) -> CatalogEvent:
    campaign = catalog.campaign if catalog.campaign_id and catalog.campaign.is_active else None
    return CatalogEvent.objects.create(
        catalog=catalog,
        action=action,
        from_status=old or "",
        to_status=new,
        version=version,
        campaign=campaign,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_name=_user_name(user),
        comment=comment or "",
        at=at or timezone.now(),
    )


def _lock(catalog: Catalog) -> Catalog:
    return Catalog.objects.select_for_update(of=("self",)).select_related("bureau", "campaign").get(pk=catalog.pk)


def _ensure_editable(catalog: Catalog, user) -> None:
    """Editing a published catalog starts a new revision; a catalog in review cannot change."""
    if catalog.status in workflow.EDITABLE:
        return
    if catalog.status in workflow.EDITABLE_AFTER_REVISE:
        _revise(catalog, user, _("Changes started after publication."))
        return
    raise ValidationError(
        _("The catalog is “%(status)s” and cannot be changed now.") % {"status": CatalogStatus(catalog.status).label},
        code="catalog_locked",
    )


def _revise(catalog: Catalog, user, comment: str) -> None:
    # The catalog keeps its campaign: only the city supervisor puts it under a new one (campaign_assign).
    old, new = catalog.transition(A.REVISE)
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, A.REVISE, old, new, user=user, comment=comment)
    _record("catalog.revise", user=user, instance=catalog, data={"from": old, "to": new})


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


@dataclass
class ReplaceResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    restored: int = 0


def _parse_key(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


@transaction.atomic
def catalog_replace_items(*, catalog, items: list[CatalogItemData], acting_user, comment: str = "") -> ReplaceResult:
    """Make the working copy exactly `items` (the import path). All or nothing.

    Each incoming item is matched to an existing one by `key`, else by its identity (domain,
    level-1, level-2, level-3); matched items keep their key (records stay attached), items
    not in the list are soft-removed, removed items that come back are restored. Raises
    ItemsInvalid with every element error (indexes are positions in `items`).
    """
    catalog = _lock(catalog)
    permissions.require(acting_user, "catalogs.change_catalog", catalog)
    incoming = [normalize_item(i) for i in items]
    errors = validate_items(incoming)
    seen_keys: dict[str, int] = {}
    for index, data in enumerate(incoming):
        if not data.key:
            continue
        if _parse_key(data.key) is None:
            errors.append(
                ItemError(
                    index, "key", "invalid_key", _("The item key “%(value)s” is not valid.") % {"value": data.key}
                )
            )
        elif data.key in seen_keys:
            errors.append(
                ItemError(
                    index,
                    "key",
                    "duplicate_key",
                    _("The item key “%(value)s” appears more than once.") % {"value": data.key},
                )
            )
        seen_keys[data.key] = index
    if not incoming:
        errors.append(ItemError(0, "items", "empty_catalog", _("The catalog has no items.")))
    if errors:
        raise ItemsInvalid(sorted(errors, key=lambda e: e.index))
    _ensure_editable(catalog, acting_user)

    existing = list(catalog.items.all())
    by_key = {str(i.key): i for i in existing}
    by_identity: dict[tuple, CatalogItem] = {}
    for item in sorted(existing, key=lambda i: i.removed_at is not None):  # prefer active items
        by_identity.setdefault((item.domain, item.level1, item.level2, item.level3 or ""), item)
    used: set[int] = set()
    ordered: list[CatalogItem] = []
    new_items: list[CatalogItem] = []
    result = ReplaceResult()
    now = timezone.now()
    for data in incoming:
        item = by_key.get(data.key) if data.key else None
        if item is None or item.pk in used:
            candidate = by_identity.get(data.identity())
            item = candidate if candidate is not None and candidate.pk not in used else None
        if item is None:
            item = CatalogItem(catalog=catalog)
            _apply(item, data)
            new_items.append(item)  # inserted in one statement below
            result.added += 1
        else:
            used.add(item.pk)
            changed = (
                bool(compare_items(selectors.item_to_data(item), data)) or item.time_limit_rule != data.time_limit_rule
            )
            restored = item.removed_at is not None
            if changed or restored:
                _apply(item, data)
                item.removed_at = None
                item.save()
                result.restored += int(restored)
                result.updated += int(changed and not restored)
                result.unchanged += int(not changed and not restored)
            else:
                result.unchanged += 1
        used.add(item.pk)
        ordered.append(item)
    to_remove = [i for i in existing if i.pk not in used and i.removed_at is None]
    for item in to_remove:
        item.removed_at = now
    if to_remove:
        CatalogItem.objects.bulk_update(to_remove, ["removed_at"])
    result.removed = len(to_remove)
    ordered.sort(key=lambda i: selectors.DOMAIN_ORDER.get(i.domain, 9))
    # New items get their final positions before the one bulk insert (1,000 single inserts cost ~2 s).
    for position, item in enumerate(ordered):
        if item.pk is None:
            item.position = position
    CatalogItem.objects.bulk_create(new_items, batch_size=500)
    _renumber(catalog, ordered)
    _record("catalog.replace_items", user=acting_user, instance=catalog, data={**result.__dict__, "comment": comment})
    return result


# Review workflow ------------------------------------------------------------------------------


def _snapshot(catalog: Catalog, status: str, user, comment: str) -> CatalogVersion:
    number = (catalog.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return CatalogVersion.objects.create(
        catalog=catalog,
        number=number,
        status=status,
        items=[d.to_dict() for d in selectors.working_items_data(catalog)],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        submitted_at=timezone.now(),
        comment=comment or "",
    )


def _require_move(catalog: Catalog, action: str, user) -> None:
    permissions.require(user, workflow.ACTION_PERMISSIONS[action], catalog)
    if not catalog.can_transition(action):
        raise workflow.TransitionNotAllowed(catalog.status, action)


@transaction.atomic
def catalog_submit(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    """Submit the working copy to the government reviewer (a draft) or for approval (a revised
    catalog that was returned). Snapshots a new version; every item must be complete."""
    catalog = _lock(catalog)
    action = A.RESUBMIT if catalog.status == CatalogStatus.RETURNED else A.SUBMIT
    _require_move(catalog, action, acting_user)
    data = selectors.working_items_data(catalog)
    if not data:
        raise ItemsInvalid([ItemError(0, "items", "empty_catalog", _("The catalog has no items."))])
    errors = validate_items(data)
    if errors:
        raise ItemsInvalid(errors)
    old, new = catalog.transition(action)
    version = _snapshot(catalog, new, acting_user, comment)
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, action, old, new, user=acting_user, comment=comment, version=version)
    _record(f"catalog.{action}", user=acting_user, instance=catalog, data={"version": version.number})
    return version


@transaction.atomic
def catalog_withdraw(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    """Take a submission back from the reviewer (before a decision)."""
    catalog = _lock(catalog)
    _require_move(catalog, A.WITHDRAW, acting_user)
    version = selectors.review_version(catalog)
    old, new = catalog.transition(A.WITHDRAW)
    version.status = CatalogStatus.DRAFT
    version.save(update_fields=["status", "updated_at"])
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, A.WITHDRAW, old, new, user=acting_user, comment=comment, version=version)
    _record("catalog.withdraw", user=acting_user, instance=catalog, data={"version": version.number})
    return version


@transaction.atomic
def catalog_return(
    *, catalog, acting_user, comment: str = "", opinions: dict[str, str] | None = None
) -> CatalogVersion:
    """Return the submitted version with an overall comment and per-item opinions (by item key)."""
    catalog = _lock(catalog)
    _require_move(catalog, A.RETURN, acting_user)
    version = selectors.review_version(catalog)
    opinions = {str(k): (v or "").strip() for k, v in (opinions or {}).items() if (v or "").strip()}
    if not comment.strip() and not opinions:
        raise ValidationError(_("Give an overall opinion or an opinion on at least one item."), code="opinion_required")
    items = {i["key"]: i for i in version.items}
    unknown = [k for k in opinions if k not in items]
    if unknown:
        raise ValidationError(_("An opinion names an item that is not in this version."), code="unknown_item")
    for key, text in opinions.items():
        item = items[key]
        ReviewOpinion.objects.create(
            version=version,
            item_key=key,
            item_label=" / ".join(p for p in (item["level1"], item["level2"], item.get("level3") or "") if p),
            text=text,
            author=acting_user,
            author_name=_user_name(acting_user),
        )
    old, new = catalog.transition(A.RETURN)
    version.status = CatalogStatus.RETURNED
    version.save(update_fields=["status", "updated_at"])
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, A.RETURN, old, new, user=acting_user, comment=comment, version=version)
    _record(
        "catalog.return",
        user=acting_user,
        instance=catalog,
        data={"version": version.number, "opinions": len(opinions)},
    )
    return version


@transaction.atomic
def catalog_approve(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    catalog = _lock(catalog)
    _require_move(catalog, A.APPROVE, acting_user)
    version = selectors.review_version(catalog)
    old, new = catalog.transition(A.APPROVE)
    version.status = CatalogStatus.APPROVED
    version.approved_at = catalog.status_changed_at
    version.save(update_fields=["status", "approved_at", "updated_at"])
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, A.APPROVE, old, new, user=acting_user, comment=comment, version=version)
    _record("catalog.approve", user=acting_user, instance=catalog, data={"version": version.number})
    return version


@transaction.atomic
def catalog_publish(*, catalog, acting_user, comment: str = "") -> CatalogVersion:
    """Publish the approved version: it becomes the bureau's current catalog on the portal and API.

    Four eyes (三审): the publisher is a reviewer or the leader of the bureau and none of the version's authors.
    """
    catalog = _lock(catalog)
    version = selectors.approved_version(catalog) if catalog.status == CatalogStatus.APPROVED else None
    if version is not None:
        permissions.require_four_eyes(acting_user, catalog, authors=_authors(catalog, version))
    _require_move(catalog, A.PUBLISH, acting_user)
    old, new = catalog.transition(A.PUBLISH)
    version.status = CatalogStatus.PUBLISHED
    version.published_at = catalog.status_changed_at
    version.save(update_fields=["status", "published_at", "updated_at"])
    catalog.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(catalog, A.PUBLISH, old, new, user=acting_user, comment=comment, version=version)
    _record("catalog.publish", user=acting_user, instance=catalog, data={"version": version.number})
    return version


def may_publish(user, catalog: Catalog) -> bool:
    """May `user` publish the approved version of `catalog` now (four eyes included)?"""
    if catalog.status != CatalogStatus.APPROVED or not permissions.can(user, "catalogs.publish_catalog", catalog):
        return False
    return permissions.may_approve(user, catalog, authors=_authors(catalog, selectors.approved_version(catalog)))


def _authors(catalog: Catalog, version: CatalogVersion) -> list:
    """Who wrote the version: its submitter and whoever moved it since the last publication (creator, reviser)."""
    last = catalog.events.filter(action=A.PUBLISH).order_by("-at", "-pk").values_list("at", flat=True).first()
    moves = catalog.events.filter(action__in=[A.CREATE, A.REVISE, A.SUBMIT, A.RESUBMIT, A.WITHDRAW])
    if last is not None:
        moves = moves.filter(at__gt=last)
    return [version.created_by_id, *moves.values_list("actor_id", flat=True)]


@transaction.atomic
def catalog_revise(*, catalog, acting_user, comment: str = "") -> Catalog:
    """Start a new revision of a published catalog; the published version stays public."""
    catalog = _lock(catalog)
    _require_move(catalog, A.REVISE, acting_user)
    _revise(catalog, acting_user, comment)
    return catalog


WORKFLOW_SERVICES = {
    A.SUBMIT: catalog_submit,
    A.RESUBMIT: catalog_submit,
    A.WITHDRAW: catalog_withdraw,
    A.APPROVE: catalog_approve,
    A.PUBLISH: catalog_publish,
    A.REVISE: catalog_revise,
}


# Campaigns ----------------------------------------------------------------------------------


@transaction.atomic
def campaign_assign(*, campaign: Campaign, acting_user, bureaus=None) -> int:
    """Put the catalogs of the city's bureaus (or the given ones) under `campaign`."""
    permissions.require(acting_user, "catalogs.manage_campaign", campaign)
    qs = Catalog.objects.filter(bureau__in=selectors.Bureau.objects.descendants_of(campaign.city))
    if bureaus is not None:
        qs = qs.filter(bureau__in=bureaus)
    count = qs.exclude(campaign=campaign).update(campaign=campaign, updated_at=timezone.now())
    _record("campaign.assign", user=acting_user, instance=campaign, data={"catalogs": count})
    return count
