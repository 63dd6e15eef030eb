"""Re-render what a change touched, in the background worker (`manage.py db_worker`).

The listener sees every audit record as it is saved (the `post_save` signal of `AuditLogEntry`, which
every service writes through `core.audit.record`); the keys of the events that reach the public are
collected per transaction and enqueued once it commits, so a rolled-back change publishes nothing and
the worker reads what was committed. The worker renders exactly the pages of those keys (`changes`).
Until a first `publish_site` has made a tree, nothing is enqueued (e.g. while `load_demo` runs). A change
whose keys are already waiting in the queue (frequent comments on one consultation) enqueues nothing more.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import transaction
from django.tasks import task

from . import changes, publisher
from .models import PublishedPage

logger = logging.getLogger(__name__)

_pending = threading.local()


URGENT_PRIORITY = 50  # ahead of other work in the queue (django_tasks_db takes the highest first)
LATER_PRIORITY = -10


@task(priority=URGENT_PRIORITY)
def publish_changes(keys: list[str], part: str = "urgent") -> dict:
    """Render and write the pages that show `keys`; returns the counts.

    First the pages a visitor waits for (the record, its lists and feeds); the pages that only count
    records (columns, catalogs, sitemaps) follow as a second task of lower priority, so that the next
    approval's record page does not wait for them.
    """
    specs = changes.specs_for_keys(keys)
    urgent = part == "urgent"
    summary = publisher.publish([s for s in specs if changes.is_urgent(s) == urgent])
    if urgent and any(not changes.is_urgent(s) for s in specs):
        publish_changes.using(priority=LATER_PRIORITY).enqueue(keys, part="later")
    return {"written": summary.written, "unchanged": summary.unchanged, "removed": summary.removed}


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
