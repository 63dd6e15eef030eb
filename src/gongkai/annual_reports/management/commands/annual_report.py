"""manage.py annual_report --bureau CODE --year YYYY --format json|docx|pdf|html [--out FILE] [--city]

The annual disclosure report (政府信息公开工作年度报告, 2021 format) of a bureau and year, built from the
data and the stored edits of its working version (`annual_reports.report.build`). JSON: `sections`,
`table2`, `table3` (= `foi_table3 --json`'s cells), `table4`, `problems`, `ok`. `--city`: the city
bureau's report (its own; `--bureau` may name the city bureau, else the only one). Without `--out`, JSON
and HTML go to standard output; DOCX and PDF are refused on a terminal. Exits with status 1 when an
error check fails (the output is written all the same).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.annual_reports import exports, report
from gongkai.organizations.models import Bureau, BureauKind

FORMATS = ("json", "docx", "pdf", "html")


class Command(BaseCommand):
    help = "Build the annual disclosure report of a bureau and year as JSON, DOCX, PDF or HTML."

    def add_arguments(self, parser):
        parser.add_argument("--bureau", help="bureau code, e.g. wenxian")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
        parser.add_argument("--out", help="write to this file instead of standard output")
        parser.add_argument("--city", action="store_true", help="the city bureau's report")

    def handle(self, *args, bureau=None, year, fmt="json", out=None, city=False, **options):
        if not 1900 <= year <= 9999:
            raise CommandError(_("%(year)s is not a valid year.") % {"year": year})
        target = self._bureau(bureau, city)
        if fmt in ("docx", "pdf") and not out and self._is_terminal():
            raise CommandError(
                _("%(fmt)s is a binary format: give --out FILE, or redirect the output to a file.")
                % {"fmt": fmt.upper()}
            )
        data = report.build(target, year)
        if fmt == "json":
            payload = json.dumps(data.as_dict(), ensure_ascii=False, indent=2).encode() + b"\n"
        else:
            payload = exports.render(data.export_content(), fmt)
        if out:
            with open(out, "wb") as handle:
                handle.write(payload)
        elif fmt in ("json", "html"):
            self.stdout.write(payload.decode(), ending="")
        else:
            self._write_binary(payload)
        if not data.ok:
            for problem in data.problems:
                if problem.severity == "error":
                    self.stderr.write(f"[{problem.check}] {problem.message}")
            raise SystemExit(1)

    def _bureau(self, code, city):
        if city:
            try:
                return report.city_bureau(code)
            except (Bureau.DoesNotExist, IndexError) as exc:
                raise CommandError(
                    _("There is no city bureau%(code)s.") % {"code": f" “{code}”" if code else ""}
                ) from exc
        if not code:
            raise CommandError(_("Give --bureau CODE, or --city for the city bureau's report."))
        try:
            bureau = Bureau.objects.get(code=code)
        except Bureau.DoesNotExist as exc:
            raise CommandError(_("There is no bureau with the code “%(code)s”.") % {"code": code}) from exc
        if bureau.kind == BureauKind.REVIEW_OFFICE:
            raise CommandError(_("A government review office publishes no disclosure report."))
        return bureau

    def _is_terminal(self) -> bool:
        stream = getattr(self.stdout, "_out", self.stdout)
        return bool(getattr(stream, "isatty", lambda: False)())

    def _write_binary(self, payload: bytes) -> None:
        stream = getattr(self.stdout, "_out", None)
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            if stream is sys.stdout:
                buffer = sys.stdout.buffer
            else:
                raise CommandError(_("This output cannot take binary data: give --out FILE."))
        buffer.write(payload)
        buffer.flush()
