"""Re-render what a change touched, in the background worker (`manage.py db_worker`).

The listener sees every audit record as it is saved (the `post_save` signal of `AuditLogEntry`, which
every service writes through `core.audit.record`); the keys of the events that reach the public are
collected per transaction and enqueued once it commits, so a rolled-back change publishes nothing and
the worker reads what was committed. The worker renders exactly the pages of those keys (`changes`).
Until a first `publish_site` has made a tree, nothing is enqueued (e.g. while `load_demo` runs).
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


@task
def publish_changes(keys: list[str]) -> dict:
    """Render and write the pages that show `keys`; returns the counts."""
    summary = publisher.publish(changes.specs_for_keys(keys))
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
    try:
        publish_changes.enqueue(sorted(keys))
    except Exception:  # the nightly `publish_site` is the safety net
        logger.exception("Could not enqueue the publication of %s", sorted(keys))
