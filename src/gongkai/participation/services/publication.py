"""The one four-eyes step of participation: submit → approve (publish) or return.

A decision catalog, a consultation, an adoption summary, a hearing's announcement and its minutes reach
the public only through `approve`: a reviewer or the leader of the object's own bureau who is none of its
authors (`permissions.require_four_eyes`) records the confidentiality check (保密审查,
`clean_confidentiality`), and the personal-data screen runs on everything it publishes
(`screening.require_clean`). Audited as `participation.<entity>.submitted|published|returned`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts import permissions, review_steps

from .. import models, screening
from ..actions import APPROVE, CHANGE

ENTITY = {
    models.DecisionCatalog: "catalog",
    models.Consultation: "consultation",
    models.AdoptionSummary: "summary",
    models.Hearing: "hearing",
    models.HearingMinutes: "minutes",
}

# Checks before submission and approval, per model (raise ValidationError); filled by the concept modules.
READY_CHECKS: dict[type, Callable] = {}
# What approval does besides publishing (e.g. the catalog's snapshot); filled by the concept modules.
ON_APPROVE: dict[type, Callable] = {}


def entity(obj) -> str:
    return ENTITY[type(obj)]


def authors(obj) -> list:
    return [obj.created_by_id, obj.last_edited_by_id, obj.submitted_by_id]


def touch(obj, acting_user) -> None:
    """An edit: a submitted object goes back to draft. What is published cannot change, except the decision
    catalog (it is adjusted during the year): the public keeps its approved snapshot until approved again."""
    if obj.status == models.PubStatus.PUBLISHED and not isinstance(obj, models.DecisionCatalog):
        raise ValidationError(_("A published item cannot be changed."), code="published")
    obj.last_edited_by = acting_user
    if obj.status != models.PubStatus.DRAFT:
        obj.status = models.PubStatus.DRAFT
        obj.submitted_by, obj.submitted_at = None, None


def clean_fields(fields: dict, allowed) -> dict:
    """`fields` with texts stripped; refuses a field outside `allowed`."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(names)s"),
            code="unknown_fields",
            params={"names": ", ".join(sorted(unknown))},
        )
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def edit(model, *, bureau, current, fields: dict, allowed, acting_user):
    """The object an edit saves: a new one of `bureau`, or `current` locked. Refuses fields outside
    `allowed`, asks for the change permission, sends a submitted object back to draft (`touch`) and sets
    the fields (texts stripped). Returns the object and the audit verb ("created" or "changed")."""
    fields = clean_fields(fields, allowed)
    if current is None:
        obj, verb = model(bureau=bureau, created_by=acting_user), "created"
    else:
        obj, verb = model.objects.select_for_update().get(pk=current.pk), "changed"
    permissions.require(acting_user, CHANGE, obj)
    touch(obj, acting_user)
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj, verb


def _ready(obj) -> None:
    check = READY_CHECKS.get(type(obj))
    if check is not None:
        check(obj)
    screening.require_clean(obj)


REVIEWS = {
    model: review_steps.Review(
        change=CHANGE,
        approve=APPROVE,
        draft=models.PubStatus.DRAFT,
        submitted=models.PubStatus.SUBMITTED,
        authors=authors,
        submitted_event=f"participation.{name}.submitted",
        published_event=f"participation.{name}.published",
        returned_event=f"participation.{name}.returned",
        not_submitted=gettext_noop("Only a submitted item can be approved."),
        not_returnable=gettext_noop("Only a submitted item can be returned."),
        reason_required=gettext_noop("Say why it is returned."),
        submitted_at="submitted_at",
    )
    for model, name in ENTITY.items()
}


@transaction.atomic
def submit(obj, *, acting_user, request=None):
    return review_steps.submit_for_review(
        REVIEWS[type(obj)], obj, acting_user=acting_user, check=_ready, request=request
    )


def may_approve(user, obj) -> bool:
    return review_steps.may_approve(REVIEWS[type(obj)], user, obj)


def _publish(obj, acting_user) -> dict:
    now = timezone.now()
    obj.status = models.PubStatus.PUBLISHED
    obj.approved_by, obj.approved_at = acting_user, now
    obj.published_at = obj.published_at or now
    hook = ON_APPROVE.get(type(obj))
    if hook is not None:
        hook(obj)
    obj.save()
    return {}


@transaction.atomic
def approve(obj, *, acting_user, confidentiality_result: str, notes: str = "", request=None):
    """Publish the submitted object (four eyes, confidentiality check, personal-data screen)."""
    return review_steps.approve(
        REVIEWS[type(obj)],
        obj,
        acting_user=acting_user,
        confidentiality_result=confidentiality_result,
        notes=notes,
        check=_ready,
        publish=lambda obj, _checked: _publish(obj, acting_user),
        request=request,
    )


@transaction.atomic
def send_back(obj, *, acting_user, reason: str, request=None):
    """Return a submitted object to its authors as a draft, with the reason."""
    return review_steps.return_for_changes(
        REVIEWS[type(obj)], obj, acting_user=acting_user, reason=reason, request=request
    )
