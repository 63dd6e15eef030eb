"""Demo data of the lists behind the catalog: the 权责清单 and 公共服务事项清单 of 武陟县, 修武县 and 温县,
written as the offices' XLSX workbooks and imported by each bureau's editor (`powerlists.services`), the
items mapped to the catalog items that disclose them (by the catalog item's 二级事项); 行政检查 and one
public service stay uncovered, as a coverage check finds them. Idempotent: a bureau with a list is left as it is."""

from __future__ import annotations

from gongkai.accounts.roles import Role
from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau
from gongkai.powerlists import services
from gongkai.powerlists.layout import write_list
from gongkai.powerlists.models import ItemKind, ListKind, ListVersion

from .portal import _staff

SAFETY_LAW = "《中华人民共和国安全生产法》"
# (code suffix, name, kind, basis, office, the catalog item's 二级事项 that discloses it or None)
POWERS = [
    (
        "XK-001",
        "危险化学品经营许可证核发（不带储存设施）",
        ItemKind.LICENSING,
        "《危险化学品安全管理条例》第三十三条",
        "行政审批股",
        "行政许可",
    ),
    (
        "XK-002",
        "烟花爆竹经营（零售）许可证核发",
        ItemKind.LICENSING,
        "《烟花爆竹安全管理条例》第十九条",
        "行政审批股",
        "行政许可",
    ),
    (
        "CF-001",
        "对生产经营单位未按规定对从业人员进行安全生产教育和培训的处罚",
        ItemKind.PENALTY,
        SAFETY_LAW + "第九十七条",
        "应急管理综合行政执法大队",
        "行政处罚",
    ),
    (
        "CF-002",
        "对生产经营单位未按规定制定生产安全事故应急救援预案的处罚",
        ItemKind.PENALTY,
        SAFETY_LAW + "第九十七条",
        "应急管理综合行政执法大队",
        "行政处罚",
    ),
    (
        "QZ-001",
        "对不符合保障安全生产标准的设施、设备、器材的查封、扣押",
        ItemKind.COERCION,
        SAFETY_LAW + "第六十五条",
        "应急管理综合行政执法大队",
        "行政强制",
    ),
    (
        "JC-001",
        "对生产经营单位执行安全生产法律法规情况的监督检查",
        ItemKind.INSPECTION,
        SAFETY_LAW + "第六十五条",
        "应急管理综合行政执法大队",
        None,
    ),
]
PUBLIC_SERVICES = [
    (
        "GG-001",
        "综合减灾示范社区创建指导",
        ItemKind.PUBLIC_SERVICE,
        "《国家综合防灾减灾规划（2021—2025年）》",
        "防灾减灾救灾股",
        "综合减灾示范社区",
    ),
    ("GG-002", "安全生产法律法规宣传咨询", ItemKind.PUBLIC_SERVICE, SAFETY_LAW + "第十三条", "政策法规股", None),
]
BUREAUS = ("wuzhi", "xiuwu", "wenxian")


def _import(bureau, editor, list_kind, title, rows) -> int:
    prefix = bureau.division_code or bureau.code
    version = services.import_list(
        acting_user=editor,
        bureau=bureau,
        list_kind=list_kind,
        data=write_list(title, [(f"{prefix}-{c}", n, k, b, o) for c, n, k, b, o, _l in rows]),
        filename=f"{bureau.short_name}{title}.xlsx",
    )
    disclosing = {
        level2: list(
            CatalogItem.objects.filter(catalog__bureau=bureau, level2=level2, removed_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        for level2 in {row[5] for row in rows if row[5]}
    }
    for item, row in zip(version.items.order_by("position"), rows, strict=True):
        if row[5] and disclosing.get(row[5]):
            services.set_catalog_items(acting_user=editor, item=item, catalog_item_ids=disclosing[row[5]])
    return version.item_count


def load_demo(stdout=None) -> int:
    imported = 0
    for code in BUREAUS:
        bureau = Bureau.objects.filter(code=code).first()
        editor = _staff(bureau, Role.EDITOR) if bureau else None
        if editor is None or ListVersion.objects.filter(bureau=bureau).exists():
            continue
        imported += _import(bureau, editor, ListKind.POWERS, "权责清单", POWERS)
        if code != "xiuwu":  # 修武县 has not sent its public service list yet
            imported += _import(bureau, editor, ListKind.PUBLIC_SERVICES, "公共服务事项清单", PUBLIC_SERVICES)
    if stdout is not None and imported:
        stdout.write(f"Lists: {imported} power and public service items imported.")
    return imported
