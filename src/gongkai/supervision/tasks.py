"""Background work of supervision: the reminders (the worker runs it; `manage.py supervision_reminders` from
cron once a day does the same, and the reminder log keeps both from sending twice)."""

from django.tasks import task


@task()
def send_supervision_reminders() -> int:
    from .reminders import send_reminders

    return send_reminders()
