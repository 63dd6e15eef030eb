"""The screen itself: `scan(text)` finds personal data, `mask(text)` masks it, `explain` says why.

`scan` normalises the text once (`gongkai.screening.normalize`), finds the numbers
(`gongkai.screening.numbers`) and then the names beside them or after a name label
(`gongkai.screening.names`), and returns `Hit`s whose offsets, value and mask refer to the
text as given (zero-width characters or full-width digits inside a number are inside its
span and are masked with it). Hits are suggestions that a reviewer confirms, not a redaction
decision; masks follow `gongkai.screening.masking`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import names as _names
from . import numbers as _numbers
from .masking import mask_value
from .normalize import normalize_text


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    value: str
    masked: str
    rule: str = ""  # the rule that found it (numbers.RULE_*, names.RULE_*)
    label: str = ""  # the label before it, if any (身份证号, 订单号, 姓名 …)

    def as_dict(self, with_value: bool = False) -> dict:
        data = {"kind": self.kind, "start": self.start, "end": self.end}
        if with_value:
            data["value"] = self.value
            data["masked"] = self.masked
        return data


def scan(text: str, *, today: dt.date | None = None) -> list[Hit]:
    """All personal-data hits in `text`, sorted by position, not overlapping."""
    if not text:
        return []
    norm = normalize_text(text)
    numbers = _numbers.number_hits(norm.text, today)
    taken = _numbers.Taken((f.start, f.end) for f in numbers)
    names = [f for f in _names.name_hits(norm.text, numbers) if taken.free(f.start, f.end)]
    hits = []
    for found in numbers + names:
        start, end = norm.span(found.start, found.end)
        masked = mask_value(found.kind, norm.text[found.start : found.end])
        hits.append(Hit(found.kind, start, end, text[start:end], masked, found.rule, found.label))
    return sorted(hits, key=lambda h: (h.start, h.end))


def mask(text: str, hits: list[Hit] | None = None) -> str:
    """`text` with every hit replaced by its mask (hits from `scan(text)` when not given)."""
    hits = scan(text) if hits is None else hits
    out, last = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < last:
            continue  # overlapping: the earlier hit already masked it
        out.append(text[last : hit.start])
        out.append(hit.masked)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def hit_context(text: str, hits: list[Hit], hit: Hit, width: int = 20) -> str:
    """`width` characters either side of `hit`, with it (and any other hit there) masked: safe to show."""
    start, end = max(0, hit.start - width), min(len(text), hit.end + width)
    near = [
        Hit(h.kind, h.start - start, h.end - start, h.value, h.masked)
        for h in hits
        if h.start >= start and h.end <= end
    ]
    return mask(text[start:end], near).replace("\n", " ")


def why(hit: Hit) -> str:
    """Why `hit` was found, in the reader's language (for `pii_scan --explain` and the staff)."""
    from django.utils.translation import gettext as _

    reasons = {
        _numbers.RULE_ID18: _(
            "18-character resident ID number: region code, birth date and check character (ISO 7064 MOD 11-2) are valid"
        ),
        _numbers.RULE_ID15: _("15-digit resident ID number (old format): region code and birth date are valid"),
        _numbers.RULE_CARD: _(
            "16–19 digit number that passes the Luhn check and starts with a bank-card issuer prefix"
        ),
        _numbers.RULE_MOBILE: _("11-digit number starting with 13–19: a mainland mobile number (every segment counts)"),
        _names.RULE_LABEL: _("2–4 Han characters starting with a surname, right after a name label"),
        _names.RULE_BESIDE_ID: _("2–4 Han characters starting with a surname, right beside an ID number"),
    }
    reason = reasons.get(hit.rule, hit.rule)
    if hit.label:
        reason += _("; label before it: “%(label)s”") % {"label": hit.label}
    return reason


def explain(hit: Hit) -> dict:
    """One hit as a reviewer may see it: kind, rule, masked value, position and the reason."""
    return {
        "kind": hit.kind,
        "rule": hit.rule,
        "masked": hit.masked,
        "start": hit.start,
        "end": hit.end,
        "why": why(hit),
    }
