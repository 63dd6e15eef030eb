"""Normalisation of text before screening, with a map back to the original offsets.

The screen matches patterns on a normalised copy of the text, made once per text: each
character is folded with NFKC (full-width ``１３８`` and ``Ｘ``, compatibility ideographs,
mathematical digits, non-breaking spaces), format characters (Unicode category Cf: zero-width
space and joiners, soft hyphen, BOM, bidi controls) and other invisible fillers are dropped,
every Unicode decimal digit (Arabic-Indic ``١٣٨``, Devanagari, …) becomes its ASCII digit, and
dash variants become ``-``. `Normalized.span` maps a span of the normalised text back to the
original text, so a hit is shown and masked where the reader sees it. Enclosed numbers such as
``①`` are list markers, not digits, and are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that are not Cf: Hangul fillers, the combining grapheme joiner.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u034f\u180e")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d")


def _enclosed(ch: str) -> bool:
    code = ord(ch)
    return 0x2460 <= code <= 0x24FF or 0x2776 <= code <= 0x2793 or 0x3251 <= code <= 0x32BF


def _fold(ch: str) -> str:
    """What one character becomes in the normalised text ("" when it is dropped)."""
    if ch in _INVISIBLE or unicodedata.category(ch) == "Cf":
        return ""
    if ch in _DASHES:
        return "-"
    if _enclosed(ch):
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    out = []
    for c in folded:
        if c.isascii():
            out.append(c)
        elif unicodedata.category(c) == "Cf":
            continue
        elif (digit := unicodedata.decimal(c, None)) is not None:
            out.append(str(digit))
        elif c in _DASHES:
            out.append("-")
        else:
            out.append(c)
    return "".join(out)


_CACHE: dict[str, str] = {}
# ASCII and the CJK unified ideographs never change; any other character may.
_MAY_FOLD = re.compile(r"[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff]")


def fold(ch: str) -> str:
    if ch.isascii():
        return ch
    result = _CACHE.get(ch)
    if result is None:
        result = _CACHE[ch] = _fold(ch)
    return result


@dataclass(frozen=True)
class Normalized:
    """The normalised `text` of `original`; `origin[i]` is where `text[i]` came from."""

    original: str
    text: str
    origin: tuple[int, ...] | range

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the normalised span [start, end) came from."""
        if start >= end:
            position = self.origin[start] if start < len(self.origin) else len(self.original)
            return position, position
        return self.origin[start], self.origin[end - 1] + 1


def normalize_text(text: str) -> Normalized:
    """Normalise `text` once (see the module docstring); ASCII text is returned as it is."""
    text = text or ""
    if text.isascii():
        return Normalized(text, text, range(len(text)))
    table = {ch: folded for ch in set(_MAY_FOLD.findall(text)) if (folded := fold(ch)) != ch}
    if all(len(folded) == 1 for folded in table.values()):  # one character for one: offsets unchanged
        normalized = text
        for ch, folded in table.items():
            normalized = normalized.replace(ch, folded)
        return Normalized(text, normalized, range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = fold(ch)
        if len(folded) == 1:
            chars.append(folded)
            origin.append(i)
        elif folded:
            chars.extend(folded)
            origin.extend([i] * len(folded))
    return Normalized(text, "".join(chars), tuple(origin))


def normalize(text: str) -> str:
    """The normalised text alone (for checks on one value)."""
    return normalize_text(text).text
