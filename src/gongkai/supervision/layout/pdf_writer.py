"""The official document as PDF (reportlab), the fonts embedded as subsets."""

from __future__ import annotations

import io

from .page import (
    BODY_PT,
    CHAR_PITCH_PT,
    CHARS,
    ISSUER_PT,
    ISSUER_TOP_MM,
    LEFT_MM,
    LINE_PITCH_PT,
    LINES,
    MM,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_BELOW_MM,
    PAGE_NUMBER_PT,
    PAGE_WIDTH_MM,
    RECORD_PT,
    RED,
    SEPARATOR_BELOW_NUMBER_MM,
    TEXT_HEIGHT_MM,
    TEXT_WIDTH_MM,
    TITLE_PT,
    TOP_MM,
    OfficialDocument,
    _width,
    check_document_number,
    chinese_date,
    page_number_text,
    wrap,
)


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
