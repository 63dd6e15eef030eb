"""Messages to applicants and staff: email through Django's mailers (SMTP), SMS through a pluggable gateway.

The one gateway of the platform: FOI requests (acknowledgements, tracking codes, reminders) and the
application progress pushes (`gongkai.applications`) both send through it.

Sending never raises: each function returns whether the message went out and logs a failure, so a
mail server or SMS gateway that is down never undoes or blocks the step that triggered the message.

SMS gateway: `GONGKAI["SMS_BACKEND"]` is a dotted path to a class whose instances have
`send(phone, text)` (raising on failure). The default, `LoggingSmsBackend`, only writes the message
to the log with the number masked — connect a real gateway by writing such a class.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai.core import mail
from gongkai.screening import masking

logger = logging.getLogger(__name__)


def mask_phone(phone: str) -> str:
    """138****5678 (the one phone mask: `gongkai.screening.masking`)."""
    return masking.mask_value(masking.PHONE, phone)


mask_email = mail.mask_email  # zh***@example.com (the one email mask)
send_email = mail.send_email  # the one mail path (core.mail): never raises, says whether it went out


DEFAULT_SMS_BACKEND = "gongkai.core.messaging.LoggingSmsBackend"
# The path before the gateway moved to core (still accepted in SMS_BACKEND).
_OLD_DEFAULT = "gongkai.foi_requests.notifications.LoggingSmsBackend"


class LoggingSmsBackend:
    """The default SMS gateway: logs the message (number masked) and sends nothing."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


def sms_backend():
    path = settings.GONGKAI.get("SMS_BACKEND") or DEFAULT_SMS_BACKEND
    if path == _OLD_DEFAULT:
        path = DEFAULT_SMS_BACKEND
    return import_string(path)()


def send_sms(phone: str, text: str) -> bool:
    """Send a text message through the configured gateway."""
    if not phone:
        return False
    try:
        deliver_sms(phone, text)
    except Exception:
        logger.exception("SMS to %s could not be sent", mask_phone(phone))
        return False
    return True


def deliver_email(to: str, subject: str, body: str) -> None:
    """Send one plain-text email, raising on failure (for callers that log and retry themselves)."""
    mail.deliver_email(to, subject, body)


def deliver_sms(phone: str, text: str) -> None:
    """Send one text message through the configured gateway, raising on failure."""
    sms_backend().send(phone, text)
