"""Consultations on drafts (征求意见, 条例 Art. 14) and their adoption summaries (意见采纳情况, Art. 18 and 32).

The period is checked by the one rules module (`periods.check_period` → `rules.consultation_period`) on
every save, submission and approval; a period shorter than the rule needs an urgency reason, which the
public page shows. The adoption summary is linked one-to-one, prepared from the comments' themes and
decisions, published (four eyes) after closing, due `summary_due_days` after the closing day.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from .. import models
from ..actions import CHANGE
from ..periods import check_period
from . import publication

FIELDS = (
    "kind",
    "title",
    "summary",
    "draft",
    "explanation",
    "channels",
    "opens",
    "closes",
    "urgent_reason",
    "moderation",
    "summary_due_days",
    "matter",
)


def check(consultation) -> None:
    """Raise a ValidationError (field `closes`, code `period`) unless the period is lawful."""
    result = check_period(
        kind=consultation.kind,
        opens=consultation.opens,
        closes=consultation.closes,
        urgent_reason=consultation.urgent_reason,
    )
    if not result.ok:
        raise ValidationError({"closes": ValidationError(result.reason, code="period")})
    if not result.shortened:
        consultation.urgent_reason = ""


def _clean(consultation) -> None:
    if consultation.kind not in models.PERIOD_KINDS:
        raise ValidationError({"kind": ValidationError(_("Choose the kind of draft."), code="invalid_kind")})
    if consultation.matter is not None and consultation.matter.catalog.bureau_id != consultation.bureau_id:
        raise ValidationError({"matter": ValidationError(_("Choose a matter of this bureau."), code="other_bureau")})
    consultation.full_clean(exclude=["bureau", "draft", "explanation", "matter"])
    check(consultation)


@transaction.atomic
def consultation_save(*, bureau=None, fields: dict, acting_user, consultation=None, request=None):
    """Create a consultation of `bureau` (or change the draft `consultation`)."""
    consultation, verb = publication.edit(
        models.Consultation,
        bureau=bureau,
        current=consultation,
        fields=fields,
        allowed=FIELDS,
        acting_user=acting_user,
    )
    _clean(consultation)
    consultation.save()
    audit.record(
        f"participation.consultation.{verb}",
        user=acting_user,
        instance=consultation,
        request=request,
        data={"opens": str(consultation.opens), "closes": str(consultation.closes), "kind": consultation.kind},
    )
    return consultation


def _consultation_ready(consultation) -> None:
    if consultation.draft is None:
        raise ValidationError(_("Attach the draft before publishing."), code="draft_required")
    check(consultation)


publication.READY_CHECKS[models.Consultation] = _consultation_ready


def phase(consultation, today: dt.date | None = None) -> str:
    """`upcoming`, `open` or `closed` (the API's `status` of a published consultation)."""
    today = today or timezone.localdate()
    if today < consultation.opens:
        return "upcoming"
    if today <= consultation.closes:
        return "open"
    return "closed"


def summary_due_on(consultation) -> dt.date:
    return consultation.closes + dt.timedelta(days=consultation.summary_due_days)


def summary_late(consultation, today: dt.date | None = None) -> bool:
    """The adoption summary is not published and its due day has passed."""
    today = today or timezone.localdate()
    summary = getattr(consultation, "adoption_summary", None)
    published = summary is not None and summary.published_at is not None
    return not published and today > summary_due_on(consultation)


# --- the adoption summary ---------------------------------------------------------------------------


def theme_table(consultation) -> tuple[list[dict], dict]:
    """Per theme: received, adopted (fully or partly), not adopted and the reasons given; and the totals."""
    themes: OrderedDict[str, dict] = OrderedDict()
    totals = {"received": 0, "adopted": 0, "not_adopted": 0}
    for comment in consultation.comments.order_by("theme", "created_at", "pk"):
        key = comment.theme or _("Other")
        row = themes.setdefault(key, {"theme": key, "received": 0, "adopted": 0, "not_adopted": 0, "reasons": ""})
        row["received"] += 1
        totals["received"] += 1
        if comment.adoption in (models.Adoption.ADOPTED, models.Adoption.PARTLY):
            row["adopted"] += 1
            totals["adopted"] += 1
        elif comment.adoption == models.Adoption.NOT_ADOPTED:
            row["not_adopted"] += 1
            totals["not_adopted"] += 1
            reason = comment.adoption_reason.strip()
            if reason and reason not in row["reasons"]:
                row["reasons"] = f"{row['reasons']}\n{reason}".strip()
    return list(themes.values()), totals


@transaction.atomic
def summary_prepare(*, consultation, acting_user, body: str | None = None, reasons: dict | None = None, request=None):
    """Create or refresh the adoption summary from the comments (counts per theme); `reasons` per theme replace
    the reasons gathered from the comments. Only after the consultation closed."""
    consultation = models.Consultation.objects.select_for_update().get(pk=consultation.pk)
    permissions.require(acting_user, CHANGE, consultation)
    if consultation.published_at is None or phase(consultation) != "closed":
        raise ValidationError(
            _("The adoption summary is written after the consultation has closed."), code="not_closed"
        )
    summary, created = models.AdoptionSummary.objects.get_or_create(
        consultation=consultation, defaults={"created_by": acting_user, "last_edited_by": acting_user}
    )
    publication.touch(summary, acting_user)
    themes, totals = theme_table(consultation)
    for row in themes:
        if reasons and row["theme"] in reasons:
            row["reasons"] = reasons[row["theme"]].strip()
    summary.themes = themes
    summary.received, summary.adopted, summary.not_adopted = (
        totals["received"],
        totals["adopted"],
        totals["not_adopted"],
    )
    if body is not None:
        summary.body = body.strip()
    summary.save()
    audit.record(
        "participation.summary.prepared",
        user=acting_user,
        instance=summary,
        request=request,
        data={**totals, "created": created},
    )
    return summary


def _summary_ready(summary) -> None:
    if phase(summary.consultation) != "closed":
        raise ValidationError(
            _("The adoption summary is published after the consultation has closed."), code="not_closed"
        )
    undecided = summary.consultation.comments.filter(adoption="").count()
    if undecided:
        raise ValidationError(
            _("%(n)s comments have no adoption decision yet."), code="undecided", params={"n": undecided}
        )
    missing = [row["theme"] for row in summary.themes if row["not_adopted"] and not row.get("reasons")]
    if missing:
        raise ValidationError(
            _("Give the reasons for not adopting the opinions on: %(themes)s"),
            code="reasons_required",
            params={"themes": "、".join(missing)},
        )


publication.READY_CHECKS[models.AdoptionSummary] = _summary_ready
