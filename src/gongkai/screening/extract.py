"""Attachment type checking and text extraction (for screening and search).

Pure module (no ORM). `extract(data, filename)` checks the real type of the content against
the file name's extension and returns the text:

| extension            | content must be                        | text from                                   |
|----------------------|----------------------------------------|---------------------------------------------|
| .pdf                 | ``%PDF-`` header                       | pypdf, every page                           |
| .docx                | zip with word/document.xml             | python-docx package: body, tables, text boxes, headers, footers, foot/endnotes, comments, deleted (tracked) text, core properties |
| .xlsx                | zip with xl/workbook.xml               | openpyxl, every sheet (hidden ones too)     |
| .ofd                 | zip with OFD.xml                       | TextCode elements of every page's Content.xml (and templates) |
| .doc / .xls          | OLE2 compound file (Word / Excel)      | approximate: UTF-16 and ASCII runs; `complete=False` |
| .txt / .csv          | text without NUL bytes (UTF-8, UTF-16 with BOM, GB18030) | decoded text              |
| .jpg .jpeg .png .gif .bmp .tif .tiff .webp | an image (package filetype) | none (no OCR); `complete=False` |

Anything else, or content that does not match its extension, raises `ExtractionError` with
a `code`: unsupported_type, type_mismatch, empty_file, too_large, corrupt_file, encrypted.
This module owns the type check; the text of each format comes from formats.py.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils.translation import gettext_lazy as _lazy

from .formats import (
    ExtractionError,
    _docx_text,
    _error,
    _ofd_text,
    _ole_text,
    _pdf_text,
    _xlsx_text,
)

KIND_BY_EXTENSION = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "ofd": "ofd",
    "doc": "doc",
    "xls": "xls",
    "txt": "text",
    "csv": "text",
    "jpg": "image",
    "jpeg": "image",
    "png": "image",
    "gif": "image",
    "bmp": "image",
    "tif": "image",
    "tiff": "image",
    "webp": "image",
}
MIME_BY_KIND = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "text": "text/plain",
}
KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "ofd": "OFD",
    "doc": "Word 97-2003 (DOC)",
    "xls": "Excel 97-2003 (XLS)",
    "pptx": "PowerPoint (PPTX)",
    "text": _lazy("plain text"),
    "image": _lazy("an image"),
    "zip": _lazy("a ZIP archive"),
    "ole": _lazy("an OLE compound file"),
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Extracted:
    kind: str
    mime: str
    text: str
    complete: bool = True  # False: the text may be missing parts (legacy formats, images)
    note: str = ""


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def sniff(data: bytes) -> str | None:
    """The kind of content, by its bytes only: pdf, docx, xlsx, pptx, ofd, zip, doc, xls, ole, image, text."""
    if not data:
        return None
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        names = _zip_names(data)
        if names is None:
            return "zip"
        lowered = {name.lower() for name in names}
        if "word/document.xml" in lowered:
            return "docx"
        if "xl/workbook.xml" in lowered:
            return "xlsx"
        if "ppt/presentation.xml" in lowered:
            return "pptx"
        if "ofd.xml" in lowered:
            return "ofd"
        return "zip"
    if data.startswith(OLE_MAGIC):
        head = data[: 1024 * 1024]
        if "WordDocument".encode("utf-16-le") in head:
            return "doc"
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            return "xls"
        return "ole"
    import filetype

    guess = filetype.guess(data[:8192])
    if guess is not None:
        return "image" if guess.mime.startswith("image/") else guess.extension
    if _decode_text(data) is not None:
        return "text"
    return None


def _decode_text(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:65536]:
        return None
    return decode_chinese_text(data)


def decode_chinese_text(data: bytes) -> str | None:
    """Bytes of Chinese text as a string: UTF-8 (with or without BOM), else GB18030; None when neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def expected_kind(filename: str) -> str | None:
    ext = PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
    return KIND_BY_EXTENSION.get(ext)


def extract(data: bytes, filename: str, *, max_bytes: int | None = None) -> Extracted:
    """Check `data` against the extension of `filename` and return its text."""
    from django.utils.translation import gettext as _

    ext = PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
    expected = KIND_BY_EXTENSION.get(ext)
    if expected is None:
        raise _error(ExtractionError.UNSUPPORTED_TYPE, ext=ext or "?")
    if not data:
        raise _error(ExtractionError.EMPTY_FILE)
    if max_bytes is not None and len(data) > max_bytes:
        raise _error(ExtractionError.TOO_LARGE)
    actual = sniff(data)
    if actual == "zip" and expected in ("docx", "xlsx", "ofd") and _zip_names(data) is None:
        raise _error(ExtractionError.CORRUPT_FILE)  # a truncated or damaged Office/OFD file
    if actual != expected:
        label = str(KIND_LABELS.get(actual or "", _("of an unknown type") if actual is None else actual))
        raise _error(ExtractionError.TYPE_MISMATCH, ext=ext, actual=label)
    if expected == "pdf":
        return Extracted("pdf", MIME_BY_KIND["pdf"], _pdf_text(data))
    if expected == "docx":
        return Extracted("docx", MIME_BY_KIND["docx"], _docx_text(data))
    if expected == "xlsx":
        return Extracted("xlsx", MIME_BY_KIND["xlsx"], _xlsx_text(data))
    if expected == "ofd":
        return Extracted("ofd", MIME_BY_KIND["ofd"], _ofd_text(data))
    if expected in ("doc", "xls"):
        note = _("Legacy Office format: the text was extracted approximately. Convert to DOCX/XLSX to be sure.")
        return Extracted(expected, MIME_BY_KIND[expected], _ole_text(data), complete=False, note=note)
    if expected == "text":
        return Extracted("text", MIME_BY_KIND["text"], _decode_text(data) or "")
    import filetype

    guess = filetype.guess(data[:8192])
    return Extracted(
        "image", guess.mime if guess else "image/*", "", complete=False, note=_("Images are not read (no OCR).")
    )
