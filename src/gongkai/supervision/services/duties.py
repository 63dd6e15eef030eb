"""Leader duties and training records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from ..models import LeaderActivity, TrainingAttendee, TrainingSession
from ..rules import FILE

# ---- leader duties and training ----------------------------------------------------------------------


@transaction.atomic
def leader_activity_add(
    *, bureau, kind: str, on: dt.date, leader_name: str, title: str, notes: str = "", acting_user, request=None
) -> LeaderActivity:
    permissions.require(acting_user, FILE, bureau)
    if not (leader_name or "").strip() or not (title or "").strip():
        raise ValidationError(_("Name the leader and the subject."), code="required")
    activity = LeaderActivity.objects.create(
        bureau=bureau,
        kind=kind,
        on=on,
        leader_name=leader_name.strip(),
        title=title.strip(),
        notes=notes,
        created_by=acting_user,
    )
    audit.record(
        "supervision.leader_activity.created",
        user=acting_user,
        instance=activity,
        request=request,
        data={"kind": kind, "on": on.isoformat()},
    )
    return activity


@transaction.atomic
def training_add(
    *, bureau, on: dt.date, title: str, attendees, trainer: str = "", hours=0, acting_user, request=None
) -> TrainingSession:
    """A training session with its attendees [(name, unit), …]."""
    permissions.require(acting_user, FILE, bureau)
    people = [((name or "").strip(), (unit or "").strip()) for name, unit in attendees or []]
    people = [p for p in people if p[0]]
    if not (title or "").strip():
        raise ValidationError(_("The training needs a title."), code="title_required")
    if not people:
        raise ValidationError(_("List the attendees."), code="attendees_required")
    session = TrainingSession.objects.create(
        bureau=bureau, on=on, title=title.strip(), trainer=trainer, hours=hours, created_by=acting_user
    )
    TrainingAttendee.objects.bulk_create(TrainingAttendee(session=session, name=n, unit=u) for n, u in people)
    audit.record(
        "supervision.training.created",
        user=acting_user,
        instance=session,
        request=request,
        data={"attendees": len(people)},
    )
    return session
