"""Background work of application progress (Django tasks; `manage.py db_worker` runs them): pushes.

Recording a status event creates one `PushLog` row per subscription and sends `services.pushes_created`;
`on_pushes_created` enqueues one `deliver_push` per row after the commit. A failed attempt is retried with a
doubling wait (1, 2, 4, 8 minutes) up to `PUSH_MAX_ATTEMPTS` attempts; a backend that cannot defer (the
tests' immediate backend) retries at once, which the same bound stops.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .constants import PUSH_RETRY_BASE, PushStatus
from .services import push_deliver


@task()
def deliver_push(push_id: int) -> str:
    """Try to deliver one push; queue the next attempt when it failed and attempts are left. Returns its status."""
    push = push_deliver(push_id=push_id)
    if push.status == PushStatus.RETRYING:
        backend = deliver_push.get_backend()
        if getattr(backend, "supports_defer", False):
            wait = PUSH_RETRY_BASE * (2 ** (push.attempts - 1))
            deliver_push.using(run_after=timezone.now() + wait).enqueue(push.pk)
        else:
            deliver_push.enqueue(push.pk)
    return push.status


def on_pushes_created(sender, *, push_ids, **kwargs) -> None:
    def enqueue():
        for push_id in push_ids:
            deliver_push.enqueue(push_id)

    transaction.on_commit(enqueue)
