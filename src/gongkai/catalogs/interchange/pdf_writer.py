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
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from ..types import CatalogItemData
from .layout import by_domain, cell_value, columns_for, header_spans, merge_runs, subtitle, table_title

FONT = "STSong-Light"
MARGIN = 10 * mm
MAX_SPAN_ROWS = 5  # 一级事项 runs are merged in chunks of at most this many rows

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


def _table(items: list[CatalogItemData], styles: dict[str, ParagraphStyle], width: float) -> LongTable:
    columns = columns_for(items)
    total = sum(c.width for c in columns)
    widths = [width * c.width / total for c in columns]
    top = [""] * len(columns)
    sub = [""] * len(columns)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#f2f2f2")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
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
    data: list[list[Any]] = [top, sub]
    centered = {"seq", "level1", "level2", "level3", "time_limit_text", "responsible_body", "responsible_office"}
    for offset, item in enumerate(items):
        row = []
        for column in columns:
            style = styles["center"] if (column.field in centered or column.is_mark) else styles["cell"]
            row.append(_para(cell_value(item, column, offset + 1), style))
        data.append(row)
    for field_name, field_runs in merge_runs(items, columns).items():
        col = next(i for i, c in enumerate(columns) if c.field == field_name)
        for run_first, run_last in field_runs:
            # Long runs are merged in chunks, so that the table can still break across pages.
            for first in range(run_first, run_last + 1, MAX_SPAN_ROWS):
                last = min(first + MAX_SPAN_ROWS - 1, run_last)
                if last == first:
                    continue
                for row_index in range(first + 1, last + 1):
                    data[2 + row_index][col] = ""
                commands.append(("SPAN", (col, 2 + first), (col, 2 + last)))
    table = LongTable(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle(commands))
    return table


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
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(page[0] / 2, MARGIN / 2 + 2 * mm, f"第 {document.page} 页")
        canvas.restoreState()

    story: list[Any] = []
    groups = by_domain(items)
    for index, (domain, domain_items) in enumerate(groups):
        if index:
            story.append(PageBreak())
        story.append(_para(table_title(bureau_name, domain), styles["title"]))
        if text := subtitle(meta):
            story.append(_para(text, styles["subtitle"]))
        story.append(Spacer(1, 2 * mm))
        story.append(_table(domain_items, styles, page[0] - 2 * MARGIN))
    if not groups:
        story.append(_para(f"{bureau_name}政务公开标准目录", styles["title"]))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
