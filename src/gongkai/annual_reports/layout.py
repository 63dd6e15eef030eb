"""The 2021 format of the annual disclosure report (国办公开办函〔2021〕30号): its six parts, the blocks,
rows and columns of tables 二 and 四, and their fixed Chinese labels (reference §4.3, §4.4, §4.6).

Pure: no database. The report is an official Chinese document, so these labels are Chinese whatever the
interface language (like the FOI reply documents); table 三's labels are those of `foi_requests`.
"""

from __future__ import annotations

from dataclasses import dataclass

# The six parts, in their fixed order: (key, number, title).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("overview", "一", "总体情况"),
    ("proactive", "二", "主动公开政府信息情况"),
    ("requests", "三", "收到和处理政府信息公开申请情况"),
    ("remedies", "四", "政府信息公开行政复议、行政诉讼情况"),
    ("issues", "五", "存在的主要问题及改进情况"),
    ("other", "六", "其他需要报告的事项"),
)
SECTION_KEYS = tuple(key for key, _no, _title in SECTIONS)


def section_title(key: str) -> str:
    number, title = next((no, t) for k, no, t in SECTIONS if k == key)
    return f"{number}、{title}"


# ---- Table 二 (主动公开政府信息情况) ----


@dataclass(frozen=True)
class Block:
    heading: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]


TABLE2_TITLE = "二、主动公开政府信息情况"
TABLE2_BLOCKS: tuple[Block, ...] = (
    Block("第二十条第(一)项", ("issued", "repealed", "in_force"), ("rules", "normative_documents")),
    Block("第二十条第(五)项", ("decisions",), ("administrative_licensing",)),
    Block("第二十条第(六)项", ("decisions",), ("administrative_penalty", "administrative_coercion")),
    Block("第二十条第(八)项", ("amount_wan",), ("administrative_fees",)),
)
TABLE2_ROWS: tuple[str, ...] = tuple(row for block in TABLE2_BLOCKS for row in block.rows)
TABLE2_COLUMNS: tuple[str, ...] = ("issued", "repealed", "in_force", "decisions", "amount_wan")
TABLE2_ROW_LABELS = {
    "rules": "规章",
    "normative_documents": "行政规范性文件",
    "administrative_licensing": "行政许可",
    "administrative_penalty": "行政处罚",
    "administrative_coercion": "行政强制",
    "administrative_fees": "行政事业性收费",
}
TABLE2_COLUMN_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_wan": "本年收费金额(单位:万元)",
}
# The one cell that is an amount (万元, two decimals); the others are counts.
AMOUNT_CELLS = frozenset({("administrative_fees", "amount_wan")})


def table2_block_of(row: str) -> Block:
    return next(block for block in TABLE2_BLOCKS if row in block.rows)


def table2_cells() -> list[tuple[str, str]]:
    """Every (row, column) of table 二, in the template's order."""
    return [(row, col) for block in TABLE2_BLOCKS for row in block.rows for col in block.columns]


# ---- Table 三 (the FOI app's table; only the layout strings the documents print) ----

TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE3_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
TABLE3_COLUMN_LABELS = {
    "natural_person": "自然人",
    "org_commercial": "商业企业",
    "org_research": "科研机构",
    "org_public_welfare": "社会公益组织",
    "org_legal_service": "法律服务机构",
    "org_other": "其他",
    "total": "总计",
}
TABLE3_ROW_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "r1_granted": "(一)予以公开",
    "r2_partial": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "r3_1_state_secret": "1.属于国家秘密",
    "r3_2_law_prohibits": "2.其他法律行政法规禁止公开",
    "r3_3_three_security_one_stability": "3.危及“三安全一稳定”",
    "r3_4_third_party": "4.保护第三方合法权益",
    "r3_5_internal_affairs": "5.属于三类内部事务信息",
    "r3_6_process_info": "6.属于四类过程性信息",
    "r3_7_enforcement_file": "7.属于行政执法案卷",
    "r3_8_admin_query": "8.属于行政查询事项",
    "r4_1_not_held": "1.本机关不掌握相关政府信息",
    "r4_2_needs_creation": "2.没有现成信息需要另行制作",
    "r4_3_unclear_after_fix": "3.补正后申请内容仍不明确",
    "r5_1_petition_complaint": "1.信访举报投诉类申请",
    "r5_2_repeat": "2.重复申请",
    "r5_3_publication": "3.要求提供公开出版物",
    "r5_4_mass_repeat": "4.无正当理由大量反复申请",
    "r5_5_confirm_reissue": "5.要求行政机关确认或重新出具已获取信息",
    "r6_1_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "r6_2_fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "r6_3_other": "3.其他",
    "r7_total": "(七)总计",
    "carried_out": "四、结转下年度继续办理",
}
# Sub-group headings printed before a row (they hold no numbers): row key -> heading(s).
TABLE3_GROUPS = {
    "r1_granted": ("三、本年度办理结果",),
    "r3_1_state_secret": ("(三)不予公开",),
    "r4_1_not_held": ("(四)无法提供",),
    "r5_1_petition_complaint": ("(五)不予处理",),
    "r6_1_no_correction": ("(六)其他处理",),
}


def table3_row_label(row: str) -> str:
    return TABLE3_ROW_LABELS.get(row, row)


# ---- Table 四 (政府信息公开行政复议、行政诉讼情况) ----

TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
TABLE4_GROUPS: tuple[tuple[str, str, str], ...] = (
    # (key, group heading, sub-heading)
    ("reconsideration", "行政复议", ""),
    ("litigation_direct", "行政诉讼", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "行政诉讼", "复议后起诉"),
)
TABLE4_ROWS: tuple[str, ...] = tuple(key for key, _g, _s in TABLE4_GROUPS)
TABLE4_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
TABLE4_PARTS: tuple[str, ...] = TABLE4_COLUMNS[:-1]
TABLE4_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def empty_table4() -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(TABLE4_COLUMNS, 0) for row in TABLE4_ROWS}
