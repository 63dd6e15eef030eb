"""Load the Jiaozuo demo: bureaus, review offices, demo accounts with roles, published guides, catalogs,
records, FOI requests and the portal's site identity (one module of gongkai.demo per capability).

Idempotent: running it again updates the same rows. Refused in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.demo import (
    annual_reports,
    applications,
    catalogs,
    foi_requests,
    interaction,
    new_media,
    organizations,
    participation,
    portal,
    powerlists,
    records,
    service_items,
    site_inspection,
    supervision,
)
from gongkai.demo.organizations import DEMO_PASSWORD

# In dependency order: each capability builds on the ones before it.
CAPABILITIES = (
    catalogs,
    records,
    foi_requests,
    portal,
    service_items,
    applications,
    powerlists,
    participation,
    interaction,
    new_media,
    site_inspection,
    supervision,
    annual_reports,
)


class Command(BaseCommand):
    help = "Load the Jiaozuo demo data and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the account table.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo data must not be loaded in production.")
        with transaction.atomic():
            accounts = self.load()
        for capability in CAPABILITIES:
            capability.load_demo(stdout=self.stdout)
        if not options["quiet"]:
            self.print_accounts(accounts)

    def load(self) -> list[tuple[str, str, str]]:
        """The foundation the capabilities build on: bureaus, accounts and the bureaus' guides."""
        accounts = organizations.load_demo()
        portal.load_guides()
        return accounts

    def print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示账户 / Demo accounts (password for all: {DEMO_PASSWORD})"))
        width = max(len(a[0]) for a in accounts)
        for username, bureau, role in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {bureau}  {role}")
        self.stdout.write("")
