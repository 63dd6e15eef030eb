"""Export a catalog to DOCX for the review submission: A4 landscape, the official table per domain,
two-row merged headers repeated on every page, 一级事项 cells merged over their rows."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..types import CatalogItemData
from .layout import CENTERED_FIELDS, by_domain, cell_value, columns_for, header_spans, merge_runs, subtitle, table_title

FONT = "宋体"
PAGE_WIDTH, PAGE_HEIGHT = Cm(29.7), Cm(21.0)
MARGIN = Cm(1.5)


def _set_font(run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _cell_styles(document) -> dict[str, Any]:
    """Paragraph styles for table cells, so that runs need no formatting of their own (fast)."""
    styles = {}
    for name, bold, center in (("Cell", False, False), ("CellCenter", False, True), ("CellHead", True, True)):
        style = document.styles.add_style(f"Catalog{name}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(8)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        styles[name] = style
    return styles


def _write(cell, text: Any, style) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = str(text).split("\n") if text not in (None, "") else [""]
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style.style_id  # by id: the public setter looks the style up every time (slow)
    paragraph.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)._p.style = style.style_id


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _table(document, items: list[CatalogItemData], width, styles) -> None:
    columns = columns_for(items)
    table = document.add_table(rows=2 + len(items), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(c.width for c in columns)
    widths = [int(width * c.width / total) for c in columns]
    # table.cell() walks the whole table on every call; take each row's cells once instead.
    grid = [row.cells for row in table.rows]
    for cells in grid:
        for cell, cell_width in zip(cells, widths, strict=True):
            cell.width = cell_width
    for first, last, label in header_spans(columns):
        if columns[first].sub is None:
            _write(grid[0][first].merge(grid[1][first]), label, styles["CellHead"])
        else:
            for index in range(first, last + 1):
                _write(grid[1][index], columns[index].sub, styles["CellHead"])
            merged = grid[0][first].merge(grid[0][last]) if last > first else grid[0][first]
            _write(merged, label, styles["CellHead"])
    _repeat_as_header(table.rows[0])
    _repeat_as_header(table.rows[1])
    covered: set[tuple[int, int]] = set()
    for field_name, field_runs in merge_runs(items, columns).items():
        col = next(i for i, c in enumerate(columns) if c.field == field_name)
        for first, last in field_runs:
            grid[2 + first][col].merge(grid[2 + last][col])
            covered.update((row, col) for row in range(first + 1, last + 1))
    for offset, item in enumerate(items):
        cells = grid[2 + offset]
        for col, column in enumerate(columns):
            if (offset, col) not in covered:
                style = styles["CellCenter"] if column.field in CENTERED_FIELDS or column.is_mark else styles["Cell"]
                _write(cells[col], cell_value(item, column, offset + 1), style)


def export_docx(items: list[CatalogItemData], *, bureau_name: str, meta: dict[str, Any] | None = None) -> bytes:
    meta = meta or {}
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.core_properties.title = f"{bureau_name}政务公开标准目录"
    document.core_properties.author = "Gongkai"

    styles = _cell_styles(document)
    groups = by_domain(items)
    for index, (domain, domain_items) in enumerate(groups):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(title.add_run(table_title(bureau_name, domain)), 16, bold=True)
        if text := subtitle(meta):
            line = document.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(line.add_run(text), 9)
        _table(document, domain_items, PAGE_WIDTH - 2 * MARGIN, styles)
    if not groups:
        _set_font(document.add_paragraph().add_run(f"{bureau_name}政务公开标准目录"), 16, bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
