"""Documents the bureau sends the applicant: the reply (答复书, DOCX + PDF) and the notices (PDF).

The wording comes from the plain-text templates in `templates/foi_requests/documents/` (one per
reply type and notice kind; one paragraph per line), so a deployment can override them. The
documents are official Chinese papers: their text is Chinese whatever the interface language.
Fonts: the CID font of the catalog PDF export (no font file ships) and 宋体 in DOCX.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .constants import OUTCOME_BASIS, REPLY_TYPE_OUTCOMES, Outcome, ReplyType
from .models import AttachmentRole, FoiRequest, Reply, RequestAttachment

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The reply types as the 答复书 names them (the UI labels are translated; these are fixed).
REPLY_TYPE_LABELS = {
    ReplyType.GRANTED: "予以公开",
    ReplyType.PARTIAL: "部分公开",
    ReplyType.REFUSED: "不予公开",
    ReplyType.CANNOT_PROVIDE: "无法提供",
    ReplyType.NOT_HANDLED: "不予处理",
}

NOTICE_KINDS = {
    "supplement": "补正告知书",
    "extension": "延期答复告知书",
    "fee": "收费通知书",
}


class DocumentError(ValueError):
    """The facts a document needs are missing (e.g. a fee notice without a fee)."""


@dataclass
class OfficialDocument:
    """What goes on the paper, independent of the file format."""

    issuer: str
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    date: dt.date
    footer: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)


def chinese_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def outcome_label(outcome: str) -> str:
    """ "1.属于国家秘密" → "属于国家秘密" (the table-三 row label without its number)."""
    label = str(Outcome(outcome).label) if outcome in Outcome.values else outcome
    return re.sub(r"^(\d+\.|（[一二三四五六]）|\([一二三四五六]\))", "", label)


def _paragraphs(template: str, context: dict) -> list[str]:
    text = render_to_string(template, context)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _addressee(request: FoiRequest) -> str:
    return f"{request.applicant_name}："


def _base_context(request: FoiRequest) -> dict:
    return {
        "request": request,
        "bureau": request.bureau,
        "tracking_number": request.tracking_number,
        "received_on": chinese_date(request.received_on or timezone.localtime(request.submitted_at).date()),
        "description": request.description,
        "document_number_hint": request.document_number_hint,
    }


# ---- reply document number ---------------------------------------------------------------

NUMBER_PATTERN = re.compile(r"〔(\d{4})〕(\d+)号$")


def number_prefix(bureau) -> str:
    """ "修武县" → "修武县应急依复"; "焦作市局" → "焦作市应急依复"."""
    short = bureau.short_name or bureau.name
    return f"{short.removesuffix('局')}应急依复"


def allocate_reply_number(bureau, year: int) -> str:
    """The next 答复书 number of `bureau` in `year`: `<short name>应急依复〔YYYY〕N号`, N from 1, no gaps.

    Locks the bureau row (PostgreSQL; SQLite serializes writers with IMMEDIATE transactions), so two
    approvals at once wait for each other; runs inside the transaction that saves the number.
    """
    from gongkai.organizations.models import Bureau

    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Reply numbers are allocated inside the approving transaction.")
    # FOR NO KEY UPDATE: approvals of one bureau queue up, new requests (FK inserts) are not blocked.
    no_key = connection.features.has_select_for_no_key_update
    list(Bureau.objects.select_for_update(no_key=no_key).filter(pk=bureau.pk).values_list("pk", flat=True))
    taken = Reply.objects.filter(request__bureau=bureau, document_number__contains=f"〔{year}〕").values_list(
        "document_number", flat=True
    )
    last = 0
    for number in taken:
        match = NUMBER_PATTERN.search(number)
        if match and int(match.group(1)) == year:
            last = max(last, int(match.group(2)))
    return f"{number_prefix(bureau)}〔{year}〕{last + 1}号"


def number_reply(reply: Reply) -> str:
    """Give the approved `reply` its 答复书 number (inside the approving transaction), once."""
    if not reply.document_number:
        year = (reply.replied_on or timezone.localdate()).year
        reply.document_number = allocate_reply_number(reply.request.bureau, year)
        Reply.objects.filter(pk=reply.pk).update(document_number=reply.document_number)
    return reply.document_number


# ---- rendering ---------------------------------------------------------------------------


def render_pdf(document: OfficialDocument) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from gongkai.catalogs.interchange.pdf_writer import _font

    font = _font()
    base = {"fontName": font, "wordWrap": "CJK"}
    issuer = ParagraphStyle("issuer", fontSize=18, leading=26, alignment=TA_CENTER, **base)
    title = ParagraphStyle("title", fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=4, **base)
    number = ParagraphStyle("number", fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=10, **base)
    body = ParagraphStyle("body", fontSize=12, leading=21, alignment=TA_JUSTIFY, firstLineIndent=24, **base)
    plain = ParagraphStyle("plain", fontSize=12, leading=21, **base)
    right = ParagraphStyle("right", fontSize=12, leading=21, alignment=TA_RIGHT, **base)
    small = ParagraphStyle("small", fontSize=9, leading=13, **base)

    def para(text, style):
        return Paragraph(escape(text), style)

    buffer = io.BytesIO()
    margin = 25 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"{document.title} {document.number}".strip(),
        author=document.issuer,
    )
    story = [para(document.issuer, issuer), para(document.title, title)]
    story.append(para(document.number or " ", number))
    story.append(para(document.addressee, plain))
    story += [para(text, body) for text in document.paragraphs]
    story.append(Spacer(1, 12 * mm))
    story.append(para(f"{document.issuer}（印章）", right))
    story.append(para(chinese_date(document.date), right))
    if document.facts or document.footer:
        story.append(Spacer(1, 10 * mm))
        story += [para(f"{label}：{value}", small) for label, value in document.facts]
        if document.footer:
            story.append(para(document.footer, small))
    doc.build(story)
    return buffer.getvalue()


def render_docx(document: OfficialDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from gongkai.catalogs.interchange.docx_writer import FONT, _set_font

    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    word.core_properties.title = f"{document.title} {document.number}".strip()
    word.core_properties.author = document.issuer

    def line(text, size=12, *, align=None, bold=False, indent=False):
        paragraph = word.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(size * 2)
        _set_font(paragraph.add_run(text), size, bold=bold)
        return paragraph

    line(document.issuer, 18, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    line(document.title, 20, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    line(document.number, 12, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(document.addressee)
    for text in document.paragraphs:
        line(text, indent=True)
    line("")
    line(f"{document.issuer}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    line(chinese_date(document.date), align=WD_ALIGN_PARAGRAPH.RIGHT)
    for label, value in document.facts:
        line(f"{label}：{value}", 9)
    if document.footer:
        line(document.footer, 9)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _attach(request: FoiRequest, *, role: str, data: bytes, stored_name: str, filename: str, content_type: str):
    attachment = RequestAttachment(
        request=request,
        role=role,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        visible_to_applicant=True,
    )
    attachment.file.save(stored_name, ContentFile(data), save=False)
    attachment.save()
    return attachment


# ---- the reply ---------------------------------------------------------------------------


def reply_document(reply: Reply) -> OfficialDocument:
    request = reply.request
    context = _base_context(request)
    context.update(
        {
            "reply": reply,
            "body": reply.body,
            "basis": OUTCOME_BASIS.get(reply.outcome) or "《中华人民共和国政府信息公开条例》",
            "outcome_label": outcome_label(reply.outcome),
            "type_label": REPLY_TYPE_LABELS.get(reply.reply_type, reply.reply_type),
            "withheld_reason": reply.withheld_reason,
            "referral": reply.referral,
        }
    )
    paragraphs = _paragraphs(f"foi_requests/documents/reply_{reply.reply_type}.txt", context)
    result = context["type_label"]
    if len(REPLY_TYPE_OUTCOMES.get(reply.reply_type, ())) > 1:
        result = f"{result}（{context['outcome_label']}）"
    return OfficialDocument(
        issuer=request.bureau.name,
        title="政府信息公开申请答复书",
        number=reply.document_number,
        addressee=_addressee(request),
        paragraphs=paragraphs,
        date=reply.replied_on or timezone.localdate(),
        facts=[("申请编号", request.tracking_number), ("处理结果", result), ("法律依据", context["basis"])],
    )


def generate_reply_documents(reply: Reply) -> list[RequestAttachment]:
    """The 答复书 of an approved reply as DOCX and PDF, attached to the request for the applicant.

    Gives the reply its document number first if it has none (allocated per bureau and year).
    """
    request = reply.request
    with transaction.atomic():
        number_reply(reply)
        document = reply_document(reply)
        stem = f"reply-{request.tracking_number}"
        label = f"政府信息公开申请答复书-{request.tracking_number}"
        return [
            _attach(
                request,
                role=AttachmentRole.REPLY,
                data=render(document),
                stored_name=f"{stem}.{ext}",
                filename=f"{label}.{ext}",
                content_type=content_type,
            )
            for render, ext, content_type in ((render_docx, "docx", DOCX), (render_pdf, "pdf", PDF))
        ]


# ---- notices -----------------------------------------------------------------------------


def notice_document(request: FoiRequest, kind: str) -> OfficialDocument:
    if kind not in NOTICE_KINDS:
        raise DocumentError(f"Unknown notice kind {kind!r}.")
    context = _base_context(request)
    if kind == "supplement":
        supplement = getattr(request, "supplement", None)
        if supplement is None:
            raise DocumentError("The request has no supplement notice.")
        context.update({"supplement": supplement, "supply_due_on": chinese_date(supplement.supply_due_on)})
        date = supplement.sent_on
    elif kind == "extension":
        extension = getattr(request, "extension", None)
        if extension is None:
            raise DocumentError("The request has no extension.")
        context.update({"extension": extension, "due_on": chinese_date(request.due_on)})
        date = extension.decided_on or extension.requested_on
    else:
        fee = getattr(request, "fee_notice", None)
        if fee is None:
            raise DocumentError("The request has no fee notice.")
        context.update({"fee": fee, "pay_due_on": chinese_date(fee.pay_due_on)})
        date = fee.sent_on
    return OfficialDocument(
        issuer=request.bureau.name,
        title=NOTICE_KINDS[kind],
        number="",
        addressee=_addressee(request),
        paragraphs=_paragraphs(f"foi_requests/documents/notice_{kind}.txt", context),
        date=date,
        facts=[("申请编号", request.tracking_number)],
    )


def generate_notice(request: FoiRequest, kind: str) -> RequestAttachment:
    """The supplement (补正告知书), extension (延期答复告知书) or fee (收费通知书) notice as a PDF
    attachment the applicant sees on the tracking page. `kind`: "supplement", "extension" or "fee"."""
    document = notice_document(request, kind)
    return _attach(
        request,
        role=AttachmentRole.NOTICE,
        data=render_pdf(document),
        stored_name=f"{kind}-notice-{request.tracking_number}.pdf",
        filename=f"{document.title}-{request.tracking_number}.pdf",
        content_type=PDF,
    )
