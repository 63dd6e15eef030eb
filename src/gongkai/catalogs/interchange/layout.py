"""The official table layout (应急厅函〔2019〕390号 guideline tables), shared by the XLSX, PDF and
DOCX renderers: columns, two-row headers, cell texts, runs of rows to merge, titles.

The layout is a Chinese document format by definition (its labels are what the import reads),
so its labels are data, not interface strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..constants import Domain
from ..types import CatalogItemData
from .labels import AUDIENCE_TEXT, DOMAIN_TEXT, FIELD_LABELS, LEVEL_TEXT, MODE_TEXT, TICK, channels_checklist

STATUS_TEXT = {
    "not_started": "未开始",
    "draft": "草稿",
    "submitted": "已提交审核",
    "returned": "已退回修改",
    "resubmitted": "已提交审批",
    "approved": "已批准",
    "published": "已发布",
}
OTHER_CHANNEL_KEY = "other_channel"  # CatalogItemData.extra key holding the text after "■其他："
# Columns whose cells are centred in every rendering (the others are left-aligned running text).
CENTERED_FIELDS = frozenset(
    {"seq", "level1", "level2", "level3", "time_limit_text", "responsible_body", "responsible_office"}
)


@dataclass(frozen=True)
class Column:
    field: str  # CatalogItemData field, or "audience:public" etc. for a √ column
    top: str  # first header row
    sub: str | None  # second header row; None when the top cell spans both rows
    width: float  # Excel column width (characters)

    @property
    def is_mark(self) -> bool:
        return ":" in self.field


def columns_for(items: list[CatalogItemData]) -> list[Column]:
    """The columns of one domain's table; 三级事项 and 责任科室 only when some item uses them."""
    has_level3 = any(item.level3 for item in items)
    has_office = any(item.responsible_office for item in items)
    columns = [Column("seq", FIELD_LABELS["seq"], None, 5.5), Column("level1", "公开事项", "一级事项", 10)]
    columns.append(Column("level2", "公开事项", "二级事项", 12))
    if has_level3:
        columns.append(Column("level3", "公开事项", "三级事项", 12))
    columns += [
        Column("content", FIELD_LABELS["content"], None, 30),
        Column("legal_basis", FIELD_LABELS["legal_basis"], None, 34),
        Column("time_limit_text", FIELD_LABELS["time_limit_text"], None, 16),
        Column("responsible_body", FIELD_LABELS["responsible_body"], None, 12),
        Column("channels", FIELD_LABELS["channels"], None, 26),
    ]
    for field_name, texts in (("audience", AUDIENCE_TEXT), ("mode", MODE_TEXT), ("levels", LEVEL_TEXT)):
        for value, label in texts.items():
            columns.append(Column(f"{field_name}:{value}", FIELD_LABELS[field_name], label, 7.5))
    if has_office:
        columns.append(Column("responsible_office", FIELD_LABELS["responsible_office"], None, 11))
    return columns


def cell_value(item: CatalogItemData, column: Column, seq: int) -> Any:
    if column.field == "seq":
        return seq
    if column.is_mark:
        field_name, value = column.field.split(":", 1)
        return TICK if value in getattr(item, field_name) else ""
    if column.field == "legal_basis":
        return "\n".join(item.legal_basis)
    if column.field == "channels":
        return channels_checklist(item.channels, (item.extra or {}).get(OTHER_CHANNEL_KEY, ""))
    return getattr(item, column.field) or ""


def header_spans(columns: list[Column]) -> list[tuple[int, int, str]]:
    """(first, last, label) 0-based column spans of the first header row."""
    spans: list[tuple[int, int, str]] = []
    for index, column in enumerate(columns):
        if spans and column.sub is not None and spans[-1][2] == column.top and columns[spans[-1][0]].sub is not None:
            first, _last, label = spans[-1]
            spans[-1] = (first, index, label)
        else:
            spans.append((index, index, column.top))
    return spans


def runs(items: list[CatalogItemData], key) -> list[tuple[int, int]]:
    """(first, last) 0-based index runs of consecutive items with the same non-empty key."""
    result: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(items) + 1):
        if index == len(items) or key(items[index]) != key(items[start]) or not key(items[start]):
            if index - 1 > start:
                result.append((start, index - 1))
            start = index
    return result


def merge_runs(items: list[CatalogItemData], columns: list[Column]) -> dict[str, list[tuple[int, int]]]:
    """Which cells to merge vertically: 一级事项 always, 二级事项 when 三级事项 splits it."""
    merges = {"level1": runs(items, lambda i: i.level1)}
    if any(c.field == "level3" for c in columns):
        merges["level2"] = runs(items, lambda i: (i.level1, i.level2) if i.level2 else None)
    return merges


def by_domain(items: list[CatalogItemData], *, include_empty: bool = False) -> list[tuple[str, list[CatalogItemData]]]:
    groups = []
    for domain in Domain.values:
        domain_items = [item for item in items if item.domain == domain]
        if domain_items or include_empty:
            groups.append((domain, domain_items))
    return groups


def table_title(bureau_name: str, domain: str) -> str:
    return f"{bureau_name}{DOMAIN_TEXT.get(domain, '')}领域基层政务公开标准目录"


def sheet_title(domain: str) -> str:
    return DOMAIN_TEXT.get(domain, domain)


def subtitle(meta: dict[str, Any]) -> str:
    parts = []
    if meta.get("version"):
        parts.append(f"版本：第{meta['version']}版")
    if meta.get("status"):
        parts.append(f"状态：{STATUS_TEXT.get(meta['status'], meta['status'])}")
    if meta.get("approved_at"):
        parts.append(f"批准日期：{str(meta['approved_at'])[:10]}")
    if meta.get("published_at"):
        parts.append(f"发布日期：{str(meta['published_at'])[:10]}")
    return "　".join(parts)
