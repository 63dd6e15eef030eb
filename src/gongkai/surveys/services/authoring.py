"""Writing and publishing a survey: create and edit (with the questions), submit, approve (publish) or
return. A survey reaches the public only through `survey_approve` (four eyes, confidentiality check,
personal-data screen of the title, description, questions and choices); its questions are fixed from then
on. Every step is audited as `surveys.survey.<verb>`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts import permissions, review_steps
from gongkai.core import audit
from gongkai.screening import pii

from ..models import Question, QuestionKind, Survey, SurveyStatus, VerifyBy
from ..rules import APPROVE_SURVEY, CHANGE_SURVEY


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


def _check_verify_by(verify_by) -> str:
    if verify_by not in VerifyBy.values:
        raise ValidationError(
            {"verify_by": ValidationError(_("Choose how respondents are verified."), code="invalid_verify_by")}
        )
    return verify_by


def _check_dates(opens_on, closes_on) -> None:
    if opens_on is None or closes_on is None or closes_on < opens_on:
        raise ValidationError(
            {"closes_on": ValidationError(_("A survey cannot close before it opens."), code="closes_before_opens")}
        )


@transaction.atomic
def survey_create(
    *,
    bureau,
    title: str,
    description: str = "",
    opens_on,
    closes_on,
    questions: list[dict],
    verify_by: str = VerifyBy.EMAIL,
    acting_user,
    request=None,
) -> Survey:
    """A draft survey; `verify_by` is the one kind of contact its respondents prove (one response per person)."""
    permissions.require(acting_user, CHANGE_SURVEY, bureau)
    if not (title or "").strip():
        raise ValidationError({"title": ValidationError(_("A survey needs a title."), code="required")})
    _check_dates(opens_on, closes_on)
    verify_by = _check_verify_by(verify_by)
    questions = _clean_questions(questions)
    survey = Survey.objects.create(
        verify_by=verify_by,
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
    verify_by: str | None = None,
    acting_user,
    request=None,
) -> Survey:
    """Change a survey that is not published yet (back to draft); its questions are replaced. A published
    survey keeps its questions and its kind of verification."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    permissions.require(acting_user, CHANGE_SURVEY, survey)
    if survey.status == SurveyStatus.PUBLISHED:
        raise ValidationError(_("A published survey cannot be changed."), code="published")
    _check_dates(opens_on, closes_on)
    questions = _clean_questions(questions)
    survey.title, survey.description = (title or "").strip() or survey.title, (description or "").strip()
    survey.opens_on, survey.closes_on = opens_on, closes_on
    if verify_by is not None:
        survey.verify_by = _check_verify_by(verify_by)
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


def _check_submittable(survey: Survey) -> None:
    if not survey.questions.exists():
        raise ValidationError(_("A survey needs at least one question."), code="no_questions")
    _screen(survey)


def survey_authors(survey: Survey) -> list:
    return [survey.created_by_id, survey.last_edited_by_id, survey.submitted_by_id]


REVIEW = review_steps.Review(
    change=CHANGE_SURVEY,
    approve=APPROVE_SURVEY,
    draft=SurveyStatus.DRAFT,
    submitted=SurveyStatus.SUBMITTED,
    authors=survey_authors,
    submitted_event="surveys.survey.submitted",
    published_event="surveys.survey.published",
    returned_event="surveys.survey.returned",
    not_submitted=gettext_noop("Only a submitted survey can be approved."),
    not_returnable=gettext_noop("Only a submitted survey can be returned."),
    reason_required=gettext_noop("Say why the survey is returned."),
    related=("bureau",),
)


@transaction.atomic
def survey_submit(*, survey: Survey, acting_user, request=None) -> Survey:
    return review_steps.submit_for_review(
        REVIEW, survey, acting_user=acting_user, check=_check_submittable, request=request
    )


def may_approve(user, survey: Survey) -> bool:
    return review_steps.may_approve(REVIEW, user, survey)


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
    def publish(survey: Survey, _checked) -> dict:
        survey.status, survey.approved_by = SurveyStatus.PUBLISHED, acting_user
        survey.published_at = now or timezone.now()
        survey.save()
        return {}

    return review_steps.approve(
        REVIEW,
        survey,
        acting_user=acting_user,
        confidentiality_result=confidentiality_result,
        notes=notes,
        check=_screen,
        publish=publish,
        request=request,
    )


@transaction.atomic
def survey_return(*, survey: Survey, acting_user, reason: str, request=None) -> Survey:
    return review_steps.return_for_changes(REVIEW, survey, acting_user=acting_user, reason=reason, request=request)
