"""Load the guideline catalogs shipped with Gongkai (or a newer version from a JSON file)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalogs.constants import Domain
from gongkai.catalogs.guidelines import guideline_load, guidelines_load_shipped


class Command(BaseCommand):
    help = "Load the ministry's guideline catalogs (idempotent). Without arguments: the two shipped catalogs."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="A guideline JSON file in the shipped format (a newer version).")
        parser.add_argument("--code", help="Guideline code for --file, e.g. production-safety.")
        parser.add_argument("--domain", choices=Domain.values, help="Domain for --file.")
        parser.add_argument(
            "--guideline-version", dest="guideline_version", help="Version label (default: from the data)."
        )

    def handle(self, *args, **options):
        if options["file"]:
            if not options["code"] or not options["domain"]:
                raise CommandError("--file needs --code and --domain.")
            try:
                data = json.loads(options["file"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
            guideline, _created = guideline_load(
                code=options["code"], domain=options["domain"], data=data, version=options["guideline_version"]
            )
            guidelines = [guideline]
        else:
            guidelines = guidelines_load_shipped()
        for g in guidelines:
            unverified = g.items.filter(verified=False).count()
            self.stdout.write(
                f"{g.code} {g.version}: {g.items.count()} items ({unverified} unverified){' [current]' if g.is_current else ''}"
            )
