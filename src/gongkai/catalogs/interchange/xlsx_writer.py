"""Export a catalog to XLSX in the official layout, one sheet per domain.

Title row, a subtitle row (version, status, dates), two-row merged headers, 一级事项 cells
merged over their rows, the ■/□ channel checklist, √ columns, thin borders, wrapped text,
column widths and row heights, and a print setup: A4 landscape, fit to width, header rows
repeated on every page, page numbers in the footer.

A hidden sheet "_gongkai" carries what the official layout has no column for (stable key,
source, notes, extra data, the machine-readable time-limit rule), so that export -> import
loses nothing. Cells edited by hand win over it (see xlsx_reader).
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ..types import CatalogItemData
from .layout import (
    CENTERED_FIELDS,
    by_domain,
    cell_value,
    columns_for,
    header_spans,
    merge_runs,
    sheet_title,
    subtitle,
    table_title,
)

META_SHEET = "_gongkai"
META_COLUMNS = [
    "domain",
    "level1",
    "level2",
    "level3",
    "key",
    "source",
    "notes",
    "extra",
    "time_limit_text",
    "time_limit_rule",
    "legal_basis",
]
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW, SUBHEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4, 5
FONT_NAME = "宋体"
LINE_HEIGHT = 13.5  # points per line at 10 pt

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
# Named cell styles: assigning a named style is far cheaper than assigning font, border and
# alignment to every cell, and the styles show up by name in Excel, WPS and LibreOffice.
STYLES = {
    "目录标题": dict(
        font=Font(name="黑体", size=16, bold=True), alignment=Alignment(horizontal="center", vertical="center")
    ),
    "目录说明": dict(font=Font(name=FONT_NAME, size=10), alignment=Alignment(horizontal="right", vertical="center")),
    "目录表头": dict(
        font=Font(name=FONT_NAME, size=10, bold=True),
        border=BORDER,
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    ),
    "目录正文": dict(
        font=Font(name=FONT_NAME, size=10),
        border=BORDER,
        alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
    ),
    "目录正文居中": dict(
        font=Font(name=FONT_NAME, size=10),
        border=BORDER,
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    ),
}


def _put(ws, row: int, col: int, value: Any):
    """Write a value as data: text is never a formula (even "=…"), control characters are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row, col, value if value != "" else None)
    if isinstance(value, str) and value:
        cell.data_type = "s"
    return cell


def _text_lines(text: str, width: float) -> int:
    """Rough number of wrapped lines of `text` in a column `width` characters wide (a CJK character
    is about 1.8 character widths at 10 pt; erring tall keeps Excel from clipping the text)."""
    if not text:
        return 1
    usable = max(width - 1, 2)
    total = 0
    for line in str(text).split("\n"):
        units = sum(1.8 if ord(ch) > 0x2E80 else 1 for ch in line)
        total += max(1, math.ceil(units / usable))
    return total


def _write_sheet(ws, *, domain: str, items: list[CatalogItemData], bureau_name: str, meta: dict[str, Any]) -> None:
    columns = columns_for(items)
    last = len(columns)
    last_letter = get_column_letter(last)

    ws.cell(TITLE_ROW, 1, table_title(bureau_name, domain)).style = "目录标题"
    ws.merge_cells(f"A{TITLE_ROW}:{last_letter}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 32
    ws.cell(SUBTITLE_ROW, 1, subtitle(meta)).style = "目录说明"
    ws.merge_cells(f"A{SUBTITLE_ROW}:{last_letter}{SUBTITLE_ROW}")
    ws.row_dimensions[SUBTITLE_ROW].height = 18

    # Two-row headers.
    for first, end, label in header_spans(columns):
        for col in range(first + 1, end + 2):
            for row in (HEADER_ROW, SUBHEADER_ROW):
                ws.cell(row, col).style = "目录表头"
        ws.cell(HEADER_ROW, first + 1, label)
        if columns[first].sub is None:
            ws.merge_cells(start_row=HEADER_ROW, start_column=first + 1, end_row=SUBHEADER_ROW, end_column=first + 1)
        else:
            if end > first:
                ws.merge_cells(start_row=HEADER_ROW, start_column=first + 1, end_row=HEADER_ROW, end_column=end + 1)
            for index in range(first, end + 1):
                ws.cell(SUBHEADER_ROW, index + 1, columns[index].sub)
    ws.row_dimensions[HEADER_ROW].height = 22
    ws.row_dimensions[SUBHEADER_ROW].height = 30

    # Data rows.
    for offset, item in enumerate(items):
        row = FIRST_DATA_ROW + offset
        lines = 1
        for col, column in enumerate(columns, start=1):
            value = cell_value(item, column, offset + 1)
            cell = _put(ws, row, col, value)
            cell.style = "目录正文居中" if (column.field in CENTERED_FIELDS or column.is_mark) else "目录正文"
            if column.field not in ("level1",):
                lines = max(lines, _text_lines(str(value), column.width))
        ws.row_dimensions[row].height = max(20, lines * LINE_HEIGHT + 6)
    for field_name, field_runs in merge_runs(items, columns).items():
        col = next(i for i, c in enumerate(columns, start=1) if c.field == field_name)
        for first, end in field_runs:
            ws.merge_cells(
                start_row=FIRST_DATA_ROW + first, start_column=col, end_row=FIRST_DATA_ROW + end, end_column=col
            )

    for col, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width

    # Print setup: A4 landscape, fit all columns on the page width, repeat the header rows.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{SUBHEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"


def _write_meta(wb: Workbook, items: list[CatalogItemData]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    ws.append(META_COLUMNS)
    for row, item in enumerate(items, start=2):
        values = [
            item.domain,
            item.level1,
            item.level2,
            item.level3 or "",
            item.key or "",
            item.source or "",
            item.notes or "",
            json.dumps(item.extra or {}, ensure_ascii=False, sort_keys=True),
            item.time_limit_text,
            json.dumps(item.time_limit_rule or {}, ensure_ascii=False, sort_keys=True),
            json.dumps(item.legal_basis, ensure_ascii=False),
        ]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)


def export_xlsx(items: list[CatalogItemData], *, bureau_name: str, meta: dict[str, Any] | None = None) -> bytes:
    """The catalog as an XLSX workbook in the official layout (both domains, one sheet each)."""
    meta = meta or {}
    wb = Workbook()
    wb.remove(wb.active)
    for name, style in STYLES.items():
        wb.add_named_style(NamedStyle(name=name, **style))
    for domain, domain_items in by_domain(items, include_empty=True):
        ws = wb.create_sheet(sheet_title(domain))
        _write_sheet(ws, domain=domain, items=domain_items, bureau_name=bureau_name, meta=meta)
    _write_meta(wb, items)
    wb.active = 0
    wb.properties.title = f"{bureau_name}政务公开标准目录"
    wb.properties.creator = "Gongkai"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
