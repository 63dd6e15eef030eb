"""Tasks left RUNNING by a killed worker go back to the queue."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def task_row(status, started_minutes_ago):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        started_at=now - dt.timedelta(minutes=started_minutes_ago) if started_minutes_ago is not None else None,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="gongkai.foi_requests.services.intake.send_acknowledgement",
        backend_name="default",
        run_after=now,
    )


def test_only_tasks_running_longer_than_the_limit_are_requeued():
    stale = task_row(TaskResultStatus.RUNNING, 45)
    recent = task_row(TaskResultStatus.RUNNING, 5)
    done = task_row(TaskResultStatus.SUCCESSFUL, 60)
    call_command("requeue_stale_tasks")
    for row in (stale, recent, done):
        row.refresh_from_db()
    assert (stale.status, stale.started_at) == (TaskResultStatus.READY, None)
    assert recent.status == TaskResultStatus.RUNNING and done.status == TaskResultStatus.SUCCESSFUL


def test_minutes_zero_requeues_every_running_task():
    row = task_row(TaskResultStatus.RUNNING, 0)
    call_command("requeue_stale_tasks", minutes=0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
