"""How a survey respondent proves who they are: a one-time code sent to an email address or, by SMS, to a
mainland mobile number (one response per person).

A survey takes ONE kind of contact, chosen by staff (`Survey.verify_by`): were both kinds accepted, a
person with an email address and a mobile number could answer twice. `clean_contact(value, kind)` refuses
the other kind with a message naming the one the survey takes. The contact is normalised here (an email address as typed, a mobile number as its 11 digits without
`+86`, spaces or dashes), so that `138 0000 0000` and `+86-13800000000` are one person. The code goes out
through the platform's one gateway (`core.messaging`: email through the mailer, SMS through
`GONGKAI["SMS_BACKEND"]`). Besides the limits per client address and per survey and person
(`services.send_code`), a destination receives at most `CODES_PER_DESTINATION_PER_HOUR` codes in an hour
over all surveys, so that the forms cannot be used to flood someone's phone or mailbox.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.core import messaging
from gongkai.core.ratelimit import HourlyCounter
from gongkai.screening.checks import is_mobile

EMAIL, PHONE = "email", "phone"
CODES_PER_DESTINATION_PER_HOUR = 5

_codes_by_destination = HourlyCounter("surveys:codes:destination")


def _as_mobile(value: str) -> str:
    digits = re.sub(r"[\s\-()（）]", "", value)
    digits = re.sub(r"^(\+86|0086)", "", digits)
    return digits if digits.isdigit() and len(digits) == 11 and is_mobile(digits) else ""


def kind_of(contact: str) -> str:
    """EMAIL or PHONE for a contact cleaned by `clean_contact`."""
    return EMAIL if "@" in contact else PHONE


def _as_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def clean_contact(value: str, kind: str | None = None) -> str:
    """The email address or the 11-digit mobile number in `value`; with `kind` (EMAIL or
    PHONE, the survey's `verify_by`) only that kind. ValidationError (field `email`) otherwise."""
    value = (value or "").strip()
    found = (_as_email(value) if "@" in value else _as_mobile(value)) if value else ""
    if found and kind in (None, kind_of(found)):
        return found
    if kind == PHONE:
        message = _("This survey verifies respondents by mobile number: enter an 11-digit mainland mobile number.")
    elif kind == EMAIL:
        message = _("This survey verifies respondents by email: enter a valid email address.")
    else:
        message = _("Enter a valid email address or an 11-digit mainland mobile number.")
    raise ValidationError({"email": ValidationError(message, code="invalid_contact")})


def throttle_destination(contact: str) -> None:
    """Count one code to `contact`; refuse (code `rate_limited`) past the hourly limit over all surveys."""
    if not _codes_by_destination.acquire(contact.casefold(), CODES_PER_DESTINATION_PER_HOUR):
        raise ValidationError(_("Too many codes were asked for. Please try again later."), code="rate_limited")


def deliver_code(survey, contact: str, code: str) -> bool:
    """Send `code` to `contact` by email or SMS through `core.messaging`; whether it went out (never raises)."""
    with translation.override("zh-hans"):
        params = {"title": survey.title, "bureau": survey.bureau.name, "code": code}
        if kind_of(contact) == PHONE:
            return messaging.send_sms(
                contact, _("Code for the survey “%(title)s” of %(bureau)s: %(code)s (valid 30 minutes).") % params
            )
        subject = _("Your survey code: %(code)s") % params
        body = _("Your code for the survey “%(title)s” of %(bureau)s is %(code)s. It is valid for 30 minutes.") % params
    return messaging.send_email(contact, subject, body)
