"""Every sum check of the template, one failing case each (pure: on cells, no database)."""

import pytest

from gongkai.annual_reports import checks, layout


def good_table2():
    return {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
        "administrative_licensing": {"decisions": 40},
        "administrative_penalty": {"decisions": 25},
        "administrative_coercion": {"decisions": 4},
        "administrative_fees": {"amount_wan": "0.00"},
    }


def good_table4():
    return {
        "reconsideration": {"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4},
        "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
        "litigation_after_reconsideration": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
    }


PREVIOUS = {"rules": {"in_force": 0}, "normative_documents": {"in_force": 10}}


def checks_of(problems):
    return [(p.check, p.severity, p.row, p.column) for p in problems]


def test_all_checks_hold_on_consistent_tables():
    assert checks.table2_problems(good_table2(), previous=PREVIOUS) == []
    assert checks.table4_problems(good_table4()) == []


@pytest.mark.parametrize(
    ("row", "col", "value"),
    [
        ("normative_documents", "issued", -1),
        ("administrative_penalty", "decisions", 2.5),
        ("administrative_licensing", "decisions", "7"),
        ("administrative_coercion", "decisions", None),
        ("administrative_fees", "amount_wan", "-0.5"),
        ("administrative_fees", "amount_wan", "abc"),
        ("rules", "in_force", True),
    ],
)
def test_t2_int_fails_on_a_negative_or_non_whole_cell(row, col, value):
    cells = good_table2()
    cells[row][col] = value
    assert checks_of(checks.table2_problems(cells)) == [("T2-INT", "error", row, col)]


def test_a_fee_amount_may_have_decimals():
    cells = good_table2()
    cells["administrative_fees"]["amount_wan"] = "1.25"
    assert checks.table2_problems(cells) == []


def test_t2_force_warns_when_in_force_does_not_follow_last_year():
    cells = good_table2()
    cells["normative_documents"]["in_force"] = 13  # 10 + 3 - 1 = 12
    problems = checks.table2_problems(cells, previous=PREVIOUS)
    assert checks_of(problems) == [("T2-FORCE", "warning", "normative_documents", "in_force")]
    assert "12" in problems[0].message


def test_t2_force_skips_rows_not_applicable_and_unknown_last_years():
    cells = good_table2()
    cells["rules"] = {"issued": 1, "repealed": 0, "in_force": 5}
    assert checks.table2_problems(cells, previous=PREVIOUS, not_applicable={"rules"}) == []
    assert checks.table2_problems(cells, previous=None) == []


@pytest.mark.parametrize(
    ("row", "check"),
    [
        ("reconsideration", "T4-RECON"),
        ("litigation_direct", "T4-DIRECT"),
        ("litigation_after_reconsideration", "T4-AFTER"),
    ],
)
def test_each_table4_group_total_must_be_the_sum_of_its_results(row, check):
    cells = good_table4()
    cells[row]["total"] += 1
    assert checks_of(checks.table4_problems(cells)) == [(check, "error", row, "total")]


@pytest.mark.parametrize("value", [-1, 1.5, "2", None])
def test_t4_int_fails_on_a_negative_or_non_whole_cell(value):
    cells = good_table4()
    cells["litigation_direct"]["other"] = value
    assert checks_of(checks.table4_problems(cells)) == [("T4-INT", "error", "litigation_direct", "other")]


def test_the_template_has_six_parts_in_order_and_fifteen_table4_cells():
    assert [layout.section_title(k) for k in layout.SECTION_KEYS] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert len(layout.TABLE4_ROWS) * len(layout.TABLE4_COLUMNS) == 15
    assert len(layout.table2_cells()) == 6 + 1 + 2 + 1
