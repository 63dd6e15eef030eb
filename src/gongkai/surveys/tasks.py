"""Background work of surveys (the worker runs it after the commit): the verification code, by email or
by SMS (`verification.deliver_code`, through the one gateway `core.messaging`)."""

from __future__ import annotations

import logging

from django.tasks import task

from .models import Survey

logger = logging.getLogger(__name__)


@task()
def send_code_email(survey_id: int, email: str, code: str) -> bool:
    """Send the code to `email`, an email address or a mobile number (the name is kept for queued tasks)."""
    from .verification import deliver_code

    survey = Survey.objects.select_related("bureau").get(pk=survey_id)
    sent = deliver_code(survey, email, code)
    if not sent:
        logger.error("Survey code for survey %s could not be sent", survey_id)
    return sent
