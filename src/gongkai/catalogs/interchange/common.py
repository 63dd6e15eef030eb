"""Steps shared by the parsers: time-limit rules, canonical item form, final validation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ..timelimits import TimeLimitError, parse_time_limit
from ..types import FREE_TEXT_FIELDS, CatalogItemData
from ..validation import validate_items
from .labels import normalize_channels, normalize_choices
from .report import WARNING, ParseResult


def reconcile_rule(text: str, provided: dict[str, Any] | None) -> dict[str, Any]:
    """The machine-readable rule for `text`.

    A rule carried by the file (JSON, CSV, the XLSX metadata sheet) is kept when it agrees with
    what the text says (it may add settings such as soft_days); otherwise the text wins.
    """
    try:
        parsed = parse_time_limit(text)
    except TimeLimitError:
        return {}
    if isinstance(provided, dict) and all(provided.get(k) == v for k, v in parsed.items()):
        return provided
    return parsed


def canonicalize(result: ParseResult) -> None:
    """Channels, audience, mode and levels in canonical values and order; unknown values are
    kept as they are so that validation names them on the right row."""
    for item in result.items:
        channels, unknown = normalize_channels(item.channels)
        item.channels = channels + unknown
        for field_name in ("audience", "mode", "levels"):
            values, unknown = normalize_choices(field_name, getattr(item, field_name))
            setattr(item, field_name, values + unknown)
        for name in FREE_TEXT_FIELDS:
            setattr(item, name, (getattr(item, name) or "").strip())
        item.legal_basis = [str(b).strip() for b in item.legal_basis if str(b).strip()]
        item.extra = item.extra or {}


def finish(result: ParseResult) -> ParseResult:
    """Canonicalize, validate every item and the list, and place each error on its row."""
    canonicalize(result)
    result.add_item_errors(validate_items(result.items))
    seen: set[str] = set()
    for index, item in enumerate(result.items):
        if item.key and item.key in seen:
            result.add(
                "duplicate_key",
                _("The item key “%(key)s” appears more than once.") % {"key": item.key},
                origin=result.origins[index] if index < len(result.origins) else None,
                field_name="key",
            )
        seen.add(item.key)
    if not result.items and result.ok:
        result.add("no_items", _("The file contains no catalog items."))
    return result


def warn(result: ParseResult, code: str, message: str, **where) -> None:
    result.add(code, message, severity=WARNING, **where)


def new_item(**values: Any) -> CatalogItemData:
    """An imported item: what the file has, the other required elements empty, no source yet."""
    return CatalogItemData.blank(**({"source": ""} | values))
