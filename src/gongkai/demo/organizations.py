"""The demo's foundation: the Jiaozuo bureaus, their review offices and the demo accounts with their roles.

Bureaus are written as rows (validated with `full_clean`): organizations has no service for them yet.
Accounts share one password hash (hashing costs ~0.3 s per account with the production hasher) and get
their roles through `accounts.services.membership_grant`, as the security administrator would. The
system, security and audit administrators hold their administrator role only (三员分立).
Idempotent: running it again updates the same rows.
"""

import functools

from django.contrib.auth.hashers import make_password

from gongkai.accounts.models import User
from gongkai.accounts.roles import Role
from gongkai.accounts.services import membership_grant
from gongkai.core.models import SiteSetting
from gongkai.organizations.models import Bureau, BureauKind

from . import jiaozuo

DEMO_PASSWORD = "Gongkai@2026"


def load_demo(stdout=None) -> list[tuple[str, str, str]]:
    SiteSetting.objects.get_or_create(pk=1, defaults={"platform_name": "焦作市应急管理系统政务公开平台"})
    city = _bureau(
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
    city_gov = _bureau(
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
        _account("jz-supervisor", "市局办公室（督查）", city, Role.CITY_SUPERVISOR),
        _account("jz-editor", "市局信息员", city, Role.EDITOR),
        _account("jz-reviewer", "市局审核人", city, Role.REVIEWER),
        _account("jz-gov-reviewer", "市政府办审核人", city_gov, Role.GOV_REVIEWER),
        _account("sysadmin", "系统管理员", city, Role.SYSTEM_ADMIN),
        _account("secadmin", "安全管理员", city, Role.SECURITY_ADMIN),
        _account("auditadmin", "审计管理员", city, Role.AUDIT_ADMIN),
    ]
    for index, (code, division, division_code) in enumerate(jiaozuo.COUNTIES, start=1):
        gov = _bureau(
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
        bureau = _bureau(
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
            _account(f"{code}-editor", f"{division}信息员", bureau, Role.EDITOR),
            _account(f"{code}-reviewer", f"{division}审核人", bureau, Role.REVIEWER),
            _account(f"{code}-leader", f"{division}分管领导", bureau, Role.LEADER),
            _account(f"{code}-gov-reviewer", f"{division}政府办审核人", gov, Role.GOV_REVIEWER),
        ]
    return accounts


def _bureau(*, code, name, short_name, kind, parent, division_code, index, address, leader, review_office, sort):
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


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _account(username, full_name, bureau, role):
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "is_staff": True})
    if created:
        # One hash for every demo account: hashing costs ~0.3 s each with the production hasher.
        user.password = _demo_password_hash()
    user.full_name = full_name
    user.failed_login_count = 0
    user.locked_until = None
    user.save()
    membership_grant(user=user, bureau=bureau, role=role, acting_user=None)
    return (username, bureau.short_name, Role(role).label)
