"""Text normalization and the n-gram scheme shared by both database backends (pure Python).

Matching rule: a document matches a query when every query term (the query split on whitespace)
is a substring of the document's normalized title or normalized body. Normalization is NFKC
(full-width Latin and digits become ASCII), lower case, format characters (zero-width spaces,
soft hyphens, ...) removed and every run of whitespace turned into one ASCII space. A term never
spans a whitespace boundary, so n-grams never do either.

Index: every character except the space is a unigram token, every pair of adjacent characters
inside a whitespace-separated segment is a bigram token. A 1-character term is one unigram
lookup; a term of n >= 2 characters is the chain of its n - 1 overlapping bigrams ("尾矿库" ->
"尾矿" "矿库"), as a phrase (SQLite FTS5, positions) or as a conjunction checked afterwards with a
substring test (PostgreSQL GIN, no positions). Either way the index is exact: no false negatives,
and false positives are removed.
"""

import html
import operator
import re
import unicodedata
from html.parser import HTMLParser

# Longest query term accepted; longer terms are cut to their first 200 characters.
MAX_TERM_LENGTH = 200
MAX_TERMS = 8

# SQLite FTS5 token stream markers. Raw tokens are 1-2 characters; encoded tokens are "x" plus
# 6 hex digits per character (7 or 13 characters); markers have other lengths, so nothing collides.
SEGMENT_BREAK = "xsep"
META_PREFIX = "m"

_WHITESPACE = re.compile(r"\s+")
# Format characters (Unicode category Cf: zero-width space and joiners, soft hyphen, BOM, ...).
_FORMAT_CHARS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf") + "]"
)


def normalize(text: str | None) -> str:
    """The normalized form in which documents are stored and queries are matched."""
    if not text:
        return ""
    text = _FORMAT_CHARS.sub("", unicodedata.normalize("NFKC", text).lower())
    return _WHITESPACE.sub(" ", text).strip()


def query_terms(query: str | None) -> list[str]:
    """The normalized, deduplicated terms of a user query (whitespace separates terms)."""
    terms: list[str] = []
    for term in normalize(query).split(" "):
        term = term[:MAX_TERM_LENGTH]
        if term and term not in terms:
            terms.append(term)
    # A term that is a substring of another term adds nothing.
    terms = [t for t in terms if not any(t != other and t in other for other in terms)]
    return terms[:MAX_TERMS]


def term_grams(term: str) -> list[str]:
    """The n-grams whose presence a term requires: its unigram, or its overlapping bigrams."""
    if len(term) == 1:
        return [term]
    return [term[i : i + 2] for i in range(len(term) - 1)]


def document_grams(text: str) -> set[str]:
    """All unigrams and in-segment bigrams of a normalized text (reference for tests)."""
    grams: set[str] = set()
    for segment in text.split(" "):
        grams.update(segment)
        grams.update(segment[i : i + 2] for i in range(len(segment) - 1))
    return grams


# --- SQLite FTS5 token encoding -------------------------------------------------------------


def _plain(ch: str) -> bool:
    # Characters FTS5's unicode61 tokenizer certainly keeps as token characters: ASCII letters
    # and digits, CJK unified ideographs and extension A. Everything else is hex-encoded.
    return ("a" <= ch <= "z") or ("0" <= ch <= "9") or ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf")


def encode_token(gram: str) -> str:
    if all(_plain(ch) for ch in gram):
        return gram
    return "x" + "".join(f"{ord(ch):06x}" for ch in gram)


class _TokenCache(dict):
    """gram -> token, filled on first use (token streams are built with C-speed map())."""

    def __missing__(self, gram):
        if len(self) > 1_000_000:
            self.clear()
        token = self[gram] = encode_token(gram)
        return token


_TOKENS = _TokenCache()


def fts_stream(text: str) -> str:
    """The FTS5 column value for a normalized text: bigram chains per segment, then unigrams.

    Bigram positions let a phrase query "ab bc cd" find "abcd"; a break marker between segments
    keeps a phrase from running across whitespace. Unigrams follow once each (only their
    presence matters).
    """
    if not text:
        return ""
    token = _TOKENS.__getitem__
    parts: list[str] = []
    for segment in text.split(" "):
        if len(segment) >= 2:
            if parts:
                parts.append(SEGMENT_BREAK)
            parts.extend(map(token, map(operator.add, segment, segment[1:])))
    parts.append(SEGMENT_BREAK)
    parts.extend(map(token, dict.fromkeys(text.replace(" ", ""))))
    return " ".join(parts)


def fts_term(term: str) -> str:
    """A term as an FTS5 query atom: a unigram token or a phrase of bigram tokens."""
    return '"' + " ".join(encode_token(g) for g in term_grams(term)) + '"'


def meta_token(kind: str, value) -> str:
    """A filter value as an FTS5 token, e.g. bureau 12 -> "mb12", genre "notice" -> "mg6e6f..."."""
    if isinstance(value, int):
        return f"{META_PREFIX}{kind}{value}"
    return f"{META_PREFIX}{kind}x{str(value).encode().hex()}"


# --- PostgreSQL tsquery ----------------------------------------------------------------------


def _tsquery_lexeme(gram: str) -> str:
    return "'" + gram.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_tsquery(terms: list[str], prefix: str = "") -> str:
    """A tsquery literal requiring every n-gram of every term (AND, no positions), each n-gram
    preceded by prefix (the PostgreSQL index prefixes its lexemes with the document's bucket)."""
    grams = dict.fromkeys(g for term in terms for g in term_grams(term))
    return " & ".join(_tsquery_lexeme(prefix + g) for g in grams)


# --- HTML to text ----------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "thead", "tbody", "blockquote", "hr", "section", "article", "pre", "dd", "dt",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(value: str | None) -> str:
    """Visible text of rich text; block elements become line breaks so words don't run together."""
    if not value:
        return ""
    if "<" not in value:
        return html.unescape(value)
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


def snippet(text: str | None, query: str | None, *, width: int = 140) -> list[tuple[str, bool]]:
    """A passage of `text` around the first match of `query`, as (segment, is_match) pairs in order.

    The caller renders the pairs (escaped, a match in <mark>); no HTML is made here. The passage is the
    text NFKC-normalized with runs of whitespace made one space (the matching rule's form, case kept),
    at most `width` characters, with "…" where it was cut. Matching is case-insensitive, like search.
    """
    text = _WHITESPACE.sub(" ", _FORMAT_CHARS.sub("", unicodedata.normalize("NFKC", text or ""))).strip()
    if not text:
        return []
    terms = sorted(query_terms(query), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 4) if first else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    window = text[start:end]
    pairs: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    position = 0
    for match in pattern.finditer(window) if pattern else ():
        if match.start() > position:
            pairs.append((window[position : match.start()], False))
        pairs.append((match.group(), True))
        position = match.end()
    if position < len(window):
        pairs.append((window[position:], False))
    if end < len(text):
        pairs.append(("…", False))
    return pairs
