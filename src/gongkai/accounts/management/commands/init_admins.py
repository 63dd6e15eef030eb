"""First run of a production install: create the three administrators (三员分立) on an empty database.

Each gets a random one-time password, printed once, that must be changed at the first login (and an
authenticator enrolled, see middleware.session_gate). Refuses when any administrator exists.
Messages in the site language (zh-hans by default); the user names and passwords are printed as they are.
"""

import secrets
import string

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import services
from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import ADMIN_ROLES, Role

ADMINS = (
    ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN),
    ("secadmin", "安全管理员", Role.SECURITY_ADMIN),
    ("auditadmin", "审计管理员", Role.AUDIT_ADMIN),
)


def one_time_password(length: int = 16) -> str:
    """Random, with upper, lower, digit and symbol (passes the password validators)."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%+="
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.isupper() for c in candidate)
            and any(c.islower() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


class Command(BaseCommand):
    help = gettext_lazy("Create the system, security and audit administrators on a fresh install (one-time passwords).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--bureau", default="", help=gettext_lazy("Code of the bureau the roles belong to (default: the city).")
        )
        parser.add_argument(
            "--city-code", default="", help=gettext_lazy("Empty database: create the city bureau with this code.")
        )
        parser.add_argument("--city-name", default="", help=gettext_lazy("... and this name (e.g. 焦作市应急管理局)."))
        parser.add_argument(
            "--division-code", default="", help=gettext_lazy("... and this administrative division code.")
        )
        for username, _label, role in ADMINS:
            parser.add_argument(
                f"--{role.replace('_', '-')}-username", default=username, help=f"{_('User name')}: {role}"
            )

    def _create_city(self, code, name, division_code):
        from gongkai.core import audit
        from gongkai.organizations.models import Bureau, BureauKind

        if not (code and name and division_code):
            raise CommandError(
                _("The database has no bureau: give --city-code, --city-name and --division-code to create the city.")
            )
        city = Bureau(code=code, name=name, short_name=name[:30], kind=BureauKind.CITY, division_code=division_code)
        city.full_clean()
        city.save()
        audit.record(
            "organizations.bureau.created", instance=city, data={"code": code, "name": name, "by": "init_admins"}
        )
        return city

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, *, bureau, **options):
        from gongkai.organizations.models import Bureau

        if Membership.objects.filter(role__in=ADMIN_ROLES).exists() or User.objects.filter(is_superuser=True).exists():
            raise CommandError(_("Administrators already exist: init_admins only runs on a fresh install."))
        created = []
        with transaction.atomic():
            if not Bureau.objects.exists():
                target = self._create_city(options["city_code"], options["city_name"], options["division_code"])
            elif bureau:
                target = Bureau.objects.filter(code=bureau).first()
            else:
                target = Bureau.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order", "pk").first()
            if target is None:
                raise CommandError(_("No such bureau to attach the administrators to (see --bureau)."))
            for default_username, full_name, role in ADMINS:
                username = options[f"{role}_username"] or default_username
                if User.objects.filter(username=username).exists():
                    raise CommandError(_("User name %(username)s is taken.") % {"username": username})
                password = one_time_password()
                user = services.user_create(acting_user=None, username=username, password=password, full_name=full_name)
                services.membership_grant(user=user, bureau=target, role=role, acting_user=None)
                created.append((username, Role(role).label, password))
        self.stdout.write(_("Administrators created. Each password works once: the first login must change it"))
        self.stdout.write(_("and enroll an authenticator app. This is the only time they are shown.") + "\n")
        for username, label, password in created:
            self.stdout.write(f"  {username:<14} {label!s:<8} {password}")
