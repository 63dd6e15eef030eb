"""Send today's FOI reminders once (for cron), optionally queueing the worker's daily run."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.foi_requests.reminders import send_due_reminders
from gongkai.foi_requests.tasks import schedule_daily_reminders


class Command(BaseCommand):
    help = "Send the FOI due/overdue reminders of today (email and SMS to each bureau's handlers)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Send as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--schedule", action="store_true", help="Also queue the worker's daily run if none is queued."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {exc}") from exc
        sent = send_due_reminders(today)
        self.stdout.write(f"{sent} reminder messages sent.")
        if options["schedule"]:
            queued = schedule_daily_reminders()
            self.stdout.write("Daily reminders queued." if queued else "Daily reminders already queued.")
