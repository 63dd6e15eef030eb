"""The one in-memory shape of a catalog item, shared by import, export, the API and versions.

Import parses files into `CatalogItemData`; export renders from it; a published version's
snapshot is a list of `CatalogItemData.to_dict()`; the JSON Schema describes exactly this.
The groups of elements below (their order, which are required, which are free text, which are
content) are named here once; services, comparisons, validation and every file format use them.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any


@dataclass
class CatalogItemData:
    domain: str  # constants.Domain
    level1: str
    level2: str
    content: str
    legal_basis: list[str]
    time_limit_text: str
    time_limit_rule: dict[str, Any]
    responsible_body: str
    channels: list[str]  # labels from constants.CHANNELS
    audience: list[str]  # constants.Audience values
    mode: list[str]  # constants.Mode values
    levels: list[str]  # constants.Level values
    level3: str = ""
    responsible_office: str = ""
    source: str = "guideline"  # constants.ItemSource
    key: str = ""  # stable item identity (uuid) across versions; empty for new items
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def blank(cls, **values: Any) -> CatalogItemData:
        """An item whose elements without a default are empty, with `values` filled in (for import)."""
        empty = {
            f.name: [] if f.type.startswith("list") else {} if f.type.startswith("dict") else ""
            for f in fields(cls)
            if f.default is MISSING and f.default_factory is MISSING
        }
        return cls(**(empty | values))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogItemData:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def identity(self) -> tuple[str, str, str, str]:
        """Business identity used to match items when no key is present."""
        return (self.domain, self.level1, self.level2, self.level3 or "")


ITEM_FIELDS = tuple(f.name for f in fields(CatalogItemData))
# The order catalog tables, comparisons and exports show the elements in (the ministry's table order).
ELEMENT_ORDER = (
    "domain",
    "level1",
    "level2",
    "level3",
    "content",
    "legal_basis",
    "time_limit_text",
    "time_limit_rule",
    "responsible_body",
    "channels",
    "audience",
    "mode",
    "levels",
    "responsible_office",
    "source",
    "key",
    "notes",
    "extra",
)
# Elements for machines only: the rule parsed from the time-limit text, extension data (JSON in files).
MACHINE_FIELDS = ("time_limit_rule", "extra")
# Elements every item must fill: the columns of the ministry's catalog table that may not be empty.
REQUIRED_FIELDS = (
    "level1",
    "level2",
    "content",
    "legal_basis",
    "time_limit_text",
    "responsible_body",
    "channels",
    "audience",
    "mode",
)
# Elements people write as free text (trimmed on import).
FREE_TEXT_FIELDS = (
    "level1",
    "level2",
    "level3",
    "content",
    "time_limit_text",
    "responsible_body",
    "responsible_office",
    "notes",
)
# The item's content as a CatalogItem stores it: everything but its identity key and extension data.
CONTENT_FIELDS = tuple(name for name in ELEMENT_ORDER if name not in ("key", "extra"))
# What comparing two versions shows: the content without the rule (it follows the time-limit text).
COMPARED_FIELDS = tuple(name for name in CONTENT_FIELDS if name != "time_limit_rule")

assert sorted(ELEMENT_ORDER) == sorted(ITEM_FIELDS)
assert set(REQUIRED_FIELDS) | set(FREE_TEXT_FIELDS) | set(MACHINE_FIELDS) <= set(ITEM_FIELDS)
