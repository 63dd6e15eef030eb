"""manage.py participation_rules period KIND OPENS CLOSES [--urgent-reason TEXT] | concern LEVEL DETECTED_AT

`period` checks a consultation period (`participation.rules.consultation_period` on the platform's
holiday calendar): exit status 0 and the earliest lawful closing date (ISO, alone on the first line) when
the period is lawful (a second line states the urgency notice when it was shortened; a note on standard
error when the working days fall in a year whose holiday calendar is still provisional); exit status 1 and the
reason (in the platform's language, Chinese by default) when it is not. `concern` prints each response
deadline of a public concern as `code ISO-datetime` in Asia/Shanghai, one per line. Bad arguments: an
error message and exit status 2.
"""

import datetime as dt
import sys
import types

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.participation import rules
from gongkai.participation.periods import check_period


def _error(parser, message):
    text = _("Invalid arguments: %(message)s") % {"message": message}
    if parser.called_from_command_line:
        parser.print_usage(sys.stderr)
        parser.exit(2, text + "\n")
    raise CommandError(text, returncode=2)


class _Parser(CommandParser):
    error = _error


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _bad(_("%(value)s is not a date (YYYY-MM-DD).") % {"value": value}) from exc


def _moment(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise _bad(
            _("%(value)s is not a date and time (YYYY-MM-DDTHH:MM, optionally with a UTC offset).") % {"value": value}
        ) from exc


class Command(BaseCommand):
    help = "Check a consultation period or compute the response deadlines of a public concern."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = types.MethodType(_error, parser)
        return parser

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, parser_class=_Parser)
        period = sub.add_parser("period", help="Check a consultation period; print the earliest lawful closing date.")
        period.add_argument("kind", help=" | ".join(rules.PERIOD_KINDS))
        period.add_argument("opens", help="YYYY-MM-DD (day 0)")
        period.add_argument("closes", help="YYYY-MM-DD")
        period.add_argument("--urgent-reason", default="", help="why the period is shorter than the rule")
        concern = sub.add_parser("concern", help="Print the response deadlines of a public concern.")
        concern.add_argument("level", help=" | ".join(rules.CONCERN_LEVELS))
        concern.add_argument("detected_at", help="YYYY-MM-DDTHH:MM[:SS][+08:00] (Asia/Shanghai if no offset)")

    def handle(self, *args, **options):
        if options["action"] == "period":
            return self._period(options)
        return self._concern(options)

    def _period(self, options):
        kind = options["kind"]
        if kind not in rules.PERIOD_RULES:
            raise _bad(
                _("Unknown consultation kind %(kind)s; use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(rules.PERIOD_KINDS)}
            )
        opens, closes = _date(options["opens"]), _date(options["closes"])
        check = check_period(kind=kind, opens=opens, closes=closes, urgent_reason=options["urgent_reason"])
        if not check.ok:
            self.stdout.write(check.reason)
            sys.exit(1)
        self.stdout.write(check.earliest_close.isoformat())
        if check.provisional:
            self.stderr.write(
                _(
                    "Note: the holiday calendar of that year is provisional (weekends and fixed-date holidays "
                    "only); the date may change once the State Council's holiday notice is keyed in."
                )
            )
        if check.shortened:
            self.stdout.write(check.reason)

    def _concern(self, options):
        level = options["level"]
        if level not in rules.CONCERN_RULES:
            raise _bad(
                _("Unknown concern level %(level)s; use one of: %(levels)s.")
                % {"level": level, "levels": ", ".join(rules.CONCERN_LEVELS)}
            )
        for deadline in rules.concern_deadlines(level=level, detected_at=_moment(options["detected_at"])):
            self.stdout.write(f"{deadline.code} {deadline.due.isoformat()}")
