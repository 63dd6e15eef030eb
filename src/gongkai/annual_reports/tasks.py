"""Background work of annual reports (Django tasks; `manage.py db_worker` runs them): the daily reminder.

From 1 January until the report of the past year is published (条例 Art. 49: by 31 January), the bureau's
editors, reviewers and leader get one e-mail a day (`reminders.send_due_reminders`); after 31 January the
mail says the report is late. The task re-enqueues itself for the next day at 08:00, like the FOI reminders
(`core.daily`: one waiting run at most); `manage.py annual_report_reminders` is the cron alternative.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from gongkai.core import daily

DAILY_AT = dt.time(8, 0)


@task()
def send_annual_report_reminders() -> int:
    from .reminders import send_due_reminders

    schedule_daily()  # first: a worker killed while sending must not end the chain
    return send_due_reminders()


def schedule_daily(now=None) -> bool:
    """Queue the next daily run unless one is waiting (core.daily; backends that cannot defer get nothing)."""
    return daily.schedule_daily(send_annual_report_reminders, DAILY_AT, now)


def schedule_after_migrate(sender=None, using=None, **kwargs) -> None:
    daily.schedule_after_migrate(send_annual_report_reminders, DAILY_AT, using=using, schedule=schedule_daily)
