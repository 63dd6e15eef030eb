"""JSON: the uniform catalog document (document.py), validated against catalog.schema.json.

Export builds the document and checks it against the schema. Import is tolerant only where
the schema would be pedantic for a hand-written file: optional item fields (level3,
responsible_office, source, key, notes, extra, time_limit_rule) may be left out, channel
aliases and the "20工作日" typo are normalized, and the Chinese labels of audience, mode and
levels are accepted; everything else must match the schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from ..document import build_document, catalog_schema, parse_document, validate_document
from ..types import REQUIRED_FIELDS, CatalogItemData
from .common import finish, reconcile_rule, warn
from .labels import domain_value, normalize_channels, normalize_choices, normalize_time_limit_text
from .limits import Limits
from .report import Origin, ParseResult

Progress = Callable[[int, int], None]
ITEM_DEFAULTS: dict[str, Any] = {
    "level3": "",
    "responsible_office": "",
    "source": "local",
    "key": "",
    "notes": "",
    "extra": {},
    "time_limit_rule": None,
}


# Item fields whose emptiness or unknown values validation.validate_items reports item by item.
VALIDATED_FIELDS = {"domain", "levels", "time_limit_rule", *REQUIRED_FIELDS}


class SchemaInvalid(ValueError):
    pass


def export_json(
    items: list[CatalogItemData],
    *,
    bureau_code: str,
    bureau_name: str,
    division_code: str,
    meta: dict[str, Any] | None = None,
    base_url: str = "",
) -> bytes:
    meta = meta or {}
    document = build_document(
        bureau_code=bureau_code,
        bureau_name=bureau_name,
        division_code=division_code,
        items=items,
        version=meta.get("version"),
        status=meta.get("status") or "draft",
        approved_at=meta.get("approved_at"),
        published_at=meta.get("published_at"),
        base_url=base_url,
    )
    errors = validate_document(document)
    if errors:
        raise SchemaInvalid("; ".join(errors[:5]))
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _prepare_item(raw: Any) -> Any:
    """Fill optional fields and normalize spellings before the schema sees the item."""
    if not isinstance(raw, dict):
        return raw
    item = dict(raw)
    for name, default in ITEM_DEFAULTS.items():
        if item.get(name) is None and name != "time_limit_rule":
            item[name] = default if not isinstance(default, dict) else {}
    if isinstance(item.get("domain"), str):
        item["domain"] = domain_value(item["domain"]) or item["domain"]
    if isinstance(item.get("time_limit_text"), str):
        item["time_limit_text"] = normalize_time_limit_text(item["time_limit_text"])
        item["time_limit_rule"] = reconcile_rule(item["time_limit_text"], item.get("time_limit_rule"))
    if isinstance(item.get("legal_basis"), str):
        item["legal_basis"] = [line.strip() for line in item["legal_basis"].split("\n") if line.strip()]
    if isinstance(item.get("channels"), list):
        channels, unknown = normalize_channels([str(c) for c in item["channels"]])
        item["channels"] = channels + unknown
    for name in ("audience", "mode", "levels"):
        if isinstance(item.get(name), list):
            values, unknown = normalize_choices(name, [str(v) for v in item[name]])
            item[name] = values + unknown
    return item


def read_json(
    data: bytes,
    *,
    limits: Limits,
    domain: str | None = None,
    default_levels: list[str] | None = None,
    progress: Progress | None = None,
    bureau_code: str = "",
) -> ParseResult:
    result = ParseResult(format="json")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        result.add("bad_encoding", _("The JSON file is not UTF-8 text."))
        return result
    except json.JSONDecodeError as exc:
        result.add(
            "invalid_json",
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(error)s).")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
        )
        return result
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        result.add("not_a_catalog", _("The JSON file is not a catalog document (an object with an “items” list)."))
        return result
    if len(document["items"]) > limits.max_rows:
        result.add(
            "too_many_rows",
            _("The file has %(rows)s items; at most %(limit)s items can be imported at once.")
            % {"rows": len(document["items"]), "limit": limits.max_rows},
        )
        return result
    document = {**document, "items": [_prepare_item(raw) for raw in document["items"]]}

    validator = Draft202012Validator(catalog_schema())
    for error in sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        in_item = len(path) >= 2 and path[0] == "items" and isinstance(path[1], int)
        if (
            in_item
            and len(path) >= 3
            and path[2] in VALIDATED_FIELDS
            and error.validator in ("minLength", "minItems", "enum", "required")
        ):
            continue  # validation.validate_items names these problems in plain words
        if in_item:
            where: dict[str, Any] = {"row": path[1] + 1, "column": str(path[2]) if len(path) > 2 else ""}
        else:
            where = {"column": "/".join(str(p) for p in path)}
        if error.validator == "required" and isinstance(error.instance, dict):
            for name in error.validator_value:
                if name not in error.instance:
                    result.add("missing_field", _("The field “%(field)s” is missing.") % {"field": name}, **where)
            continue
        result.add("schema", _("Does not match the catalog schema: %(detail)s") % {"detail": error.message}, **where)
    if not result.ok:
        return result

    meta, items = parse_document(document)
    result.meta["document"] = meta
    code = (meta.get("bureau") or {}).get("code")
    if bureau_code and code and code != bureau_code:
        warn(result, "other_bureau", _("The document is the catalog of bureau “%(code)s”.") % {"code": code})
    for index, item in enumerate(items):
        result.items.append(item)
        result.origins.append(Origin(row=index + 1, columns={}))
    return finish(result)
