"""Validation of record metadata: the document number (发文字号, GB/T 9704-2012 7.2.5), record dates."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 机关代字 + 〔年份〕 + 序号 + 号: year in full in 六角括号, sequence without 第 and without leading zeros.
DOCUMENT_NUMBER_RE = re.compile(r"^(?P<code>[\u4e00-\u9fa5A-Za-z]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")

_WRONG_BRACKETS = re.compile(r"[\[\]【】()（）［］〈〉<>{}｛｝]")


def validate_document_number(value: str) -> None:
    """Raise ValidationError (code names the fault) unless `value` is like 应急〔2020〕62号."""
    if not value or DOCUMENT_NUMBER_RE.match(value):
        return
    example = "应急〔2020〕62号"
    if _WRONG_BRACKETS.search(value) and "〔" not in value:
        raise ValidationError(
            _("Write the year in hexagonal brackets 〔〕, not %(found)s; for example %(example)s."),
            code="document_number_brackets",
            params={"found": "".join(sorted(set(_WRONG_BRACKETS.findall(value)))), "example": example},
        )
    year = re.search(r"〔([^〕]*)〕", value)
    if year is None:
        raise ValidationError(
            _("A document number has the form issuer code〔year〕sequence号, for example %(example)s."),
            code="document_number_format",
            params={"example": example},
        )
    if not re.fullmatch(r"\d{4}", year.group(1)):
        raise ValidationError(
            _("Write the year in full with four digits, for example %(example)s."),
            code="document_number_year",
            params={"example": example},
        )
    if not re.match(r"^[\u4e00-\u9fa5A-Za-z]+〔", value):
        raise ValidationError(
            _("A document number starts with the issuer's code, for example %(example)s."),
            code="document_number_code",
            params={"example": example},
        )
    tail = value[year.end() :]
    if tail.startswith("第"):
        raise ValidationError(
            _("Write the sequence without 第, for example %(example)s."),
            code="document_number_di",
            params={"example": example},
        )
    if re.fullmatch(r"0\d*号", tail):
        raise ValidationError(
            _("Write the sequence without leading zeros, for example %(example)s."),
            code="document_number_leading_zero",
            params={"example": example},
        )
    raise ValidationError(
        _("A document number has the form issuer code〔year〕sequence号, for example %(example)s."),
        code="document_number_format",
        params={"example": example},
    )


EARLIEST_RECORD_DATE = dt.date(1900, 1, 1)
LATEST_RECORD_DATE_AHEAD = dt.timedelta(days=366)


def validate_record_date(value) -> None:
    """A record's dates (event date, date written) lie between 1900 and a year from today.

    Time limits count working days from the event date: a date such as 9999-12-31 has no due date.
    """
    if value is None:
        return
    latest = timezone.localdate() + LATEST_RECORD_DATE_AHEAD
    if not EARLIEST_RECORD_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_RECORD_DATE.isoformat(), "latest": latest.isoformat()},
        )
