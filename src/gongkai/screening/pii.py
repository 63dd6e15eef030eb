"""Personal-data screening (个人信息筛查) of text that is about to be published: the public API.

`scan(text)` finds resident ID numbers (``id_number``), mainland mobile numbers (``mobile``),
bank card numbers (``bank_card``) and the names of natural persons beside an ID number or
after a name label (``name``); `mask(text)` masks them; `explain(hit)` says which rule found a
hit and why; `screen_document` and `mask_html` work on a record's title, HTML body and
attachments. This module only gathers the names: normalisation lives in `normalize`, the
checks of each identifier in `checks`, the rules for numbers in context in `numbers`, for names
in `names`, the masks (one convention per data kind, used project-wide) in `masking`, the scan
in `detect` and documents in `documents`. Pure Python, no ORM.
"""

from __future__ import annotations

from .checks import (
    id_check_character,
    is_mobile,
    is_valid_id15,
    is_valid_id18,
    is_valid_uscc,
    looks_like_id18,
    luhn_ok,
    plausible_iin,
)
from .detect import Hit, explain, hit_context, mask, scan, why
from .documents import LocatedHit, html_to_text, mask_html, screen_document
from .masking import BANK_CARD, COMPOUND_SURNAMES, ID_NUMBER, MOBILE, NAME, mask_value
from .normalize import normalize, normalize_text

KINDS = (ID_NUMBER, MOBILE, BANK_CARD, NAME)
_context = hit_context  # older name

__all__ = [
    "BANK_CARD", "COMPOUND_SURNAMES", "ID_NUMBER", "KINDS", "MOBILE", "NAME", "Hit", "LocatedHit", "explain",
    "hit_context", "html_to_text", "id_check_character", "is_mobile", "is_valid_id15", "is_valid_id18",
    "is_valid_uscc", "looks_like_id18", "luhn_ok", "mask", "mask_html", "mask_value", "normalize",
    "normalize_text", "plausible_iin", "scan", "screen_document", "why",
]  # fmt: skip
