"""Personal-data screening of a record and text extraction of its attachments.

A thin adapter over `gongkai.screening` (pii: scan/mask; extract: type check and text):
it turns the screener's hits into places on a record (each published field, the body, an
attachment's file name or text) that the staff screens and the API list, masked, and raises
`PiiFound` to block approval and publication. `MASKED_FIELDS` says how `record_mask_pii`
masks each field.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACE_TITLE = "title"
PLACE_SUMMARY = "summary"
PLACE_BODY = "body"
PLACE_KEYWORDS = "keywords"
PLACE_DOCUMENT_NUMBER = "document_number"
PLACE_ISSUING_BODY = "issuing_body"
PLACE_INDEX_NUMBER = "index_number"
PLACE_WITHDRAWAL_REASON = "withdrawal_reason"
PLACE_ATTACHMENT = "attachment"
PLACE_ATTACHMENT_NAME = "attachment_name"

PLACE_LABELS = {
    PLACE_TITLE: gettext_lazy("Title"),
    PLACE_SUMMARY: gettext_lazy("Summary"),
    PLACE_BODY: gettext_lazy("Body"),
    PLACE_KEYWORDS: gettext_lazy("Keywords"),
    PLACE_DOCUMENT_NUMBER: gettext_lazy("Document number"),
    PLACE_ISSUING_BODY: gettext_lazy("Issuing body"),
    PLACE_INDEX_NUMBER: gettext_lazy("Index number"),
    PLACE_WITHDRAWAL_REASON: gettext_lazy("Withdrawal reason"),
    PLACE_ATTACHMENT: gettext_lazy("Attachment"),
    PLACE_ATTACHMENT_NAME: gettext_lazy("Attachment file name"),
}

# Every plain-text field of a record that a public page shows (record.html with its
# <meta name="Keywords">, withdrawn.html), in the order of the page. The body (HTML) and the
# attachments (file name and extracted text) are screened besides these.
PUBLISHED_TEXT_FIELDS = (
    PLACE_TITLE,
    PLACE_DOCUMENT_NUMBER,
    PLACE_ISSUING_BODY,
    PLACE_INDEX_NUMBER,
    PLACE_KEYWORDS,
    PLACE_SUMMARY,
    PLACE_WITHDRAWAL_REASON,
)


@dataclass(frozen=True)
class PlaceHit:
    """One piece of personal data found on a record.

    Offsets are into the text of the place: a field, the body's text
    (`gongkai.screening.pii.html_to_text`), the attachment's file name or its extracted text.
    `attachment_name` is the file name with any personal data in it masked, and `context`
    the text around the hit with every hit masked: both are safe to show.
    """

    place: str
    kind: str
    start: int
    end: int
    masked: str
    context: str = ""
    record_id: int | None = None
    attachment_id: int | None = None
    attachment_name: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def place_label(self) -> str:
        label = str(PLACE_LABELS.get(self.place, self.place))
        return f"{label}: {self.attachment_name}" if self.attachment_name else label


class PiiFound(ValidationError):
    """Publishing is blocked: personal data was found. `hits` lists each place."""

    def __init__(self, hits: list[PlaceHit]):
        self.hits = hits
        super().__init__(
            _("Personal data was found in %(count)s place(s). Mask it or replace the attachment before publishing."),
            code="pii_found",
            params={"count": len(hits)},
        )


def _pii():
    from gongkai.screening import pii

    return pii


def body_text(html: str) -> str:
    """The text of a rich-text body as a reader sees it (offsets of body hits refer to it)."""
    return _pii().html_to_text(html or "")[0]


def mask_text(text: str) -> str:
    """`text` with every piece of personal data masked (410823********1234, 138****5678, 张某某)."""
    return _pii().mask(text) if text else text


def mask_html(html: str) -> str:
    """A rich-text body with the personal data in its text masked; tags are left alone."""
    return _pii().mask_html(html) if html else html


# field -> masker, for record_mask_pii (the index number is assigned by the platform).
MASKED_FIELDS = tuple(
    (place, mask_html if place == PLACE_BODY else mask_text)
    for place in (PLACE_TITLE, PLACE_SUMMARY, PLACE_BODY, PLACE_KEYWORDS, PLACE_DOCUMENT_NUMBER, PLACE_ISSUING_BODY)
)


def scan_place(text: str, place: str, *, record_id=None, attachment=None) -> list[PlaceHit]:
    pii = _pii()
    hits = pii.scan(text or "")
    return [
        PlaceHit(
            place=place,
            kind=hit.kind,
            start=hit.start,
            end=hit.end,
            masked=hit.masked,
            context=pii.hit_context(text, hits, hit),
            record_id=record_id,
            attachment_id=getattr(attachment, "pk", None),
            attachment_name=mask_text(getattr(attachment, "original_name", "")),
        )
        for hit in hits
    ]


def screen_attachment(attachment, *, record_id=None) -> list[PlaceHit]:
    """Personal data in an attachment's file name and in its extracted text."""
    record_id = record_id if record_id is not None else attachment.record_id
    return scan_place(
        attachment.original_name, PLACE_ATTACHMENT_NAME, record_id=record_id, attachment=attachment
    ) + scan_place(attachment.extracted_text, PLACE_ATTACHMENT, record_id=record_id, attachment=attachment)


def screen_record(record, attachments=None) -> list[PlaceHit]:
    """Every piece of personal data in what the record publishes: each text field
    (`PUBLISHED_TEXT_FIELDS`), the body, and each attachment's file name and text."""
    if attachments is None:
        attachments = record.attachments.filter(removed_at__isnull=True) if record.pk else []
    hits = scan_place(record.title, PLACE_TITLE, record_id=record.pk)
    hits += scan_place(body_text(record.body), PLACE_BODY, record_id=record.pk)
    for place in PUBLISHED_TEXT_FIELDS[1:]:  # the title came first, then the body
        hits += scan_place(getattr(record, place, "") or "", place, record_id=record.pk)
    for attachment in attachments:
        hits += screen_attachment(attachment, record_id=record.pk)
    return hits


# ---- attachments ------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    detected_type: str  # the extension whose content was verified, e.g. "pdf", "docx", "png"
    kind: str  # the screener's kind: pdf, docx, xlsx, ofd, doc, xls, text, image
    content_type: str
    text: str
    complete: bool = True  # False: legacy formats and images, whose text may be missing parts
    note: str = ""


class AttachmentRejected(ValidationError):
    pass


def extract(data: bytes, filename: str, *, max_bytes: int | None = None) -> Extracted:
    """Check the file's type by its content against its name and extract its text.

    Raises AttachmentRejected with the screener's code (unsupported_type, type_mismatch,
    empty_file, too_large, corrupt_file, encrypted).
    """
    from pathlib import PurePosixPath

    from gongkai.screening import extract as screening_extract

    try:
        result = screening_extract.extract(data, filename, max_bytes=max_bytes)
    except screening_extract.ExtractionError as exc:
        raise AttachmentRejected(str(exc.message), code=exc.code) from exc
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
    return Extracted(
        detected_type=extension,
        kind=result.kind,
        content_type=result.mime,
        text=result.text or "",
        complete=result.complete,
        note=str(result.note or ""),
    )


def content_sha256(data: bytes) -> str:
    """The SHA-256 an attachment (or a staged change) keeps of its file."""
    return hashlib.sha256(data).hexdigest()


# What an attachment and a staged attachment change keep of a file (`file_facts`), besides the file itself.
FILE_FACTS = (
    "original_name",
    "detected_type",
    "content_type",
    "size",
    "sha256",
    "extracted_text",
    "text_complete",
    "extraction_note",
)


def file_facts(data: bytes, name: str, *, limit: int) -> dict:
    """What an attachment or a staged attachment change keeps of an uploaded file — its name, its
    type checked by content, size, SHA-256 and extracted text — once its size is within `limit`
    (code "file_too_large") and its type is accepted (`extract`)."""
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}, code="file_too_large"
        )
    extracted = extract(data, name)
    return {
        "original_name": name[:255],
        "detected_type": extracted.detected_type,
        "content_type": extracted.content_type,
        "size": len(data),
        "sha256": content_sha256(data),
        "extracted_text": extracted.text,
        "text_complete": extracted.complete,
        "extraction_note": extracted.note[:300],
    }
