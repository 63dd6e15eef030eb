"""The official document as DOCX (python-docx): margins, the document grid of 22 lines × 28 characters, the 红头."""

from __future__ import annotations

import io

from .page import (
    BODY_PT,
    BOTTOM_MM,
    CHAR_PITCH_PT,
    CHAR_SPACING_TWIPS,
    FONT_BODY,
    FONT_HEADING,
    FONT_KAI,
    FONT_TITLE,
    ISSUER_PT,
    ISSUER_TOP_MM,
    LEFT_MM,
    LINE_PITCH_PT,
    LINE_PITCH_TWIPS,
    MM,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_BELOW_MM,
    PAGE_NUMBER_PT,
    PAGE_WIDTH_MM,
    RECORD_PT,
    RED,
    RIGHT_MM,
    SEPARATOR_BELOW_NUMBER_MM,
    TEXT_WIDTH_MM,
    TITLE_PT,
    TOP_MM,
    OfficialDocument,
    check_document_number,
    chinese_date,
)


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
