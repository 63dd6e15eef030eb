"""Text out of each attachment format (PDF, DOCX, XLSX, OFD, legacy DOC/XLS), and the errors a file
can raise on the way: damaged, password-protected, or a ZIP archive that expands beyond
MAX_UNCOMPRESSED or MAX_ZIP_MEMBERS (a guard against zip bombs). Pure module (no ORM); which
format a file is, and whether it matches its name, is decided in extract.py.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import PurePosixPath

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # zip-based formats: refuse archives that expand beyond this
MAX_ZIP_MEMBERS = 20000


class ExtractionError(Exception):
    UNSUPPORTED_TYPE = "unsupported_type"
    TYPE_MISMATCH = "type_mismatch"
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    CORRUPT_FILE = "corrupt_file"
    ENCRYPTED = "encrypted"

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _check_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _error(ExtractionError.CORRUPT_FILE) from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS or sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
        archive.close()
        raise _error(ExtractionError.TOO_LARGE)
    return archive


def _error(code: str, **params) -> ExtractionError:
    from django.utils.translation import gettext as _

    messages = {
        ExtractionError.UNSUPPORTED_TYPE: _(
            "Files of type “%(ext)s” cannot be attached. Allowed: PDF, OFD, DOC, DOCX, XLS, XLSX, TXT, CSV and images."
        ),
        ExtractionError.TYPE_MISMATCH: _("The file is named “.%(ext)s” but its content is %(actual)s."),
        ExtractionError.EMPTY_FILE: _("The file is empty."),
        ExtractionError.TOO_LARGE: _("The file is too large."),
        ExtractionError.CORRUPT_FILE: _("The file is damaged and cannot be read."),
        ExtractionError.ENCRYPTED: _("The file is password-protected; attach an unprotected copy."),
    }
    return ExtractionError(code, messages[code] % params)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise _error(ExtractionError.ENCRYPTED)
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise _error(ExtractionError.ENCRYPTED) from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except FileNotDecryptedError as exc:
        raise _error(ExtractionError.ENCRYPTED) from exc
    except (PdfReadError, Exception) as exc:  # noqa: B014 - any parser failure on hostile input: a damaged file
        logger.info("PDF text extraction failed: %s", exc)
        raise _error(ExtractionError.CORRUPT_FILE) from exc
    return "\n".join(pages)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_TEXT_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def _word_xml_text(node) -> str:
    """Text of a WordprocessingML element: paragraphs on lines, table cells separated by tabs."""
    tag = node.tag
    if tag in (f"{_W}t", f"{_W}delText", f"{_W}instrText"):
        return node.text or ""
    if tag == f"{_W}tab":
        return "\t"
    if tag in (f"{_W}br", f"{_W}cr"):
        return "\n"
    if tag == f"{_W}tr":
        cells = [_word_xml_text(cell).strip("\n").replace("\n", " ") for cell in node if cell.tag == f"{_W}tc"]
        return "\t".join(cells) + "\n"
    inner = "".join(_word_xml_text(child) for child in node)
    return inner + "\n" if tag == f"{_W}p" else inner


def _docx_text(data: bytes) -> str:
    import docx
    from lxml import etree

    _check_zip(data).close()
    try:
        document = docx.Document(io.BytesIO(data))
        chunks = []
        parts = sorted(
            document.part.package.iter_parts(), key=lambda p: (p.partname != "/word/document.xml", p.partname)
        )
        for part in parts:
            if _WORD_TEXT_PARTS.match(str(part.partname)):
                element = getattr(part, "element", None)
                if element is None:
                    parser = etree.XMLParser(resolve_entities=False, no_network=True)
                    element = etree.fromstring(part.blob, parser)
                chunks.append(_word_xml_text(element))
        props = document.core_properties
        chunks.append("\n".join(filter(None, [props.title, props.subject, props.keywords, props.comments])))
    except ExtractionError:
        raise
    except Exception as exc:
        logger.info("DOCX text extraction failed: %s", exc)
        raise _error(ExtractionError.CORRUPT_FILE) from exc
    return "\n".join(chunk for chunk in chunks if chunk)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    _check_zip(data).close()
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        lines = []
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(v) for v in row]
                if any(cells):
                    lines.append("\t".join(cells).rstrip("\t"))
        workbook.close()
    except Exception as exc:
        logger.info("XLSX text extraction failed: %s", exc)
        raise _error(ExtractionError.CORRUPT_FILE) from exc
    return "\n".join(lines)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ofd_content_text(xml: bytes) -> str:
    from defusedxml import ElementTree

    root = ElementTree.fromstring(xml)
    out: list[str] = []
    last_y = last_h = None
    for node in root.iter():
        if _local(node.tag) != "TextObject":
            continue
        text = "".join(code.text or "" for code in node.iter() if _local(code.tag) == "TextCode")
        if not text:
            continue
        try:
            _x, y, _w, h = (float(v) for v in (node.get("Boundary") or "").split())
        except ValueError:
            y = h = None
        same_line = y is not None and last_y is not None and abs(y - last_y) < max(0.5 * (h or last_h or 1), 0.5)
        if out and not same_line:
            out.append("\n")
        out.append(text)
        last_y, last_h = y, h
    return "".join(out)


def _natural_key(name: str):
    return [int(part) if part.isascii() and part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _ofd_text(data: bytes) -> str:
    from defusedxml import ElementTree

    archive = _check_zip(data)
    try:
        names = archive.namelist()
        by_lower = {name.lower(): name for name in names}
        ordered: list[str] = []
        entry = ElementTree.fromstring(archive.read(by_lower["ofd.xml"]))
        for node in entry.iter():
            if _local(node.tag) != "DocRoot" or not node.text:
                continue
            doc_path = PurePosixPath(node.text.strip().lstrip("/"))
            document = ElementTree.fromstring(archive.read(by_lower[str(doc_path).lower()]))
            for page in document.iter():
                if _local(page.tag) == "Page" and page.get("BaseLoc"):
                    base = page.get("BaseLoc").strip()
                    path = PurePosixPath(base.lstrip("/")) if base.startswith("/") else doc_path.parent / base
                    ordered.append(by_lower.get(str(path).lower(), ""))
        ordered = [name for name in ordered if name]
        rest = sorted(
            (n for n in names if n.lower().endswith("content.xml") and n not in ordered), key=_natural_key
        )  # template pages, or pages a damaged Document.xml does not list
        texts = [_ofd_content_text(archive.read(name)) for name in ordered + rest]
    except ExtractionError:
        raise
    except Exception as exc:
        logger.info("OFD text extraction failed: %s", exc)
        raise _error(ExtractionError.CORRUPT_FILE) from exc
    finally:
        archive.close()
    return "\n".join(text for text in texts if text)


def _ole_text(data: bytes) -> str:
    """Approximate text of a legacy Word/Excel file: runs of UTF-16 and of ASCII characters."""
    texts = []
    for m in re.finditer(
        rb"(?:[\x20-\x7e\x09\x0a\x0d]\x00|[\x00-\xff][\x4e-\x9f]|[\x00-\xff]\x30|[\x00-\xff]\xff)+", data
    ):
        if len(m.group()) >= 8:
            decoded = m.group().decode("utf-16-le", errors="ignore")
            if re.search(r"[\u4e00-\u9fff0-9A-Za-z]", decoded):
                texts.append(decoded)
    texts += [m.group().decode("ascii") for m in re.finditer(rb"[\x20-\x7e]{6,}", data)]
    return "\n".join(texts)
