"""Use cases of surveys: create and edit (with the questions), submit, approve (publish) or return; send a
verification code; take a response; export the responses.

One response per person: the person proves an email address or a mobile number with a one-time code
(sent through the worker by email or SMS, `verification`; valid `CODE_MINUTES`, at most `CODE_ATTEMPTS`
tries) and the response is stored under a keyed hash of that address or number; the database's unique constraint refuses a second one. Codes are limited per
client address and hour (GONGKAI["SURVEY_CODES_PER_HOUR"], `gongkai.core.ratelimit`). A survey reaches the
public only through `survey_approve` (four eyes, confidentiality check, personal-data screen); its
questions are fixed from then on. Every step is audited as `surveys.<entity>.<verb>`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions, review_steps
from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality
from gongkai.core.ratelimit import HourlyCounter
from gongkai.core.request_context import client_ip
from gongkai.screening import pii

from .models import RATING_MAX, Question, QuestionKind, Survey, SurveyResponse, SurveyStatus, VerificationCode
from .rules import APPROVE_SURVEY, CHANGE_SURVEY, VIEW_SURVEY

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


# --- staff: writing and publishing ------------------------------------------------------------------


def _clean_questions(questions: list[dict]) -> list[dict]:
    cleaned, errors = [], []
    for number, q in enumerate(questions, start=1):
        kind, text = q.get("kind"), (q.get("text") or "").strip()
        choices = [c.strip() for c in q.get("choices") or [] if c and c.strip()]
        if kind not in QuestionKind.values or not text:
            errors.append(_("Question %(n)d needs a kind and a text.") % {"n": number})
        elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(set(choices)) < 2:
            errors.append(_("Question %(n)d needs at least two different choices.") % {"n": number})
        cleaned.append(
            {
                "kind": kind,
                "text": text,
                "required": bool(q.get("required", True)),
                "choices": choices if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [],
            }
        )
    if errors:
        raise ValidationError(errors, code="invalid_questions")
    return cleaned


def _check_dates(opens_on, closes_on) -> None:
    if opens_on is None or closes_on is None or closes_on < opens_on:
        raise ValidationError(
            {"closes_on": ValidationError(_("A survey cannot close before it opens."), code="closes_before_opens")}
        )


@transaction.atomic
def survey_create(
    *, bureau, title: str, description: str = "", opens_on, closes_on, questions: list[dict], acting_user, request=None
) -> Survey:
    permissions.require(acting_user, CHANGE_SURVEY, bureau)
    if not (title or "").strip():
        raise ValidationError({"title": ValidationError(_("A survey needs a title."), code="required")})
    _check_dates(opens_on, closes_on)
    questions = _clean_questions(questions)
    survey = Survey.objects.create(
        bureau=bureau,
        title=title.strip(),
        description=(description or "").strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=acting_user,
        last_edited_by=acting_user,
    )
    for position, q in enumerate(questions):
        Question.objects.create(survey=survey, position=position, **q)
    audit.record(
        "surveys.survey.created", user=acting_user, instance=survey, request=request, data={"questions": len(questions)}
    )
    return survey


@transaction.atomic
def survey_save(
    *,
    survey: Survey,
    title: str,
    description: str,
    opens_on,
    closes_on,
    questions: list[dict],
    acting_user,
    request=None,
) -> Survey:
    """Change a survey that is not published yet (back to draft); its questions are replaced."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    permissions.require(acting_user, CHANGE_SURVEY, survey)
    if survey.status == SurveyStatus.PUBLISHED:
        raise ValidationError(_("A published survey cannot be changed."), code="published")
    _check_dates(opens_on, closes_on)
    questions = _clean_questions(questions)
    survey.title, survey.description = (title or "").strip() or survey.title, (description or "").strip()
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.status, survey.submitted_by, survey.last_edited_by = SurveyStatus.DRAFT, None, acting_user
    survey.save()
    survey.questions.all().delete()
    for position, q in enumerate(questions):
        Question.objects.create(survey=survey, position=position, **q)
    audit.record(
        "surveys.survey.changed", user=acting_user, instance=survey, request=request, data={"questions": len(questions)}
    )
    return survey


def _screen(survey: Survey) -> None:
    texts = [survey.title, survey.description]
    for q in survey.questions.all():
        texts += [q.text, *q.choices]
    hits = [hit.masked for value in texts for hit in pii.scan(value or "")]
    if hits:
        raise ValidationError(
            _("Personal data was found in the survey (%(places)s). Remove it before publishing."),
            code="pii_found",
            params={"places": "; ".join(hits[:10])},
        )


@transaction.atomic
def survey_submit(*, survey: Survey, acting_user, request=None) -> Survey:
    survey = Survey.objects.select_for_update().select_related("bureau").get(pk=survey.pk)
    permissions.require(acting_user, CHANGE_SURVEY, survey)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."), code="not_draft")
    if not survey.questions.exists():
        raise ValidationError(_("A survey needs at least one question."), code="no_questions")
    _screen(survey)
    survey.status, survey.submitted_by = SurveyStatus.SUBMITTED, acting_user
    survey.save(update_fields=["status", "submitted_by", "updated_at"])
    audit.record("surveys.survey.submitted", user=acting_user, instance=survey, request=request)
    return survey


def survey_authors(survey: Survey) -> list:
    return [survey.created_by_id, survey.last_edited_by_id, survey.submitted_by_id]


def may_approve(user, survey: Survey) -> bool:
    return (
        survey.status == SurveyStatus.SUBMITTED
        and permissions.can(user, APPROVE_SURVEY, survey)
        and permissions.may_approve(user, survey, authors=survey_authors(survey))
    )


@transaction.atomic
def survey_approve(
    *,
    survey: Survey,
    acting_user,
    confidentiality_result: str,
    notes: str = "",
    request=None,
    now: dt.datetime | None = None,
) -> Survey:
    survey = Survey.objects.select_for_update().select_related("bureau").get(pk=survey.pk)
    if survey.status != SurveyStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted survey can be approved."), code="not_submitted")
    permissions.require_four_eyes(acting_user, survey, authors=survey_authors(survey))
    permissions.require(acting_user, APPROVE_SURVEY, survey)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    _screen(survey)
    survey.status, survey.approved_by, survey.published_at = SurveyStatus.PUBLISHED, acting_user, now or timezone.now()
    survey.confidentiality_result, survey.confidentiality_notes = result, notes
    survey.save()
    audit.record(
        "surveys.survey.published",
        user=acting_user,
        instance=survey,
        request=request,
        data={
            "authors": sorted({a for a in survey_authors(survey) if a is not None}),
            "confidentiality_result": result,
            "notes": notes,
        },
    )
    return survey


@transaction.atomic
def survey_return(*, survey: Survey, acting_user, reason: str, request=None) -> Survey:
    return review_steps.return_for_changes(
        survey,
        acting_user=acting_user,
        permission=APPROVE_SURVEY,
        reason=reason,
        submitted=SurveyStatus.SUBMITTED,
        back_to=SurveyStatus.DRAFT,
        event="surveys.survey.returned",
        not_submitted_message=_("Only a submitted survey can be returned."),
        reason_required_message=_("Say why the survey is returned."),
        request=request,
    )


# --- the public: code and response ------------------------------------------------------------------


def _require_open(survey: Survey, now: dt.datetime) -> None:
    if not survey.is_open_on(timezone.localdate(now)):
        raise ValidationError(_("This survey is not open for answers."), code="survey_closed")


def _email(email: str) -> str:
    """The email address or mobile number the code goes to (`verification.clean_contact`)."""
    from .verification import clean_contact

    return clean_contact(email)


def send_code(*, survey: Survey, email: str, request=None, now: dt.datetime | None = None, send: bool = True) -> str:
    """Send a one-time code to `email` for `survey` (through the worker); returns the code (tests, demo).
    Refuses a survey that is not open, a person who already answered, and floods (per client address and
    per address). `send` False: no email (the demo's fictitious respondents)."""
    now = now or timezone.now()
    _require_open(survey, now)
    email = _email(email)
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
        from .verification import throttle_destination

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
            from .tasks import send_code_email

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
    email = _email(email)
    key = respondent_key(survey, email)
    cleaned = clean_answers(survey, answers)
    try:
        with transaction.atomic():
            verification = _verify(survey, key, code, now)
            response = SurveyResponse.objects.create(survey=survey, respondent=key, submitted_at=now, answers=cleaned)
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


# --- results and export ------------------------------------------------------------------------------


def results(survey: Survey):
    from .results import tally

    answers = list(survey.responses.values_list("answers", flat=True))
    return tally(list(survey.questions.all()), answers, rating_max=RATING_MAX)


def export_xlsx(*, survey: Survey, acting_user, request=None) -> bytes:
    """All responses of `survey` as a workbook: one row per response, one column per question."""
    from openpyxl import Workbook

    permissions.require(acting_user, VIEW_SURVEY, survey)
    questions = list(survey.questions.all())
    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet.append([_("No."), _("Submitted at"), *[q.text for q in questions]])
    for number, response in enumerate(survey.responses.order_by("submitted_at", "pk"), start=1):
        row = [number, timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M")]
        for q in questions:
            value = response.answers.get(str(q.pk), "")
            row.append("；".join(value) if isinstance(value, list) else value)
        sheet.append(row)
    summary = book.create_sheet("results")
    for result in results(survey):
        summary.append([result.text])
        for label, count in result.counts:
            summary.append(["", label, count])
        if result.kind == QuestionKind.TEXT:
            summary.append(["", _("Answers"), result.answered])
    out = io.BytesIO()
    book.save(out)
    audit.record("surveys.survey.exported", user=acting_user, instance=survey, request=request)
    return out.getvalue()
