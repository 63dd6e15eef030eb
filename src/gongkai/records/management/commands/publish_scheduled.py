from django.core.management.base import BaseCommand

from gongkai.records.services import publish_scheduled


class Command(BaseCommand):
    help = "Publish the scheduled records whose publication time has come (run it every minute from cron)."

    def handle(self, *args, **options):
        published = publish_scheduled()
        for record in published:
            self.stdout.write(f"{record.index_number}  {record.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(published)} record(s) published."))
