"""manage.py foi_fee --items-this-month N | --pages N [--json]

Prints the 信息处理费 by the brackets of the 费用办法 (国办函〔2020〕109号): per item for an
applicant's N items in one calendar month (Art. 4), or per page for N pages of one request (Art. 5).
Exactly one of the two: a request is charged by one method, never both (Art. 3).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.foi_requests import fees


class Command(BaseCommand):
    help = "Print the information-processing fee for N items this month or N pages, by the brackets."

    def add_arguments(self, parser):
        parser.add_argument("--items-this-month", type=int, help="the applicant's items this calendar month")
        parser.add_argument("--pages", type=int, help="pages of one request")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, items_this_month=None, pages=None, json=False, **options):
        if (items_this_month is None) == (pages is None):
            raise CommandError(
                _(
                    "Give exactly one of --items-this-month and --pages: a fee is charged per item or per page, never both."
                )
            )
        quantity = items_this_month if pages is None else pages
        if quantity < 0:
            raise CommandError(_("The number must not be negative."))
        breakdown = fees.fee_per_item(quantity) if pages is None else fees.fee_per_page(quantity)
        if json:
            self.stdout.write(_json_dumps(breakdown.as_dict()))
            return
        if pages is None:
            template = _("%(first)d–%(last)d: %(count)d items × %(rate)d yuan = %(subtotal)d yuan")
        else:
            template = _("%(first)d–%(last)d: %(count)d pages × %(rate)d yuan = %(subtotal)d yuan")
        for line in breakdown.lines:
            values = {"first": line.first, "last": line.last, "count": line.count, "rate": line.rate}
            self.stdout.write(template % {**values, "subtotal": line.subtotal})
        self.stdout.write(_("Fee: %(total)d yuan") % {"total": breakdown.total_yuan})


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
