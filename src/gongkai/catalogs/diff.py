"""Compare two lists of catalog items item by item and element by element (pure, no ORM).

Items are matched by their stable `key`; an item without a key (or whose key is not in the
other list) is matched by its business identity (domain, level-1, level-2, level-3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .types import COMPARED_FIELDS, CatalogItemData

# The elements compared, in the order they are shown.
ELEMENTS = COMPARED_FIELDS


@dataclass(frozen=True)
class ElementChange:
    element: str
    old: Any
    new: Any


@dataclass
class ItemChange:
    key: str
    old: CatalogItemData
    new: CatalogItemData
    changes: list[ElementChange] = field(default_factory=list)


@dataclass
class CatalogDiff:
    added: list[CatalogItemData] = field(default_factory=list)
    removed: list[CatalogItemData] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: list[CatalogItemData] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
        }

    def changed_keys(self) -> set[str]:
        return {c.key for c in self.changed} | {i.key for i in self.added}


def _as_item(item) -> CatalogItemData:
    return item if isinstance(item, CatalogItemData) else CatalogItemData.from_dict(item)


def _norm(value):
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def compare_items(old: CatalogItemData, new: CatalogItemData) -> list[ElementChange]:
    changes = []
    for element in ELEMENTS:
        a, b = _norm(getattr(old, element)), _norm(getattr(new, element))
        if a != b:
            changes.append(ElementChange(element, getattr(old, element), getattr(new, element)))
    return changes


def diff_items(old_items, new_items) -> CatalogDiff:
    """Diff two item lists (CatalogItemData or their dicts, e.g. two versions' snapshots)."""
    old_list = [_as_item(i) for i in old_items]
    new_list = [_as_item(i) for i in new_items]
    old_by_key = {i.key: i for i in old_list if i.key}
    old_by_identity = {}
    for i in old_list:
        old_by_identity.setdefault(i.identity(), i)
    matched: set[int] = set()
    result = CatalogDiff()
    for new in new_list:
        old = old_by_key.get(new.key) if new.key else None
        if old is None or id(old) in matched:
            candidate = old_by_identity.get(new.identity())
            old = candidate if candidate is not None and id(candidate) not in matched else None
        if old is None:
            result.added.append(new)
            continue
        matched.add(id(old))
        changes = compare_items(old, new)
        if changes:
            result.changed.append(ItemChange(key=new.key or old.key, old=old, new=new, changes=changes))
        else:
            result.unchanged.append(new)
    result.removed = [i for i in old_list if id(i) not in matched]
    return result
