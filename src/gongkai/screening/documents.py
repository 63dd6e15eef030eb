"""Screening of documents: HTML bodies, and a record's places (title, body, attachments).

`html_to_text` gives the text of a rich-text body as a reader sees it together with, for each
character, where it came from in the HTML, so `mask_html` masks hits in the text and leaves
tags and attributes alone. `screen_document` screens the title, the body and each attachment
(its file name and its extracted text) and says where each hit is (`LocatedHit`), with a
context in which every hit is masked, safe to show to the editor.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass
from html.parser import HTMLParser

from .detect import Hit, hit_context, mask, scan

_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr td th table h1 h2 h3 h4 h5 h6 section article blockquote pre hr dt dd".split()
)


class _TextExtractor(HTMLParser):
    """HTML -> text, remembering for each text character where it came from in the HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.chars: list[str] = []
        self.sources: list[tuple[int, int]] = []
        self._line_starts = [0]
        for i, ch in enumerate(html):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self._skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, text: str, start: int, end: int | None = None):
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.sources.append((start + i, start + i + 1) if end is None else (start, end))

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS and self.chars and self.chars[-1] != "\n":
            pos = self._offset()
            self._emit("\n", pos, pos)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS and self.chars and self.chars[-1] != "\n":
            pos = self._offset()
            self._emit("\n", pos, pos)

    def handle_data(self, data):
        if not self._skip:
            self._emit(data, self._offset())

    def handle_entityref(self, name):
        if not self._skip:
            start = self._offset()
            raw = f"&{name};"
            text = _html.unescape(raw)
            length = len(raw) if self.html.startswith(raw, start) else len(raw) - 1
            self._emit(text, start, start + length)

    def handle_charref(self, name):
        if not self._skip:
            start = self._offset()
            raw = f"&#{name};"
            length = len(raw) if self.html.startswith(raw, start) else len(raw) - 1
            self._emit(_html.unescape(raw), start, start + length)


def html_to_text(html: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain text of an HTML fragment and, per character, its (start, end) in the HTML."""
    parser = _TextExtractor(html or "")
    parser.feed(html or "")
    parser.close()
    return "".join(parser.chars), parser.sources


def mask_html(html: str) -> str:
    """The HTML with every hit in its text masked; tags and attributes are left alone."""
    text, sources = html_to_text(html)
    hits = scan(text)
    out, last = [], 0
    for hit in hits:
        start, end = sources[hit.start][0], sources[hit.end - 1][1]
        if start < last:
            continue
        out.append(html[last:start])
        out.append(hit.masked)
        last = end
    out.append(html[last:])
    return "".join(out)


@dataclass(frozen=True)
class LocatedHit:
    """A hit in a document: `location` is "title", "body", "attachment" (its text) or
    "attachment_name" (its file name); `index` counts attachments from 1 and `name` is the
    attachment's file name with any personal data in it masked."""

    location: str
    hit: Hit
    index: int | None = None
    name: str = ""
    context: str = ""  # the surrounding text with the hit (and any other hit) masked

    @property
    def kind(self) -> str:
        return self.hit.kind

    def label(self) -> str:
        from django.utils.translation import gettext as _

        if self.location == "title":
            return _("title")
        if self.location == "body":
            return _("body")
        if self.location == "attachment_name":
            return _("file name of attachment %(n)d %(name)s") % {"n": self.index, "name": self.name}
        return _("attachment %(n)d %(name)s") % {"n": self.index, "name": self.name}


def screen_document(title: str, body_html: str, attachment_texts=()) -> list[LocatedHit]:
    """Screen a record before publishing. `attachment_texts` holds texts or (file name, text) pairs.

    Offsets of body hits refer to the text of the body (`html_to_text(body_html)[0]`).
    """
    found: list[LocatedHit] = []

    def add(location: str, text: str, index=None, name=""):
        hits = scan(text)
        found.extend(LocatedHit(location, h, index, name, hit_context(text, hits, h)) for h in hits)

    add("title", title or "")
    add("body", html_to_text(body_html or "")[0])
    for i, item in enumerate(attachment_texts, start=1):
        name, text = item if isinstance(item, tuple) else ("", item)
        shown = mask(name or "")
        add("attachment_name", name or "", i, shown)
        add("attachment", text or "", i, shown)
    return found
