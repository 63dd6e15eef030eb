"""Materialise the intake journal's pending entries now (gongkai.core.intake).

The worker does this entry by entry as the submissions arrive; the command catches up after a crash
with a non-database task queue, or drains a backlog in a second process. `--retry-failed` tries again the
entries that could not be registered (reported by `manage.py check` as gongkai.W102), once the cause is fixed.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gongkai.core import intake


class Command(BaseCommand):
    help = "Materialise the pending entries of the public intake journal."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=0, help="At most this many entries (0: all).")
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Also try again the entries that could not be registered (after fixing the cause).",
        )

    def handle(self, *args, limit, retry_failed=False, **options):
        count = intake.drain(limit or None, retry_failed=retry_failed)
        self.stdout.write(_("Materialised %(count)d intake entry(ies).") % {"count": count})
