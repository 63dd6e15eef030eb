"""When the reply's files (答复书 DOCX + PDF) are made: numbered at approval, rendered by the worker.

The approval (`services/reply.approve_reply`) gives the reply its 答复书 number in the approving
transaction (gapless per bureau and year, `documents.allocate_reply_number`) and queues
`render_reply_documents`; with the database task queue the queue row commits with the approval, so a
crash cannot lose it, and the approver does not wait for two documents to be rendered (~30 ms of CPU
each time, more than the rest of the approval). The worker renders them once: a reply that already has
its files is skipped, under a lock of the reply row, so a second queueing (or the demo's batch) never
makes a second copy. If the queue refuses the job, the files are rendered at once, as before.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task

from . import documents
from .constants import ReplyStatus
from .models import AttachmentRole, Reply, RequestAttachment

logger = logging.getLogger(__name__)


def ensure_reply_documents(reply_pk: int) -> int:
    """Render the files of the approved reply `reply_pk` unless it has them; returns how many were made."""
    with transaction.atomic():
        reply = (
            Reply.objects.select_for_update(of=("self",))
            .select_related("request__bureau")
            .filter(pk=reply_pk, status=ReplyStatus.APPROVED)
            .first()
        )
        if reply is None:
            return 0
        if RequestAttachment.objects.filter(request_id=reply.request_id, role=AttachmentRole.REPLY).exists():
            return 0
        return len(documents.generate_reply_documents(reply) or ())


@task()
def render_reply_documents(reply_pk: int) -> int:
    """The worker's job after an approval (see the module docstring)."""
    return ensure_reply_documents(reply_pk)


def queue_reply_documents(reply: Reply) -> None:
    """Number the approved `reply` now and queue its files; render them now if the queue refuses."""
    documents.number_reply(reply)
    try:
        with transaction.atomic():
            render_reply_documents.enqueue(reply.pk)
    except Exception:
        logger.exception("Could not queue the reply documents of reply %s; rendering them now", reply.pk)
        ensure_reply_documents(reply.pk)
