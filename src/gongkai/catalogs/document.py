"""The uniform machine-readable catalog document (JSON), shared by the API and the exports.

Its JSON Schema is catalog.schema.json next to this module and is published at
/api/v1/schemas/catalog.json. `build_document` and `parse_document` are inverses.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .types import CatalogItemData

SCHEMA_PATH = Path(__file__).with_name("catalog.schema.json")
SCHEMA_URL_PATH = "/api/v1/schemas/catalog.json"
FORMAT_VERSION = "1.0"


@cache
def catalog_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def build_document(
    *,
    bureau_code: str,
    bureau_name: str,
    division_code: str,
    items: list[CatalogItemData],
    version: int | None = None,
    status: str = "draft",
    approved_at: str | None = None,
    published_at: str | None = None,
    base_url: str = "",
) -> dict[str, Any]:
    return {
        "$schema": base_url + SCHEMA_URL_PATH,
        "format_version": FORMAT_VERSION,
        "bureau": {"code": bureau_code, "name": bureau_name, "division_code": division_code},
        "version": version,
        "status": status,
        "approved_at": approved_at,
        "published_at": published_at,
        "items": [item.to_dict() for item in items],
    }


def validate_document(document: dict[str, Any]) -> list[str]:
    """Return JSON Schema errors as readable strings (empty when valid)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(catalog_schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def parse_document(document: dict[str, Any]) -> tuple[dict[str, Any], list[CatalogItemData]]:
    meta = {k: v for k, v in document.items() if k != "items"}
    return meta, [CatalogItemData.from_dict(item) for item in document.get("items", [])]
