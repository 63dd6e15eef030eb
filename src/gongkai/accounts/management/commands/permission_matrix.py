"""`manage.py permission_matrix [--json]`: every role × action → allowed, from the permission module.

`--json` is an interface: one JSON object, role code → action code → true/false, never translated.
The table is for people: role names and yes/no in the site language (zh-hans by default).
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts.permissions import MATRIX, permission_matrix


class Command(BaseCommand):
    help = gettext_lazy(
        "Print what each role may do (role × action → allowed), as gongkai.accounts.permissions decides it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("One JSON object: role → action → true/false.")
        )

    def handle(self, *args, **options):
        matrix = permission_matrix()
        if options["json"]:
            self.stdout.write(json.dumps(matrix, ensure_ascii=False, sort_keys=False))
            return
        with translation.override(settings.LANGUAGE_CODE):
            self._table(matrix)

    def _table(self, matrix):
        from gongkai.accounts.roles import Role

        roles = list(matrix)
        labels = {role: str(Role(role).label) if role in Role.values else role for role in roles}
        yes, no = _("yes"), "-"
        width = max(len(action) for action in MATRIX)
        self.stdout.write(_("Role × action (%(source)s):") % {"source": "gongkai.accounts.permissions"})
        for role in roles:
            self.stdout.write(f"  {role}: {labels[role]}")
        self.stdout.write("")
        self.stdout.write(" " * width + "  " + "  ".join(roles))
        for action in MATRIX:
            cells = "  ".join((yes if matrix[role][action] else no).ljust(len(role)) for role in roles)
            self.stdout.write(f"{action.ljust(width)}  {cells}")
