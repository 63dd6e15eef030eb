"""Background work of inquiries (the worker runs them after the commit): the acknowledgement with the
tracking number, and the answer, by email to an asker whose contact is an email address. Sending never
raises: a mail server that is down never undoes the step that triggered the message."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Inquiry
from .text import contact_email

logger = logging.getLogger(__name__)


def _send(inquiry: Inquiry, subject: str, body: str) -> bool:
    to = contact_email(inquiry.contact)
    if not to:
        return False
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        logger.exception("Inquiry mail for %s could not be sent", inquiry.tracking_number)
        return False
    return True


@task()
def send_acknowledgement(inquiry_id: int) -> bool:
    inquiry = Inquiry.objects.select_related("bureau").get(pk=inquiry_id)
    with translation.override("zh-hans"):
        subject = _("Your inquiry to %(bureau)s was received") % {"bureau": inquiry.bureau.name}
        body = _(
            "Your inquiry “%(subject)s” was received on %(date)s.\nTracking number: %(number)s\n"
            "The bureau answers by %(due)s."
        ) % {
            "subject": inquiry.subject,
            "date": inquiry.submitted_at.date().isoformat(),
            "number": inquiry.tracking_number,
            "due": inquiry.due_on.isoformat(),
        }
    return _send(inquiry, subject, body)


@task()
def send_answer(inquiry_id: int) -> bool:
    inquiry = Inquiry.objects.select_related("bureau").get(pk=inquiry_id)
    with translation.override("zh-hans"):
        subject = _("Answer to your inquiry %(number)s") % {"number": inquiry.tracking_number}
        body = _("%(bureau)s answers your inquiry “%(subject)s”:\n\n%(answer)s") % {
            "bureau": inquiry.bureau.name,
            "subject": inquiry.subject,
            "answer": inquiry.answer_text,
        }
    return _send(inquiry, subject, body)
