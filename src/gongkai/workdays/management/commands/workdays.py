"""manage.py workdays add DATE N [--explain] | before DATE N [--explain] | check [YEAR] | load FILE

`add` prints the N-th working day after DATE (DATE is day 0, §6.3 of the reference);
`before` the N-th working day before DATE ("提前N个工作日"); `check` tells whether YEAR is
covered by the holiday package or by overrides and exits with status 1 when it is not
(for a yearly monitoring job in October–November); `load` keys in a holiday notice from a
JSON file (the format of gongkai/workdays/data/notices/) as audited overrides.
"""

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.workdays import services


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("%(value)s is not a date (YYYY-MM-DD).") % {"value": value}) from exc


class Command(BaseCommand):
    help = "Count Chinese working days and check holiday-calendar coverage."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("add", "Print the N-th working day after DATE (DATE is day 0)."),
            ("before", "Print the N-th working day before DATE."),
        ):
            cmd = sub.add_parser(name, help=text)
            cmd.add_argument("date", help="YYYY-MM-DD")
            cmd.add_argument("n", type=int, help="number of working days")
            cmd.add_argument("--explain", action="store_true", help="list every day counted or skipped, and why")
        check = sub.add_parser("check", help="Is YEAR (default: next year) covered by the package or by overrides?")
        check.add_argument("year", type=int, nargs="?")
        load = sub.add_parser("load", help="Load a holiday notice (JSON) into the override table.")
        load.add_argument("file")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "check":
            return self._check(options["year"] or dt.date.today().year + 1)
        if action == "load":
            return self._load(options["file"])
        start, n = _date(options["date"]), options["n"]
        if n < 0:
            raise CommandError(_("N must not be negative."))
        calendar = services.calendar_for([start.year])
        result = calendar.add_working_days(start, n) if action == "add" else calendar.working_days_before(start, n)
        line = result.date.isoformat()
        if result.provisional:
            line += " " + _("(provisional)")
        self.stdout.write(line)
        if options["explain"]:
            for text in result.explain():
                self.stdout.write(text)
        elif result.provisional:
            self.stderr.write(result.explain()[-1])

    def _check(self, year: int):
        status = services.year_status(year)
        if status["coverage"] == "package":
            text = _("%(year)d is covered by chinesecalendar %(version)s.")
        elif status["coverage"] == "package+overrides":
            text = _("%(year)d is covered by chinesecalendar %(version)s and %(count)d override days.")
        elif status["coverage"] == "overrides":
            text = _("%(year)d is covered by %(count)d override days (not by chinesecalendar %(version)s).")
        else:
            text = _(
                "%(year)d is NOT covered: chinesecalendar %(version)s has no data for it and no overrides exist. "
                "Due dates in %(year)d are provisional (weekends and fixed-date holidays only). Enter the State "
                "Council holiday notice as overrides or upgrade chinesecalendar."
            )
        message = text % {"year": year, "version": status["package_version"], "count": status["override_days"]}
        if not status["covered"]:
            raise CommandError(message)
        self.stdout.write(message)

    def _load(self, path: str):
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
            rows = services.notice_load(doc, acting_user=None)
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
            raise CommandError(_("Cannot load %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        self.stdout.write(_("Loaded %(count)d days from %(path)s.") % {"count": len(rows), "path": path})
