"""Export -> import loses nothing, for XLSX, CSV and JSON (property-style, seeded random catalogs)."""

import random
import uuid

import pytest

from gongkai.catalogs.constants import CHANNELS, Domain, ItemSource
from gongkai.catalogs.interchange import service
from gongkai.catalogs.interchange.csv_format import export_csv, read_csv
from gongkai.catalogs.interchange.json_format import export_json, read_json
from gongkai.catalogs.interchange.xlsx_reader import read_xlsx
from gongkai.catalogs.interchange.xlsx_writer import export_xlsx
from gongkai.catalogs.timelimits import parse_time_limit
from gongkai.catalogs.types import CatalogItemData
from tests.catalogs.factories import published_catalog

from .helpers import guideline_items

# Every phrasing of timelimits.md, as stored (canonical: the "20工作日" typo is normalized on import).
TIME_LIMITS = [
    "信息形成或变更之日起20个工作日内",
    "信息产生、变更之日起20个工作日内公开,保持长期公开(相关政策法规另有规定的应从其规定)",
    "按进展情况及时公开",
    "提前一周发通知邀请",
    "重大决策作出后及时公开",
    "半年至少更新1次",
    "长期公开",
]
LEVEL1 = ["政策文件", "依法行政", "行政管理", "公共服务", "重点领域信息公开", "备灾管理", "灾后救助", "款物管理"]
TEXTS = [
    "与安全生产有关的法律、法规",
    "包括改革方案、发展规划、专项规划、工作计划等；\n另含“年度计划”",
    '带逗号,引号"和分号;的内容',
    "=SUM(A1:A2) 不是公式",
    "- 以连字符开头",
    "综合减灾示范社区分布情况（其具体位置、创建时间、创建级别等）",
]
BASES = [
    "《中华人民共和国政府信息公开条例》（国务院令第711号）",
    "中共中央办公厅、国务院办公厅《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）",
    "《社会救助暂行办法》（国务院令第649号，2019年3月2日修改）",
    "《中华人民共和国突发事件应对法》",
    "《安全生产法》第七十八条；第七十九条",
]


def _subset(rng, values, minimum=1):
    chosen = [v for v in values if rng.random() < 0.5]
    return chosen if len(chosen) >= minimum else values[: max(minimum, 1)]


def random_catalog(seed: int) -> list[CatalogItemData]:
    rng = random.Random(seed)
    items = []
    for domain in Domain.values:
        for n in range(rng.randint(1, 9)):
            time_limit = rng.choice(TIME_LIMITS)
            channels = list(CHANNELS) if rng.random() < 0.15 else _subset(rng, CHANNELS)
            extra = {}
            if "其他" in channels and rng.random() < 0.5:
                extra["other_channel"] = "县融媒体中心APP"
            if rng.random() < 0.3:
                extra["guideline"] = {"code": "production-safety", "seq": n + 1, "verified": rng.random() < 0.5}
            items.append(
                CatalogItemData(
                    domain=domain,
                    level1=LEVEL1[(n // 3) % len(LEVEL1)],
                    level2=f"二级事项{n}",
                    level3=rng.choice(["", "", "法律法规", "政策规范文件"]),
                    content=rng.choice(TEXTS),
                    legal_basis=rng.sample(BASES, rng.randint(1, 4)),
                    time_limit_text=time_limit,
                    time_limit_rule=parse_time_limit(time_limit),
                    responsible_body=rng.choice(["修武县应急管理局", "县应急局、各乡镇人民政府（街道办事处）"]),
                    channels=channels,
                    audience=_subset(rng, ["public", "specific_group"]),
                    mode=_subset(rng, ["proactive", "on_request"]),
                    levels=_subset(rng, ["county", "township"]),
                    responsible_office=rng.choice(["", "政策法规科", "应急救援科"]),
                    source=rng.choice(ItemSource.values),
                    key=str(uuid.UUID(int=rng.getrandbits(128))) if rng.random() < 0.8 else "",
                    notes=rng.choice(["", "按河南省口径补充", "第二行\n备注"]),
                    extra=extra,
                )
            )
    return items


def through_xlsx(items, limits):
    return read_xlsx(
        export_xlsx(items, bureau_name="修武县应急管理局", meta={"version": 2, "status": "published"}), limits=limits
    )


def through_csv(items, limits):
    return read_csv(export_csv(items), limits=limits)


def through_json(items, limits):
    data = export_json(items, bureau_code="xiuwu", bureau_name="修武县应急管理局", division_code="410821")
    return read_json(data, limits=limits)


FORMATS = {"xlsx": through_xlsx, "csv": through_csv, "json": through_json}


@pytest.mark.parametrize("fmt", FORMATS)
def test_guideline_catalogs_round_trip(fmt, limits):
    items = guideline_items()

    result = FORMATS[fmt](items, limits)

    assert result.ok, [str(i) for i in result.issues]
    assert result.items == items


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", range(25))
def test_random_catalogs_round_trip(fmt, seed, limits):
    items = random_catalog(seed)

    result = FORMATS[fmt](items, limits)

    assert result.ok, [str(i) for i in result.issues]
    assert result.items == items


def test_round_trip_covers_the_hard_cases():
    """The generator really produces level-3 items, multi-line bases, all channels, township level, specific group."""
    items = [item for seed in range(25) for item in random_catalog(seed)]

    assert any(i.level3 for i in items)
    assert any(len(i.legal_basis) > 1 for i in items)
    assert any(i.channels == CHANNELS for i in items)
    assert any("township" in i.levels for i in items)
    assert any("specific_group" in i.audience for i in items)
    assert {parse_time_limit(t)["kind"] for t in TIME_LIMITS} == {i.time_limit_rule["kind"] for i in items}


def test_an_edited_cell_wins_over_the_hidden_metadata(limits):
    import io

    from openpyxl import load_workbook

    items = guideline_items()[:2]
    wb = load_workbook(io.BytesIO(export_xlsx(items, bureau_name="修武县应急管理局")))
    ws = wb["安全生产"]
    ws["E5"] = "《中华人民共和国安全生产法》\n《中华人民共和国政府信息公开条例》"  # 公开依据 of row 1
    ws["F5"] = "信息形成或变更之日起15个工作日内"
    buffer = io.BytesIO()
    wb.save(buffer)

    result = read_xlsx(buffer.getvalue(), limits=limits)

    assert result.items[0].legal_basis == ["《中华人民共和国安全生产法》", "《中华人民共和国政府信息公开条例》"]
    assert result.items[0].time_limit_rule["days"] == 15
    assert result.items[0].key == items[0].key and result.items[1] == items[1]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_published_catalog_exported_and_imported_back_is_unchanged(fmt, xiuwu, editor, people):
    from gongkai.accounts.roles import Role

    published_catalog(xiuwu, editor, people[Role.GOV_REVIEWER])
    source = service.published_source(xiuwu)
    data = service.render(source, fmt, bureau=xiuwu)

    outcome = service.import_catalog(bureau=xiuwu, data=data, filename=f"catalog.{fmt}", acting_user=editor)

    assert outcome.applied, [str(i) for i in outcome.result.issues]
    assert outcome.summary["unchanged"] == len(source.items) == 18
    assert outcome.summary["added"] == outcome.summary["updated"] == outcome.summary["removed"] == 0
    again = service.working_source(xiuwu)
    assert [(i.key, i.to_dict()) for i in again.items] == [(i.key, i.to_dict()) for i in source.items]


@pytest.mark.django_db
def test_one_bureaus_export_imports_into_another(xiuwu, wenxian, editor, people):
    from gongkai.accounts.roles import Role

    published_catalog(xiuwu, editor, people[Role.GOV_REVIEWER])
    data = service.render(service.published_source(xiuwu), "xlsx", bureau=xiuwu)

    outcome = service.import_catalog(
        bureau=wenxian, data=data, filename="修武.xlsx", acting_user=people["wenxian_editor"]
    )

    assert outcome.applied and outcome.summary["added"] == 18
