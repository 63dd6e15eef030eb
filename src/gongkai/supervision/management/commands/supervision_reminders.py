"""`manage.py supervision_reminders`: send today's reminders of work plans and quarterly reports (cron's safety
net next to the worker's daily task)."""

from django.core.management.base import BaseCommand

from gongkai.supervision.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind the counties of work plans and quarterly reports due within 5 days or overdue."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
