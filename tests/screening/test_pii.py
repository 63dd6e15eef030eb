"""Personal-data screening: detection, near misses, masking, documents. Hand-written cases
(the generated corpus is in test_corpus.py)."""

import datetime as dt

import pytest

from gongkai.screening.pii import (
    BANK_CARD,
    ID_NUMBER,
    MOBILE,
    NAME,
    html_to_text,
    id_check_character,
    is_valid_id15,
    is_valid_id18,
    luhn_ok,
    mask,
    mask_html,
    scan,
    screen_document,
)


def id18(first17: str) -> str:
    return first17 + id_check_character(first17)


def luhn(body: str) -> str:
    for digit in "0123456789":
        if luhn_ok(body + digit):
            return body + digit
    raise AssertionError


ID = id18("41082319850312123")  # 410823198503121236
ID_X = next(id18(f"41082119900101{n:03d}") for n in range(1000) if id18(f"41082119900101{n:03d}").endswith("X"))
BAD_ID = ID[:-1] + ("0" if ID[-1] != "0" else "1")
CARD19 = luhn("622202020011223344")
CARD16 = luhn("622588001122334")
MOBILE_NO = "13812345678"


def found(text):
    return [(h.kind, h.value) for h in scan(text)]


# --- checks -------------------------------------------------------------------------------------


def test_id_check_character_follows_iso_7064():
    assert id_check_character("11010519491231002") == "X"  # GB 11643 example
    assert is_valid_id18("11010519491231002X") and is_valid_id18("11010519491231002x")
    assert not is_valid_id18("110105194912310021")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (id18("41082319850230123"), False),  # Feb 30
        (id18("99082319850312123"), False),  # no province 99
        (id18("41002319850312123"), False),  # city 00
        (id18("41082321050312123"), False),  # born in the future
        (id18("81000019850312123"), True),  # Hong Kong residents' residence permit
    ],
)
def test_id_needs_a_valid_date_and_region(value, valid):
    assert is_valid_id18(value, today=dt.date(2026, 11, 28)) is valid


def test_old_15_digit_ids_need_a_valid_date():
    assert is_valid_id15("410823850312123")
    assert not is_valid_id15("410823851312123")
    assert not is_valid_id15("000000850312123")


# --- detection ----------------------------------------------------------------------------------

POSITIVE = [
    (f"当事人：张三，男，身份证号码：{ID}，联系电话：{MOBILE_NO}。", [(NAME, "张三"), (ID_NUMBER, ID), (MOBILE, MOBILE_NO)]),
    (f"申请人王五（身份证号：{ID}）于2024年5月12日提出申请。", [(NAME, "王五"), (ID_NUMBER, ID)]),
    (f"经查，欧阳娜娜（公民身份号码{ID_X.lower()}）", [(NAME, "欧阳娜娜"), (ID_NUMBER, ID_X.lower())]),
    (f"造成王五（男，45岁，身份证号：{ID}）受伤", [(NAME, "王五"), (ID_NUMBER, ID)]),
    (f"身份证号码为{ID}（李四）的人员", [(ID_NUMBER, ID), (NAME, "李四")]),
    (f"| 1 | 张三 | {ID} | {MOBILE_NO} |", [(NAME, "张三"), (ID_NUMBER, ID), (MOBILE, MOBILE_NO)]),
    (f"城关镇东关村向梅杰，身份证号码：{ID}", [(NAME, "向梅杰"), (ID_NUMBER, ID)]),
    ("当事人：李明，身份证号码：410823850312123", [(NAME, "李明"), (ID_NUMBER, "410823850312123")]),
    (f"身份证号：{ID[:6]} {ID[6:14]} {ID[14:]}", [(ID_NUMBER, f"{ID[:6]} {ID[6:14]} {ID[14:]}")]),
    (f"身份证：{ID.translate(str.maketrans('0123456789', '０１２３４５６７８９'))}", [(ID_NUMBER, ID.translate(str.maketrans('0123456789', '０１２３４５６７８９')))]),
    ("手机：+86 138 1234 5678，备用：139-8765-4321/13600001111", [(MOBILE, "138 1234 5678"), (MOBILE, "139-8765-4321"), (MOBILE, "13600001111")]),
    ("电话（+86）13812345678；86-13912345678；0086 18612345678", [(MOBILE, "13812345678"), (MOBILE, "13912345678"), (MOBILE, "18612345678")]),
    ("请拨打13812345678联系", [(MOBILE, "13812345678")]),
    (f"账号：{CARD19}", [(BANK_CARD, CARD19)]),
    (f"卡号 {' '.join(CARD16[i:i + 4] for i in range(0, 16, 4))}。", [(BANK_CARD, " ".join(CARD16[i : i + 4] for i in range(0, 16, 4)))]),
    (f"已发放至其社保卡{CARD19}（中国建设银行）", [(BANK_CARD, CARD19)]),
    ("姓名：王小明  性别：男", [(NAME, "王小明")]),
    ("联系人：赵六，电话：13812345678", [(NAME, "赵六"), (MOBILE, "13812345678")]),
    ("法定代表人（负责人）：钱七", [(NAME, "钱七")]),
    (f"Applicant ID No.{ID}, Tel: +86-13812345678", [(ID_NUMBER, ID), (MOBILE, "13812345678")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_detects_personal_data(text, expected):
    assert found(text) == expected


NEGATIVE = [
    "成文日期：2024-05-12  发布日期：20240515",
    "罚款人民币贰万元整（¥20,000.00），累计下拨资金13800000000元",
    "资金总额：¥13912345678.00",
    "焦应急〔2020〕62号；（2024）豫0821行初1381号；焦应急函〔2024〕10812345678号",
    "索引号：11410800MB1234567X/2024-00001",
    "索引号：000014349/2017-00110",
    "统一社会信用代码：91410800MA44ABCD1X",
    "联系电话：0391-3568123，传真：（0391）35681234，热线：400-820-1234，12345",
    f"身份证号码：{BAD_ID}",
    f"身份证号：{id18('41082319850230123')}",
    f"卡号：{CARD19[:-1]}{(int(CARD19[-1]) + 1) % 10}",
    "订单号：2024061512345678901；快递单号：SF1234567890123",
    "电话：1381234567；号码：12812345678；138123456789",
    "手机：138****5678；身份证号：410823********1236；卡号：6222 **** **** 1234",
    "申请人：张某某；当事人：焦作市宏达化工有限公司；联系人：王老师",
    "局长王刚出席会议并讲话。执法人员：李明（执法证号：41080012345）",
    "网址：http://yjglj.example.gov.cn/art/2024/5/12/art_12812345678_1.html",
    "附件：13812345678-2024.pdf",
    "焦应急〔２０２６〕1\u200b2号；第１２条；２０２６年３月１２日；罚款٢٠٠٠٠元",
    "登记编号：10812345678；执法证号：12012345678；电话：11012345678",
    "值班电话：0391—3561234；（0391）3568123；Tel: +86-391-3561234",
    "合同编号：HT2026123456；快递单号：JD1234567890123；版本 v2026.01.001",
    "《生产安全事故应急条例》（国务院令第708号）第十三条",
    "①②③ 第1条",
    "当事人：修武县城关镇人民政府；申请人：焦作市，电话0391-3568123",
    "经办人：王科长；申请人：不详；姓名：（略）",
]  # fmt: skip


@pytest.mark.parametrize("text", NEGATIVE)
def test_near_misses_are_not_flagged(text):
    assert found(text) == []


ZW = "\u200b"
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

SIDE_DOORS = [
    # split by zero-width and other format characters: the span covers them, the mask removes them
    (f"手机：138{ZW}1234\u20605678", MOBILE, f"138{ZW}1234\u20605678"),
    (f"身份证号：{ID[:6]}\u00ad{ID[6:]}", ID_NUMBER, f"{ID[:6]}\u00ad{ID[6:]}"),
    (f"卡号：{CARD19[:8]}\ufeff{CARD19[8:]}", BANK_CARD, f"{CARD19[:8]}\ufeff{CARD19[8:]}"),
    # every Unicode decimal digit
    ("电话：" + "13812345678".translate(ARABIC), MOBILE, "13812345678".translate(ARABIC)),
    ("身份证：" + ID.translate(str.maketrans("0123456789", "०१२३४५६७८९")), ID_NUMBER, ID.translate(str.maketrans("0123456789", "०१२३४५६७८९"))),
    ("手机𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", MOBILE, "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖"),
    # glued to ASCII letters
    (f"身份证号：{ID[:6]}-{ID[6:14]}-{ID[14:]}", ID_NUMBER, f"{ID[:6]}-{ID[6:14]}-{ID[14:]}"),
    ("Tel13812345678", MOBILE, "13812345678"),
    ("①13812345678", MOBILE, "13812345678"),
    ("电话：0391-13812345678", MOBILE, "13812345678"),
    (f"ID{ID}x", ID_NUMBER, ID),
    ("附件：zhangsan13812345678.pdf", MOBILE, "13812345678"),
    # grouped mobiles and country codes
    ("手机：139.1234.5678", MOBILE, "139.1234.5678"),
    ("手机：139-1234-5678", MOBILE, "139-1234-5678"),
    ("手机：139 1234 5678", MOBILE, "139 1234 5678"),
    ("电话：+8613912345678", MOBILE, "13912345678"),
    ("电话：0086-139.1234.5678", MOBILE, "139.1234.5678"),
    # a code label does not hide a number that passes its checks
    ("订单号：13912345678", MOBILE, "13912345678"),
    ("焦应急函〔2024〕13812345678号", MOBILE, "13812345678"),
    (f"编号：{ID}", ID_NUMBER, ID),
    (f"交易流水号：{CARD16}", BANK_CARD, CARD16),
    # every 11-digit 1[3-9] number, allocated segment or not
    ("值班人员14212345678", MOBILE, "14212345678"),
    ("电话：16012345678", MOBILE, "16012345678"),
    ("网址：http://yjglj.example.gov.cn/art/2024/5/12/art_13812345678_1.html", MOBILE, "13812345678"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "value"), SIDE_DOORS)
def test_side_doors_are_closed(text, kind, value):
    hits = scan(text)
    assert [(h.kind, h.value) for h in hits] == [(kind, value)]
    assert text[hits[0].start : hits[0].end] == value
    masked = mask(text)
    assert value not in masked and scan(masked) == []


def test_normalisation_maps_back_to_the_original_offsets():
    from gongkai.screening.normalize import normalize_text

    text = f"ａ{ZW}１\u00ad٢…3"
    norm = normalize_text(text)
    assert norm.text == "a12...3"
    assert norm.span(1, 3) == (2, 5)  # "12" came from "１\u00ad٢"
    assert norm.span(3, 6) == (5, 6)  # "..." came from one "…"


def test_explain_says_which_rule_found_each_hit():
    from gongkai.screening.pii import explain

    hits = scan(f"当事人：张三，身份证号码：{ID}，订单号：13912345678")
    explained = [explain(h) for h in hits]
    assert [(e["kind"], e["rule"]) for e in explained] == [
        (NAME, "name_after_label"),
        (ID_NUMBER, "id18_check_character"),
        (MOBILE, "mobile_11_digits"),
    ]
    assert explained[1]["masked"] == "410823********1236" and ID not in str(explained)
    assert "订单号" in explained[2]["why"] and "11-digit" in explained[2]["why"]


def test_a_credit_code_that_is_also_a_valid_id_is_kept_out_by_its_label():
    # Build an 18-digit credit code (all digits) that passes the ID check as well.
    from gongkai.organizations.validators import is_valid_uscc

    # 机构编制 code 12, division 410819, organisation code starting 850312: also reads as an ID
    # from region 124108 born 1985-03-12.
    code = next(c for n in range(1000) if is_valid_uscc(c := id18(f"12410819850312{n:03d}")) and is_valid_id18(c))
    assert found(f"统一社会信用代码：{code}") == []
    assert found(f"身份证号：{code}") == [(ID_NUMBER, code)]


def test_spans_are_offsets_into_the_original_text():
    text = f"申请人：张三，身份证号：{ID}"
    for hit in scan(text):
        assert text[hit.start : hit.end] == hit.value


# --- masking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"身份证号：{ID}", "身份证号：410823********1236"),
        ("身份证号：410823850312123", "身份证号：410823*****2123"),
        ("手机：13812345678", "手机：138****5678"),
        ("手机：138-1234-5678", "手机：138****5678"),
        (f"卡号：{CARD19}", f"卡号：{CARD19[:4]}****{CARD19[-4:]}"),
        ("当事人：张三丰，男", "当事人：张某某，男"),
        ("当事人：张三，男", "当事人：张某，男"),
        ("当事人：欧阳娜娜，男", "当事人：欧阳某某，男"),
    ],
)
def test_mask_follows_the_reference_profile(text, masked):
    assert mask(text) == masked


def test_masked_text_has_no_hits_left():
    text = POSITIVE[0][0] + POSITIVE[10][0]
    assert scan(mask(text)) == []


def test_mask_html_masks_text_and_keeps_markup():
    html = f'<p class="x">申请人：<b>张三</b>，身份证号：{ID}&nbsp;电话：13812345678</p><script>var a="{ID}"</script>'
    out = mask_html(html)
    assert "410823********1236" in out and ID not in out.split("<script>")[0]
    assert '<p class="x">' in out and "<b>张某</b>" in out and "138****5678" in out


# --- documents ----------------------------------------------------------------------------------


def test_screen_document_reports_each_place():
    hits = screen_document(
        f"关于张三（{ID}）的处罚决定",
        "<p>当事人联系电话：13812345678</p><p>无其他内容</p>",
        ["无", ("附件2.docx", f"银行卡号：{CARD19}")],
    )
    places = [(h.location, h.index, h.kind) for h in hits]
    assert places == [
        ("title", None, NAME),
        ("title", None, ID_NUMBER),
        ("body", None, MOBILE),
        ("attachment", 2, BANK_CARD),
    ]
    assert hits[3].name == "附件2.docx" and "attachment 2" in hits[3].label()
    assert ID not in hits[1].context and "410823********1236" in hits[1].context


def test_screen_document_of_a_clean_record_is_empty():
    assert screen_document("关于开展安全生产月活动的通知", "<p>各县（市）区应急管理局：……</p>", []) == []


def test_html_to_text_maps_back_to_the_source():
    html = "<p>a&amp;b</p><div>电话：13812345678</div>"
    text, sources = html_to_text(html)
    assert text == "a&b\n\n电话：13812345678\n" or text.strip().endswith("13812345678")
    hit = scan(text)[0]
    assert html[sources[hit.start][0] : sources[hit.end - 1][1]] == "13812345678"


def test_long_text_is_scanned_quickly():
    import time

    text = (f"当事人：张三，身份证号码：{ID}，联系电话：13812345678。" + "安全生产" * 200) * 200  # ~180k chars
    started = time.perf_counter()
    hits = scan(text)
    assert len(hits) == 600
    assert time.perf_counter() - started < 5


def test_screen_document_screens_attachment_file_names_and_shows_them_masked():
    hits = screen_document("通知", "", [("名单13812345678.xlsx", "无")])
    assert [(h.location, h.index, h.kind) for h in hits] == [("attachment_name", 1, MOBILE)]
    assert hits[0].name == "名单138****5678.xlsx" and "13812345678" not in hits[0].label()
