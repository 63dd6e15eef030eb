"""Background work of FOI requests (Django tasks; `manage.py db_worker` runs them).

The daily reminders run as a task that re-enqueues itself for the next day at 08:00 local time.
Exactly one future run is kept in the queue: `schedule_daily_reminders()` adds one only when none
is waiting. The first one is queued after `migrate` (post_migrate, see apps.py), which `make demo`
and every deployment run before the worker starts; `manage.py foi_send_reminders` is the cron
alternative and `--schedule` re-queues the daily task if it was ever removed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import DatabaseError, connections, router, transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

DAILY_AT = dt.time(8, 0)
# pg_advisory_xact_lock key: serializes "is one queued? if not, queue one" across processes.
_SCHEDULE_LOCK = 0x464F4901


@task()
def send_daily_reminders() -> int:
    """Send today's FOI reminders, then queue tomorrow's run. Returns the number of messages sent."""
    from .reminders import send_due_reminders

    # Queue tomorrow's run first: a worker killed (kill -9) while sending must not end the chain.
    schedule_daily_reminders()
    return send_due_reminders()


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next 08:00 local time strictly after `now`."""
    local = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(dt.datetime.combine(local.date(), DAILY_AT))
    if candidate <= local:
        candidate = timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), DAILY_AT))
    return candidate


def _database_queue(backend):
    """The django_tasks_db queue model when the backend stores tasks in the database, else None."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the package is a dependency
        return None
    return DBTaskResult if isinstance(backend, DatabaseBackend) else None


def pending_daily_runs():
    """The queued (not yet started) runs of the daily reminders, or None without a database queue."""
    backend = send_daily_reminders.get_backend()
    queue = _database_queue(backend)
    if queue is None:
        return None
    return queue.objects.filter(task_path=send_daily_reminders.module_path, backend_name=backend.alias, status="READY")


def schedule_daily_reminders(now: dt.datetime | None = None) -> bool:
    """Queue the next daily run unless one is already waiting. Returns True when it queued one.

    Backends that cannot defer a task (the immediate backend of the tests) get nothing queued:
    running the task at once would schedule itself again without end.
    """
    backend = send_daily_reminders.get_backend()
    if not getattr(backend, "supports_defer", False):
        return False
    queue = _database_queue(backend)
    at = next_run_at(now)
    if queue is None:
        send_daily_reminders.using(run_after=at).enqueue()
        return True
    using = router.db_for_write(queue)
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULE_LOCK])
        # (SQLite: IMMEDIATE transactions already serialize this block.)
        if pending_daily_runs().exists():
            return False
        send_daily_reminders.using(run_after=at).enqueue()
    logger.info("Daily FOI reminders queued for %s", at)
    return True


def schedule_after_migrate(sender=None, using=None, **kwargs) -> None:
    """post_migrate receiver: queue the first daily run if the task table exists and none is queued."""
    try:
        backend = send_daily_reminders.get_backend()
        queue = _database_queue(backend)
        if not getattr(backend, "supports_defer", False):
            return
        if queue is not None:
            db = router.db_for_write(queue)
            if using and db != using:
                return
            if queue._meta.db_table not in connections[db].introspection.table_names():
                return
        schedule_daily_reminders()
    except DatabaseError:
        logger.exception("Could not queue the daily FOI reminders; run `manage.py foi_send_reminders --schedule`.")
