"""Public text as the inquiry form receives it, made harmless and comparable. Pure: no database.

`neutralise` keeps the words and drops the rest: HTML tags (and the content of <script>/<style>) are
removed, control characters dropped, and links defanged (``https://x`` -> ``https[:]//x``, ``www.x`` ->
``www[.]x``) so that no published page or email ever carries a clickable link from the public.
`link_count` counts the links a text tried to carry (a spam signal); `fingerprint` is the duplicate key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_SCRIPT = re.compile(r"<\s*(script|style)\b.*?(<\s*/\s*\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SCHEME = re.compile(r"\b([a-z][a-z0-9+.-]{1,15})://", re.IGNORECASE)
_WWW = re.compile(r"\bwww\.", re.IGNORECASE)
_JS = re.compile(r"\b(javascript|vbscript|data)\s*:", re.IGNORECASE)
_LINK = re.compile(r"([a-z][a-z0-9+.-]{1,15}://|\bwww\.)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def link_count(value: str) -> int:
    return len(_LINK.findall(value or ""))


def neutralise(value: str, *, multiline: bool = True) -> str:
    text = _SCRIPT.sub(" ", value or "")
    text = _TAG.sub(" ", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    text = _SCHEME.sub(lambda m: f"{m.group(1)}[:]//", text)
    text = _WWW.sub(lambda m: m.group(0)[:-1] + "[.]", text)
    text = _JS.sub(lambda m: f"{m.group(1)}[:]", text)
    text = text.replace("<", "‹").replace(">", "›")
    if not multiline:
        return _SPACE.sub(" ", text).strip()
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fingerprint(*parts: str) -> str:
    """One key per (bureau, contact, message) whatever the spacing and case: a repeated post is found."""
    normal = "\x1f".join(_SPACE.sub("", unicodedata.normalize("NFKC", p or "")).casefold() for p in parts)
    return hashlib.sha256(normal.encode()).hexdigest()


def contact_email(contact: str) -> str:
    """The contact when it is an email address, else "" (then it is a phone number)."""
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact
