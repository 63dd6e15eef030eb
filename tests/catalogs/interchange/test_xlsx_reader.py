"""The XLSX parser reads the official layout and its local variants (pure, no database)."""

import io

from openpyxl import load_workbook

from gongkai.catalogs.interchange.xlsx_reader import read_xlsx

from .helpers import SAFETY_ROWS, official_workbook


def _codes(result):
    return [issue.code for issue in result.errors]


def test_reads_the_official_layout_with_merged_level1_cells(limits):
    result = read_xlsx(official_workbook(), limits=limits)

    assert result.ok, [str(i) for i in result.issues]
    assert [i.level2 for i in result.items] == ["法律法规", "部门和地方规章", "行政处罚"]
    assert [i.level1 for i in result.items] == ["政策文件", "政策文件", "依法行政"]  # merged cell fills both rows
    assert all(i.domain == "production_safety" for i in result.items)
    first = result.items[0]
    assert first.channels == ["政府网站", "两微一端", "公开查阅点", "政务服务中心"]
    assert first.audience == ["public"] and first.mode == ["proactive"] and first.levels == ["county", "township"]
    assert first.time_limit_rule["kind"] == "working_days_after_event"


def test_multi_line_legal_basis_becomes_a_list(limits):
    result = read_xlsx(official_workbook(), limits=limits)

    assert result.items[1].legal_basis == [
        "《中华人民共和国政府信息公开条例》（国务院令第711号）",
        "《中华人民共和国安全生产法》",
    ]


def test_channel_aliases_and_the_working_day_typo_are_normalized(limits):
    result = read_xlsx(official_workbook(), limits=limits)
    item = result.items[1]

    assert item.channels == ["政府网站", "两微一端", "公开查阅点", "社区/企事业单位/村公示栏（电子屏）"]
    assert item.time_limit_text == "信息形成或变更之日起20个工作日内"
    assert item.audience == ["public", "specific_group"]


def test_variant_labels_are_understood(limits):
    data = official_workbook(audience_labels=("全社会", "特定群众"), level_labels=("县级", "乡、村级"))

    result = read_xlsx(data, limits=limits)

    assert result.ok
    assert result.items[1].audience == ["public", "specific_group"]
    assert result.items[0].levels == ["county", "township"]


def test_missing_level_columns_default_to_county_with_a_warning(limits):
    result = read_xlsx(official_workbook(level_labels=()), limits=limits)

    assert result.ok
    assert {tuple(i.levels) for i in result.items} == {("county",)}
    assert "no_level_columns" in [w.code for w in result.warnings]


def test_township_only_level_column(limits):
    rows = [dict(row, levels=("√",)) for row in SAFETY_ROWS]
    result = read_xlsx(official_workbook(rows, level_labels=("乡级",)), limits=limits)

    assert result.ok
    assert {tuple(i.levels) for i in result.items} == {("township",)}


def test_domain_comes_from_the_table_title_or_the_sheet_name(limits):
    relief = official_workbook(title="救灾领域基层政务公开标准目录")
    by_sheet = official_workbook(title="标准目录", sheet="救灾")

    assert {i.domain for i in read_xlsx(relief, limits=limits).items} == {"disaster_relief"}
    assert {i.domain for i in read_xlsx(by_sheet, limits=limits).items} == {"disaster_relief"}


def test_unknown_domain_is_an_error_unless_chosen(limits):
    data = official_workbook(title="修武县政务公开标准目录")

    assert _codes(read_xlsx(data, limits=limits)) == ["unknown_domain"]
    chosen = read_xlsx(data, limits=limits, domain="disaster_relief")
    assert chosen.ok and {i.domain for i in chosen.items} == {"disaster_relief"}


def test_one_sheet_per_domain(limits):
    data = official_workbook(extra_sheets=[("救灾领域基层政务公开标准目录", "救灾", SAFETY_ROWS[:1])])

    result = read_xlsx(data, limits=limits)

    assert result.ok
    assert [i.domain for i in result.items] == ["production_safety"] * 3 + ["disaster_relief"]
    assert result.domains == ["production_safety", "disaster_relief"]


def test_unmerged_level1_in_every_row_is_read_too(limits):
    result = read_xlsx(official_workbook(merge_level1=False), limits=limits)

    assert result.ok
    assert [i.level1 for i in result.items] == ["政策文件", "政策文件", "依法行政"]


def test_level3_and_responsible_office_columns(limits):
    rows = [dict(row, level3="国家法律" if n == 0 else "", office="政策法规科") for n, row in enumerate(SAFETY_ROWS)]

    result = read_xlsx(official_workbook(rows, level3=True, office=True), limits=limits)

    assert result.ok, [str(i) for i in result.issues]
    assert [i.level3 for i in result.items] == ["国家法律", "", ""]
    assert result.items[0].content == "与安全生产有关的法律、法规"
    assert {i.responsible_office for i in result.items} == {"政策法规科"}


def test_extra_local_columns_are_ignored_with_a_warning(limits):
    wb = load_workbook(io.BytesIO(official_workbook()))
    wb.active.cell(3, 15, "依据效力")  # a local extra column (康巴什区)
    buffer = io.BytesIO()
    wb.save(buffer)

    result = read_xlsx(buffer.getvalue(), limits=limits)

    assert result.ok
    assert [(w.code, w.column) for w in result.warnings] == [("unknown_column", "O")]


def test_note_rows_below_the_table_are_skipped(limits):
    wb = load_workbook(io.BytesIO(official_workbook()))
    ws = wb.active
    ws.cell(9, 1, "注：本目录由修武县应急管理局负责解释。")
    ws.merge_cells("A9:N9")
    buffer = io.BytesIO()
    wb.save(buffer)

    result = read_xlsx(buffer.getvalue(), limits=limits)

    assert result.ok and len(result.items) == 3
    assert "note_row" in [w.code for w in result.warnings]


def test_other_channel_keeps_its_text(limits):
    rows = [dict(SAFETY_ROWS[0], channels="■政府网站 □政府公报 ■其他：县融媒体中心APP")]

    result = read_xlsx(official_workbook(rows), limits=limits)

    assert result.items[0].channels == ["政府网站", "其他"]
    assert result.items[0].extra == {"other_channel": "县融媒体中心APP"}


def test_plain_channel_list_without_boxes_counts_every_label(limits):
    rows = [dict(SAFETY_ROWS[0], channels="政府网站、政务新媒体、社区/企事业单位、村公示栏(电子屏)")]

    result = read_xlsx(official_workbook(rows), limits=limits)

    assert result.items[0].channels == ["政府网站", "两微一端", "社区/企事业单位/村公示栏（电子屏）"]


def test_hostile_merged_ranges_are_bounded():
    import pytest

    from gongkai.catalogs.interchange import xlsx_grid

    rows = [(None,) * 100] * 10_000
    with pytest.raises(xlsx_grid.TooManyMergedCells):
        xlsx_grid.Sheet("x", rows, [(1, 1, 16384, 1_048_576)])
    small = xlsx_grid.Sheet("x", rows[:10], [(1, 1, 16384, 1_048_576)])  # clipped to the sheet
    assert len(small.merged) == 10 * 100 - 1
