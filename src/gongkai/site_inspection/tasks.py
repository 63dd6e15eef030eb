"""The daily self-inspection in the worker: a task that inspects every bureau, then stays queued for the
next day at 06:00 local time (`core.daily`, as the daily FOI reminders); the first run is queued after
`migrate`. `manage.py site_inspection` runs it once (cron, or by hand)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from gongkai.core import daily

DAILY_AT = dt.time(6, 0)


@task()
def inspect_daily() -> int:
    """Inspect every bureau; returns how many failed. Tomorrow's run is queued first (a worker killed
    while inspecting must not end the chain)."""
    from .scoring import FAIL
    from .services import run_inspection

    schedule_daily_inspection()
    return sum(1 for result in run_inspection(trigger="daily") if result.verdict == FAIL)


def schedule_daily_inspection(now: dt.datetime | None = None) -> bool:
    return daily.schedule_daily(inspect_daily, DAILY_AT, now)


def pending_daily_runs():
    return daily.pending_runs(inspect_daily)


def schedule_after_migrate(sender=None, using=None, **kwargs) -> None:
    daily.schedule_after_migrate(inspect_daily, DAILY_AT, using=using, schedule=schedule_daily_inspection)
