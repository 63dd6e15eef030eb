"""Outgoing email, the one path: Django's mailers (settings.MAILERS, SMTP in production).

Sending never raises: `send_email` returns whether the message went out and logs a failure with the
addresses masked, so a mail server that is down never undoes or blocks the step that triggered it.
Used by FOI notifications (applicants, handlers) and by the account notices (accounts/notices.py).
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

from gongkai.screening import masking

logger = logging.getLogger(__name__)


def mask_email(email: str) -> str:
    """zh***@example.com (the one email mask: `gongkai.screening.masking`)."""
    return masking.mask_value(masking.EMAIL, email)


def send_email(to, subject: str, body: str, attachments=()) -> bool:
    """Send a plain-text email to one address or a list; `attachments` are (filename, bytes, mimetype)."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [r for r in recipients if r]
    if not recipients:
        return False
    message = EmailMessage(subject=subject, body=body, to=recipients)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception:
        logger.exception("Email %r to %s could not be sent", subject, ", ".join(mask_email(r) for r in recipients))
        return False
    return True


def deliver_email(to: str, subject: str, body: str) -> None:
    """Send one plain-text email, raising on failure (for callers that log and retry themselves)."""
    EmailMessage(subject=subject, body=body, to=[to]).send()
