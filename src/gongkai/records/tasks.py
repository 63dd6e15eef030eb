"""Background work (Django tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

import logging

from django.dispatch import receiver
from django.tasks import task

from .services import publish_scheduled
from .signals import publication_scheduled

logger = logging.getLogger(__name__)


@task
def publish_scheduled_records() -> int:
    """Publish the scheduled records whose time has come. Returns how many were published."""
    return len(publish_scheduled())


@receiver(publication_scheduled)
def enqueue_publication(sender=None, *, at, **kwargs) -> None:
    """Ask the worker to publish at `at` (`manage.py publish_scheduled` from cron does the same)."""
    try:
        backend = publish_scheduled_records.get_backend()
        if getattr(backend, "supports_defer", False):
            publish_scheduled_records.using(run_after=at).enqueue()
    except Exception:  # the cron command is the safety net
        logger.exception("Could not enqueue the scheduled publication at %s", at)
