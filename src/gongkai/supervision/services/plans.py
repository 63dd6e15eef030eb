"""Work plans (工作方案): tasks, submission to the city, review."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit

from ..models import ReviewStatus, WorkPlan, WorkPlanTask
from ..rules import FILE
from .common import EDITABLE, _review, _submit

# ---- work plans ---------------------------------------------------------------------------------------


TASK_FIELDS = ("title", "responsible_unit", "responsible_person", "contact", "due")


def _clean_tasks(tasks) -> list[dict]:
    cleaned = []
    for number, task in enumerate(tasks or [], start=1):
        row = {name: task.get(name) for name in TASK_FIELDS}
        for name in TASK_FIELDS[:-1]:
            row[name] = (row[name] or "").strip()
        missing = [name for name in TASK_FIELDS if not row[name]]
        if missing:
            raise ValidationError(
                _("Task %(n)s needs a task, responsible unit, responsible person, contact and due date."),
                code="task_incomplete",
                params={"n": number},
            )
        row["done_on"] = task.get("done_on")
        cleaned.append(row)
    return cleaned


@transaction.atomic
def plan_save(*, bureau, year: int, title: str, summary: str = "", tasks, acting_user, request=None) -> WorkPlan:
    """Create or change the bureau's work plan of `year` (while a draft or returned)."""
    permissions.require(acting_user, FILE, bureau)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("The work plan needs a title."), code="title_required")
    rows = _clean_tasks(tasks)
    if not rows:
        raise ValidationError(_("List at least one task."), code="tasks_required")
    plan = WorkPlan.objects.select_for_update().filter(bureau=bureau, year=year).first()
    if plan is None:
        plan = WorkPlan.objects.create(bureau=bureau, year=year, title=title, summary=summary, created_by=acting_user)
    elif plan.status not in EDITABLE:
        raise ValidationError(_("A submitted or accepted plan cannot be changed."), code="not_editable")
    else:
        plan.title, plan.summary = title, summary
        plan.save(update_fields=["title", "summary", "updated_at"])
    plan.tasks.all().delete()
    WorkPlanTask.objects.bulk_create(WorkPlanTask(plan=plan, position=i, **row) for i, row in enumerate(rows))
    audit.record(
        "supervision.work_plan.changed", user=acting_user, instance=plan, request=request, data={"tasks": len(rows)}
    )
    return plan


@transaction.atomic
def task_done(*, task, done_on: dt.date, acting_user, request=None) -> WorkPlanTask:
    """Mark a task of an accepted plan done (the campaign's completion is the last task done)."""
    permissions.require(acting_user, FILE, task.plan.bureau)
    if task.plan.status != ReviewStatus.ACCEPTED:
        raise ValidationError(_("Only a task of a plan accepted by the city can be done."), code="plan_not_accepted")
    if done_on is None or done_on > timezone.localdate():
        raise ValidationError(_("Give the date the task was done (not a future date)."), code="invalid_done_on")
    task.done_on = done_on
    task.save(update_fields=["done_on", "updated_at"])
    audit.record(
        "supervision.work_plan.task_done",
        user=acting_user,
        instance=task.plan,
        request=request,
        data={"task": task.pk, "done_on": done_on.isoformat()},
    )
    return task


@transaction.atomic
def plan_submit(*, plan, acting_user, today=None, request=None) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    return _submit(plan, acting_user=acting_user, today=today, event="supervision.work_plan.submitted", request=request)


@transaction.atomic
def plan_review(*, plan, acting_user, accept: bool, comment: str = "", request=None) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    return _review(
        plan,
        acting_user=acting_user,
        accept=accept,
        comment=comment,
        event_prefix="supervision.work_plan",
        request=request,
    )
