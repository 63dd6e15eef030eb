"""The receipt (回执) of an FOI request as a PDF: what was submitted, when, to whom, and how to follow it.

Uses reportlab's built-in CID font STSong-Light like the catalog exports (no font file to ship).
The applicant's ID number is masked; the receipt is only served to the submitter's session or a
verified tracking session (views_public).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .constants import State
from .models import FoiRequest
from .validation import mask_id_number

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=8),
        "label": ParagraphStyle("label", fontName=font, fontSize=10, leading=15, wordWrap="CJK"),
        "value": ParagraphStyle("value", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK"),
        "number": ParagraphStyle("number", fontName=font, fontSize=14, leading=20),
        "heading": ParagraphStyle("heading", fontName=font, fontSize=12, leading=18, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=font, fontSize=10.5, leading=17, wordWrap="CJK"),
        "small": ParagraphStyle("small", fontName=font, fontSize=9, leading=14, wordWrap="CJK"),
    }


def _p(text, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def state_line(foi: FoiRequest) -> str:
    if foi.received_on and foi.state != State.SUBMITTED:
        return _(
            "Received on %(date)s (Art. 31 of the Regulations); the time limit for the answer runs from this day."
        ) % {"date": foi.received_on.isoformat()}
    return _(
        "Awaiting confirmation of receipt: the bureau will confirm receipt with you, and the time limit for "
        "the answer runs from the date of that confirmation (Art. 31 of the Regulations)."
    )


def render_receipt_pdf(foi: FoiRequest, language: str | None = None) -> bytes:
    """The receipt of `foi` in `language` (default: the site's language)."""
    from .services.intake import track_url

    with translation.override(language or settings.LANGUAGE_CODE):
        return _render(foi, track_url())


def _render(foi: FoiRequest, url: str) -> bytes:
    styles = _styles()
    submitted = timezone.localtime(foi.submitted_at).strftime("%Y-%m-%d %H:%M")
    rows = [
        (_("Tracking number"), Paragraph(escape(foi.tracking_number), styles["number"])),
        (_("Bureau"), _p(foi.bureau.name, styles["value"])),
        (_("Submitted"), _p(submitted, styles["value"])),
        (_("Channel"), _p(foi.get_channel_display(), styles["value"])),
        (_("State"), _p(state_line(foi), styles["value"])),
        (_("Applicant"), _p(f"{foi.applicant_name}（{foi.get_applicant_type_display()}）", styles["value"])),
        (
            _("Identity document"),
            _p(
                f"{foi.get_id_document_type_display()} {mask_id_number(foi.id_document_type, foi.id_document_number)}",
                styles["value"],
            ),
        ),
        (
            _("Form and channel of delivery"),
            _p(f"{foi.get_delivery_form_display()} · {foi.get_delivery_channel_display()}", styles["value"]),
        ),
    ]
    if foi.document_number_hint:
        rows.append((_("Document number (if known)"), _p(foi.document_number_hint, styles["value"])))
    table = Table(
        [[_p(label, styles["label"]), value] for label, value in rows],
        colWidths=[42 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f4f6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story = [
        _p(_("Receipt of a request for government information"), styles["title"]),
        table,
        _p(_("Information sought"), styles["heading"]),
    ]
    story += [_p(paragraph, styles["body"]) for paragraph in foi.description.split("\n") if paragraph.strip()]
    story += [
        _p(_("How to follow this request"), styles["heading"]),
        _p(
            _(
                "Open %(url)s, enter the tracking number and ask for a one-time code; it is sent to the email "
                "address or mobile number you gave. You will see the state of the request, its due date, any "
                "notices and the answer."
            )
            % {"url": url},
            styles["body"],
        ),
    ]
    contact = [foi.bureau.disclosure_office or foi.bureau.name]
    if foi.bureau.disclosure_phone or foi.bureau.phone:
        contact.append(_("phone %(phone)s") % {"phone": foi.bureau.disclosure_phone or foi.bureau.phone})
    story += [Spacer(1, 6 * mm), _p(_("Questions: %(contact)s") % {"contact": ", ".join(contact)}, styles["small"])]

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Receipt %(number)s") % {"number": foi.tracking_number},
    )
    document.build(story)
    return buffer.getvalue()
