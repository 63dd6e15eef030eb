"""The public's side of a survey: the one-time verification code and the one response per person.

A person proves the kind of contact the survey takes (`Survey.verify_by`: a mobile number or an email
address, never either: a person who has both would answer twice) with a one-time code (sent through the
worker by SMS or email, `gongkai.surveys.verification`; valid `CODE_MINUTES`, at most `CODE_ATTEMPTS`
tries) and the response is stored under a keyed hash of the normalised contact (`respondent_key`) with
its kind (`verified_by`); the database's unique constraint refuses a second one. Codes are limited per
client address and hour (GONGKAI["SURVEY_CODES_PER_HOUR"], `gongkai.core.ratelimit`) and per address.
Answers are checked against the questions (`clean_answers`). Responses are audited as
`surveys.response.submitted`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.ratelimit import HourlyCounter
from gongkai.core.request_context import client_ip
from gongkai.surveys.verification import clean_contact, kind_of, throttle_destination

from ..models import RATING_MAX, QuestionKind, Survey, SurveyResponse, VerificationCode

CODE_MINUTES = 30
CODE_ATTEMPTS = 5
CODES_PER_ADDRESS_PER_HOUR = 3
MAX_TEXT = 2000

_codes_by_ip = HourlyCounter("surveys:codes:ip")
_codes_by_respondent = HourlyCounter("surveys:codes:respondent")


def respondent_key(survey: Survey, email: str) -> str:
    """A keyed hash of the address for this survey: compares, never reveals."""
    normal = (email or "").strip().casefold()
    return hmac.new(settings.SECRET_KEY.encode(), f"{survey.pk}:{normal}".encode(), hashlib.sha256).hexdigest()


def _code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"code:{code}".encode(), hashlib.sha256).hexdigest()


def _require_open(survey: Survey, now: dt.datetime) -> None:
    if not survey.is_open_on(timezone.localdate(now)):
        raise ValidationError(_("This survey is not open for answers."), code="survey_closed")


def _email(survey: Survey, email: str) -> str:
    """The normalised contact of the survey's kind the code goes to (`verification.clean_contact`)."""
    return clean_contact(email, survey.verify_by)


def send_code(*, survey: Survey, email: str, request=None, now: dt.datetime | None = None, send: bool = True) -> str:
    """Send a one-time code to `email` for `survey` (through the worker); returns the code (tests, demo).
    Refuses a survey that is not open, a person who already answered, and floods (per client address and
    per address). `send` False: no email (the demo's fictitious respondents)."""
    now = now or timezone.now()
    _require_open(survey, now)
    email = _email(survey, email)
    key = respondent_key(survey, email)
    if SurveyResponse.objects.filter(survey=survey, respondent=key).exists():
        raise ValidationError(
            {"email": ValidationError(_("This address has already answered."), code="already_answered")}
        )
    ip = client_ip(request)
    limit = int(settings.GONGKAI.get("SURVEY_CODES_PER_HOUR") or 0)
    if (ip and not _codes_by_ip.acquire(ip, limit)) or not _codes_by_respondent.acquire(
        key, CODES_PER_ADDRESS_PER_HOUR
    ):
        raise ValidationError(_("Too many codes were asked for. Please try again later."), code="rate_limited")
    if send:
        throttle_destination(email)  # at most a few codes an hour to one phone or mailbox, over all surveys
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        VerificationCode.objects.create(
            survey=survey,
            respondent=key,
            code_hash=_code_hash(code),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
        )
        if send:
            from ..tasks import send_code_email

            survey_id = survey.pk
            transaction.on_commit(lambda: send_code_email.enqueue(survey_id, email, code))
    return code


def _verify(survey: Survey, key: str, code: str, now: dt.datetime) -> VerificationCode:
    candidates = (
        VerificationCode.objects.select_for_update()
        .filter(survey=survey, respondent=key, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
    )
    latest = candidates.first()
    if latest is None:
        raise ValidationError(
            {"code": ValidationError(_("Ask for a code first (or a new one: codes expire)."), code="no_code")}
        )
    if latest.attempts >= CODE_ATTEMPTS:
        raise ValidationError(
            {"code": ValidationError(_("Too many wrong codes: ask for a new one."), code="too_many_attempts")}
        )
    if not hmac.compare_digest(latest.code_hash, _code_hash((code or "").strip())):
        raise _WrongCode(latest.pk)
    return latest


class _WrongCode(Exception):
    """A wrong code: the try is counted after the response's transaction is rolled back."""

    def __init__(self, pk: int):
        self.pk = pk


def clean_answers(survey: Survey, raw: dict) -> dict:
    """{str(question id): value}: a choice, a list of choices, a rating 1..5 or a text; errors per field."""
    answers, errors = {}, {}
    for q in survey.questions.all():
        value = raw.get(str(q.pk))
        if q.kind == QuestionKind.MULTIPLE:
            value = [v for v in (value or []) if v]
            if any(v not in q.choices for v in value):
                errors[q.field_name] = ValidationError(_("Choose among the choices given."), code="invalid_choice")
        elif q.kind == QuestionKind.SINGLE:
            if value and value not in q.choices:
                errors[q.field_name] = ValidationError(_("Choose among the choices given."), code="invalid_choice")
        elif q.kind == QuestionKind.RATING:
            try:
                value = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                value = -1
            if value is not None and not 1 <= value <= RATING_MAX:
                errors[q.field_name] = ValidationError(_("Give a rating from 1 to 5."), code="invalid_rating")
        else:
            value = (value or "").strip()
            if len(value) > MAX_TEXT:
                errors[q.field_name] = ValidationError(
                    _("At most %(n)d characters.") % {"n": MAX_TEXT}, code="too_long"
                )
        if q.required and value in (None, "", []) and q.field_name not in errors:
            errors[q.field_name] = ValidationError(_("This question needs an answer."), code="required")
        if value not in (None, "", []):
            answers[str(q.pk)] = value
    if errors:
        raise ValidationError(errors)
    return answers


def submit_response(
    *, survey: Survey, email: str, code: str, answers: dict, request=None, now: dt.datetime | None = None
) -> SurveyResponse:
    """Take one person's response: the code proves the address; a second response is refused
    (`already_answered`)."""
    now = now or timezone.now()
    _require_open(survey, now)
    email = _email(survey, email)
    key = respondent_key(survey, email)
    cleaned = clean_answers(survey, answers)
    try:
        with transaction.atomic():
            verification = _verify(survey, key, code, now)
            response = SurveyResponse.objects.create(
                survey=survey, respondent=key, verified_by=kind_of(email), submitted_at=now, answers=cleaned
            )
            VerificationCode.objects.filter(pk=verification.pk).update(used_at=now)
            audit.record("surveys.response.submitted", instance=survey, request=request, data={"response": response.pk})
    except _WrongCode as exc:
        VerificationCode.objects.filter(pk=exc.pk).update(attempts=F("attempts") + 1)
        raise ValidationError({"code": ValidationError(_("The code is not right."), code="wrong_code")}) from None
    except IntegrityError as exc:
        raise ValidationError(
            {"email": ValidationError(_("This address has already answered."), code="already_answered")}
        ) from exc
    return response
