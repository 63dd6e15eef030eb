"""The annual report as HTML, DOCX and PDF, from its JSON document (`report.ReportData.export_content()` or
the frozen `AnnualReport.published_content`), tables laid out like the 2021 template (`grids`).

PDF: A4 with Noto Sans CJK SC embedded as a subset (`service_items.fonts.cjk_font`: the text stays
selectable and searchable), written `invariant` (the same report gives the same bytes). DOCX: 宋体, the
tables with the template's merged cells. HTML: a fragment for the public page, or a whole document.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape as xml_escape

from django.utils.html import escape

from gongkai.core.stable_files import stable_zip

from . import grids as grid_module


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _meta(content: dict) -> dict:
    return content.get("meta", {})


# ---- HTML ----


def grid_html(grid: grid_module.Grid, table_id: str) -> str:
    by_row: dict[int, list[grid_module.Cell]] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.row, []).append(cell)
    head, body = [], []
    for r in range(grid.rows):
        parts = []
        for cell in sorted(by_row.get(r, []), key=lambda c: c.col):
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            )
            if cell.head:
                scope = "colgroup" if cell.colspan > 1 else "col"
                parts.append(f'<th scope="{scope}"{spans}>{escape(cell.text)}</th>')
            elif cell.label:
                scope = "rowgroup" if cell.rowspan > 1 else "row"
                parts.append(f'<th scope="{scope}" class="label"{spans}>{escape(cell.text)}</th>')
            else:
                parts.append(f'<td class="num"{spans}>{escape(cell.text)}</td>')
        (head if r < grid.header_rows else body).append("<tr>" + "".join(parts) + "</tr>")
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return (
        f'<div class="annual-report-table-wrap"><table class="annual-report-table" id="{table_id}">'
        f"<caption>{escape(grid.title)}</caption>{thead}<tbody>{''.join(body)}</tbody></table></div>"
    )


def html_fragment(content: dict, *, heading_level: int = 2) -> str:
    """The six parts with their tables, for a page whose own heading is the report's title."""
    tables = grid_module.grids(content)
    out = []
    h = f"h{heading_level}"
    for section in content["sections"]:
        key = section["key"]
        out.append(f'<section class="annual-report-part" aria-labelledby="part-{key}">')
        out.append(f'<{h} id="part-{key}">{escape(section["title"])}</{h}>')
        out.extend(f"<p>{escape(p)}</p>" for p in paragraphs(section["text"]))
        if key in tables:
            out.append(grid_html(tables[key], f"table-{key}"))
        out.append("</section>")
    return "\n".join(out)


STANDALONE_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.7}
h1{text-align:center;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #333;padding:.25rem .4rem;text-align:center;vertical-align:middle}
th.label{text-align:left;font-weight:normal}
caption{font-weight:bold;margin-bottom:.4rem}
"""


def html_document(content: dict) -> str:
    meta = _meta(content)
    title = escape(meta.get("title", ""))
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{STANDALONE_CSS}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        f"{html_fragment(content)}\n</main>\n</body>\n</html>\n"
    )


# ---- DOCX ----

DOCX_FONT = "宋体"


def _docx_run_font(run, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = DOCX_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)


def _docx_grid(document, grid: grid_module.Grid, width) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_run_font(caption.add_run(grid.title), 11, bold=True)
    table = document.add_table(rows=grid.rows, cols=grid.cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(grid.widths)
    for i, column in enumerate(table.columns):
        for cell in column.cells:
            cell.width = int(width * grid.widths[i] / total)
    size = 7 if grid.cols > 10 else 8 if grid.cols > 4 else 10
    for item in grid.cells:
        cell = table.cell(item.row, item.col)
        if item.rowspan > 1 or item.colspan > 1:
            cell = cell.merge(table.cell(item.row + item.rowspan - 1, item.col + item.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if item.label else WD_ALIGN_PARAGRAPH.CENTER
        _docx_run_font(paragraph.add_run(item.text), size, bold=item.head)


def render_docx(content: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    meta = _meta(content)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    width = section.page_width - section.left_margin - section.right_margin
    document.core_properties.title = meta.get("title", "")
    document.core_properties.author = meta.get("bureau_name", "")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_run_font(title.add_run(meta.get("title", "")), 18, bold=True)
    tables = grid_module.grids(content)
    for part in content["sections"]:
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(8)
        _docx_run_font(heading.add_run(part["title"]), 14, bold=True)
        for text in paragraphs(part["text"]):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(24)
            _docx_run_font(paragraph.add_run(text), 12)
        if part["key"] in tables:
            _docx_grid(document, tables[part["key"]], width)
    out = io.BytesIO()
    document.save(out)
    if published_at := meta.get("published_at"):
        # the same published report gives the same bytes (the static publisher writes it: docs/publishing.md)
        return stable_zip(out.getvalue(), dt.datetime.fromisoformat(published_at))
    return out.getvalue()


# ---- PDF ----


def _pdf_text(content: dict) -> str:
    parts = [_meta(content).get("title", ""), "0123456789./—第页"]
    for section in content["sections"]:
        parts += [section["title"], section["text"]]
    for grid in grid_module.grids(content).values():
        parts.append(grid.title)
        parts += [cell.text for cell in grid.cells]
    return "".join(parts)


def render_pdf(content: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from gongkai.service_items.fonts import cjk_font

    meta = _meta(content)
    font = cjk_font(_pdf_text(content))
    base = {"fontName": font, "wordWrap": "CJK"}
    st = {
        "title": ParagraphStyle("t", fontSize=17, leading=26, alignment=TA_CENTER, spaceAfter=10, **base),
        "h": ParagraphStyle("h", fontSize=13, leading=20, spaceBefore=8, spaceAfter=4, **base),
        "p": ParagraphStyle("p", fontSize=10.5, leading=17, firstLineIndent=21, **base),
        "caption": ParagraphStyle(
            "c", fontSize=10.5, leading=15, alignment=TA_CENTER, spaceBefore=4, spaceAfter=4, **base
        ),
    }
    margin = 18 * mm
    width = A4[0] - 2 * margin
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=meta.get("title", ""),
        author=meta.get("bureau_name", ""),
        invariant=True,
    )

    def para(text, style):
        return Paragraph(xml_escape(str(text)), style)

    story = [para(meta.get("title", ""), st["title"])]
    tables = grid_module.grids(content)
    for section in content["sections"]:
        story.append(para(section["title"], st["h"]))
        story.extend(para(p, st["p"]) for p in paragraphs(section["text"]))
        grid = tables.get(section["key"])
        if grid is None:
            continue
        size = 6.5 if grid.cols > 10 else 7.5 if grid.cols > 4 else 9.5
        cell_style = ParagraphStyle("cell", fontSize=size, leading=size * 1.3, alignment=TA_CENTER, **base)
        label_style = ParagraphStyle("label", parent=cell_style, alignment=0)
        data = [["" for _c in range(grid.cols)] for _r in range(grid.rows)]
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
        for cell in grid.cells:
            data[cell.row][cell.col] = para(cell.text, label_style if cell.label else cell_style)
            if cell.rowspan > 1 or cell.colspan > 1:
                commands.append(
                    ("SPAN", (cell.col, cell.row), (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1))
                )
            if cell.head:
                commands.append(("BACKGROUND", (cell.col, cell.row), (cell.col, cell.row), colors.HexColor("#f0f0f0")))
        total = sum(grid.widths)
        table = Table(data, colWidths=[width * w / total for w in grid.widths], repeatRows=grid.header_rows)
        table.setStyle(TableStyle(commands))
        story += [Spacer(1, 4), para(grid.title, st["caption"]), table]

    def footer(canvas, document):
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {document.page} —")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


FORMATS = {
    "html": ("text/html; charset=utf-8", lambda content: html_document(content).encode()),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "pdf": ("application/pdf", render_pdf),
}


def render(content: dict, fmt: str) -> bytes:
    return FORMATS[fmt][1](content)
