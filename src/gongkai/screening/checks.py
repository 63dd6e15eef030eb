"""Check digits and shapes of the identifiers the screen looks for (no context, no text).

The rules that say whether a digit string *is* a resident ID number (GB 11643: ISO 7064
MOD 11-2 check character, GB/T 2260 region prefix, a real birth date; 15-digit old numbers;
81/82/83 residence permits), a bank card (Luhn with an issuer prefix of cards used in China),
a mainland mobile number (any 11-digit number starting 1[3-9]: segments are allocated over
time, 192 came in 2019, so no fixed list) or a unified social credit code (GB 32100). The
context rules (what stands around a number) live in `gongkai.screening.numbers`.
"""

from __future__ import annotations

import datetime as dt
import re

from .normalize import normalize

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes; 81/82/83: residence permits for HK, Macao and Taiwan residents.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def plausible_region(code: str) -> bool:
    if code[:2] not in PROVINCES:
        return False
    if code[:2] in ("71", "81", "82", "83"):
        return True
    city = int(code[2:4])
    return 1 <= city <= 70 or city == 90


def _valid_date(year: int, month: int, day: int, today: dt.date | None = None) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= (today or dt.date.today())


def is_valid_id18(value: str, today: dt.date | None = None) -> bool:
    value = normalize(value).upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    if not plausible_region(value[:6]):
        return False
    if not _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today):
        return False
    return id_check_character(value[:17]) == value[17]


def looks_like_id18(value: str, today: dt.date | None = None) -> bool:
    """Region and birth date right, check character not necessarily (a mistyped ID)."""
    value = normalize(value).upper()
    return bool(
        re.fullmatch(r"\d{17}[\dX]", value)
        and plausible_region(value[:6])
        and _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today)
    )


def is_valid_id15(value: str) -> bool:
    value = normalize(value)
    if not re.fullmatch(r"\d{15}", value) or not plausible_region(value[:6]):
        return False
    return _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def plausible_iin(digits: str) -> bool:
    """Issuer prefixes of cards issued in China: UnionPay 62/60/65/9x, Visa 4, MC 51-55/2221-2720, JCB 35."""
    n = len(digits)
    if digits.startswith(("62", "60", "65", "4")) or (digits[0] == "9" and digits[:2] in ("94", "95", "96", "99")):
        return True
    if n == 16 and (digits[:2] in ("51", "52", "53", "54", "55") or 2221 <= int(digits[:4]) <= 2720):
        return True
    return n == 16 and 3528 <= int(digits[:4]) <= 3589


def is_mobile(digits: str) -> bool:
    """A mainland mobile number: 11 digits starting 1[3-9] (every segment, allocated or not yet)."""
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789" and digits.isdigit()


# USCC (GB 32100-2015): registration authority + type codes in use.
_USCC_HEADS = frozenset(
    "11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 81 89 91 92 93 A1 A9 N1 N2 N3 N9 Y1".split()
)
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_valid_uscc(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or any(c not in _USCC_CHARSET for c in value) or value[:2] not in _USCC_HEADS:
        return False
    if not value[2:8].isdigit() or value[2:4] not in PROVINCES:
        return False
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31] == value[17]
