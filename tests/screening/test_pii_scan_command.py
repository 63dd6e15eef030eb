"""manage.py pii_scan [FILE|-]."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

LINES = [
    "当事人：张三，身份证号码：410823198503121236，联系电话：13812345678。",
    "索引号：11410800MB1234567X/2024-00001 焦应急〔2020〕62号",
    "",
    "卡号：6222 0202 0011 2233 445",
]


def run(*args, stdin=None):
    out = StringIO()
    call_command("pii_scan", *args, stdout=out, stdin=stdin)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_reads_a_file_and_prints_one_json_object_per_line(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = run(str(path))
    assert [r["line"] for r in result] == [1, 2, 3, 4]
    assert result[0]["hits"] == [
        {"kind": "name", "start": 4, "end": 6},
        {"kind": "id_number", "start": 13, "end": 31},
        {"kind": "mobile", "start": 37, "end": 48},
    ]
    assert result[1]["hits"] == [] and result[2]["hits"] == []
    assert set(result[0]["hits"][0]) == {"kind", "start", "end"}


def test_reads_standard_input_with_dash_or_no_argument():
    assert run("-", stdin=StringIO(LINES[0] + "\n"))[0]["hits"][1]["kind"] == "id_number"
    assert run(stdin=StringIO("手机 138 1234 5678\r\n"))[0]["hits"] == [{"kind": "mobile", "start": 3, "end": 16}]


def test_output_is_not_ascii_escaped_and_never_shows_the_value():
    out = StringIO()
    call_command("pii_scan", "--values", stdout=out, stdin=StringIO(LINES[0]))
    assert "410823********1236" in out.getvalue() and "410823198503121236" not in out.getvalue()
    assert "\\u" not in out.getvalue()


def test_fail_on_hit_exits_with_status_1():
    with pytest.raises(CommandError) as info:
        run("--fail-on-hit", stdin=StringIO("\n".join(LINES)))
    assert info.value.returncode == 1
    run("--fail-on-hit", stdin=StringIO(LINES[1]))  # clean: no error


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nope.txt"))


def test_explain_gives_rule_mask_position_and_reason_per_hit():
    result = run("--explain", stdin=StringIO(LINES[0] + "\n" + "订单号：１３９\u200b1234 5678\n"))
    first, second = result[0]["hits"], result[1]["hits"]
    assert [h["rule"] for h in first] == ["name_after_label", "id18_check_character", "mobile_11_digits"]
    assert first[1] == {
        "kind": "id_number",
        "start": 13,
        "end": 31,
        "rule": "id18_check_character",
        "masked": "410823********1236",
        "why": first[1]["why"],
    }
    assert "check character" in first[1]["why"]
    assert second == [
        {"kind": "mobile", "start": 4, "end": 17, "rule": "mobile_11_digits", "masked": "139****5678",
         "why": second[0]["why"]}
    ]  # fmt: skip
    assert "订单号" in second[0]["why"]
    assert "410823198503121236" not in json.dumps(result, ensure_ascii=False)


EVASIONS = [
    "联系电话：138\u200b1234\u200b5678",  # zero-width spaces
    "手机：１３８１２３４５６７８",  # full-width digits
    "手机：١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    "请拨139.1234.5678",  # grouped with dots
    "电话 +86 139-1234-5678",  # country code
    "订单号：13912345678",  # a label that is not a phone label
    "19212345678",  # a segment allocated in 2019, no label at all
]


def test_explain_names_the_rule_of_every_side_door_without_the_value():
    out = StringIO()
    call_command("pii_scan", "--explain", stdout=out, stdin=StringIO("\n".join(EVASIONS) + "\n"))
    result = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [[h["kind"] for h in r["hits"]] for r in result] == [["mobile"]] * len(EVASIONS)
    assert all(r["hits"][0]["rule"] == "mobile_11_digits" and r["hits"][0]["masked"] for r in result)
    assert "13912345678" not in out.getvalue() and "19212345678" not in out.getvalue()
