"""Export a catalog to PDF for the review submission: A4 landscape, the official table per domain.

Uses reportlab's built-in CID font STSong-Light (Adobe's Song face, resolved by the PDF reader),
so no font file has to ship with Gongkai.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..types import CatalogItemData
from .layout import CENTERED_FIELDS, by_domain, cell_value, columns_for, header_spans, merge_runs, subtitle, table_title

FONT = "STSong-Light"
MARGIN = 10 * mm
HPAD, VPAD = 2, 3  # cell padding (points)

_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName=font, fontSize=8, leading=11, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=font, fontSize=8, leading=10, alignment=TA_CENTER, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, alignment=TA_LEFT, wordWrap="CJK"),
        "center": ParagraphStyle("center", fontName=font, fontSize=7, leading=9, alignment=TA_CENTER, wordWrap="CJK"),
    }


def _para(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _height(row: list[Any], widths: list[float]) -> float:
    """Height of one body row: its tallest cell wrapped to its column width, plus padding."""
    tallest = 9.0
    for cell, width in zip(row, widths, strict=True):
        if isinstance(cell, Paragraph):
            tallest = max(tallest, cell.wrap(width - 2 * HPAD, 10_000)[1])
    return tallest + 2 * VPAD


def _pages(heights: list[float], first_room: float, room: float) -> list[list[int]]:
    """Rows packed page by page (measured once: linear, unlike letting the table split itself)."""
    pages: list[list[int]] = []
    current: list[int] = []
    left = first_room
    for index, height in enumerate(heights):
        if current and height > left:
            pages.append(current)
            current, left = [], room
        current.append(index)
        left -= height
    if current:
        pages.append(current)
    return pages


def _tables(
    items: list[CatalogItemData], styles: dict[str, ParagraphStyle], width: float, first_room: float, room: float
) -> list[Table]:
    """The domain's table, one Table per page: the two header rows on every page, 一级事项 merged
    over its rows within each page (and named again at the top of the next page)."""
    columns = columns_for(items)
    total = sum(c.width for c in columns)
    widths = [width * c.width / total for c in columns]
    top: list[Any] = [""] * len(columns)
    sub: list[Any] = [""] * len(columns)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("ALIGN", (0, 2), (-1, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#f2f2f2")),
        ("LEFTPADDING", (0, 0), (-1, -1), HPAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), HPAD),
        ("TOPPADDING", (0, 0), (-1, -1), VPAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), VPAD),
    ]
    for first, last, label in header_spans(columns):
        top[first] = _para(label, styles["head"])
        if columns[first].sub is None:
            commands.append(("SPAN", (first, 0), (first, 1)))
        else:
            if last > first:
                commands.append(("SPAN", (first, 0), (last, 0)))
            for index in range(first, last + 1):
                sub[index] = _para(columns[index].sub, styles["head"])
    header_height = Table([top, sub], colWidths=widths, style=TableStyle(commands)).wrap(width, 10_000)[1]

    rows: list[list[Any]] = []
    for offset, item in enumerate(items):
        row: list[Any] = []
        for column in columns:
            value = cell_value(item, column, offset + 1)
            if column.field == "seq" or column.is_mark:
                row.append(str(value))  # plain text: cheap, centered by the table style
            else:
                row.append(_para(value, styles["center"] if column.field in CENTERED_FIELDS else styles["cell"]))
        rows.append(row)
    heights = [_height(row, widths) for row in rows]
    merges = merge_runs(items, columns)
    merge_cols = {field_name: next(i for i, c in enumerate(columns) if c.field == field_name) for field_name in merges}

    tables = []
    for page in _pages(heights, first_room - header_height, room - header_height):
        first_index, last_index = page[0], page[-1]
        page_commands = list(commands)
        data = [top, sub] + [list(rows[i]) for i in page]
        for field_name, field_runs in merges.items():
            col = merge_cols[field_name]
            for run_first, run_last in field_runs:
                start, end = max(run_first, first_index), min(run_last, last_index)
                if end <= start:
                    continue
                for index in range(start + 1, end + 1):
                    data[2 + index - first_index][col] = ""
                page_commands.append(("SPAN", (col, 2 + start - first_index), (col, 2 + end - first_index)))
        tables.append(Table(data, colWidths=widths, repeatRows=2, style=TableStyle(page_commands)))
    return tables


def export_pdf(items: list[CatalogItemData], *, bureau_name: str, meta: dict[str, Any] | None = None) -> bytes:
    meta = meta or {}
    styles = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{bureau_name}政务公开标准目录",
        author="Gongkai",
        invariant=True,  # no creation time or random document id: one version gives the same bytes
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(page[0] / 2, MARGIN / 2 + 2 * mm, f"第 {document.page} 页")
        canvas.restoreState()

    story: list[Any] = []
    groups = by_domain(items)
    width = page[0] - 2 * MARGIN
    room = doc.height - 12 - 2  # the frame's height less its 6 pt paddings and a little rounding
    for index, (domain, domain_items) in enumerate(groups):
        if index:
            story.append(PageBreak())
        heading = [_para(table_title(bureau_name, domain), styles["title"])]
        if text := subtitle(meta):
            heading.append(_para(text, styles["subtitle"]))
        heading.append(Spacer(1, 2 * mm))
        used = sum(flowable.wrap(width, room)[1] for flowable in heading) + styles["title"].spaceAfter
        story += heading
        for number, table in enumerate(_tables(domain_items, styles, width, room - used, room)):
            if number:
                story.append(PageBreak())
            story.append(table)
    if not groups:
        story.append(_para(f"{bureau_name}政务公开标准目录", styles["title"]))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
