"""Background work of annual reports (Django tasks; `manage.py db_worker` runs them): the daily reminder.

From 1 January until the report of the past year is published (条例 Art. 49: by 31 January), the bureau's
editors, reviewers and leader get one e-mail a day (`reminders.send_due_reminders`); after 31 January the
mail says the report is late. The task re-enqueues itself for the next day at 08:00, like the FOI reminders
(`foi_requests.tasks`: one waiting run at most); `manage.py annual_report_reminders` is the cron alternative.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.tasks import task

from gongkai.foi_requests.tasks import _database_queue, next_run_at

logger = logging.getLogger(__name__)


@task()
def send_annual_report_reminders() -> int:
    from .reminders import send_due_reminders

    schedule_daily()  # first: a worker killed while sending must not end the chain
    return send_due_reminders()


def schedule_daily(now=None) -> bool:
    """Queue the next daily run unless one is waiting (backends that cannot defer get nothing)."""
    backend = send_annual_report_reminders.get_backend()
    if not getattr(backend, "supports_defer", False):
        return False
    queue = _database_queue(backend)
    if (
        queue is not None
        and queue.objects.filter(
            task_path=send_annual_report_reminders.module_path, backend_name=backend.alias, status="READY"
        ).exists()
    ):
        return False
    send_annual_report_reminders.using(run_after=next_run_at(now)).enqueue()
    return True


def schedule_after_migrate(sender=None, **kwargs) -> None:
    try:
        schedule_daily()
    except DatabaseError:  # the queue's table is not there yet (a partial migration)
        logger.warning("annual-report reminders not scheduled: the task queue is not migrated")
