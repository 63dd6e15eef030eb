"""Re-render what a change touched, in the background worker (`manage.py db_worker`).

The listener sees every audit record as it is saved (the `post_save` signal of `AuditLogEntry`, which
every service writes through `core.audit.record`); the keys of the events that reach the public are
collected per transaction and enqueued once it commits, so a rolled-back change publishes nothing and
the worker reads what was committed. The worker renders exactly the pages of those keys (`changes`).
Until a first `publish_site` has made a tree, nothing is enqueued (e.g. while `load_demo` runs). A change
whose keys are already waiting in the queue (frequent comments on one consultation) enqueues nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from gongkai.core import daily
from gongkai.core.locks import LockUnavailable

from . import changes, dated, publisher
from .models import PublishedPage

logger = logging.getLogger(__name__)

_pending = threading.local()


URGENT_PRIORITY = 50  # ahead of other work in the queue (django_tasks_db takes the highest first)
LATER_PRIORITY = -10
LOCK_RETRY_SECONDS = 30  # a task that found the shared locks (Redis) unreachable runs again this much later


@task(priority=URGENT_PRIORITY)
def publish_changes(keys: list[str], part: str = "urgent") -> dict:
    """Render and write the pages that show `keys`; returns the counts.

    First the pages a visitor waits for (the record, its lists and feeds); the pages that only count
    records (columns, catalogs, sitemaps) follow as a second task of lower priority, so that the next
    approval's record page does not wait for them.
    """
    specs = changes.specs_for_keys(keys)
    urgent = part == "urgent"
    try:
        summary = publisher.publish([s for s in specs if changes.is_urgent(s) == urgent])
    except LockUnavailable as error:
        # Redis (the shared locks) is down: never write a page unguarded; try again later, the pages
        # written so far stay (each is whole) and are written again, unchanged, by the next attempt.
        retry_at = timezone.now() + dt.timedelta(seconds=LOCK_RETRY_SECONDS)
        logger.error("Publishing of %s postponed to %s: %s", keys, retry_at.isoformat(), error)
        if getattr(publish_changes.get_backend(), "supports_defer", False):
            priority = URGENT_PRIORITY if urgent else LATER_PRIORITY
            publish_changes.using(priority=priority, run_after=retry_at).enqueue(keys, part=part)
        return {"written": 0, "unchanged": 0, "removed": 0, "retry_at": retry_at.isoformat()}
    if urgent and any(not changes.is_urgent(s) for s in specs):
        publish_changes.using(priority=LATER_PRIORITY).enqueue(keys, part="later")
    return {"written": summary.written, "unchanged": summary.unchanged, "removed": summary.removed}


DAILY_AT = dt.time(0, 10)  # local time: just after midnight, when "due soon" and "overdue" move


@task()
def republish_dated_pages() -> dict:
    """Re-render the published pages whose date-relative content changed since they were rendered
    (`dated`); tomorrow's run is queued first. Nothing is written while publishing on change is off."""
    schedule_dated_pages()
    if not settings.PUBLISH_ON_CHANGE or not PublishedPage.objects.exists():
        return {"written": 0, "unchanged": 0, "removed": 0}
    summary = publisher.publish(dated.dated_specs())
    return {"written": summary.written, "unchanged": summary.unchanged, "removed": summary.removed}


def schedule_dated_pages(now: dt.datetime | None = None) -> bool:
    return daily.schedule_daily(republish_dated_pages, DAILY_AT, now)


def schedule_after_migrate(sender=None, using=None, **kwargs) -> None:
    daily.schedule_after_migrate(republish_dated_pages, DAILY_AT, using=using, schedule=schedule_dated_pages)


def on_audit_saved(sender, instance, created, **kwargs) -> None:
    if not created or not settings.PUBLISH_ON_CHANGE:
        return
    keys = changes.keys_for_event(instance)
    if not keys:
        return
    pending = getattr(_pending, "keys", None)
    if pending is None:
        pending = _pending.keys = set()
    pending |= keys
    transaction.on_commit(_flush)


def _flush() -> None:
    keys = getattr(_pending, "keys", None)
    _pending.keys = None
    if not keys:
        return  # an earlier callback of the same transaction took them
    if not PublishedPage.objects.exists():
        return  # no tree yet (`publish_site` makes the first): nothing to keep current
    if _already_waiting(sorted(keys)):
        return  # a publication of the same keys has not started yet: it will read what was just committed
    try:
        publish_changes.enqueue(sorted(keys))
    except Exception:  # the nightly `publish_site` is the safety net
        logger.exception("Could not enqueue the publication of %s", sorted(keys))


def _already_waiting(keys: list[str]) -> bool:
    """Whether the database queue holds a publication of exactly `keys` that no worker has claimed yet.

    Comments on a consultation and survey responses arrive many a second at busy times; each would
    enqueue the same re-render. A task still waiting (READY) is claimed after this commit, and so renders
    what it committed: one waiting task serves every change that comes before it starts. Only with the
    database queue (`django_tasks_db`); other backends always enqueue."""
    if settings.TASKS.get("default", {}).get("BACKEND") != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status="READY", task_path=publish_changes.module_path, args_kwargs={"args": [keys], "kwargs": {}}
    )
    try:
        return waiting.exists()
    except Exception:  # never lose a publication over the check
        logger.exception("Could not look for a waiting publication of %s", keys)
        return False
