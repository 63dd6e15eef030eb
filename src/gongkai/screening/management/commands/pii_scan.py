"""manage.py pii_scan [FILE|-] [--values] [--explain] [--fail-on-hit]

Reads text lines from FILE (or standard input when FILE is "-" or omitted) and prints one
JSON object per input line: {"line": n, "hits": [{"kind", "start", "end"}, ...]}. Offsets are
character offsets within the line (without its line break); lines are numbered from 1.
--values adds each hit's mask (never the value itself); --explain adds, per hit, the rule that
found it, its mask and why ("rule", "masked", "why"); --fail-on-hit exits with status 1 when
any line has a hit (for scripts and CI). Text is normalised before matching (full-width and
other Unicode digits, zero-width characters) but offsets refer to the line as read.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.screening.pii import explain, scan


class Command(BaseCommand):
    help = "Screen text lines for personal data (ID numbers, mobiles, bank cards, names beside IDs)."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="a UTF-8 text file, or - for standard input")
        parser.add_argument("--values", action="store_true", help="include the masked form of each hit")
        parser.add_argument(
            "--explain", action="store_true", help="for each hit: the rule that found it, its mask and why"
        )
        parser.add_argument("--fail-on-hit", action="store_true", help="exit with status 1 if anything is found")

    def handle(self, *args, **options):
        path = options["file"]
        if path == "-":
            stream = options.get("stdin") or sys.stdin
            lines_with_hits = self._scan(stream, options)
        else:
            try:
                with open(path, encoding="utf-8-sig", errors="replace") as stream:
                    lines_with_hits = self._scan(stream, options)
            except OSError as exc:
                raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        if options["fail_on_hit"] and lines_with_hits:
            raise CommandError(_("Personal data found on %(count)d lines.") % {"count": lines_with_hits}, returncode=1)

    def _scan(self, stream, options) -> int:
        lines_with_hits = 0
        for number, line in enumerate(stream, start=1):
            text = line.rstrip("\r\n")
            hits = scan(text)
            lines_with_hits += bool(hits)
            payload = [
                {"kind": h.kind, "start": h.start, "end": h.end, **({"masked": h.masked} if options["values"] else {})}
                for h in hits
            ]
            if options["explain"]:
                payload = [{**item, **explain(hit)} for item, hit in zip(payload, hits, strict=True)]
            self.stdout.write(json.dumps({"line": number, "hits": payload}, ensure_ascii=False))
        return lines_with_hits
