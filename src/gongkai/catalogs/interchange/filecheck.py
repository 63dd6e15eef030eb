"""File-level checks, done before any parser sees the content.

A file is refused, with one clear message, when it is empty, larger than the limit, not what
its name or the chosen format says (a text file renamed .xlsx, an old .xls, a .docx), a
corrupt zip, or a zip that would expand beyond the uncompressed limit.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePath

import filetype
from django.utils.translation import gettext as _

from .limits import MB, Limits
from .report import Issue

FORMATS = ("xlsx", "csv", "json")
EXPORT_FORMATS = ("xlsx", "csv", "json", "pdf", "docx")
_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".txt": "csv", ".json": "json"}
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRejected(Exception):
    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def _reject(code: str, message: str) -> FileRejected:
    return FileRejected(Issue(code=code, message=str(message)))


def size_issue(size: int, limits: Limits) -> Issue | None:
    """The too-large check alone, usable before an upload is even read (Content-Length)."""
    if size > limits.max_bytes:
        return Issue(
            code="file_too_large",
            message=_("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"size": f"{size / MB:.1f}", "limit": f"{limits.max_bytes / MB:g}"},
        )
    return None


def guess_format(filename: str, data: bytes, declared: str | None = None) -> str:
    if declared:
        if declared not in FORMATS:
            raise _reject("unknown_format", _("Unknown import format “%(format)s”.") % {"format": declared})
        return declared
    extension = PurePath(filename or "").suffix.lower()
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if extension in (".xls", ".doc", ".docx", ".pdf", ".ods", ".et", ".wps"):
        raise _reject(
            "unsupported_file",
            _("Files of type “%(extension)s” cannot be imported; use XLSX, CSV or JSON.") % {"extension": extension},
        )
    return "csv"


def _describe(data: bytes) -> str:
    kind = filetype.guess(data[:8192])
    if kind is not None:
        return kind.extension.upper()
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return _("plain text")


def check_xlsx(data: bytes, limits: Limits) -> None:
    """A real XLSX: a sound zip archive that holds xl/workbook.xml and does not expand too far."""
    if data.startswith(OLE2_MAGIC):
        raise _reject(
            "xls_not_supported",
            _(
                "This is an old Excel 97–2003 (.xls) workbook. Open it in Excel or WPS and save it as .xlsx, then import again."
            ),
        )
    if not data.startswith(ZIP_MAGIC):
        described = _describe(data)
        if described:
            message = _("The file is not a real XLSX workbook: its content is %(kind)s.") % {"kind": described}
        else:
            message = _("The file is not a real XLSX workbook (an XLSX file is a zip archive).")
        raise _reject("not_xlsx", message)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _reject("corrupt_zip", _("The XLSX file is damaged (its zip archive cannot be read).")) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                message = _("The file is a Word document, not an XLSX workbook.")
            else:
                message = _("The file is a zip archive but not an XLSX workbook (xl/workbook.xml is missing).")
            raise _reject("not_xlsx", message)
        total = sum(info.file_size for info in archive.infolist())
        if total > limits.max_uncompressed:
            raise _reject(
                "too_large_uncompressed",
                _("The workbook expands to %(size)s MB, more than the %(limit)s MB accepted.")
                % {"size": f"{total / MB:.0f}", "limit": f"{limits.max_uncompressed / MB:g}"},
            )
        try:
            bad = archive.testzip()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
            bad = "?"
        if bad is not None:
            raise _reject("corrupt_zip", _("The XLSX file is damaged (its zip archive cannot be read)."))


def check_file(data: bytes, filename: str, declared: str | None, limits: Limits) -> str:
    """Run the file-level checks and return the format; raise FileRejected with one issue."""
    if not data:
        raise _reject("empty_file", _("The file is empty."))
    if issue := size_issue(len(data), limits):
        raise FileRejected(issue)
    fmt = guess_format(filename, data, declared)
    if fmt == "xlsx":
        check_xlsx(data, limits)
    elif data.startswith(ZIP_MAGIC) or data.startswith(OLE2_MAGIC):
        raise _reject(
            "wrong_format",
            _("The file is a binary archive, not %(format)s text. Choose the XLSX format for Excel workbooks.")
            % {"format": fmt.upper()},
        )
    return fmt
