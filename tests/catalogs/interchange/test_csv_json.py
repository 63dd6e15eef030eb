"""CSV and JSON parsers: documented header, tolerant spellings, row-by-row errors."""

import json

from gongkai.catalogs.interchange.csv_format import CSV_COLUMNS, export_csv, read_csv
from gongkai.catalogs.interchange.json_format import export_json, read_json
from gongkai.catalogs.interchange.limits import Limits

from .helpers import guideline_items

HEADER = ",".join(CSV_COLUMNS[:12])


def _csv(*lines, header=HEADER, encoding="utf-8-sig"):
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


ROW = (
    'production_safety,政策文件,法律法规,,与安全生产有关的法律、法规,"《条例》\n《安全生产法》",'
    "信息形成或变更之日起20工作日内,修武县应急管理局,政府网站;政务新媒体;发布会,全社会;特定群众,主动,县级;乡、村级"
)


def test_csv_reads_labels_aliases_and_multi_line_basis(limits):
    result = read_csv(_csv(ROW), limits=limits)

    assert result.ok, [str(i) for i in result.issues]
    item = result.items[0]
    assert item.legal_basis == ["《条例》", "《安全生产法》"]
    assert item.channels == ["政府网站", "两微一端", "发布会/听证会"]
    assert item.audience == ["public", "specific_group"] and item.levels == ["county", "township"]
    assert item.time_limit_text == "信息形成或变更之日起20个工作日内"


def test_csv_from_excel_in_gb18030_is_read(limits):
    result = read_csv(_csv(ROW, encoding="gb18030"), limits=limits)

    assert result.ok and result.items[0].level2 == "法律法规"


def test_csv_accepts_the_chinese_header(limits):
    header = "领域,一级事项,二级事项,三级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级"
    result = read_csv(_csv(ROW.replace("production_safety", "安全生产"), header=header), limits=limits)

    assert result.ok and result.items[0].domain == "production_safety"


def test_csv_errors_name_the_row_and_the_column(limits):
    bad = (
        ROW.replace("政府网站;政务新媒体;发布会", "飞鸽传书")
        .replace("《条例》\n《安全生产法》", "")
        .replace("法律法规", "规章")
    )
    result = read_csv(_csv(ROW, bad), limits=limits)

    assert [(i.code, i.row, i.column) for i in result.errors] == [
        ("required", 3, "legal_basis"),
        ("unknown_channel", 3, "channels"),
    ]


def test_csv_missing_column(limits):
    header = HEADER.replace(",time_limit_text", "")
    row = ROW.replace(",信息形成或变更之日起20工作日内", "")

    result = read_csv(_csv(row, header=header), limits=limits)

    assert [(i.code, i.column) for i in result.errors] == [("missing_column", "time_limit_text")]


def test_csv_domain_column_may_be_replaced_by_the_option(limits):
    header = HEADER.replace("domain,", "")
    row = ROW.replace("production_safety,", "")

    assert [i.code for i in read_csv(_csv(row, header=header), limits=limits).errors] == ["missing_column"]
    chosen = read_csv(_csv(row, header=header), limits=limits, domain="disaster_relief")
    assert chosen.ok and chosen.items[0].domain == "disaster_relief"


def test_csv_too_many_rows():
    result = read_csv(
        _csv(ROW, ROW.replace("法律法规", "规章"), ROW.replace("法律法规", "标准")), limits=Limits(max_rows=2)
    )

    assert [i.code for i in result.errors] == ["too_many_rows"]


def test_csv_export_defuses_spreadsheet_formulas():
    item = guideline_items()[0]
    item.content = '=HYPERLINK("http://example.com")'

    text = export_csv([item]).decode("utf-8-sig")

    assert "'=HYPERLINK" in text
    assert read_csv(export_csv([item]), limits=Limits()).items[0].content == item.content


def test_json_document_is_validated_against_the_schema(limits):
    document = json.loads(
        export_json(guideline_items()[:2], bureau_code="xiuwu", bureau_name="修武县应急管理局", division_code="410821")
    )
    document["items"][1]["channels"] = "政府网站"  # not a list
    document["items"][0]["surprise"] = 1

    result = read_json(json.dumps(document).encode(), limits=limits)

    assert sorted((i.code, i.row, i.column) for i in result.errors) == [
        ("schema", 1, ""),
        ("schema", 2, "channels"),
    ]


def test_json_optional_fields_may_be_left_out_and_labels_are_accepted(limits):
    document = {
        "format_version": "1.0",
        "bureau": {"code": "xiuwu", "name": "修武县应急管理局", "division_code": "410821"},
        "version": None,
        "status": "draft",
        "items": [
            {
                "domain": "救灾",
                "level1": "政策文件",
                "level2": "法律法规",
                "content": "与救灾有关的法律、法规",
                "legal_basis": ["《中华人民共和国政府信息公开条例》"],
                "time_limit_text": "信息形成或变更之日起20工作日内",
                "responsible_body": "修武县应急管理局",
                "channels": ["政府网站", "政务新媒体"],
                "audience": ["全社会"],
                "mode": ["主动"],
                "levels": ["县级"],
            }
        ],
    }

    result = read_json(json.dumps(document, ensure_ascii=False).encode(), limits=limits)

    assert result.ok, [str(i) for i in result.issues]
    item = result.items[0]
    assert item.domain == "disaster_relief" and item.channels == ["政府网站", "两微一端"]
    assert item.time_limit_rule["days"] == 20 and item.audience == ["public"]


def test_json_item_errors_are_plain_words(limits):
    document = json.loads(export_json(guideline_items()[:1], bureau_code="x", bureau_name="x", division_code="1"))
    document["items"][0]["content"] = ""
    document["items"][0]["time_limit_text"] = "看情况"

    result = read_json(json.dumps(document).encode(), limits=limits)

    assert [(i.code, i.row, i.column) for i in result.errors] == [
        ("required", 1, "content"),
        ("unparsable_time_limit", 1, "time_limit_text"),
    ]


def test_invalid_json_says_where(limits):
    result = read_json(b'{"items": [1,,]}', limits=limits)

    assert [i.code for i in result.errors] == ["invalid_json"]
    assert "line 1" in result.errors[0].message or "1" in result.errors[0].message


def test_json_from_another_bureau_is_a_warning(limits):
    data = export_json(guideline_items()[:1], bureau_code="wenxian", bureau_name="温县应急管理局", division_code="1")

    result = read_json(data, limits=limits, bureau_code="xiuwu")

    assert result.ok and [w.code for w in result.warnings] == ["other_bureau"]
