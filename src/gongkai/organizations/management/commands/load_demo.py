"""Load the Jiaozuo demo: bureaus, review offices, demo accounts with roles, published guides.

Idempotent: running it again updates the same rows. Refused in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.accounts.roles import Role
from gongkai.accounts.services import membership_grant
from gongkai.core.models import SiteSetting
from gongkai.organizations.demo import jiaozuo
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.portal.models import DisclosureGuide

DEMO_PASSWORD = "Gongkai@2026"


class Command(BaseCommand):
    help = "Load the Jiaozuo demo data and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the account table.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo data must not be loaded in production.")
        with transaction.atomic():
            accounts = self.load()
        self._run_extensions()
        if not options["quiet"]:
            self.print_accounts(accounts)

    def _run_extensions(self):
        """Let capability apps add their demo data (a `load_demo_<app>` function in `<app>.demo`)."""
        from importlib import import_module

        from django.apps import apps

        for config in apps.get_app_configs():
            if not config.name.startswith("gongkai.") or config.label == "organizations":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            loader = getattr(module, "load_demo", None)
            if loader is not None:
                loader(stdout=self.stdout)

    def load(self) -> list[tuple[str, str, str]]:
        SiteSetting.objects.get_or_create(pk=1, defaults={"platform_name": "焦作市应急管理系统政务公开平台"})
        city = self.bureau(
            code=jiaozuo.CITY["code"],
            name=jiaozuo.CITY["name"],
            short_name=jiaozuo.CITY["short_name"],
            kind=BureauKind.CITY,
            parent=None,
            division_code=jiaozuo.CITY["division_code"],
            index=1,
            address=jiaozuo.CITY["address"],
            leader=(jiaozuo.CITY["leader_name"], jiaozuo.CITY["leader_title"]),
            review_office=None,
            sort=0,
        )
        city_gov = self.bureau(
            code="jiaozuo-gov",
            name="焦作市人民政府办公室",
            short_name="市政府办",
            kind=BureauKind.REVIEW_OFFICE,
            parent=None,
            division_code="410800",
            index=2,
            address="焦作市解放区（示例地址）",
            leader=("", ""),
            review_office=None,
            sort=900,
        )
        city.review_office = city_gov
        city.save(update_fields=["review_office"])
        accounts = [
            self.account("jz-supervisor", "市局办公室（督查）", city, Role.CITY_SUPERVISOR),
            self.account("jz-editor", "市局信息员", city, Role.EDITOR),
            self.account("jz-reviewer", "市局审核人", city, Role.REVIEWER),
            self.account("jz-gov-reviewer", "市政府办审核人", city_gov, Role.GOV_REVIEWER),
            self.account("sysadmin", "系统管理员", city, Role.SYSTEM_ADMIN),
            self.account("secadmin", "安全管理员", city, Role.SECURITY_ADMIN),
            self.account("auditadmin", "审计管理员", city, Role.AUDIT_ADMIN),
        ]
        for index, (code, division, division_code) in enumerate(jiaozuo.COUNTIES, start=1):
            gov = self.bureau(
                code=f"{code}-gov",
                name=jiaozuo.government_name(division),
                short_name=f"{division}政府办",
                kind=BureauKind.REVIEW_OFFICE,
                parent=None,
                division_code=division_code,
                index=100 + index,
                address=f"{division}（示例地址）",
                leader=("", ""),
                review_office=None,
                sort=900 + index,
            )
            surname = jiaozuo.SURNAMES[index % len(jiaozuo.SURNAMES)]
            bureau = self.bureau(
                code=code,
                name=jiaozuo.bureau_name(division),
                short_name=division,
                kind=BureauKind.COUNTY,
                parent=city,
                division_code=division_code,
                index=10 + index,
                address=f"{division}政务服务中心（示例地址）",
                leader=(f"{surname}示例", "副局长（分管政务公开）"),
                review_office=gov,
                sort=index,
            )
            accounts += [
                self.account(f"{code}-editor", f"{division}信息员", bureau, Role.EDITOR),
                self.account(f"{code}-reviewer", f"{division}审核人", bureau, Role.REVIEWER),
                self.account(f"{code}-leader", f"{division}分管领导", bureau, Role.LEADER),
                self.account(f"{code}-gov-reviewer", f"{division}政府办审核人", gov, Role.GOV_REVIEWER),
            ]
        for bureau in Bureau.objects.disclosing():
            self.guide(bureau)
        return accounts

    def bureau(
        self, *, code, name, short_name, kind, parent, division_code, index, address, leader, review_office, sort
    ):
        phone = f"0391-{3500000 + index:07d}"
        bureau, _created = Bureau.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                short_name=short_name,
                kind=kind,
                parent=parent,
                division_code=division_code,
                credit_code=jiaozuo.demo_credit_code(division_code, index),
                address=address,
                phone=phone,
                office_hours="工作日 上午8:30—12:00，下午14:30—18:00（法定节假日除外）",
                leader_name=leader[0],
                leader_title=leader[1],
                disclosure_office="办公室（政务公开）" if kind != BureauKind.REVIEW_OFFICE else "",
                disclosure_phone=phone if kind != BureauKind.REVIEW_OFFICE else "",
                review_office=review_office,
                sort_order=sort,
                is_active=True,
            ),
        )
        bureau.full_clean()
        return bureau

    def demo_password_hash(self) -> str:
        if not hasattr(self, "_demo_hash"):
            from django.contrib.auth.hashers import make_password

            self._demo_hash = make_password(DEMO_PASSWORD)
        return self._demo_hash

    def account(self, username, full_name, bureau, role):
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "is_staff": True}
        )
        if created:
            # One hash for every demo account: hashing costs ~0.3 s each with the production hasher.
            user.password = self.demo_password_hash()
        user.full_name = full_name
        user.failed_login_count = 0
        user.locked_until = None
        user.save()
        membership_grant(user=user, bureau=bureau, role=role, acting_user=None)
        return (username, bureau.short_name, Role(role).label)

    def guide(self, bureau):
        """Through the portal services: the bureau's editor writes it, its reviewer approves it (four eyes)."""
        from gongkai.portal import services as portal_services

        if DisclosureGuide.objects.filter(bureau=bureau, live=True).exists():
            return
        prefix = "jz" if bureau.kind == BureauKind.CITY else bureau.code
        editor = User.objects.filter(username=f"{prefix}-editor").first()
        reviewer = User.objects.filter(username=f"{prefix}-reviewer").first()
        if editor is None or reviewer is None:
            return
        guide = portal_services.guide_save(
            bureau=bureau,
            body=jiaozuo.guide_html(bureau),
            rules_text=jiaozuo.RULES_HTML,
            publish=False,
            acting_user=editor,
        )
        portal_services.guide_publish(
            guide=guide, acting_user=reviewer, confidentiality_result="passed", notes="演示数据：已做保密审查。"
        )

    def print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示账户 / Demo accounts (password for all: {DEMO_PASSWORD})"))
        width = max(len(a[0]) for a in accounts)
        for username, bureau, role in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {bureau}  {role}")
        self.stdout.write("")
