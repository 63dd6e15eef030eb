"""`createsuperuser` is not the way in: a superuser would hold every power at once (三员分立)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Disabled: use `manage.py init_admins` on a fresh install (three separate administrators)."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError(
            "createsuperuser is disabled: a superuser would combine the system, security and audit "
            "administrators. On a fresh install run `manage.py init_admins`; afterwards the security "
            "administrator creates accounts in the admin (Users)."
        )
