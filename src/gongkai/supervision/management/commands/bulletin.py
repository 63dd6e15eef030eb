"""`manage.py bulletin --year YYYY [--quarter N] --format docx|pdf --out FILE [--city CODE]`.

Writes the bulletin (通报) of the year (or quarter) in the GB/T 9704-2012 layout: the published bulletin if
there is one, else the latest draft, else one composed now from the evaluation with the next document number
(not stored). See docs/supervision.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.supervision import bulletins

from .indicators import city_from


class Command(BaseCommand):
    help = "Write the bulletin of a year or quarter as DOCX or PDF in the official document layout."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["docx", "pdf"], required=True)
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument("--city", help="The city bureau's code (default: the only city bureau).")

    def handle(self, *args, **options):
        city = city_from(options["city"])
        content = bulletins.content_for(city, options["year"], options["quarter"])
        data = bulletins.render(content, options["format"])
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc}") from exc
        self.stdout.write(f"{content['document_number']} {content['title']} -> {out} ({len(data)} bytes)")
