import time

from django.core.management.base import BaseCommand

from gongkai.search.service import index_size, reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index from the documents of the registered source."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        started = time.monotonic()
        count = reindex_all(batch_size=batch_size)
        elapsed = time.monotonic() - started
        size = sum(index_size().values())
        self.stdout.write(
            f"Indexed {count} documents in {elapsed:.1f} s; search tables and indexes: {size / 1e6:.1f} MB"
        )
