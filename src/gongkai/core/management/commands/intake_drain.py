"""Materialise the intake journal's pending entries now (gongkai.core.intake).

The worker does this entry by entry as the submissions arrive; the command catches up after a crash
with a non-database task queue, or drains a backlog in a second process.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gongkai.core import intake


class Command(BaseCommand):
    help = "Materialise the pending entries of the public intake journal."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=0, help="At most this many entries (0: all).")

    def handle(self, *args, limit, **options):
        count = intake.drain(limit or None)
        self.stdout.write(_("Materialised %(count)d intake entry(ies).") % {"count": count})
