"""Validators for Chinese organization identifiers (pure functions)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: unified social credit code, 18 characters, check character at position 18.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    code = (code or "").strip().upper()
    if not USCC_PATTERN.match(code):
        return False
    return uscc_check_character(code[:17]) == code[17]


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError(
            _(
                "%(value)s is not a valid unified social credit code (18 characters, check character per GB 32100-2015)."
            ),
            code="invalid_uscc",
            params={"value": value},
        )


# GB/T 2260: administrative division code, 6 digits (12 with township level).
DIVISION_PATTERN = re.compile(r"^\d{6}(\d{3}|\d{6})?$")


def validate_division_code(value: str) -> None:
    if not DIVISION_PATTERN.match(value or ""):
        raise ValidationError(
            _("The administrative division code must have 6, 9 or 12 digits."), code="invalid_division_code"
        )


CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def validate_bureau_code(value: str) -> None:
    if not CODE_PATTERN.match(value or ""):
        raise ValidationError(
            _("The code may only contain lower-case letters, digits and hyphens, and must start with a letter."),
            code="invalid_code",
        )
