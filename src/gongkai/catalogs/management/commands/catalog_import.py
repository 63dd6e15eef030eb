"""manage.py catalog_import --bureau CODE FILE [--dry-run] [--format xlsx|csv|json] [--domain D] [--user NAME]

Does exactly what the admin upload does (the same service): checks the file, reports every
problem by sheet, row and column, and imports all or nothing. Exit status 1 on any error.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.catalogs.constants import Domain
from gongkai.catalogs.interchange import service
from gongkai.catalogs.interchange.filecheck import FORMATS, size_issue
from gongkai.catalogs.interchange.labels import domain_value
from gongkai.catalogs.interchange.limits import current_limits
from gongkai.organizations.models import Bureau


class Command(BaseCommand):
    help = "Import a bureau's catalog from an XLSX (official layout), CSV or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--bureau", required=True, help="bureau code, e.g. xiuwu")
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name")
        parser.add_argument(
            "--domain", help="production_safety or disaster_relief (安全生产 / 救灾), for sheets that do not say"
        )
        parser.add_argument("--user", help="username of the bureau editor the import is recorded under")
        parser.add_argument("--dry-run", action="store_true", help="check and rehearse, change nothing")

    def handle(self, *args, **options):
        try:
            bureau = Bureau.objects.get(code=options["bureau"])
        except Bureau.DoesNotExist:
            raise CommandError(f"No bureau with code {options['bureau']!r}.") from None
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user {options['user']!r}.") from None
        elif not options["dry_run"]:
            raise CommandError("Give --user: an import is recorded under a user who is an editor of the bureau.")
        domain = None
        if options["domain"]:
            domain = domain_value(options["domain"])
            if domain is None:
                raise CommandError(f"--domain must be one of {', '.join(Domain.values)}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if issue := size_issue(path.stat().st_size, current_limits()):  # refused before it is even read
            raise CommandError(f"{path.name}: {issue.message}")

        try:
            outcome = service.import_catalog(
                bureau=bureau,
                data=path.read_bytes(),
                filename=path.name,
                acting_user=user,
                fmt=options["format"],
                domain=domain,
                dry_run=options["dry_run"],
            )
        except PermissionDenied:
            raise CommandError(f"{options['user']} may not change the catalog of {bureau.code}.") from None

        for line in service.report_lines(outcome.result):
            self.stdout.write(line)
        result = outcome.result
        if not outcome.ok:
            raise CommandError(f"{path.name}: {len(result.errors)} error(s); nothing was imported.")
        summary = outcome.summary
        counts = ", ".join(
            f"{key} {summary[key]}"
            for key in ("added", "updated", "unchanged", "removed", "restored")
            if key in summary
        )
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path.name}: valid, {len(result.items)} item(s)"
                    + (f"; would be: {counts}" if counts else "")
                    + ". Dry run: nothing was changed."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{path.name}: imported {len(result.items)} item(s) into {bureau.code}: {counts}.")
            )
