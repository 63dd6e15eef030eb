"""manage.py catalog_export --bureau CODE --format xlsx|csv|json|pdf|docx [--version N | --published] -o FILE

Without --version or --published: the working copy. "-o -" writes to standard output.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalogs.interchange import service
from gongkai.catalogs.interchange.filecheck import EXPORT_FORMATS
from gongkai.catalogs.models import CatalogVersion
from gongkai.organizations.models import Bureau


class Command(BaseCommand):
    help = "Export a bureau's catalog (working copy, a version, or the current published version)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("conflict_handler", "resolve")  # our --version (a catalog version) replaces Django's
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--bureau", required=True, help="bureau code, e.g. xiuwu")
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
        parser.add_argument("--version", type=int, help="version number (any status)")
        parser.add_argument("--published", action="store_true", help="the current published version")
        parser.add_argument("-o", "--output", required=True, help='output file, or "-" for standard output')

    def handle(self, *args, **options):
        try:
            bureau = Bureau.objects.get(code=options["bureau"])
        except Bureau.DoesNotExist:
            raise CommandError(f"No bureau with code {options['bureau']!r}.") from None
        if options["version"] is not None and options["published"]:
            raise CommandError("Give either --version or --published, not both.")
        if options["version"] is not None:
            version = CatalogVersion.objects.filter(catalog__bureau=bureau, number=options["version"]).first()
            if version is None:
                raise CommandError(f"{bureau.code} has no version {options['version']}.")
            source = service.version_source(version)
        elif options["published"]:
            source = service.published_source(bureau)
            if source is None:
                raise CommandError(f"{bureau.code} has no published catalog.")
        else:
            source = service.working_source(bureau)
        content = service.render(source, options["format"], bureau=bureau)
        if options["output"] == "-":
            sys.stdout.buffer.write(content)
            return
        Path(options["output"]).write_bytes(content)
        self.stderr.write(f"{options['output']}: {len(source.items)} item(s), {len(content)} bytes ({source.label}).")
