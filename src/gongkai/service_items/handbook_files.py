"""The service handbook (办事一本通) as files: PDF (reportlab) and DOCX (python-docx).

PDF: A4; a cover; a table of contents (目录) whose page numbers are the physical pages the chapters start on,
as a PDF viewer counts them (the cover is page 1; reportlab's `multiBuild` lays the book out until the
numbers settle); one chapter per published guide with the sections of the one-time notice; page numbers
in the footer; a PDF bookmark per chapter; the CJK font embedded (`fonts.cjk_font`). DOCX: the same cover,
a TOC field (Word fills it on opening), one Heading 1 per guide and page-number fields.
`progress(percent)` is called while the PDF is laid out.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from .fonts import cjk_font
from .notice import notice_sections
from .pdf import MARGIN, guide_flowables, para, styles


def chapter_title(guide, *, city_wide: bool) -> str:
    return f"{guide.item.bureau.short_name} · {guide.name}" if city_wide else guide.name


def book_text(title: str, subtitle: str, guides, *, city_wide: bool) -> str:
    parts = [title, subtitle, _("Table of contents"), _("Item code"), _("Page %(page)s") % {"page": 0}, "0123456789."]
    for guide in guides:
        parts += [chapter_title(guide, city_wide=city_wide), guide.item.code, guide.item.bureau.name]
        for section in notice_sections(guide):
            parts += [section.title, *section.lines]
    return "".join(parts)


class _Book(BaseDocTemplate):
    def __init__(self, out, *, font: str, chapters: int, progress: Callable[[int], None] | None, **kwargs):
        super().__init__(
            out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN, **kwargs
        )
        frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="body")
        self.font, self.chapters, self.progress = font, max(chapters, 1), progress
        self.laid_out, self.passes = 0, 0
        self.addPageTemplates(
            [PageTemplate(id="cover", frames=[frame]), PageTemplate(id="body", frames=[frame], onPage=self._footer)]
        )

    def _footer(self, canvas, doc):
        canvas.saveState()
        canvas.setFont(self.font, 9)
        canvas.drawCentredString(A4[0] / 2, MARGIN / 2, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    def beforeDocument(self):
        self.passes += 1
        self.laid_out = 0

    def afterFlowable(self, flowable):
        key = getattr(flowable, "chapter_key", None)
        if key is None:
            return
        text = flowable.getPlainText()
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=0, closed=True)
        self.notify("TOCEntry", (0, text, self.page, key))
        self.laid_out += 1
        if self.progress is not None:
            # Two layout passes are the rule (the TOC's length settles in the first).
            done = min((self.passes - 1) * self.chapters + self.laid_out, 2 * self.chapters)
            self.progress(10 + int(80 * done / (2 * self.chapters)))


def build_pdf(guides, *, title: str, subtitle: str, city_wide: bool = False, progress=None) -> bytes:
    """The handbook of `guides` (published, with their items and materials loaded) as PDF bytes."""
    font = cjk_font(book_text(title, subtitle, guides, city_wide=city_wide))
    if progress is not None:
        progress(10)
    st = styles(font)
    cover_title = ParagraphStyle("cover", parent=st["title"], fontSize=30, leading=44, spaceBefore=180)
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [ParagraphStyle("toc0", parent=st["toc"], leftIndent=0)]
    story = [
        para(title, cover_title),
        para(subtitle, st["subtitle"]),
        para(timezone.localdate().strftime("%Y-%m-%d"), st["subtitle"]),
        NextPageTemplate("body"),
        PageBreak(),
        para(_("Table of contents"), st["title"]),
        toc,
    ]
    for number, guide in enumerate(guides, start=1):
        heading = para(chapter_title(guide, city_wide=city_wide), st["chapter"])
        heading.chapter_key = f"ch{number}"
        story += [PageBreak(), heading]
        story.append(para(f"{_('Item code')}：{guide.item.code} · {guide.item.bureau.name}", st["small"]))
        story.append(Spacer(1, 4))
        story += guide_flowables(guide, st)
    out = io.BytesIO()
    book = _Book(out, font=font, chapters=len(guides), progress=progress, title=title, author=subtitle)
    book.multiBuild(story, maxPasses=6)
    return out.getvalue()


def build_docx(guides, *, title: str, subtitle: str, city_wide: bool = False) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from gongkai.catalogs.interchange.docx_writer import FONT, _set_font

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for style_name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = document.styles[style_name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    def field(paragraph, instruction: str):
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    for text, size in ((title, 28), (subtitle, 16), (timezone.localdate().strftime("%Y-%m-%d"), 14)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(text), size, bold=size > 20)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(_("Table of contents"), level=1)
    field(document.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u')
    field(section.footer.paragraphs[0], "PAGE")
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for guide in guides:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(chapter_title(guide, city_wide=city_wide), level=1)
        document.add_paragraph(f"{_('Item code')}：{guide.item.code} · {guide.item.bureau.name}")
        for part in notice_sections(guide):
            document.add_heading(part.title, level=2)
            for number, line in enumerate(part.lines, start=1):
                paragraph = document.add_paragraph(f"{number}. {line}" if part.numbered else line)
                paragraph.paragraph_format.space_after = Pt(2)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
