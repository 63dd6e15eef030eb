"""Background work of surveys (the worker runs it after the commit): the verification code by email."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Survey

logger = logging.getLogger(__name__)


@task()
def send_code_email(survey_id: int, email: str, code: str) -> bool:
    survey = Survey.objects.select_related("bureau").get(pk=survey_id)
    with translation.override("zh-hans"):
        subject = _("Your survey code: %(code)s") % {"code": code}
        body = _("Your code for the survey “%(title)s” of %(bureau)s is %(code)s. It is valid for 30 minutes.") % {
            "title": survey.title,
            "bureau": survey.bureau.name,
            "code": code,
        }
    try:
        send_mail(subject, body, None, [email])
    except Exception:
        logger.exception("Survey code for survey %s could not be sent", survey_id)
        return False
    return True
