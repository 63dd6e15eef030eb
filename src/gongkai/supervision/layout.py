"""Official documents (公文) in the GB/T 9704-2012 layout, as DOCX and PDF. Reusable by any document of the
platform (bulletins here; the annual report may use it): build an `OfficialDocument`, call `to_docx` or `to_pdf`.

The page (GB/T 9704-2012 §5): A4; top margin 37 mm, left (binding) margin 28 mm, type area 156 × 225 mm (so
right 26 mm, bottom 35 mm); 22 lines of 28 characters; body 3号 (16 pt); a line is the type area's height / 22
(≈ 28.95 pt: the standard's "one character + 7/8" fitted to 22 lines); page numbers 4号 (14 pt) half-width
Arabic digits between em dashes ("— 1 —"), 7 mm below the type area, odd pages right and even pages left, one
character in. The 红头 (issuing-organ mark) is red, centred, its top 35 mm below the top of the type area; the
document number (发文字号, `机关代字〔年份〕序号号`) two lines below it; the red separator 4 mm below the number; the
title 2号 (22 pt) two lines below the separator; the addressee one line below the title; the body's headings
"一、" 黑体 and "（一）" 楷体; the date written (成文日期) without leading zeros; the 版记 (抄送, 印发机关和印发日期)
in 4号 between full-width lines, thick first and last, at the bottom of the last page.

Fonts: the standard's faces (方正小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312) are not freely licensed. The closest
freely licensed faces installed (Debian fonts-noto-cjk, SIL OFL) are used: **Noto Serif CJK SC** for 仿宋 (body,
楷体 headings, page numbers) and, Bold, for 小标宋 (红头 and title); **Noto Sans CJK SC** for 黑体 (first-level
headings). The DOCX names these families (a reader with the official fonts may substitute them via FONT_* below);
the PDF embeds subsets of them (`service_items.fonts.cjk_font`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, LEFT_MM = 37, 28
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - TEXT_WIDTH_MM  # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - TEXT_HEIGHT_MM  # 35
LINES, CHARS = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, RECORD_PT = 16, 22, 14, 14  # 3号, 2号, 4号, 4号
ISSUER_PT = 36
LINE_PITCH_PT = TEXT_HEIGHT_MM * MM / LINES  # ≈ 28.95 pt
CHAR_PITCH_PT = TEXT_WIDTH_MM * MM / CHARS  # ≈ 15.79 pt
LINE_PITCH_TWIPS = int(LINE_PITCH_PT * 20)  # Word's document grid (579)
# 3号 characters condensed by 0.25 pt so that 28 fit a line of 156 mm (16 pt each would make 27.6).
CHAR_SPACING_TWIPS = -5
ISSUER_TOP_MM = 35  # 红头: top edge below the top of the type area
SEPARATOR_BELOW_NUMBER_MM = 4
PAGE_NUMBER_BELOW_MM = 7
RED = (0xFF, 0x33, 0x33)  # CMYK (0, 80, 80, 0) on screen
FONT_BODY = "Noto Serif CJK SC"  # for 仿宋
FONT_TITLE = "Noto Serif CJK SC"  # bold, for 小标宋
FONT_HEADING = "Noto Sans CJK SC"  # for 黑体
FONT_KAI = "Noto Serif CJK SC"  # for 楷体
DOCUMENT_NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fa5A-Za-z]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")

# Punctuation that may not begin a line (禁则): it hangs on the line before.
NO_LINE_START = set("，。、；：？！）》」』”’…—·,.;:?!)")


@dataclass
class Paragraph:
    text: str
    level: int = 0  # 0 body, 1 "一、" heading (黑体), 2 "（一）" heading (楷体)


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关标志, e.g. "焦作市应急管理局文件"
    document_number: str  # 焦应急〔2026〕3号
    title: str
    addressee: str  # 主送机关
    paragraphs: list[Paragraph]
    signer: str  # the issuing organ under the text
    date_written: dt.date
    copy_to: str = ""  # 抄送
    printed_by: str = ""  # 印发机关
    printed_on: dt.date | None = None
    attachments: list[str] = field(default_factory=list)


def chinese_date(day: dt.date) -> str:
    """2024年1月5日: Arabic numerals, full year, no leading zeros (GB/T 9704 7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def check_document_number(number: str) -> None:
    if not DOCUMENT_NUMBER.match(number):
        raise ValueError(f"not a document number in the form 机关代字〔年份〕序号号: {number!r}")


def page_number_text(number: int) -> str:
    return f"— {number} —"


def _width(ch: str) -> float:
    """Width in characters: half for ASCII (half-width digits and letters), one for the rest."""
    return 0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’·" else 1.0


def wrap(text: str, first_indent: float = 2.0, width: float = CHARS) -> list[tuple[float, str]]:
    """Break `text` into lines of at most `width` characters: [(indent in characters, line)]. The first line is
    indented by `first_indent` (2 characters for body paragraphs); punctuation never starts a line."""
    lines: list[tuple[float, str]] = []
    indent, current, used = first_indent, "", first_indent
    for ch in text:
        w = _width(ch)
        if used + w > width + 1e-9 and current:
            if ch in NO_LINE_START:  # hang it
                current += ch
                lines.append((indent, current))
                indent, current, used = 0.0, "", 0.0
                continue
            lines.append((indent, current))
            indent, current, used = 0.0, "", 0.0
        current += ch
        used += w
    if current or not lines:
        lines.append((indent, current))
    return lines


# ---- DOCX ----------------------------------------------------------------------------------------------


def _docx_font(run, name: str, size: float, *, bold=False, color=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)
    if color is not None:
        run.font.color.rgb = RGBColor(*color)


def _red_rule(paragraph, *, size_eighths: int = 12, color="FF3333", position="bottom"):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{position}")
    for key, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "1"), ("w:color", color)):
        edge.set(qn(key), value)
    borders.append(edge)
    ppr.append(borders)


def _doc_grid(section):
    """Word's document grid of 22 lines (type "lines": LibreOffice reads a character grid differently from Word,
    so the 28 characters come from the body's character spacing, CHAR_SPACING_TWIPS, instead)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    sect.append(grid)


def _char_spacing(style):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    style.element.get_or_add_rPr().append(spacing)


def _page_field(paragraph, size):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def add(text=None, field_char=None, instr=None):
        run = paragraph.add_run(text or "")
        _docx_font(run, FONT_BODY, size)
        if field_char:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field_char)
            run._r.append(element)
        if instr:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
            run._r.append(element)

    add("— ")
    add(field_char="begin")
    add(instr=" PAGE ")
    add(field_char="separate")
    add("1")
    add(field_char="end")
    add(" —")


def to_docx(doc: OfficialDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    check_document_number(doc.document_number)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(15)
    # The page number's line sits PAGE_NUMBER_BELOW_MM below the type area.
    section.footer_distance = Mm(BOTTOM_MM - PAGE_NUMBER_BELOW_MM - PAGE_NUMBER_PT / MM)
    _doc_grid(section)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = FONT_BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT_BODY
    )
    _char_spacing(normal)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    fmt.space_before = fmt.space_after = Pt(0)

    def para(text="", *, font=FONT_BODY, size=BODY_PT, bold=False, color=None, align=None, indent_chars=0.0):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent_chars:
            p.paragraph_format.first_line_indent = Pt(CHAR_PITCH_PT * indent_chars)
        if text:
            _docx_font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    # 红头: the type area's first lines are blank down to 35 mm.
    blank_lines = int((ISSUER_TOP_MM * MM) // LINE_PITCH_PT)
    for _ in range(blank_lines):
        para()
    issuer = para(doc.issuer, font=FONT_TITLE, size=ISSUER_PT, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
    issuer.paragraph_format.line_spacing = Pt(ISSUER_PT * 1.5)
    para()
    para()
    number = para(doc.document_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(number, size_eighths=12)
    number.paragraph_format.space_after = Pt(SEPARATOR_BELOW_NUMBER_MM * MM)
    para()
    para()
    title = para(doc.title, font=FONT_TITLE, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(LINE_PITCH_TWIPS / 20 * 1.2)
    para()
    para(f"{doc.addressee}：" if doc.addressee and not doc.addressee.endswith("：") else doc.addressee)
    for paragraph in doc.paragraphs:
        font = {1: FONT_HEADING, 2: FONT_KAI}.get(paragraph.level, FONT_BODY)
        para(paragraph.text, font=font, indent_chars=2)
    if doc.attachments:
        para()
        if len(doc.attachments) == 1:
            para(f"附件：{doc.attachments[0]}", indent_chars=2)
        else:
            para(f"附件：1. {doc.attachments[0]}", indent_chars=2)
            for n, name in enumerate(doc.attachments[1:], start=2):
                para(f"{n}. {name}", indent_chars=5)
    para()
    para()
    signer = para(doc.signer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signer.paragraph_format.right_indent = Pt(CHAR_PITCH_PT * 4)
    date = para(chinese_date(doc.date_written), align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(CHAR_PITCH_PT * 4)
    # 版记
    if doc.copy_to or doc.printed_by:
        para()
        record_pitch = Pt(RECORD_PT * 1.875)
        if doc.copy_to:
            cc = para(f"抄送：{doc.copy_to.rstrip('。')}。", size=RECORD_PT)
            _red_rule(cc, size_eighths=8, color="000000", position="top")
            cc.paragraph_format.left_indent = cc.paragraph_format.right_indent = Pt(RECORD_PT)
            cc.paragraph_format.line_spacing = record_pitch
        printed = para(f"{doc.printed_by}\t{chinese_date(doc.printed_on or doc.date_written)}印发", size=RECORD_PT)
        printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(RECORD_PT)
        printed.paragraph_format.line_spacing = record_pitch
        printed.paragraph_format.tab_stops.add_tab_stop(
            Mm(TEXT_WIDTH_MM) - Pt(2 * RECORD_PT),
            alignment=2,  # right tab
        )
        _red_rule(printed, size_eighths=6, color="000000", position="top")
        _red_rule(printed, size_eighths=8, color="000000", position="bottom")
    # Page numbers: odd pages right, even pages left, one character in.
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(RECORD_PT)
    _page_field(odd, PAGE_NUMBER_PT)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(RECORD_PT)
    _page_field(even, PAGE_NUMBER_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---- PDF -----------------------------------------------------------------------------------------------


def to_pdf(doc: OfficialDocument) -> bytes:
    """The document set on the 22 × 28 grid: every character in its cell (half a cell for ASCII)."""
    from reportlab.pdfgen import canvas

    from gongkai.service_items.fonts import cjk_font

    check_document_number(doc.document_number)
    all_text = "".join(
        [
            doc.issuer,
            doc.document_number,
            doc.title,
            doc.addressee,
            doc.signer,
            chinese_date(doc.date_written),
            doc.copy_to,
            doc.printed_by,
            "抄送：印发。附件：",
            "—0123456789. ",
            *doc.attachments,
        ]
        + [p.text for p in doc.paragraphs]
    )
    body_font = cjk_font(all_text, "serif")
    title_font = cjk_font(doc.issuer + doc.title, "serif-bold")
    heading_font = cjk_font("".join(p.text for p in doc.paragraphs if p.level == 1) or "一", "sans")
    out = io.BytesIO()
    page_w, page_h = PAGE_WIDTH_MM * MM, PAGE_HEIGHT_MM * MM
    left, top = LEFT_MM * MM, page_h - TOP_MM * MM
    bottom = top - TEXT_HEIGHT_MM * MM
    c = canvas.Canvas(out, pagesize=(page_w, page_h))
    c.setTitle(doc.title)
    c.setAuthor(doc.signer)
    state = {"page": 1, "line": 0}

    def baseline(line: int) -> float:
        # The glyph sits in the lower part of its line cell.
        return top - line * LINE_PITCH_PT - BODY_PT - (LINE_PITCH_PT - BODY_PT) * 0.35

    def page_number():
        c.setFillColorRGB(0, 0, 0)
        text = page_number_text(state["page"])
        c.setFont(body_font, PAGE_NUMBER_PT)
        width = c.stringWidth(text, body_font, PAGE_NUMBER_PT)
        y = bottom - PAGE_NUMBER_BELOW_MM * MM - PAGE_NUMBER_PT * 0.8
        if state["page"] % 2:
            c.drawString(left + TEXT_WIDTH_MM * MM - PAGE_NUMBER_PT - width, y, text)
        else:
            c.drawString(left + PAGE_NUMBER_PT, y, text)

    def new_page():
        page_number()
        c.showPage()
        state["page"] += 1
        state["line"] = 0

    def draw_grid_line(indent: float, text: str, font: str, *, align="left", size=BODY_PT):
        if state["line"] >= LINES:
            new_page()
        c.setFont(font, size)
        units = sum(_width(ch) for ch in text)
        if align == "center":
            x = left + (CHARS - units) / 2 * CHAR_PITCH_PT
        elif align == "right":
            x = left + (CHARS - 4 - units) * CHAR_PITCH_PT
        else:
            x = left + indent * CHAR_PITCH_PT
        y = baseline(state["line"])
        for ch in text:
            w = _width(ch)
            glyph_w = c.stringWidth(ch, font, size)
            c.drawString(x + (w * CHAR_PITCH_PT - glyph_w) / 2, y, ch)
            x += w * CHAR_PITCH_PT
        state["line"] += 1

    # 红头, number, separator: placed by measure on the first page.
    c.setFillColorRGB(*(v / 255 for v in RED))
    c.setFont(title_font, ISSUER_PT)
    issuer_w = c.stringWidth(doc.issuer, title_font, ISSUER_PT)
    scale = min(1.0, TEXT_WIDTH_MM * MM / issuer_w) if issuer_w else 1.0
    issuer_base = top - ISSUER_TOP_MM * MM - ISSUER_PT * 0.88
    c.saveState()
    c.translate(left + (TEXT_WIDTH_MM * MM - issuer_w * scale) / 2, issuer_base)
    c.scale(scale, 1)
    c.drawString(0, 0, doc.issuer)
    c.restoreState()
    c.setFillColorRGB(0, 0, 0)
    # The document number two blank lines below the mark.
    number_line = int((top - issuer_base) // LINE_PITCH_PT) + 2
    state["line"] = number_line
    draw_grid_line(0, doc.document_number, body_font, align="center")
    rule_y = baseline(number_line) - SEPARATOR_BELOW_NUMBER_MM * MM
    c.setStrokeColorRGB(*(v / 255 for v in RED))
    c.setLineWidth(1.5)
    c.line(left, rule_y, left + TEXT_WIDTH_MM * MM, rule_y)
    c.setStrokeColorRGB(0, 0, 0)
    state["line"] += 2
    for _indent, line in wrap(doc.title, 0, CHARS * BODY_PT / TITLE_PT):
        c.setFont(title_font, TITLE_PT)
        w = c.stringWidth(line, title_font, TITLE_PT)
        c.drawString(left + (TEXT_WIDTH_MM * MM - w) / 2, baseline(state["line"]), line)
        state["line"] += 1
    state["line"] += 1
    addressee = doc.addressee if doc.addressee.endswith("：") else f"{doc.addressee}："
    for indent, line in wrap(addressee, 0):
        draw_grid_line(indent, line, body_font)
    for paragraph in doc.paragraphs:
        font = heading_font if paragraph.level == 1 else body_font
        for indent, line in wrap(paragraph.text):
            draw_grid_line(indent, line, font)
    if doc.attachments:
        state["line"] += 1
        names = (
            [f"附件：{doc.attachments[0]}"]
            if len(doc.attachments) == 1
            else [
                f"附件：{n}. {name}" if n == 1 else f"   {n}. {name}" for n, name in enumerate(doc.attachments, start=1)
            ]
        )
        for name in names:
            for indent, line in wrap(name):
                draw_grid_line(indent, line, body_font)
    state["line"] += 2
    draw_grid_line(0, doc.signer, body_font, align="right")
    draw_grid_line(0, chinese_date(doc.date_written), body_font, align="right")
    if doc.copy_to or doc.printed_by:
        rows = (1 if doc.copy_to else 0) + 1
        record_pitch = RECORD_PT * 1.875
        needed = rows * record_pitch
        used_bottom = baseline(state["line"] - 1) - LINE_PITCH_PT * 0.5
        if used_bottom - needed < bottom:
            new_page()
        y = bottom
        c.setLineWidth(0.35 * MM)
        c.line(left, y, left + TEXT_WIDTH_MM * MM, y)
        c.setFont(body_font, RECORD_PT)
        printed_on = chinese_date(doc.printed_on or doc.date_written) + "印发"
        c.drawString(left + RECORD_PT, y + record_pitch * 0.3, doc.printed_by)
        c.drawRightString(left + TEXT_WIDTH_MM * MM - RECORD_PT, y + record_pitch * 0.3, printed_on)
        y += record_pitch
        if doc.copy_to:
            c.setLineWidth(0.25 * MM)
            c.line(left, y, left + TEXT_WIDTH_MM * MM, y)
            c.drawString(left + RECORD_PT, y + record_pitch * 0.3, f"抄送：{doc.copy_to.rstrip('。')}。")
            y += record_pitch
        c.setLineWidth(0.35 * MM)
        c.line(left, y, left + TEXT_WIDTH_MM * MM, y)
    page_number()
    c.showPage()
    c.save()
    return out.getvalue()
