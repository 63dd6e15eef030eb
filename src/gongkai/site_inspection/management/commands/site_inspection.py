"""Run the self-inspection of every bureau's site and new-media accounts and print the results.

    manage.py site_inspection [--bureau CODE] [--json]

`--json` prints `{"checked_at": …, "bureaus": [{"bureau", "bureau_name", "checked_at", "verdict" (合格/不合格),
"score", "findings": [{"rule", "severity", "where", "detail"}]}]}`. The results are stored (the admin and
`site_inspection.selectors.latest_results` show them). Exit status 0 whatever the verdicts.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.organizations.models import Bureau
from gongkai.site_inspection import selectors, services


class Command(BaseCommand):
    help = "Self-inspect every bureau's site and new-media accounts (检查指标) and print the verdicts."

    def add_arguments(self, parser):
        parser.add_argument("--bureau", metavar="CODE", help="only this bureau")
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args, **options):
        bureaus = None
        if options["bureau"]:
            bureaus = list(Bureau.objects.disclosing().filter(code=options["bureau"]))
            if not bureaus:
                raise CommandError(f"No disclosing bureau has the code {options['bureau']!r}.")
        now = timezone.now()
        results = services.run_inspection(bureaus=bureaus, trigger="command", now=now)
        rows = [selectors.as_data(result) for result in results]
        if options["json"]:
            self.stdout.write(
                json.dumps({"checked_at": now.isoformat(), "bureaus": rows}, ensure_ascii=False, indent=2)
            )
            return
        for row in rows:
            self.stdout.write(
                f"{row['bureau']:<12} {row['verdict']:<4} {row['score']:>6.1f}  {len(row['findings'])} findings"
            )
            for finding in row["findings"]:
                self.stdout.write(
                    f"    [{finding['severity']}] {finding['rule']} {finding['where']}: {finding['detail']}"
                )
