"""`manage.py api_token create --bureau CODE --scopes records:write[,applications:write] [--name NAME]`.

Prints the new raw token, and nothing else, on stdout (one line) so operators can script it. There is no
logged-in user: the command acts as `CommandActor("api_token")`, audited as `system:command:api_token`, and
goes through the same service as the admin token screen (`services.system_token_create`). It may create
records:write and applications:write tokens only: a records:publish token is created by the bureau's leader in the admin.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Bureau
from gongkai.records import services
from gongkai.records.actors import CommandActor

ACTOR = CommandActor("api_token", allowed=("records.manage_token",))


class Command(BaseCommand):
    help = "Create an API token for a business system of a bureau; prints the token (shown once) on stdout."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token.")
        create.add_argument("--bureau", required=True, help="Bureau code, e.g. xiuwu.")
        create.add_argument(
            "--scopes",
            required=True,
            help="Comma-separated scopes; the command may grant records:write and applications:write, not records:publish.",
        )
        create.add_argument("--name", default="", help="The business system's name (default: api-token).")

    def handle(self, *args, **options):
        bureau = Bureau.objects.filter(code=options["bureau"], is_active=True).first()
        if bureau is None:
            raise CommandError(f"No active bureau has the code {options['bureau']!r}.")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            _token, raw = services.system_token_create(
                acting_user=ACTOR, bureau=bureau, name=options["name"] or "api-token", scopes=scopes
            )
        except PermissionDenied as exc:
            raise CommandError(
                "This command may create records:write and applications:write tokens only; a records:publish token is created by "
                "the bureau's leader in the admin."
            ) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(raw)
