"""`manage.py indicators --year YYYY --json [--city CODE]`: every bureau's indicators and total score.

The JSON document (docs/supervision.md): {"year", "city", "scheme", "maximum", "indicators": [{"code", "label",
"kind", "weight"}], "bureaus": [{"code", "name", "kind", "rank", "total", "indicators": {code: {"kind", "value",
"score", "points", "weight"}}}]}. Automatic indicators are computed; manual ones carry the points entered, or
null where not entered yet. Without --json a table is printed.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Bureau, BureauKind
from gongkai.supervision.evaluation import as_json, evaluate


def city_from(code):
    if code:
        city = Bureau.objects.filter(code=code, kind=BureauKind.CITY).first()
        if city is None:
            raise CommandError(f"No city bureau with the code {code!r}.")
        return city
    cities = list(Bureau.objects.filter(kind=BureauKind.CITY, is_active=True)[:2])
    if len(cities) != 1:
        raise CommandError("Give --city CODE (there is not exactly one city bureau).")
    return cities[0]


class Command(BaseCommand):
    help = "Print the evaluation indicators of every bureau for a year (with --json: the JSON document)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="Print the JSON document.")
        parser.add_argument("--city", help="The city bureau's code (default: the only city bureau).")

    def handle(self, *args, **options):
        result = evaluate(city_from(options["city"]), options["year"])
        document = as_json(result)
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        for row in document["bureaus"]:
            rank = row["rank"] if row["rank"] is not None else "-"
            self.stdout.write(f"{rank!s:>3}  {row['total']:7.2f}  {row['code']:<12} {row['name']}")
