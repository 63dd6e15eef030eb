"""Background work of FOI requests (Django tasks; `manage.py db_worker` runs them).

The daily reminders run as a task that re-enqueues itself for the next day at 08:00 local time.
Exactly one future run is kept in the queue: `schedule_daily_reminders()` adds one only when none
is waiting. The first one is queued after `migrate` (post_migrate, see apps.py), which `make demo`
and every deployment run before the worker starts; `manage.py foi_send_reminders` is the cron
alternative and `--schedule` re-queues the daily task if it was ever removed.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from gongkai.core import daily

DAILY_AT = dt.time(8, 0)


@task()
def send_daily_reminders() -> int:
    """Send today's FOI reminders, then queue tomorrow's run. Returns the number of messages sent."""
    from .reminders import send_due_reminders

    # Queue tomorrow's run first: a worker killed (kill -9) while sending must not end the chain.
    schedule_daily_reminders()
    return send_due_reminders()


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next 08:00 local time strictly after `now`."""
    return daily.next_run_at(DAILY_AT, now)


def pending_daily_runs():
    """The queued (not yet started) runs of the daily reminders, or None without a database queue."""
    return daily.pending_runs(send_daily_reminders)


def schedule_daily_reminders(now: dt.datetime | None = None) -> bool:
    """Queue the next daily run unless one is already waiting (core.daily). Returns True when it queued one."""
    return daily.schedule_daily(send_daily_reminders, DAILY_AT, now)


def schedule_after_migrate(sender=None, using=None, **kwargs) -> None:
    """post_migrate receiver: queue the first daily run if the task table exists and none is queued."""
    daily.schedule_after_migrate(send_daily_reminders, DAILY_AT, using=using, schedule=schedule_daily_reminders)
