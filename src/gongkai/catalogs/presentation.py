"""Turn catalog items into what pages show: labels, the level-1 → level-2 tree, rule wording.

Pure (no ORM); used by the portal pages (rendering.py) and the staff screens alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import Audience, Domain, ItemSource, Level, Mode
from .diff import ELEMENTS
from .types import CatalogItemData

UNVERIFIED_MARK = "未核实"  # always shown in Chinese too: the data-quality flag must be unmistakable

ELEMENT_LABELS = {
    "domain": gettext_lazy("Domain"),
    "level1": gettext_lazy("Level-1 item"),
    "level2": gettext_lazy("Level-2 item"),
    "level3": gettext_lazy("Level-3 item"),
    "content": gettext_lazy("Content"),
    "legal_basis": gettext_lazy("Legal basis"),
    "time_limit_text": gettext_lazy("Time limit"),
    "time_limit_rule": gettext_lazy("Time limit rule"),
    "responsible_body": gettext_lazy("Responsible body"),
    "channels": gettext_lazy("Channels"),
    "audience": gettext_lazy("Audience"),
    "mode": gettext_lazy("Mode"),
    "levels": gettext_lazy("Level"),
    "responsible_office": gettext_lazy("Responsible office"),
    "source": gettext_lazy("Source"),
    "notes": gettext_lazy("Notes"),
}
assert set(ELEMENTS) <= set(ELEMENT_LABELS)

_CHOICES = {"audience": Audience, "mode": Mode, "levels": Level, "domain": Domain, "source": ItemSource}


def unverified_label() -> str:
    return f"{UNVERIFIED_MARK} / {_('unverified — not official')}"


def choice_labels(element: str, values) -> list[str]:
    choices = _CHOICES.get(element)
    if choices is None:
        return list(values or [])
    result = []
    for value in values or []:
        try:
            result.append(str(choices(value).label))
        except ValueError:
            result.append(str(value))
    return result


def element_text(element: str, value) -> str:
    """One element's value as display text (lists joined, choices labelled)."""
    if element in _CHOICES:
        values = value if isinstance(value, list) else [value]
        return "、".join(choice_labels(element, values))
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value or "")


def describe_rule(rule: dict[str, Any] | None) -> str:
    """The machine-readable time-limit rule in words."""
    rule = rule or {}
    kind = rule.get("kind")
    if kind == "working_days_after_event":
        text = _("%(days)s working days after %(event)s") % {"days": rule.get("days"), "event": rule.get("event", "")}
    elif kind == "periodic":
        text = _("updated at least %(n)s time(s) every %(months)s months") % {
            "n": rule.get("min_updates"),
            "months": rule.get("months"),
        }
    elif kind == "in_advance":
        unit = _("working days") if rule.get("unit") == "working_days" else _("calendar days")
        text = _("%(days)s %(unit)s before %(event)s") % {
            "days": rule.get("days"),
            "unit": unit,
            "event": rule.get("event", ""),
        }
    elif kind == "promptly_after_event":
        text = _("promptly after %(event)s (no fixed number of days)") % {"event": rule.get("event", "")}
    elif kind == "as_progress":
        text = _("at each stage, as the work progresses")
    elif kind == "retention":
        text = _("kept public for the long term")
    else:
        return ""
    extras = []
    if rule.get("retention") == "long_term" and kind != "retention":
        extras.append(_("kept public for the long term"))
    if rule.get("override"):
        extras.append(_("other rules prevail where they provide otherwise"))
    return "; ".join([text, *extras])


@dataclass
class ItemView:
    data: CatalogItemData
    unverified: bool = False
    opinions: list = field(default_factory=list)
    record_count: int | None = None
    records_url: str = ""
    change: Any = None  # diff.ItemChange when shown in a comparison

    def __getattr__(self, name):
        return getattr(self.data, name)

    @property
    def anchor(self) -> str:
        return f"item-{self.data.key}" if self.data.key else ""

    @property
    def audience_labels(self):
        return choice_labels("audience", self.data.audience)

    @property
    def mode_labels(self):
        return choice_labels("mode", self.data.mode)

    @property
    def level_labels(self):
        return choice_labels("levels", self.data.levels)

    @property
    def source_label(self):
        return element_text("source", self.data.source)

    @property
    def rule_text(self):
        return describe_rule(self.data.time_limit_rule)

    @property
    def name(self):
        return " / ".join(p for p in (self.data.level1, self.data.level2, self.data.level3) if p)


@dataclass
class Level2Group:
    name: str
    items: list[ItemView] = field(default_factory=list)


@dataclass
class Level1Group:
    name: str
    level2: list[Level2Group] = field(default_factory=list)

    @property
    def count(self):
        return sum(len(g.items) for g in self.level2)


@dataclass
class DomainGroup:
    domain: str
    level1: list[Level1Group] = field(default_factory=list)

    @property
    def label(self):
        return element_text("domain", self.domain)

    @property
    def count(self):
        return sum(g.count for g in self.level1)


def is_unverified(item: CatalogItemData) -> bool:
    guideline = (item.extra or {}).get("guideline") or {}
    return guideline.get("verified") is False


def item_views(items) -> list[ItemView]:
    return [ItemView(data=i if isinstance(i, CatalogItemData) else CatalogItemData.from_dict(i)) for i in items]


def tree(views: list[ItemView]) -> list[DomainGroup]:
    """Group items domain → level-1 → level-2, in catalog order (first appearance wins)."""
    domains: dict[str, DomainGroup] = {}
    level1s: dict[tuple, Level1Group] = {}
    level2s: dict[tuple, Level2Group] = {}
    for view in views:
        d = view.data
        if not view.unverified:
            view.unverified = is_unverified(d)
        domain = domains.setdefault(d.domain, DomainGroup(d.domain))
        k1 = (d.domain, d.level1)
        if k1 not in level1s:
            level1s[k1] = Level1Group(d.level1)
            domain.level1.append(level1s[k1])
        k2 = (d.domain, d.level1, d.level2)
        if k2 not in level2s:
            level2s[k2] = Level2Group(d.level2)
            level1s[k1].level2.append(level2s[k2])
        level2s[k2].items.append(view)
    order = {Domain.PRODUCTION_SAFETY: 0, Domain.DISASTER_RELIEF: 1}
    return sorted(domains.values(), key=lambda g: order.get(g.domain, 9))
