"""Demo data of the new-media registry, built through `new_media.services` as on the staff screens: the
bureau's editor applies, its leader approves (with the confidentiality check), then the county government
office and the city supervisor. 修武县 opens a WeChat account (in the public list, posting), opens and then
closes a Weibo account (removed from the list); 武陟县 opens a Douyin account whose last post is 20 days old
(the self-inspection's N-V2: no post in 2 weeks); 温县 has an application waiting at its government office
and one denied. Account ids and addresses are fictitious. Idempotent: a bureau with accounts or
applications is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.new_media import services
from gongkai.new_media.models import AccountApplication
from gongkai.organizations.models import Bureau

from .portal import _staff


def _people(code: str):
    bureau = Bureau.objects.filter(code=code).select_related("review_office", "parent").first()
    if bureau is None or bureau.review_office is None:
        return None
    people = {
        "bureau": bureau,
        "editor": _staff(bureau, Role.EDITOR),
        "leader": _staff(bureau, Role.LEADER),
        "gov": _staff(bureau.review_office, Role.GOV_REVIEWER),
        "city": _staff(bureau.parent, Role.CITY_SUPERVISOR) if bureau.parent else None,
    }
    return people if all(people.values()) else None


def _apply(p, *, kind="open", account=None, fields=None, reason, effective_on=None):
    return services.application_submit(
        bureau=p["bureau"],
        kind=kind,
        account=account,
        fields=fields,
        reason=reason,
        effective_on=effective_on,
        acting_user=p["editor"],
    )


def _approve(p, application, *, until=None):
    """Approve each step (the leader with the confidentiality check); stop before the stage `until`."""
    opinions = {"bureau": "同意开设，按规定报批", "review_office": "同意", "city": "同意，已备案"}
    deciders = {"bureau": p["leader"], "review_office": p["gov"], "city": p["city"]}
    while application.status == "pending" and application.stage != until:
        stage = application.stage
        services.application_decide(
            application,
            acting_user=deciders[stage],
            approve=True,
            opinion=opinions[stage],
            confidentiality_result="passed" if stage == "bureau" else "",
        )
        application.refresh_from_db()
    return application


def _posts(p, account, ages_in_days, titles):
    now = timezone.now().replace(second=0, microsecond=0)
    for age, title in zip(ages_in_days, titles, strict=True):
        services.post_record(
            account=account, posted_at=now - dt.timedelta(days=age, hours=2), title=title, acting_user=p["editor"]
        )


def load_demo(stdout=None) -> int:
    created = 0
    today = timezone.localdate()
    xiuwu, wuzhi, wenxian = _people("xiuwu"), _people("wuzhi"), _people("wenxian")
    if xiuwu and not AccountApplication.objects.filter(bureau=xiuwu["bureau"]).exists():
        wechat = _approve(
            xiuwu,
            _apply(
                xiuwu,
                fields={"platform": "wechat", "name": "修武应急管理", "handle": "xiuwu_yjgl", "operator": "局办公室"},
                reason="发布安全生产、防灾减灾和应急科普信息，回应群众关切",
                effective_on=today - dt.timedelta(days=400),
            ),
        ).account
        _posts(xiuwu, wechat, [30, 9, 2], ["森林防火期安全提示", "冬季安全生产检查通报", "寒潮蓝色预警及防御指南"])
        weibo = _approve(
            xiuwu,
            _apply(
                xiuwu,
                fields={"platform": "weibo", "name": "修武应急管理", "handle": "xiuwuyj", "operator": "局办公室"},
                reason="开设政务微博，发布预警信息",
                effective_on=today - dt.timedelta(days=300),
            ),
        ).account
        _approve(
            xiuwu,
            _apply(
                xiuwu,
                kind="close",
                account=weibo,
                reason="受众少、功能与微信公众号重复，按清理整合要求关停",
                effective_on=today - dt.timedelta(days=5),
            ),
        )
        created += 2
    if wuzhi and not AccountApplication.objects.filter(bureau=wuzhi["bureau"]).exists():
        douyin = _approve(
            wuzhi,
            _apply(
                wuzhi,
                fields={"platform": "douyin", "name": "武陟应急", "handle": "wuzhi_yj", "operator": "宣传教育股"},
                reason="以短视频开展应急科普",
                effective_on=today - dt.timedelta(days=200),
            ),
        ).account
        _posts(wuzhi, douyin, [45, 20], ["防溺水安全提示", "汛后复工安全提醒"])
        created += 1
    if wenxian and not AccountApplication.objects.filter(bureau=wenxian["bureau"]).exists():
        _approve(
            wenxian,
            _apply(
                wenxian,
                fields={"platform": "toutiao", "name": "温县应急管理", "handle": "wenxian_yjgl"},
                reason="在今日头条发布应急信息",
            ),
            until="review_office",
        )
        denied = _apply(
            wenxian,
            fields={"platform": "wechat", "name": "温县应急小助手", "handle": "wx_yj_helper"},
            reason="开设第二个微信公众号用于科普",
        )
        services.application_decide(
            denied,
            acting_user=wenxian["leader"],
            approve=False,
            opinion="同一平台原则上只开设一个账号，请通过已有账号发布",
        )
    if stdout is not None and created:
        stdout.write(f"New-media accounts: {created} opened")
    return created
