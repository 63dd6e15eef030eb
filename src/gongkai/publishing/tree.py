"""The published tree's file layout: which file a portal URL is written to, and how it is written.

This module owns the contract with the web server (docs/publishing.md, "File layout"): a URL ending in
`/` is the directory's `index.<ext>`, the extension naming the content type (`index.html`, `index.rss`,
`index.atom`, an attachment's own extension); any other URL is the file of that name. A page that is
gone (a withdrawn record) has no index file but `410.html` in its directory, to be answered with HTTP
410. Every file is written atomically (a temporary file in the same directory, then `os.replace`), with
a gzip copy beside it (`<file>.gz`, same modification time) for nginx's gzip_static.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

# Content type (without parameters) -> extension of a directory's index file.
INDEX_EXTENSIONS = {
    "text/html": "html",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/xml": "xml",
    "application/json": "json",
}
# Extensions nginx must map to content types (the `types` block); charset utf-8 for the text ones.
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Published attachments keep the extension of their original file (the kinds screening accepts).
ATTACHMENT_EXTENSIONS = (
    "pdf",
    "ofd",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "txt",
    "csv",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "bmp",
    "tif",
    "tiff",
    "webp",
)
GONE_FILE = "410.html"
GZIP_MIN_BYTES = 256  # below this gzip saves nothing worth a second file
GZIP_EXTENSIONS = frozenset({"html", "rss", "atom", "xml", "json", "csv", "txt"})


def publish_root() -> Path:
    return Path(settings.PUBLISH_ROOT)


LIST_PAGE_QUERY = re.compile(r"page=([1-9][0-9]*)")


def file_for(url_path: str, content_type: str, extension: str = "") -> str:
    """The file (relative to the root) that serves `url_path`; `extension` overrides the index's.

    A list's later page (`/b/xiuwu/records/?page=2`, the only query string published) is the directory's
    `index.page-2.html`; nginx maps `?page=N` to it (nginx.py)."""
    path, _sep, query = url_path.partition("?")
    relative = path.lstrip("/")
    if query:
        match = LIST_PAGE_QUERY.fullmatch(query)
        if match is None or not path.endswith("/"):
            raise ValueError(f"not a publishable URL: {url_path}")
        prefix = f"index.page-{match.group(1)}."
    else:
        prefix = "index."
    if relative and not relative.endswith("/"):
        return relative
    kind = content_type.split(";")[0].strip().lower()
    return f"{relative}{prefix}{extension or INDEX_EXTENSIONS.get(kind, 'html')}"


def gone_file_for(url_path: str) -> str:
    return f"{url_path.lstrip('/')}{GONE_FILE}"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _atomic_write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compressed_names(relative: str) -> list[str]:
    return [relative + ".gz"]


def write(root: Path, relative: str, content: bytes) -> list[str]:
    """Write `content` to root/relative atomically, with its .gz copy; returns the files written.

    The compressed copy is replaced first: nginx (gzip_static) serves it only while the plain file exists,
    so a visitor gets either the old page or the new one, whole, in either encoding.
    """
    path = root / relative
    gz = path.with_name(path.name + ".gz")
    written = []
    extension = relative.rsplit(".", 1)[-1].lower()
    if extension in GZIP_EXTENSIONS and len(content) >= GZIP_MIN_BYTES:
        # mtime 0 in the header: the same page always gives the same bytes (rsync copies less)
        _atomic_write(gz, gzip.compress(content, compresslevel=9, mtime=0))
        written.append(relative + ".gz")
    elif gz.exists():
        gz.unlink()
        written.append(relative + ".gz")
    _atomic_write(path, content)
    return [relative, *written]


def remove(root: Path, relative: str) -> list[str]:
    """Delete root/relative and its compressed copy; returns the files that were there."""
    removed = []
    for name in [relative, *compressed_names(relative)]:
        try:
            (root / name).unlink()
        except FileNotFoundError:
            continue
        removed.append(name)
    return removed


def read(root: Path, relative: str) -> bytes | None:
    try:
        return (root / relative).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def walk(root: Path) -> set[str]:
    """Every published file under root (relative, compressed copies and temporary files left out)."""
    found = set()
    if not root.is_dir():
        return found
    for directory, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".gz") or name.startswith(".tmp-"):
                continue
            found.add(str((Path(directory) / name).relative_to(root)))
    return found
