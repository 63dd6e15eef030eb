"""`manage.py catalog_coverage --bureau CODE [--json]`: every item of the bureau's 权责清单 and 公共服务事项清单
with the catalog items that disclose it, and `uncovered` (the items no catalog item discloses).

With --json, one JSON document on stdout (the shape of `powerlists.selectors.coverage`); without, a short
text report. Exit status 0 either way; an unknown bureau is an error (exit 1)."""

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Bureau
from gongkai.powerlists.selectors import coverage


class Command(BaseCommand):
    help = (
        "List the bureau's power and service items with the catalog items that disclose them, and the uncovered ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bureau", required=True, help="Bureau code, e.g. wuzhi.")
        parser.add_argument("--json", action="store_true", help="Print the JSON document.")

    def handle(self, *args, **options):
        bureau = Bureau.objects.filter(code=options["bureau"]).first()
        if bureau is None:
            raise CommandError(f"No bureau has the code {options['bureau']!r}.")
        report = coverage(bureau)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        counts = report["counts"]
        self.stdout.write(f"{bureau.code}: {counts['covered']} of {counts['items']} items disclosed by a catalog item")
        for item in report["uncovered"]:
            self.stdout.write(f"  uncovered: [{item['list']}] {item['code']} {item['name']}")
