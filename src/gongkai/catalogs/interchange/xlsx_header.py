"""Finding a catalog sheet's header and mapping its columns to fields, by their labels and not by
position: over one or two header rows (一级事项 / 二级事项 under 公开事项, √ columns under 公开对象,
公开方式, 公开层级), reordered columns, and local extra columns (ignored with a warning). Pure.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ..types import REQUIRED_FIELDS
from .common import warn
from .labels import FIELD_LABELS, GROUP_FIELDS, cell_text, group_value, header_field
from .report import ParseResult
from .xlsx_grid import HEADER_SCAN_ROWS, Sheet


def find_header(sheet: Sheet) -> int | None:
    signal = {"items", "levels", *REQUIRED_FIELDS}
    for row in range(1, min(HEADER_SCAN_ROWS, len(sheet.rows)) + 1):
        fields = {header_field(sheet.value(row, col)) for col in range(1, sheet.width + 1)}
        if len(fields & signal) >= 4:
            return row
    return None


def map_columns(sheet: Sheet, header_row: int, result: ParseResult) -> tuple[dict[str, list[int]], int]:
    """Column numbers of each field ("audience:public" for a √ column); returns (mapping, last header row)."""
    sub_row = header_row + 1
    two_rows = False
    if sub_row <= len(sheet.rows):
        for col in range(1, sheet.width + 1):
            if _is_vertical_merge(sheet, sub_row, col, header_row):
                continue
            label = sheet.value(sub_row, col)
            top = header_field(sheet.value(header_row, col))
            if header_field(label) in ("level1", "level2", "level3") or (
                top in GROUP_FIELDS and group_value(top, label) is not None
            ):
                two_rows = True
                break
    mapping: dict[str, list[int]] = {}
    for col in range(1, sheet.width + 1):
        top_raw = sheet.value(header_row, col)
        sub_raw = None
        if two_rows and not _is_vertical_merge(sheet, sub_row, col, header_row):
            sub_raw = sheet.value(sub_row, col)
        top = header_field(top_raw)
        sub = header_field(sub_raw) if sub_raw is not None else None
        field_name: str | None = None
        if sub in ("level1", "level2", "level3"):
            field_name = sub
        elif top in GROUP_FIELDS and cell_text(sub_raw):
            value = group_value(top, sub_raw)
            if value is None:
                warn(
                    result,
                    "unknown_column",
                    _("The column “%(label)s” under “%(group)s” is not known and is ignored.")
                    % {"label": cell_text(sub_raw), "group": cell_text(top_raw)},
                    sheet=sheet.title,
                    row=sub_row,
                    column=get_column_letter(col),
                )
                continue
            field_name = f"{top}:{value}"
        elif top is not None and top != "items":
            field_name = top
        else:
            label = sub_raw if cell_text(sub_raw) else top_raw
            for group in GROUP_FIELDS:
                if (value := group_value(group, label)) is not None:
                    field_name = f"{group}:{value}"
                    break
            if field_name is None and sub is not None and sub != "items":
                field_name = sub
        if field_name is None:
            label = cell_text(sub_raw) or cell_text(top_raw)
            if label:
                warn(
                    result,
                    "unknown_column",
                    _("The column “%(label)s” is not part of the official layout and is ignored.") % {"label": label},
                    sheet=sheet.title,
                    row=header_row,
                    column=get_column_letter(col),
                )
            continue
        mapping.setdefault(field_name, []).append(col)
    return mapping, sub_row if two_rows else header_row


def _is_vertical_merge(sheet: Sheet, row: int, col: int, header_row: int) -> bool:
    merged = sheet.merged.get((row, col))
    return merged is not None and merged[1] <= header_row


def columns_of(mapping: dict[str, list[int]], field_name: str) -> list[int]:
    cols = list(mapping.get(field_name, []))
    for key, value in mapping.items():
        if key.startswith(field_name + ":"):
            cols.extend(value)
    return sorted(cols)


def origin_columns(mapping: dict[str, list[int]]) -> dict[str, tuple[str, str]]:
    columns: dict[str, tuple[str, str]] = {}
    for field_name, label in FIELD_LABELS.items():
        cols = columns_of(mapping, field_name)
        if not cols:
            continue
        letters = get_column_letter(cols[0])
        if len(cols) > 1:
            letters = f"{letters}–{get_column_letter(cols[-1])}"
        columns[field_name] = (letters, label)
    columns["time_limit_rule"] = columns.get("time_limit_text", ("", ""))
    return columns
