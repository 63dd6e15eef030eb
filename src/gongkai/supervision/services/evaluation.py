"""Evaluation: the scheme, manual scores, inspections (专项督查) and their findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from .. import indicators
from ..models import (
    EvaluationScheme,
    Finding,
    Inspection,
    ManualScore,
    SchemeEntry,
)
from ..rules import FILE, MANAGE, REVIEW

# ---- evaluation ---------------------------------------------------------------------------------------


def _points(value) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise ValidationError(_("Points must be a number."), code="invalid_points") from exc
    if points < 0:
        raise ValidationError(_("Points cannot be negative."), code="invalid_points")
    return points


@transaction.atomic
def scheme_save(*, city, year: int, name: str, weights: dict[str, object], acting_user, request=None):
    """The evaluation scheme of `year`: points per registered indicator (automatic and manual)."""
    permissions.require(acting_user, MANAGE, city)
    unknown = [code for code in weights if indicators.get(code) is None]
    if unknown:
        raise ValidationError(
            _("Unknown indicators: %(c)s"), code="unknown_indicator", params={"c": ", ".join(unknown)}
        )
    scheme, _created = EvaluationScheme.objects.update_or_create(
        city=city, year=year, defaults={"name": (name or "").strip() or _("Evaluation %(year)s") % {"year": year}}
    )
    keep = []
    for position, (code, weight) in enumerate(weights.items()):
        entry, _c = SchemeEntry.objects.update_or_create(
            scheme=scheme, indicator=code, defaults={"weight": _points(weight), "position": position}
        )
        keep.append(entry.pk)
    scheme.entries.exclude(pk__in=keep).delete()
    audit.record(
        "supervision.scheme.changed",
        user=acting_user,
        instance=scheme,
        request=request,
        data={"weights": {k: str(v) for k, v in weights.items()}},
    )
    return scheme


@transaction.atomic
def manual_score_set(*, entry: SchemeEntry, bureau, points, note: str = "", acting_user, request=None):
    """Enter a manual indicator's points for a bureau (0 … the entry's weight)."""
    permissions.require(acting_user, MANAGE, bureau)
    indicator = indicators.get(entry.indicator)
    if indicator is None or not indicator.is_manual:
        raise ValidationError(_("Only a manual indicator takes entered points."), code="not_manual")
    points = _points(points)
    if points > entry.weight:
        raise ValidationError(_("At most %(w)s points."), code="too_many_points", params={"w": entry.weight})
    score, _c = ManualScore.objects.update_or_create(
        entry=entry, bureau=bureau, defaults={"points": points, "note": note, "entered_by": acting_user}
    )
    audit.record(
        "supervision.manual_score.entered",
        user=acting_user,
        instance=entry.scheme,
        request=request,
        bureau_code=bureau.code,
        data={"indicator": entry.indicator, "points": str(points)},
    )
    return score


@transaction.atomic
def inspection_create(*, city, title: str, on: dt.date, acting_user, request=None) -> Inspection:
    permissions.require(acting_user, MANAGE, city)
    inspection = Inspection.objects.create(city=city, title=title.strip(), on=on, created_by=acting_user)
    audit.record("supervision.inspection.created", user=acting_user, instance=inspection, request=request)
    return inspection


INSPECTION_FIELDS = ("title", "on")


def _inspection_state(inspection: Inspection) -> dict:
    return {"title": inspection.title, "on": inspection.on.isoformat()}


@transaction.atomic
def inspection_update(*, inspection, title: str, on: dt.date, acting_user, request=None) -> Inspection:
    """Correct an inspection's title or date, while none of its findings has been verified."""
    permissions.require(acting_user, MANAGE, inspection.city)
    inspection = Inspection.objects.select_for_update().select_related("city").get(pk=inspection.pk)
    title = (title or "").strip()
    if not title or on is None:
        raise ValidationError(_("The inspection needs a title and a date."), code="required")
    if inspection.findings.filter(verified_at__isnull=False).exists():
        raise ValidationError(
            _("A finding of this inspection was verified: the inspection can no longer be changed."),
            code="inspection_verified",
        )
    before = _inspection_state(inspection)
    inspection.title, inspection.on = title, on
    inspection.save(update_fields=[*INSPECTION_FIELDS, "updated_at"])
    after = _inspection_state(inspection)
    if after != before:
        audit.record(
            "supervision.inspection.changed",
            user=acting_user,
            instance=inspection,
            request=request,
            data={"before": before, "after": after},
        )
    return inspection


@transaction.atomic
def inspection_delete(*, inspection, acting_user, request=None) -> None:
    """Delete an inspection recorded by mistake: only while it has no findings."""
    permissions.require(acting_user, MANAGE, inspection.city)
    inspection = Inspection.objects.select_for_update().select_related("city").get(pk=inspection.pk)
    if inspection.findings.exists():
        raise ValidationError(
            _("The inspection has findings: it cannot be deleted."),
            code="inspection_has_findings",
        )
    audit.record(
        "supervision.inspection.deleted",
        user=acting_user,
        instance=inspection,
        request=request,
        data={"before": _inspection_state(inspection)},
    )
    inspection.delete()


@transaction.atomic
def finding_add(*, inspection, bureau, description: str, rectify_by: dt.date, acting_user, request=None) -> Finding:
    permissions.require(acting_user, MANAGE, bureau)
    if not (description or "").strip():
        raise ValidationError(_("Describe the finding."), code="required")
    finding = Finding.objects.create(
        inspection=inspection, bureau=bureau, description=description.strip(), rectify_by=rectify_by
    )
    audit.record("supervision.finding.created", user=acting_user, instance=finding, request=request)
    return finding


@transaction.atomic
def finding_rectify(*, finding, rectified_on: dt.date, rectification: str, acting_user, request=None) -> Finding:
    """The county reports what it changed."""
    permissions.require(acting_user, FILE, finding.bureau)
    if not (rectification or "").strip():
        raise ValidationError(_("Say what was rectified."), code="required")
    finding.rectified_on, finding.rectification = rectified_on, rectification.strip()
    finding.verified_at = finding.verified_by = None
    finding.save()
    audit.record("supervision.finding.rectified", user=acting_user, instance=finding, request=request)
    return finding


@transaction.atomic
def finding_verify(*, finding, acting_user, request=None) -> Finding:
    """The city confirms the rectification."""
    permissions.require(acting_user, REVIEW, finding.bureau)
    if finding.rectified_on is None:
        raise ValidationError(_("Nothing to verify: the finding is not rectified yet."), code="not_rectified")
    finding.verified_at, finding.verified_by = timezone.now(), acting_user
    finding.save()
    audit.record("supervision.finding.verified", user=acting_user, instance=finding, request=request)
    return finding
