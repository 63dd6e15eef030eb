"""How personal data is masked wherever it is shown masked: one convention per data kind.

`mask_value(kind, value)` is the one masking function of the project: the screen's hits, the
FOI staff lists and detail pages, the applicant's receipt and tracking page, and the logs of
SMS and email notifications all call it. The conventions follow the reference profile (§7.2 of
the FOI reference: keep the region code and the tail of an ID number, mask contact details,
replace given names with 某):

- ``id_number`` (resident ID, 15 or 18 characters): first 6 and last 4 kept, one ``*`` per
  hidden character — ``410823********1234``;
- ``document`` (any other identity document: passport, permit, credit code): first 2 and last
  2 kept — ``E1*****78``; 4 characters or fewer are all ``*``;
- ``mobile`` / ``phone``: the digits only, first 3 and last 4 kept — ``138****5678``,
  ``039****1234`` for a landline; fewer than 7 digits are all ``*``;
- ``bank_card``: first 4 and last 4 digits with ``****`` between — ``6222****0123``;
- ``name``: the surname (a compound surname such as 欧阳 counts as one) and one 某 for each
  further character, at most two — ``张某``, ``张某某``, ``欧阳某某``; a longer name (an
  organisation's) gives its first character and 某某;
- ``email``: the first character (two when the local part is longer than 3) — ``zh***@example.com``.
"""

from __future__ import annotations

import re

from .normalize import normalize

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"
NAME = "name"
PHONE = "phone"
EMAIL = "email"
DOCUMENT = "document"

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 "
    "申屠 钟离 澹台 公冶 太史 赫连 闻人 万俟 司空 第五 拓跋".split()
)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _mask_name(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if len(value) > 4:
        return value[0] + "某某"
    surname = value[:2] if value[:2] in COMPOUND_SURNAMES and len(value) > 2 else value[:1]
    return surname + "某" * max(1, min(2, len(value) - len(surname)))


def _mask_phone(value: str) -> str:
    digits = _digits(value)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def _mask_document(value: str) -> str:
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def _mask_id_number(value: str) -> str:
    compact = re.sub(r"[\s-]", "", value)
    if len(compact) < 15:
        return _mask_document(compact)
    return compact[:6] + "*" * (len(compact) - 10) + compact[-4:]


def _mask_email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at:
        return "*" * len(local)
    shown = local[:1] if len(local) <= 3 else local[:2]
    return f"{shown}***@{domain}"


_MASKS = {
    ID_NUMBER: _mask_id_number,
    DOCUMENT: _mask_document,
    MOBILE: _mask_phone,
    PHONE: _mask_phone,
    BANK_CARD: lambda value: (d := _digits(value))[:4] + "****" + d[-4:],
    NAME: _mask_name,
    EMAIL: _mask_email,
}
KINDS = tuple(_MASKS)


def mask_value(kind: str, value: str) -> str:
    """`value` (one piece of personal data of `kind`) as it may be shown. Empty stays empty."""
    if kind not in _MASKS:
        raise ValueError(kind)
    value = normalize(value or "")
    return _MASKS[kind](value) if value else ""
