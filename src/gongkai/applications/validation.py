"""Pure checks of what a business system reports (no database): each failure a ValidationError with a stable code."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import FUTURE_TOLERANCE, MAX_AGE, Status

NUMBER_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_.]{0,63}$")
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def check_number(number: str) -> str:
    number = (number or "").strip()
    if not NUMBER_RE.match(number):
        raise ValidationError(
            {"number": ValidationError(_("Use 1–64 letters, digits, '-', '_' or '.'."), code="invalid_number")}
        )
    return number


def check_status(status: str) -> str:
    if status not in Status.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Unknown status; use one of: %(values)s.") % {"values": ", ".join(Status.values)},
                    code="unknown_status",
                )
            }
        )
    return status


def check_occurred_at(occurred_at: dt.datetime, *, now: dt.datetime) -> dt.datetime:
    if occurred_at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            {"occurred_at": ValidationError(_("The time lies in the future."), code="occurred_in_future")}
        )
    if occurred_at < now - MAX_AGE:
        raise ValidationError(
            {
                "occurred_at": ValidationError(
                    _("The time lies more than five years back."), code="occurred_too_long_ago"
                )
            }
        )
    return occurred_at


def check_phone(phone: str, field: str = "applicant_phone") -> str:
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not PHONE_RE.match(phone):
        raise ValidationError({field: ValidationError(_("Enter an 11-digit mobile number."), code="invalid_phone")})
    return phone
