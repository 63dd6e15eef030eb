"""`manage.py permission_matrix [--json]`: every role × action → allowed, from the permission module."""

import json

from django.core.management.base import BaseCommand

from gongkai.accounts.permissions import MATRIX, permission_matrix


class Command(BaseCommand):
    help = "Print what each role may do (role × action → allowed), as gongkai.accounts.permissions decides it."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON object: role → action → true/false.")

    def handle(self, *args, **options):
        matrix = permission_matrix()
        if options["json"]:
            self.stdout.write(json.dumps(matrix, ensure_ascii=False, sort_keys=False))
            return
        width = max(len(action) for action in MATRIX)
        roles = list(matrix)
        self.stdout.write(" " * width + "  " + "  ".join(roles))
        for action in MATRIX:
            cells = "  ".join(("yes" if matrix[role][action] else "-").ljust(len(role)) for role in roles)
            self.stdout.write(f"{action.ljust(width)}  {cells}")
