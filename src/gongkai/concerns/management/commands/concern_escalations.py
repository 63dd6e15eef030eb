"""manage.py concern_escalations: email the bureau leaders about concern deadlines that near or passed
without a published response (the worker does it on its own; this runs the same sweep, e.g. from cron)."""

from django.core.management.base import BaseCommand

from gongkai.concerns.tasks import escalate


class Command(BaseCommand):
    help = "Send the escalations of public-concern deadlines that near or passed; prints how many."

    def handle(self, *args, **options):
        self.stdout.write(str(escalate()))
