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

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality

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


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


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


def _ready(obj) -> None:
    check = READY_CHECKS.get(type(obj))
    if check is not None:
        check(obj)
    screening.require_clean(obj)


@transaction.atomic
def submit(obj, *, acting_user, request=None):
    obj = _locked(obj)
    permissions.require(acting_user, CHANGE, obj)
    if obj.status != models.PubStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."), code="not_draft")
    _ready(obj)
    obj.status = models.PubStatus.SUBMITTED
    obj.submitted_by, obj.submitted_at = acting_user, timezone.now()
    obj.save()
    audit.record(f"participation.{entity(obj)}.submitted", user=acting_user, instance=obj, request=request)
    return obj


def may_approve(user, obj) -> bool:
    return (
        obj.status == models.PubStatus.SUBMITTED
        and permissions.can(user, APPROVE, obj)
        and permissions.may_approve(user, obj, authors=authors(obj))
    )


@transaction.atomic
def approve(obj, *, acting_user, confidentiality_result: str, notes: str = "", request=None):
    """Publish the submitted object (four eyes, confidentiality check, personal-data screen)."""
    obj = _locked(obj)
    if obj.status != models.PubStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted item can be approved."), code="not_submitted")
    permissions.require_four_eyes(acting_user, obj, authors=authors(obj))
    permissions.require(acting_user, APPROVE, obj)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    _ready(obj)
    now = timezone.now()
    obj.status = models.PubStatus.PUBLISHED
    obj.approved_by, obj.approved_at = acting_user, now
    obj.confidentiality_result, obj.confidentiality_notes = result, notes
    obj.published_at = obj.published_at or now
    hook = ON_APPROVE.get(type(obj))
    if hook is not None:
        hook(obj)
    obj.save()
    audit.record(
        f"participation.{entity(obj)}.published",
        user=acting_user,
        instance=obj,
        request=request,
        data={
            "authors": sorted({a for a in authors(obj) if a is not None}),
            "confidentiality_result": result,
            "notes": notes,
        },
    )
    return obj


@transaction.atomic
def send_back(obj, *, acting_user, reason: str, request=None):
    """Return a submitted object to its authors as a draft, with the reason."""
    obj = _locked(obj)
    permissions.require(acting_user, APPROVE, obj)
    if obj.status != models.PubStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted item can be returned."), code="not_submitted")
    if not (reason or "").strip():
        raise ValidationError(_("Say why it is returned."), code="reason_required")
    obj.status = models.PubStatus.DRAFT
    obj.save()
    audit.record(
        f"participation.{entity(obj)}.returned", user=acting_user, instance=obj, request=request, data={"reason": reason.strip()}
    )
    return obj
