"""The same document gives the same bytes: office files (XLSX, DOCX) without the time they were made.

openpyxl and python-docx stamp every ZIP member with the current time and write the creation and
modification times into `docProps/core.xml`, so two renders of one published catalog version differ and a
published copy of it would always look stale. `stable_zip` rewrites such a file with one given time (the
version's publication time) in both places; the content is untouched. PDFs made with reportlab get the same
from its `invariant` option.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

CORE_PROPERTIES = "docProps/core.xml"
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a ZIP entry can hold


def stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """`data` (a ZIP-based office file) with every member dated `when` and core.xml's times set to it."""
    when = max(when.astimezone(dt.UTC), ZIP_EPOCH)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == CORE_PROPERTIES:
                content = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(2), content)
            member = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            member.create_system = 0  # the same bytes whichever system wrote them
            target.writestr(member, content)
    return out.getvalue()
