"""Demo data of the services: a few service items with published guides for the city bureau and two
counties (武陟县, 修武县), built through `service_items.services` as on the staff screens: the bureau's editor
creates the item and writes the guide, the bureau's reviewer approves it (four eyes), and the items are
linked to the catalog item 行政许可 where the bureau's catalog has one. Addresses and phone numbers are
fictitious demo values. Idempotent: an item that exists is left as it is.
"""

from __future__ import annotations

from gongkai.accounts.roles import Role
from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau
from gongkai.service_items import services
from gongkai.service_items.models import ItemType, ServiceItem

from .portal import _staff  # the bureau's first active member in a role

SAFETY_LAW = "《中华人民共和国安全生产法》"
CHEMICALS = "《危险化学品安全管理条例》第三十三条、第三十五条；《危险化学品经营许可证管理办法》"
FIREWORKS = "《烟花爆竹安全管理条例》第三条、第十九条；《烟花爆竹经营许可实施办法》"
RELIEF = "《自然灾害救助条例》第二十条、第二十一条"

APPLICATION = {"name": "申请书", "form": "original", "count": 1, "required": True}
LICENCE = {"name": "营业执照", "form": "copy", "count": 1, "required": True}
PROXY = {"name": "授权委托书", "form": "original", "count": 1, "required": False, "condition": "委托他人办理时"}

ITEMS = {
    "jiaozuo": [
        (
            "410800-XK-001",
            "危险化学品经营许可证核发（带储存设施）",
            ItemType.LICENSING,
            {
                "legal_basis": CHEMICALS,
                "conditions": "有符合国家标准、行业标准的经营场所和储存设施；从业人员经过专业技术培训并考核合格；"
                "有健全的安全管理规章制度和事故应急预案。",
                "steps": "网上或窗口申请\n受理\n审查（含现场核查）\n作出决定\n制证送达",
                "statutory_limit_days": 30,
                "promised_limit_days": 15,
            },
            [APPLICATION, LICENCE, {"name": "安全评价报告", "form": "original", "count": 1, "required": True}, PROXY],
        ),
        (
            "410800-QT-001",
            "生产经营单位生产安全事故应急预案备案",
            ItemType.OTHER,
            {
                "legal_basis": SAFETY_LAW + "第八十一条；《生产安全事故应急预案管理办法》第二十六条",
                "conditions": "应急预案已经评审或论证，并由本单位主要负责人签署公布。",
                "steps": "提交备案材料\n材料审查\n出具备案登记表",
                "statutory_limit_days": 5,
                "promised_limit_days": 3,
            },
            [
                {"name": "应急预案备案申报表", "form": "original", "count": 1, "required": True},
                {"name": "应急预案评审意见", "form": "copy", "count": 1, "required": True},
                {"name": "应急预案电子文档", "form": "electronic", "count": 1, "required": True},
            ],
        ),
    ],
    "wuzhi": [
        (
            "410823-XK-001",
            "烟花爆竹经营（零售）许可证核发",
            ItemType.LICENSING,
            {
                "legal_basis": FIREWORKS,
                "conditions": "零售经营场所符合所在地人民政府的布点规划；主要负责人经过安全培训合格。",
                "steps": "申请\n受理\n现场核查\n作出决定\n发证",
                "statutory_limit_days": 20,
                "promised_limit_days": 5,
            },
            [
                APPLICATION,
                LICENCE,
                {"name": "零售经营场所平面图", "form": "original", "count": 1, "required": True},
                PROXY,
            ],
        ),
        (
            "410823-JF-001",
            "受灾人员冬春生活救助",
            ItemType.BENEFIT,
            {
                "legal_basis": RELIEF,
                "conditions": "因当年自然灾害造成冬春期间口粮、饮水、衣被、取暖等基本生活困难的受灾人员。",
                "steps": "个人申请或村（居）民委员会提名\n民主评议并公示\n乡镇审核\n县应急管理局审批\n发放救助",
                "statutory_limit_days": None,
                "promised_limit_days": 20,
            },
            [{"name": "救助申请书", "form": "original", "count": 1, "required": True}],
        ),
    ],
    "xiuwu": [
        (
            "410821-XK-001",
            "危险化学品经营许可证核发（不带储存设施）",
            ItemType.LICENSING,
            {
                "legal_basis": CHEMICALS,
                "conditions": "有符合要求的经营场所；主要负责人和安全管理人员经考核合格；有健全的安全管理制度。",
                "steps": "申请\n受理\n审查\n作出决定\n发证",
                "statutory_limit_days": 30,
                "promised_limit_days": 10,
            },
            [APPLICATION, LICENCE, PROXY],
        ),
    ],
}


def _office(bureau) -> dict:
    return {
        "is_free": True,
        "office_name": f"{bureau.short_name}政务服务中心应急管理窗口",
        "office_address": bureau.address or f"{bureau.short_name}政务服务中心（示例地址）",
        "office_hours": "工作日 上午9:00—12:00，下午13:30—17:00",
        "phone": bureau.phone or "0391-0000000",
        "online_url": "https://www.hnzwfw.gov.cn/",
        "faq": [{"question": "可以委托他人办理吗？", "answer": "可以，请同时提交授权委托书。"}],
    }


def load_demo(stdout=None) -> int:
    """Create and publish the demo items that do not exist yet; returns how many."""
    created = 0
    for code, items in ITEMS.items():
        bureau = Bureau.objects.filter(code=code).first()
        editor, reviewer = (_staff(bureau, Role.EDITOR), _staff(bureau, Role.REVIEWER)) if bureau else (None, None)
        if editor is None or reviewer is None:
            continue
        licensing = CatalogItem.objects.filter(catalog__bureau=bureau, level2="行政许可", removed_at__isnull=True)
        for item_code, name, item_type, fields, materials in items:
            if ServiceItem.objects.filter(bureau=bureau, code=item_code).exists():
                continue
            item = services.item_create(
                bureau=bureau, code=item_code, name=name, item_type=item_type, acting_user=editor
            )
            guide = services.guide_save(
                item=item, fields={**_office(bureau), **fields}, materials=materials, acting_user=editor
            )
            if item_type == ItemType.LICENSING:
                services.item_set_catalog_items(item=item, catalog_items=licensing, acting_user=editor)
            services.guide_submit(guide=guide, acting_user=editor)
            services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")
            created += 1
    if stdout is not None and created:
        stdout.write(f"Services: {created} service items published.")
    return created
