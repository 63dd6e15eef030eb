"""Campaigns: milestones and per-bureau due dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from .. import schedule
from ..models import BureauDueDate, CampaignMilestone, MilestoneKind
from ..rules import MANAGE

# ---- campaigns ------------------------------------------------------------------------------------------


@transaction.atomic
def milestone_add(*, campaign, kind: str, label: str, due: dt.date, acting_user, quarter=None, request=None):
    """A dated step of `campaign` beyond its catalog milestones (work plan, quarterly report, completion)."""
    permissions.require(acting_user, MANAGE, campaign.city)
    if kind not in MilestoneKind.values:
        raise ValidationError(_("Choose the kind of the step."), code="invalid_kind")
    if kind == MilestoneKind.QUARTERLY_REPORT and quarter not in (1, 2, 3, 4):
        raise ValidationError(_("A quarterly report step needs its quarter."), code="quarter_required")
    milestone = CampaignMilestone.objects.create(
        campaign=campaign,
        kind=kind,
        label=(label or "").strip(),
        due=due,
        year=due.year,
        quarter=quarter,
    )
    audit.record(
        "supervision.milestone.created",
        user=acting_user,
        instance=milestone,
        request=request,
        data={"kind": kind, "due": due.isoformat(), "campaign": campaign.pk},
    )
    return milestone


@transaction.atomic
def standard_milestones(*, campaign, year: int, work_plan_due: dt.date, completion_due: dt.date, acting_user):
    """The notice's steps: the work plan, the four quarter ends of `year`, completion (the catalog steps are the
    campaign's own dates)."""
    made = [
        milestone_add(
            campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="", due=work_plan_due, acting_user=acting_user
        )
    ]
    made += [
        milestone_add(
            campaign=campaign,
            kind=MilestoneKind.QUARTERLY_REPORT,
            quarter=quarter,
            label="",
            due=schedule.quarter_end(year, quarter),
            acting_user=acting_user,
        )
        for quarter in (1, 2, 3, 4)
    ]
    made.append(
        milestone_add(
            campaign=campaign, kind=MilestoneKind.COMPLETION, label="", due=completion_due, acting_user=acting_user
        )
    )
    return made


@transaction.atomic
def bureau_due_set(*, milestone, bureau, due: dt.date, acting_user, request=None) -> BureauDueDate:
    """Give one bureau its own date for a step (an extension granted by the city)."""
    permissions.require(acting_user, MANAGE, bureau)
    row, _created = BureauDueDate.objects.update_or_create(milestone=milestone, bureau=bureau, defaults={"due": due})
    audit.record(
        "supervision.milestone.bureau_due",
        user=acting_user,
        instance=milestone,
        request=request,
        bureau_code=bureau.code,
        data={"bureau": bureau.code, "due": due.isoformat()},
    )
    return row
