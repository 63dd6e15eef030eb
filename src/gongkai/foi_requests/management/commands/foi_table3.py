"""manage.py foi_table3 --bureau CODE --year YYYY [--json]

Prints annual-report table 三 (收到和处理政府信息公开申请情况) of a bureau for a year, computed
from its FOI requests, and its checks (T3-ROW, T3-R7, T3-BAL errors; T3-PREV warning). Exits
with status 1 when an error check fails.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.foi_requests import reporting
from gongkai.organizations.models import Bureau


class Command(BaseCommand):
    help = "Compute annual-report table 三 of a bureau and year from its FOI requests, with its identity checks."

    def add_arguments(self, parser):
        parser.add_argument("--bureau", required=True, help="bureau code, e.g. mengzhou")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, bureau, year, json=False, **options):
        if not Bureau.objects.filter(code=bureau).exists():
            raise CommandError(_("There is no bureau with the code “%(code)s”.") % {"code": bureau})
        if not 1900 <= year <= 9999:
            raise CommandError(_("%(year)s is not a valid year.") % {"year": year})
        table = reporting.table3(bureau, year)
        if json:
            self.stdout.write(_dumps(table.as_dict()))
        else:
            self._print(table)
        if not table.ok:
            raise SystemExit(1)

    def _print(self, table):
        self.stdout.write(
            _("Table 3 (received and handled FOI requests), %(bureau)s, %(year)d")
            % {"bureau": table.bureau_code, "year": table.year}
        )
        labels = [reporting.row_label(row) for row in reporting.ROWS]
        width = max(_width(label) for label in labels) + 2
        columns = [reporting.column_label(col) for col in reporting.ALL_COLUMNS]
        cell = max(10, *(_width(label) + 2 for label in columns))
        header = _pad("", width) + "".join(_pad(label, cell, right=True) for label in columns)
        self.stdout.write(header)
        for row, label in zip(reporting.ROWS, labels, strict=True):
            if row in reporting.GROUP_HEADINGS:
                self.stdout.write(str(reporting.GROUP_HEADINGS[row]))
            cells = "".join(_pad(str(table.cells[row][col]), cell, right=True) for col in reporting.ALL_COLUMNS)
            self.stdout.write(_pad(label, width) + cells)
        if not table.problems:
            self.stdout.write(_("Checks passed: new + carried in = handled + carried forward in every column."))
        for problem in table.problems:
            stream = self.stderr if problem.severity == reporting.ERROR else self.stdout
            stream.write(f"[{problem.check}] {problem.message}")


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(1, width - _width(text))
    return fill + text if right else text + fill


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
