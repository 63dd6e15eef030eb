"""Validate catalog items element by element (pure; used by import, admin forms, services, API).

Every missing or malformed element is named, item by item, with a stable code and a message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .constants import CHANNELS, Audience, Domain, Level, Mode
from .timelimits import TimeLimitError, parse_time_limit
from .types import FREE_TEXT_FIELDS, REQUIRED_FIELDS, CatalogItemData

# The required elements that are text (the others are lists, checked one by one below).
REQUIRED_TEXT = tuple(name for name in REQUIRED_FIELDS if name in FREE_TEXT_FIELDS)


@dataclass(frozen=True)
class ItemError:
    index: int  # 0-based position in the list validated
    field: str
    code: str
    message: str


def _label(field: str) -> str:
    from .presentation import ELEMENT_LABELS  # presentation imports the item shape only

    return str(ELEMENT_LABELS.get(field, field))


def validate_item(item: CatalogItemData, index: int = 0) -> list[ItemError]:
    errors: list[ItemError] = []

    def add(field, code, message):
        errors.append(ItemError(index, field, code, message))

    if item.domain not in Domain.values:
        add("domain", "invalid_domain", _("Unknown domain “%(value)s”.") % {"value": item.domain})
    for field in REQUIRED_TEXT:
        if not str(getattr(item, field) or "").strip():
            add(field, "required", _("%(field)s is missing.") % {"field": _label(field)})
    if not [b for b in item.legal_basis if str(b).strip()]:
        add("legal_basis", "required", _("%(field)s is missing.") % {"field": _label("legal_basis")})
    if item.time_limit_text and str(item.time_limit_text).strip():
        try:
            parse_time_limit(item.time_limit_text)
        except TimeLimitError:
            add(
                "time_limit_text",
                "unparsable_time_limit",
                _("The time limit “%(value)s” cannot be understood.") % {"value": item.time_limit_text},
            )
    if not item.channels:
        add("channels", "required", _("Tick at least one channel."))
    for channel in item.channels:
        if channel not in CHANNELS:
            add("channels", "unknown_channel", _("Unknown channel “%(value)s”.") % {"value": channel})
    for field, allowed in (("audience", Audience.values), ("mode", Mode.values), ("levels", Level.values)):
        values = getattr(item, field)
        if not values:
            add(field, "required", _("%(field)s is missing.") % {"field": _label(field)})
        for value in values:
            if value not in allowed:
                add(
                    field,
                    "invalid_choice",
                    _("%(field)s “%(value)s” is not allowed.") % {"field": _label(field), "value": value},
                )
    return errors


def validate_items(items: list[CatalogItemData]) -> list[ItemError]:
    """Validate every item and the list as a whole (no duplicated item names within a domain)."""
    errors: list[ItemError] = []
    for index, item in enumerate(items):
        errors.extend(validate_item(item, index))
    counts = Counter(item.identity() for item in items)
    for index, item in enumerate(items):
        if counts[item.identity()] > 1:
            errors.append(
                ItemError(
                    index,
                    "level2",
                    "duplicate_item",
                    _("The item “%(name)s” appears more than once.")
                    % {"name": " / ".join(p for p in item.identity()[1:] if p)},
                )
            )
    return errors
