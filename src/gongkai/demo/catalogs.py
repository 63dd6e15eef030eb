"""Demo catalogs for the Jiaozuo demo (called by `manage.py load_demo`).

Two campaigns: the notice's 2020 campaign (draft 7-15, revision 8-15, approval 9-15), in which
every county-level bureau compiled and published its first catalog, and a current campaign
(“annual review”, dates relative to the day the demo is loaded) in which some bureaus are
revising theirs. The result, on a fresh demo:

- most catalogs published, several with two published versions (a diff exists);
- 马村区 submitted for review, 山阳区 revised and submitted for approval (in review);
- 修武县 returned with per-item opinions;
- 博爱县 late: its revision was not submitted by the current draft date;
- 温县 published version 1 and ready for the walk-through (import a new version, submit …); it
  stays under the 2020 campaign, so the walk-through is not judged against the current dates;
- 示范区 published in 2020, but after the deadline (was late).

Workflow steps go through the services (so permissions, versions, events and audit apply);
the dates of the steps are then set back to the scenario's dates. Nothing is done when the
bureaus already have catalogs, so loading the demo twice changes nothing here.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.catalogs import selectors, services
from gongkai.catalogs.constants import Audience, CatalogStatus, Domain, ItemSource, Level, Mode
from gongkai.catalogs.guidelines import guidelines_load_shipped
from gongkai.catalogs.models import Campaign, Catalog, CatalogEvent, CatalogVersion, ReviewOpinion
from gongkai.catalogs.types import CatalogItemData
from gongkai.organizations.models import Bureau, BureauKind

CITY_CODE = "jiaozuo"
GOV_LAW = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
SAFETY_LAW = "《中华人民共和国安全生产法》"
RELIEF_REG = "《自然灾害救助条例》（国务院令第577号）"
TWENTY_DAYS = "信息形成或变更之日起20个工作日内"


def _extra(domain, level1, level2, content, basis, channels, source, audience=None, office="", time_limit=TWENTY_DAYS):
    return CatalogItemData(
        domain=domain,
        level1=level1,
        level2=level2,
        content=content,
        legal_basis=basis,
        time_limit_text=time_limit,
        time_limit_rule={},
        responsible_body="",
        channels=channels,
        audience=audience or [Audience.PUBLIC],
        mode=[Mode.PROACTIVE],
        levels=[Level.COUNTY],
        responsible_office=office,
        source=source,
    )


# Items bureaus add from their own duty lists (权责清单) and public service lists.
EXTRAS = [
    _extra(
        Domain.PRODUCTION_SAFETY,
        "依法行政",
        "行政检查",
        "年度监督检查计划、检查对象、检查结果及责令整改情况",
        [SAFETY_LAW, GOV_LAW],
        ["政府网站", "两微一端"],
        ItemSource.DUTY_LIST,
        office="执法监察大队",
    ),
    _extra(
        Domain.PRODUCTION_SAFETY,
        "公共服务",
        "安全生产举报受理",
        "举报受理渠道、受理范围、办理流程及处理结果",
        ["《安全生产领域举报奖励办法》（安监总财〔2018〕19号）", GOV_LAW],
        ["政府网站", "政务服务中心", "便民服务站"],
        ItemSource.PUBLIC_SERVICE_LIST,
        office="办公室",
    ),
    _extra(
        Domain.DISASTER_RELIEF,
        "灾后救助",
        "自然灾害生活救助",
        "救助对象、救助标准、救助资金和物资发放情况",
        [RELIEF_REG, GOV_LAW],
        ["政府网站", "社区/企事业单位/村公示栏（电子屏）"],
        ItemSource.DUTY_LIST,
        audience=[Audience.PUBLIC, Audience.SPECIFIC_GROUP],
        office="救灾和物资保障股",
    ),
    _extra(
        Domain.DISASTER_RELIEF,
        "款物管理",
        "救灾款物使用情况",
        "年度救灾捐赠款物接收及使用情况",
        ["《救灾捐赠管理办法》（民政部令第35号）", GOV_LAW],
        ["政府网站", "公开查阅点"],
        ItemSource.DUTY_LIST,
        office="救灾和物资保障股",
    ),
    _extra(
        Domain.PRODUCTION_SAFETY,
        "行政管理",
        "预警提示信息",
        "自然灾害和安全生产风险预警提示",
        ["《中华人民共和国突发事件应对法》", GOV_LAW],
        ["政府网站", "两微一端", "广播电视", "精准推送"],
        ItemSource.LOCAL,
        office="应急指挥中心",
        time_limit="及时公开",
    ),
]


def _d(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _days_ago(today: datetime.date, days: int, hour=10):
    day = today - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


class Scenario:
    """Runs the services for one bureau and dates each step."""

    def __init__(self, bureau, editor, gov, publisher):
        # The publisher is the bureau's reviewer: a second person publishes what the editor compiled (four eyes).
        self.bureau, self.editor, self.gov, self.publisher = bureau, editor, gov, publisher
        self.catalog: Catalog | None = None

    def _date_last_step(self, when):
        event = self.catalog.events.order_by("-pk").first()
        CatalogEvent.objects.filter(pk=event.pk).update(at=when)
        Catalog.objects.filter(pk=self.catalog.pk).update(status_changed_at=when)
        if event.version_id:
            field = {
                "submit": "submitted_at",
                "resubmit": "submitted_at",
                "approve": "approved_at",
                "publish": "published_at",
            }
            if event.action in field:
                CatalogVersion.objects.filter(pk=event.version_id).update(**{field[event.action]: when})
            if event.action == "return":
                ReviewOpinion.objects.filter(version_id=event.version_id).update(created_at=when)
        self.catalog.refresh_from_db()

    def create(self, when, extras):
        self.catalog = services.catalog_create_from_guideline(bureau=self.bureau, acting_user=self.editor)
        CatalogEvent.objects.filter(catalog=self.catalog).update(at=when)
        Catalog.objects.filter(pk=self.catalog.pk).update(status_changed_at=when)
        for data in extras:
            services.catalog_item_add(
                catalog=self.catalog, data=replace(data, responsible_body=self.bureau.name), acting_user=self.editor
            )
        self.catalog.refresh_from_db()
        return self

    def submit(self, when, comment=""):
        services.catalog_submit(catalog=self.catalog, acting_user=self.editor, comment=comment)
        self._date_last_step(when)
        return self

    def give_back(self, when, comment, opinions):
        """Return with opinions: {level-2 name: opinion}."""
        version = selectors.review_version(self.catalog)
        keys = {item["level2"]: item["key"] for item in version.items}
        services.catalog_return(
            catalog=self.catalog,
            acting_user=self.gov,
            comment=comment,
            opinions={keys[name]: text for name, text in opinions.items() if name in keys},
        )
        self._date_last_step(when)
        return self

    def approve(self, when, comment="同意。"):
        services.catalog_approve(catalog=self.catalog, acting_user=self.gov, comment=comment)
        self._date_last_step(when)
        return self

    def publish(self, when):
        services.catalog_publish(
            catalog=self.catalog,
            acting_user=self.publisher,
            comment="经本级政府审核通过，予以公开。",
            confidentiality_result="passed",
        )
        self._date_last_step(when)
        return self

    def revise(self, when, changes):
        """Start a revision and apply `changes(scenario)` to the working copy."""
        services.catalog_revise(catalog=self.catalog, acting_user=self.editor, comment="按年度复核要求修订目录。")
        self._date_last_step(when)
        changes(self)
        return self

    def edit(self, level2, **fields):
        item = next(i for i in selectors.active_items(self.catalog) if i.level2 == level2)
        data = replace(selectors.item_to_data(item), **fields)
        services.catalog_item_update(item=item, data=data, acting_user=self.editor)

    def add(self, data):
        services.catalog_item_add(
            catalog=self.catalog, data=replace(data, responsible_body=self.bureau.name), acting_user=self.editor
        )

    def remove(self, level2):
        item = next(i for i in selectors.active_items(self.catalog) if i.level2 == level2)
        services.catalog_item_remove(item=item, acting_user=self.editor)


def _first_round(s: Scenario, plan: str):
    """The 2020 campaign: compile, review, publish (dates from the notice)."""
    if plan == "on_time":
        s.submit(_d(2020, 7, 10), "报请审核。").approve(_d(2020, 8, 10)).publish(_d(2020, 9, 8))
    elif plan == "with_opinions":
        s.submit(_d(2020, 7, 13), "报请审核。")
        s.give_back(
            _d(2020, 7, 30),
            "目录总体符合要求，请按逐项意见修改完善后于8月15日前报送。",
            {"法律法规": "请列明本级执行的主要法律法规目录。", "行政处罚": "请补充行政处罚结果的公开期限。"},
        )
        s.edit(
            "法律法规",
            content="与安全生产有关的法律、法规，包括《中华人民共和国安全生产法》《中华人民共和国突发事件应对法》等",
        )
        s.submit(_d(2020, 8, 12), "已按审核意见修改。").approve(_d(2020, 9, 1)).publish(_d(2020, 9, 9))
    elif plan == "late":
        s.submit(_d(2020, 8, 3), "报请审核（逾期报送）。").approve(_d(2020, 10, 10)).publish(_d(2020, 10, 20))


def _revision_changes(s: Scenario):
    s.edit(
        "行政许可", content="行政许可事项清单、办理依据、条件、程序、期限及办理结果", responsible_office="行政审批股"
    )
    s.edit("重要会议", channels=["政府网站", "两微一端", "便民服务站"])
    s.add(EXTRAS[4])


def _small_changes(s: Scenario):
    s.edit("标准", content="本行政区域执行的安全生产国家标准、行业标准和地方标准目录")


def load_demo(stdout=None) -> None:
    city = Bureau.objects.filter(code=CITY_CODE, kind=BureauKind.CITY).first()
    guidelines_load_shipped()
    if city is None:
        return
    bureaus = {b.code: b for b in Bureau.objects.filter(kind__in=selectors.COMPILING_KINDS)}
    if Catalog.objects.filter(bureau__in=bureaus.values()).exists():
        if stdout is not None:
            stdout.write("Catalogs: demo catalogs already exist; left unchanged.")
        return
    users = {
        u.username: u
        for u in User.objects.filter(username__endswith="editor") | User.objects.filter(username__endswith="reviewer")
    }

    def scenario(code):
        prefix = "jz" if code == CITY_CODE else code
        editor, gov = users.get(f"{prefix}-editor"), users.get(f"{prefix}-gov-reviewer")
        publisher = users.get(f"{prefix}-reviewer")
        if code not in bureaus or editor is None or gov is None or publisher is None:
            return None
        return Scenario(bureaus[code], editor, gov, publisher)

    today = timezone.localdate()
    with transaction.atomic():
        first, _ = Campaign.objects.get_or_create(
            name="2020年安全生产和救灾领域政务公开事项标准目录编制",
            city=city,
            defaults=dict(
                draft_due=datetime.date(2020, 7, 15),
                revision_due=datetime.date(2020, 8, 15),
                approval_due=datetime.date(2020, 9, 15),
                is_active=True,
            ),
        )
        Campaign.objects.filter(pk=first.pk).update(is_active=True)
        plans = {
            CITY_CODE: ("on_time", [1, 4]),
            "jiefang": ("with_opinions", [0, 2]),
            "zhongzhan": ("on_time", [0, 1, 2]),
            "macun": ("on_time", [0]),
            "shanyang": ("with_opinions", [1, 3]),
            "xiuwu": ("on_time", [2]),
            "boai": ("on_time", [0, 3]),
            "wuzhi": ("with_opinions", [0, 1, 2, 3]),
            "wenxian": ("on_time", [0, 2]),
            "qinyang": ("on_time", [1, 2]),
            "mengzhou": ("on_time", [0, 1]),
            "shifanqu": ("late", [2]),
        }
        scenarios = {}
        for code, (plan, extras) in plans.items():
            s = scenario(code)
            if s is None:
                continue
            s.create(_d(2020, 6, 30), [EXTRAS[i] for i in extras])
            _first_round(s, plan)
            scenarios[code] = s
        Campaign.objects.filter(pk=first.pk).update(is_active=False)

        current, _ = Campaign.objects.get_or_create(
            name=f"{today.year}年政务公开事项标准目录年度复核",
            city=city,
            defaults=dict(
                draft_due=today - datetime.timedelta(days=10),
                revision_due=today + datetime.timedelta(days=20),
                approval_due=today + datetime.timedelta(days=50),
                is_active=True,
            ),
        )
        # The city supervisor puts the bureaus revising this year under the current campaign.
        supervisor = User.objects.filter(username="jz-supervisor").first()
        revising = [bureaus[c] for c in ("jiefang", "zhongzhan", "macun", "shanyang", "xiuwu", "boai") if c in bureaus]
        if supervisor is not None:
            services.campaign_assign(campaign=current, acting_user=supervisor, bureaus=revising)
        else:
            Catalog.objects.filter(bureau__in=revising).update(campaign=current)
        # Published again in the current campaign: a second published version, so a diff exists.
        if s := scenarios.get("jiefang"):
            s.revise(_days_ago(today, 30), _revision_changes)
            s.submit(_days_ago(today, 20), "年度复核修订稿。").approve(_days_ago(today, 15)).publish(
                _days_ago(today, 12)
            )
        if s := scenarios.get("zhongzhan"):
            s.revise(_days_ago(today, 25), _small_changes)
            s.submit(_days_ago(today, 14), "年度复核修订稿。").approve(_days_ago(today, 6)).publish(_days_ago(today, 5))
        # In review.
        if s := scenarios.get("macun"):
            s.revise(_days_ago(today, 20), _small_changes)
            s.submit(_days_ago(today, 12), "年度复核修订稿，请审核。")
        if s := scenarios.get("shanyang"):
            s.revise(_days_ago(today, 24), _revision_changes)
            s.submit(_days_ago(today, 15), "年度复核修订稿，请审核。")
            s.give_back(_days_ago(today, 9), "请按意见修改。", {"预警提示信息": "请明确预警信息的发布渠道和时限。"})
            s.edit(
                "预警提示信息",
                time_limit_text="及时公开",
                channels=["政府网站", "两微一端", "广播电视", "精准推送", "便民服务站"],
            )
            s.submit(_days_ago(today, 2), "已按意见修改，报请审批。")
        # Returned with per-item opinions.
        if s := scenarios.get("xiuwu"):
            s.revise(_days_ago(today, 22), _revision_changes)
            s.submit(_days_ago(today, 13), "年度复核修订稿，请审核。")
            s.give_back(
                _days_ago(today, 4),
                f"请按逐项意见修改完善，于{current.revision_due:%m月%d日}前报请审批。",
                {
                    "行政许可": "请逐项列明本级实施的行政许可事项，并与权责清单保持一致。",
                    "预警提示信息": "“及时公开”请明确具体时限，或注明按《突发事件应对法》规定执行。",
                    "重要会议": "“两微一端”渠道请注明具体账号名称。",
                },
            )
        # Late: revision started but not submitted by the draft date.
        if s := scenarios.get("boai"):
            s.revise(_days_ago(today, 18), _small_changes)

    if stdout is not None:
        counts = {}
        for catalog in Catalog.objects.filter(bureau__in=bureaus.values()):
            counts[catalog.status] = counts.get(catalog.status, 0) + 1
        summary = ", ".join(f"{CatalogStatus(k).label}: {v}" for k, v in sorted(counts.items()))
        stdout.write(f"Catalogs: guidelines loaded; demo catalogs created ({summary}).")
