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

from .docx_writer import to_docx
from .page import (
    BODY_PT,
    BOTTOM_MM,
    CHAR_PITCH_PT,
    CHAR_SPACING_TWIPS,
    CHARS,
    DOCUMENT_NUMBER,
    FONT_BODY,
    FONT_HEADING,
    FONT_KAI,
    FONT_TITLE,
    ISSUER_PT,
    ISSUER_TOP_MM,
    LEFT_MM,
    LINE_PITCH_PT,
    LINE_PITCH_TWIPS,
    LINES,
    MM,
    NO_LINE_START,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_BELOW_MM,
    PAGE_NUMBER_PT,
    PAGE_WIDTH_MM,
    RECORD_PT,
    RED,
    RIGHT_MM,
    SEPARATOR_BELOW_NUMBER_MM,
    TEXT_HEIGHT_MM,
    TEXT_WIDTH_MM,
    TITLE_PT,
    TOP_MM,
    OfficialDocument,
    Paragraph,
    check_document_number,
    chinese_date,
    page_number_text,
    wrap,
)
from .pdf_writer import to_pdf

__all__ = [
    "BODY_PT",
    "BOTTOM_MM",
    "CHARS",
    "CHAR_PITCH_PT",
    "CHAR_SPACING_TWIPS",
    "DOCUMENT_NUMBER",
    "FONT_BODY",
    "FONT_HEADING",
    "FONT_KAI",
    "FONT_TITLE",
    "ISSUER_PT",
    "ISSUER_TOP_MM",
    "LEFT_MM",
    "LINES",
    "LINE_PITCH_PT",
    "LINE_PITCH_TWIPS",
    "MM",
    "NO_LINE_START",
    "OfficialDocument",
    "PAGE_HEIGHT_MM",
    "PAGE_NUMBER_BELOW_MM",
    "PAGE_NUMBER_PT",
    "PAGE_WIDTH_MM",
    "Paragraph",
    "RECORD_PT",
    "RED",
    "RIGHT_MM",
    "SEPARATOR_BELOW_NUMBER_MM",
    "TEXT_HEIGHT_MM",
    "TEXT_WIDTH_MM",
    "TITLE_PT",
    "TOP_MM",
    "check_document_number",
    "chinese_date",
    "page_number_text",
    "to_docx",
    "to_pdf",
    "wrap",
]
