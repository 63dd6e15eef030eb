"""Sanitize rich text from editors and APIs: scripts and event handlers never survive."""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ol",
    "ul",
    "li",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "span",
    "sub",
    "sup",
    "embed",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


_VOID_TAG = re.compile(r"<(br|hr)\s*>", re.IGNORECASE)


def to_wagtail_richtext(html: str) -> str:
    """Write void elements the way Wagtail stores them (`<br/>`, `<hr/>`).

    Wagtail's Draftail converter fails on an unclosed `<br>` or `<hr>`, which nh3 produces.
    """
    return _VOID_TAG.sub(lambda m: f"<{m.group(1).lower()}/>", html or "")


def sanitize_html(value: str) -> str:
    cleaned = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )
    return to_wagtail_richtext(cleaned)
