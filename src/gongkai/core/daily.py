"""Daily background tasks that re-enqueue themselves (Django tasks with the database queue).

A daily task calls `schedule_daily(task, at)` first thing when it runs, so that exactly one future run
stays in the queue: one is added only when none is waiting (a named lock serializes "is one queued? if
not, queue one" across processes on PostgreSQL; SQLite's IMMEDIATE transactions already do). The first
run is queued after `migrate` (`schedule_after_migrate` as a post_migrate receiver). Used by the daily FOI
reminders (`foi_requests.tasks`) and the daily self-inspection (`site_inspection.tasks`).
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib

from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def next_run_at(at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next `at` local time strictly after `now`."""
    local = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(dt.datetime.combine(local.date(), at))
    if candidate <= local:
        candidate = timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), at))
    return candidate


def _database_queue(backend):
    """The django_tasks_db queue model when the backend stores tasks in the database, else None."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the package is a dependency
        return None
    return DBTaskResult if isinstance(backend, DatabaseBackend) else None


def pending_runs(task):
    """The queued (not yet started) runs of `task`, or None without a database queue."""
    backend = task.get_backend()
    queue = _database_queue(backend)
    if queue is None:
        return None
    return queue.objects.filter(task_path=task.module_path, backend_name=backend.alias, status="READY")


def _lock_key(task) -> int:
    return zlib.crc32(task.module_path.encode())


def schedule_daily(task, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue the next run of `task` at `at` unless one is already waiting. Returns True when it queued one.

    Backends that cannot defer a task (the immediate backend of the tests) get nothing queued: running the
    task at once would schedule itself again without end.
    """
    backend = task.get_backend()
    if not getattr(backend, "supports_defer", False):
        return False
    queue = _database_queue(backend)
    when = next_run_at(at, now)
    if queue is None:
        task.using(run_after=when).enqueue()
        return True
    using = router.db_for_write(queue)
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(task)])
        if pending_runs(task).exists():
            return False
        task.using(run_after=when).enqueue()
    logger.info("%s queued for %s", task.module_path, when)
    return True


def schedule_after_migrate(task, at: dt.time, *, using=None, schedule=None) -> None:
    """post_migrate: queue the first run of `task` if the task table exists and none is queued
    (`schedule`: the app's own function that queues it, default `schedule_daily(task, at)`)."""
    try:
        backend = task.get_backend()
        queue = _database_queue(backend)
        if not getattr(backend, "supports_defer", False):
            return
        if queue is not None:
            db = router.db_for_write(queue)
            if using and db != using:
                return
            if queue._meta.db_table not in connections[db].introspection.table_names():
                return
        (schedule or (lambda: schedule_daily(task, at)))()
    except DatabaseError:
        logger.exception("Could not queue the daily task %s.", task.module_path)
