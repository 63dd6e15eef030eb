"""manage.py annual_report_reminders [--schedule]

Send today's reminders of unpublished annual reports (the worker's daily task does the same; this is the
cron alternative). `--schedule` queues the daily task again if it was ever removed from the queue.
"""

from django.core.management.base import BaseCommand

from gongkai.annual_reports import reminders, tasks


class Command(BaseCommand):
    help = "Send today's reminders of annual disclosure reports that are not yet published."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="queue the daily task if none is waiting")

    def handle(self, *args, schedule=False, **options):
        if schedule:
            self.stdout.write("scheduled" if tasks.schedule_daily() else "already scheduled")
            return
        self.stdout.write(str(reminders.send_due_reminders()))
