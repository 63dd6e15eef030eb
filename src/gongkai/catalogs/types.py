"""The one in-memory shape of a catalog item, shared by import, export, the API and versions.

Import parses files into `CatalogItemData`; export renders from it; a published version's
snapshot is a list of `CatalogItemData.to_dict()`; the JSON Schema describes exactly this.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
    def from_dict(cls, data: dict[str, Any]) -> CatalogItemData:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def identity(self) -> tuple[str, str, str, str]:
        """Business identity used to match items when no key is present."""
        return (self.domain, self.level1, self.level2, self.level3 or "")
