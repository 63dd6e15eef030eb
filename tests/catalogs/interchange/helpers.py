"""Builders for interchange tests: guideline items, hand-made official-layout workbooks."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import Workbook

from gongkai.catalogs.interchange.labels import channels_checklist, normalize_choices
from gongkai.catalogs.timelimits import parse_time_limit
from gongkai.catalogs.types import CatalogItemData

DATA_DIR = Path(__file__).resolve().parents[3] / "src" / "gongkai" / "catalogs" / "data"
GUIDELINES = (("production-safety.json", "production_safety"), ("disaster-relief.json", "disaster_relief"))


def _guideline_item(domain: str, row: dict) -> CatalogItemData:
    return CatalogItemData(
        domain=domain,
        level1=row["level1"],
        level2=row["level2"],
        level3=row["level3"] or "",
        content=row["content"],
        legal_basis=list(row["basis"]),
        time_limit_text=row["time_limit"],
        time_limit_rule=parse_time_limit(row["time_limit"]),
        responsible_body="修武县应急管理局",
        channels=list(row["channels"]),
        audience=normalize_choices("audience", row["audience"])[0],
        mode=normalize_choices("mode", row["mode"])[0],
        levels=normalize_choices("levels", row["levels"])[0],
        source="guideline",
    )


def guideline_items() -> list[CatalogItemData]:
    """Every verified row of the two shipped guideline catalogs, as bureau catalog items."""
    items = []
    for filename, domain in GUIDELINES:
        data = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
        items.extend(_guideline_item(domain, row) for row in data["items"])
    return items


SAFETY_ROWS = [
    {
        "level1": "政策文件",
        "level2": "法律法规",
        "content": "与安全生产有关的法律、法规",
        "basis": "《中华人民共和国政府信息公开条例》（国务院令第711号）",
        "time": "信息形成或变更之日起20个工作日内",
        "body": "修武县应急管理局",
        "channels": channels_checklist(["政府网站", "两微一端", "公开查阅点", "政务服务中心"]),
        "audience": ("√", ""),
        "mode": ("√", ""),
        "levels": ("√", "√"),
    },
    {
        "level1": "政策文件",
        "level2": "部门和地方规章",
        "content": "与安全生产有关的部门和地方规章",
        "basis": "《中华人民共和国政府信息公开条例》（国务院令第711号）\n《中华人民共和国安全生产法》",
        "time": "信息形成或变更之日起20工作日内",
        "body": "修武县应急管理局",
        "channels": "■政府网站 □政府公报 ■两微一端 □发布会 □广播电视 □纸质媒体 ■公开查阅点 □政务服务中心 □便民服务站 "
        "□入户/现场 ■社区/企事业单位、村公示栏(电子屏) □精准推送 □其他",
        "audience": ("√", "√"),
        "mode": ("√", ""),
        "levels": ("√", ""),
    },
    {
        "level1": "依法行政",
        "level2": "行政处罚",
        "content": "办理行政处罚的依据、条件、程序以及本级行政机关认为具有一定社会影响的行政处罚决定",
        "basis": "《中华人民共和国政府信息公开条例》（国务院令第711号）",
        "time": "信息形成或变更之日起20个工作日内",
        "body": "修武县应急管理局",
        "channels": channels_checklist(["政府网站"]),
        "audience": ("√", ""),
        "mode": ("√", "√"),
        "levels": ("√", ""),
    },
]


def official_workbook(
    rows=None,
    *,
    title="修武县应急管理局安全生产领域基层政务公开标准目录",
    sheet="Sheet1",
    audience_labels=("全社会", "特定群体"),
    level_labels=("县级", "乡级"),
    merge_level1=True,
    header_overrides=None,
    level3=False,
    office=False,
    extra_sheets=(),
) -> bytes:
    """A workbook in the official layout, built by hand (as a county would), not by our exporter.

    `header_overrides` maps a 0-based column index to another top header label (or None to blank it).
    """
    rows = SAFETY_ROWS if rows is None else rows
    options = dict(
        audience_labels=audience_labels,
        level_labels=level_labels,
        merge_level1=merge_level1,
        overrides=header_overrides or {},
        level3=level3,
        office=office,
    )
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    _official_sheet(ws, rows, title, **options)
    for extra_title, extra_sheet_title, extra_rows in extra_sheets:
        _official_sheet(wb.create_sheet(extra_sheet_title), extra_rows, extra_title, **options)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _official_sheet(ws, rows, title, *, audience_labels, level_labels, merge_level1, overrides, level3, office):
    # (top label, sub label or None, value of a row)
    columns = [
        ("序号", None, lambda n, r: n),
        ("公开事项", "一级事项", lambda n, r: r["level1"]),
        ("公开事项", "二级事项", lambda n, r: r["level2"]),
    ]
    if level3:
        columns.append(("公开事项", "三级事项", lambda n, r: r.get("level3", "")))
    columns += [
        ("公开内容（要素）", None, lambda n, r: r["content"]),
        ("公开依据", None, lambda n, r: r["basis"]),
        ("公开时限", None, lambda n, r: r["time"]),
        ("公开主体", None, lambda n, r: r["body"]),
        ("公开渠道和载体", None, lambda n, r: r["channels"]),
    ]
    for i, label in enumerate(audience_labels):
        columns.append(("公开对象", label, lambda n, r, i=i: r["audience"][i]))
    for i, label in enumerate(("主动", "依申请")):
        columns.append(("公开方式", label, lambda n, r, i=i: r["mode"][i]))
    for i, label in enumerate(level_labels):
        columns.append(("公开层级", label, lambda n, r, i=i: r["levels"][i]))
    if office:
        columns.append(("责任科室", None, lambda n, r: r.get("office", "")))
    width = len(columns)
    ws.cell(1, 1, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    col = 1
    while col <= width:
        top, sub, _value = columns[col - 1]
        top = overrides.get(col - 1, top)
        if top is not None:
            ws.cell(3, col, top)
        if sub is None:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
            col += 1
            continue
        end = col
        while end < width and columns[end][0] == columns[col - 1][0] and columns[end][1] is not None:
            end += 1
        for c in range(col, end + 1):
            ws.cell(4, c, columns[c - 1][1])
        if end > col:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=end)
        col = end + 1
    for offset, row in enumerate(rows):
        for c, (_top, _sub, value) in enumerate(columns, start=1):
            cell_value = value(offset + 1, row)
            ws.cell(5 + offset, c, cell_value if cell_value != "" else None)
    if merge_level1:
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index]["level1"] != rows[start]["level1"]:
                if index - 1 > start:
                    ws.merge_cells(start_row=5 + start, start_column=2, end_row=5 + index - 1, end_column=2)
                start = index
