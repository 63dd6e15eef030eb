"""Service items built through the services (an editor writes, a reviewer of the same bureau approves)."""

from gongkai.service_items import services
from gongkai.service_items.models import ItemType


def complete_fields(**overrides) -> dict:
    fields = {
        "legal_basis": "《中华人民共和国安全生产法》第二十七条",
        "conditions": "申请人为本行政区域内的生产经营单位。",
        "steps": "申请\n受理\n审查\n决定\n送达",
        "statutory_limit_days": 20,
        "promised_limit_days": 10,
        "is_free": True,
        "office_name": "政务服务中心应急管理窗口",
        "office_address": "武陟县政务服务中心二楼",
        "office_hours": "工作日 9:00—17:00",
        "phone": "0391-7222110",
        "online_url": "https://www.hnzwfw.gov.cn/",
        "faq": [{"question": "可以委托他人办理吗？", "answer": "可以，需提交授权委托书。"}],
    }
    fields.update(overrides)
    return fields


MATERIALS = [
    {"name": "申请书", "form": "original", "count": 1, "required": True},
    {"name": "营业执照", "form": "copy", "count": 1, "required": True},
    {"name": "授权委托书", "form": "original", "count": 1, "required": False, "condition": "委托他人办理时"},
]


def draft_item(*, bureau, editor, code="410821-XK-001", name="危险化学品经营许可", materials=None, **overrides):
    item = services.item_create(bureau=bureau, code=code, name=name, item_type=ItemType.LICENSING, acting_user=editor)
    services.guide_save(
        item=item, fields=complete_fields(**overrides), materials=materials or MATERIALS, acting_user=editor
    )
    return item


def published_item(*, bureau, editor, reviewer, **kwargs):
    item = draft_item(bureau=bureau, editor=editor, **kwargs)
    guide = services.working_guide(item)
    services.guide_submit(guide=guide, acting_user=editor)
    services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")
    item.refresh_from_db()
    return item
