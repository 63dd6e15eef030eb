"""Put background tasks left RUNNING by a worker that died (kill -9, power loss) back in the queue.

The database task queue never hands a RUNNING task to another worker, so a task whose worker was
killed would stay unfinished for ever. Every Gongkai task is safe to run again (each checks what is
already done), so a stale one is simply made READY again. Run it before starting the worker
(`run_demo` does; with a single worker, `--minutes 0`), or from cron with the default age.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Requeue background tasks left running by a worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=30,
            help="Only tasks started at least this many minutes ago (0: all; use 0 only when no worker runs).",
        )

    def handle(self, *args, minutes, **options):
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - dt.timedelta(minutes=minutes)
        with transaction.atomic():
            stale = DBTaskResult.objects.select_for_update().filter(
                status=TaskResultStatus.RUNNING, started_at__lte=cutoff
            )
            count = stale.update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(_("Requeued %(count)d stale task(s).") % {"count": count})
