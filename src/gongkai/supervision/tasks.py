"""Background work of supervision: the daily reminders in the worker. The task re-enqueues itself for the
next day at 08:30 local time (`core.daily`: one waiting run at most), the first run is queued after `migrate`;
`manage.py supervision_reminders` from cron does the same, and the reminder log keeps both from sending twice.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from gongkai.core import daily

DAILY_AT = dt.time(8, 30)


@task()
def send_supervision_reminders() -> int:
    from .reminders import send_reminders

    schedule_daily()  # first: a worker killed while sending must not end the chain
    return send_reminders()


def schedule_daily(now: dt.datetime | None = None) -> bool:
    """Queue the next daily run unless one is waiting (backends that cannot defer get nothing)."""
    return daily.schedule_daily(send_supervision_reminders, DAILY_AT, now)


def pending_daily_runs():
    return daily.pending_runs(send_supervision_reminders)


def schedule_after_migrate(sender=None, using=None, **kwargs) -> None:
    daily.schedule_after_migrate(send_supervision_reminders, DAILY_AT, using=using, schedule=schedule_daily)
