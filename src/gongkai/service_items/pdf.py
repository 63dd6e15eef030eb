"""PDF of the one-time notice: A4, the CJK font embedded (`fonts.cjk_font`), a QR code to the mobile page.

The flowables of one guide (`guide_flowables`) are shared with the service handbook, which sets every guide
as a chapter.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from .fonts import cjk_font
from .notice import notice_page_url, notice_sections

MARGIN = 20 * mm


def styles(font: str) -> dict[str, ParagraphStyle]:
    base = {"fontName": font, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=6, **base),
        "subtitle": ParagraphStyle("subtitle", fontSize=11, leading=16, alignment=TA_CENTER, spaceAfter=10, **base),
        "chapter": ParagraphStyle("chapter", fontSize=16, leading=24, spaceBefore=4, spaceAfter=8, **base),
        "heading": ParagraphStyle("heading", fontSize=12.5, leading=19, spaceBefore=8, spaceAfter=2, **base),
        "body": ParagraphStyle("body", fontSize=10.5, leading=17, **base),
        "item": ParagraphStyle("item", fontSize=10.5, leading=17, leftIndent=14, firstLineIndent=-14, **base),
        "small": ParagraphStyle("small", fontSize=9, leading=13, textColor=colors.HexColor("#444444"), **base),
        "toc": ParagraphStyle("toc", fontSize=11, leading=20, **base),
    }


def para(text, style) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


class QrCode(Flowable):
    """A QR code drawn as vector squares (segno's matrix), `size` wide, with a caption under it."""

    def __init__(self, url: str, size: float = 30 * mm, caption: str = "", font: str = "Helvetica"):
        super().__init__()
        import segno

        self.matrix = segno.make(url, error="m").matrix
        self.size, self.caption, self.font = size, caption, font
        self.width, self.height = size, size + (12 if caption else 0)

    def draw(self):
        count = len(self.matrix) + 8  # the quiet zone: 4 modules on each side
        module = self.size / count
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for row, cells in enumerate(self.matrix):
            for col, dark in enumerate(cells):
                if dark:
                    x = (col + 4) * module
                    y = self.height - (row + 5) * module
                    canvas.rect(x, y, module, module, stroke=0, fill=1)
        if self.caption:
            canvas.setFont(self.font, 8)
            canvas.drawCentredString(self.size / 2, 0, self.caption)


def guide_flowables(guide, st: dict) -> list:
    """The guide's sections (as the one-time notice lists them) as flowables."""
    flowables = []
    for section in notice_sections(guide):
        flowables.append(para(section.title, st["heading"]))
        for number, line in enumerate(section.lines, start=1):
            text = f"{number}. {line}" if section.numbered else line
            flowables.append(para(text, st["item"] if section.numbered else st["body"]))
    return flowables


def document_text(item, guide) -> str:
    """Every character the notice sets (to subset the embedded font)."""
    parts = [item.name, item.code, item.bureau.name, _("One-time notice"), _("Scan for the mobile page")]
    parts += [_("Item code"), _("Version"), _("Page %(page)s") % {"page": 0}]
    for section in notice_sections(guide):
        parts += [section.title, *section.lines]
    return "".join(parts) + "0123456789"


def render_notice(item) -> bytes:
    """The one-time notice of the published `item` as A4 PDF bytes, in the language active."""
    guide = item.live_guide
    font = cjk_font(document_text(item, guide))
    st = styles(font)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{item.name} {_('One-time notice')}",
        author=item.bureau.name,
        invariant=True,  # no creation time or random document id: the same guide gives the same bytes
    )
    story = [
        para(_("One-time notice"), st["title"]),
        para(f"{item.bureau.name} · {item.name}", st["subtitle"]),
        para(f"{_('Item code')}：{item.code}　{_('Version')}：{guide.number}", st["small"]),
        Spacer(1, 4),
        *guide_flowables(guide, st),
        Spacer(1, 10),
        QrCode(notice_page_url(item, absolute=True), caption=_("Scan for the mobile page"), font=font),
    ]

    def footer(canvas, document):
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, _("Page %(page)s") % {"page": document.page})

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
