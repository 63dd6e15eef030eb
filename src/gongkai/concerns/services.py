"""Use cases of public concerns: record a concern, draft, submit, approve (publish) or return a response,
and the escalation of deadlines that near or pass without a published response.

The deadlines are computed by `gongkai.participation.rules.concern_deadlines` (5 h authoritative release
and 24 h press conference for a major emergency, 48 h otherwise), never stored. A deadline is met by the
first published response of the same kind released or held by then. A response reaches the public only
through `response_approve`: a reviewer or the leader of the same bureau who neither drafted nor submitted
it, with the confidentiality check, after the personal-data screen. Every step is audited as
`concerns.<entity>.<verb>`.
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

from .deadlines import DeadlineState, deadline_states  # noqa: F401 (callers: services.deadline_states)
from .models import Concern, ConcernResponse, Level, ResponseKind, ResponseStatus
from .rules import APPROVE_RESPONSE, CHANGE_CONCERN
from .tasks import schedule_escalations


def _screen(*texts: str) -> None:
    hits = [hit.masked for value in texts for hit in pii.scan(value or "")]
    if hits:
        raise ValidationError(
            _("Personal data was found (%(places)s). Remove it before publishing."),
            code="pii_found",
            params={"places": "; ".join(hits[:10])},
        )


@transaction.atomic
def concern_create(
    *, bureau, title: str, summary: str, level: str, detected_at: dt.datetime, acting_user, request=None
) -> Concern:
    permissions.require(acting_user, CHANGE_CONCERN, bureau)
    title, summary = (title or "").strip(), (summary or "").strip()
    errors = {}
    if not title:
        errors["title"] = ValidationError(_("A concern needs a title."), code="required")
    if not summary:
        errors["summary"] = ValidationError(_("Say what the public is concerned about."), code="required")
    if level not in Level.values:
        errors["level"] = ValidationError(_("Choose the level."), code="invalid_level")
    if detected_at is None or detected_at > timezone.now() + dt.timedelta(minutes=5):
        errors["detected_at"] = ValidationError(_("The detection time cannot be in the future."), code="future")
    if errors:
        raise ValidationError(errors)
    concern = Concern.objects.create(
        bureau=bureau, title=title, summary=summary, level=level, detected_at=detected_at, created_by=acting_user
    )
    audit.record(
        "concerns.concern.created",
        user=acting_user,
        instance=concern,
        request=request,
        data={"level": level, "detected_at": detected_at.isoformat()},
    )
    transaction.on_commit(lambda: schedule_escalations(concern))
    return concern


@transaction.atomic
def response_save(
    *,
    concern: Concern,
    kind: str,
    title: str,
    text: str,
    occurred_at: dt.datetime,
    acting_user,
    response: ConcernResponse | None = None,
    request=None,
) -> ConcernResponse:
    """Draft a new response (or change a draft or submitted one: it goes back to draft)."""
    permissions.require(acting_user, CHANGE_CONCERN, concern)
    errors = {}
    if kind not in ResponseKind.values:
        errors["kind"] = ValidationError(_("Choose the kind of response."), code="invalid_kind")
    if not (title or "").strip():
        errors["title"] = ValidationError(_("A response needs a title."), code="required")
    if not (text or "").strip():
        errors["text"] = ValidationError(_("Write the response."), code="required")
    if occurred_at is None or occurred_at < concern.detected_at:
        errors["occurred_at"] = ValidationError(
            _("A response comes after the concern was detected."), code="before_detection"
        )
    if errors:
        raise ValidationError(errors)
    if response is None:
        response = ConcernResponse(concern=concern, created_by=acting_user)
    else:
        response = ConcernResponse.objects.select_for_update().get(pk=response.pk, concern=concern)
        if response.status == ResponseStatus.PUBLISHED:
            raise ValidationError(_("A published response cannot be changed."), code="published")
        response.created_by = acting_user
    response.kind, response.title, response.text, response.occurred_at = kind, title.strip(), text.strip(), occurred_at
    response.status, response.submitted_by = ResponseStatus.DRAFT, None
    response.save()
    audit.record("concerns.response.saved", user=acting_user, instance=response, request=request, data={"kind": kind})
    return response


def response_authors(response: ConcernResponse) -> list:
    return [response.created_by_id, response.submitted_by_id]


REVIEW = review_steps.Review(
    change=CHANGE_CONCERN,
    approve=APPROVE_RESPONSE,
    draft=ResponseStatus.DRAFT,
    submitted=ResponseStatus.SUBMITTED,
    authors=response_authors,
    submitted_event="concerns.response.submitted",
    published_event="concerns.response.published",
    returned_event="concerns.response.returned",
    not_submitted=gettext_noop("Only a submitted response can be approved."),
    not_returnable=gettext_noop("Only a submitted response can be returned."),
    reason_required=gettext_noop("Say why the response is returned."),
    related=("concern__bureau",),
)


@transaction.atomic
def response_submit(*, response: ConcernResponse, acting_user, request=None) -> ConcernResponse:
    return review_steps.submit_for_review(
        REVIEW, response, acting_user=acting_user, check=lambda r: _screen(r.title, r.text), request=request
    )


def may_approve(user, response: ConcernResponse) -> bool:
    return review_steps.may_approve(REVIEW, user, response)


@transaction.atomic
def response_approve(
    *,
    response: ConcernResponse,
    acting_user,
    confidentiality_result: str,
    notes: str = "",
    request=None,
    now: dt.datetime | None = None,
) -> ConcernResponse:
    """Approve and publish the response (with the concern's title and summary, screened too)."""

    def publish(response: ConcernResponse, _checked) -> dict:
        at = now or timezone.now()
        response.status, response.approved_by, response.published_at = ResponseStatus.PUBLISHED, acting_user, at
        response.save()
        if response.concern.published_at is None:
            Concern.objects.filter(pk=response.concern_id).update(published_at=at)
        return {"kind": response.kind}

    return review_steps.approve(
        REVIEW,
        response,
        acting_user=acting_user,
        confidentiality_result=confidentiality_result,
        notes=notes,
        check=lambda r: _screen(r.title, r.text, r.concern.title, r.concern.summary),
        publish=publish,
        request=request,
    )


@transaction.atomic
def response_return(*, response: ConcernResponse, acting_user, reason: str, request=None) -> ConcernResponse:
    return review_steps.return_for_changes(REVIEW, response, acting_user=acting_user, reason=reason, request=request)
