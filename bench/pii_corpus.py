"""Generate the labelled personal-data corpus: tests/screening/corpus/{positive,negative}.jsonl.

    .venv/bin/python bench/pii_corpus.py [--count 400] [--seed 20261128] [--out tests/screening/corpus]

Deterministic (fixed seed). The generator does not import the detector: it builds its own
valid ID numbers (ISO 7064 MOD 11-2), bank cards (Luhn, real issuer prefixes), mobiles
(allocated prefixes) and credit codes (GB 32100), and writes each snippet from templates
modelled on what a bureau publishes: penalty decisions, relief-fund notices, FOI replies,
notices with contacts, tables of recipients.

Labelling convention (span = [start, end) in characters):
- id_number: the 18 or 15 characters of a valid resident ID number (also 81/82/83 permits);
- mobile: the national number from its first to its last digit, inner separators included,
  a +86/0086 prefix excluded;
- bank_card: first to last digit of a Luhn-valid 16–19 digit card number, inner separators included;
- name: a natural person's name (2–4 characters) right before or after an ID number (only
  separators, the ID label, gender, age, ethnicity or birth date in between), or right after
  one of the labels 姓名/当事人/申请人/联系人/法定代表人/举报人/投诉人/户主/收款人/持卡人/被处罚人.

Negative snippets contain none of these; they are full of near misses: dates, amounts,
document and index numbers, credit codes, landlines and hotlines, invalid-checksum IDs, IDs
with impossible dates, Luhn-failing card numbers, order / serial / tracking numbers, masked
values, officials' names without an ID, and phone-like numbers with the wrong prefix or length.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- identifiers -------------------------------------------------------------------------------
REGIONS = (
    "410802 410803 410804 410811 410821 410822 410823 410825 410882 410883 410102 410105 411081 412726 "
    "110105 120101 130102 140105 150102 210102 220102 230102 310104 320102 330106 340104 350102 360102 "
    "370102 420106 422801 430104 440106 450103 460106 500103 510104 520102 530102 532901 540102 610104 "
    "620102 630102 640104 650102 652901"
).split()
PERMIT_REGIONS = ("810000", "820000", "830000")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 166 167 170 171 "
    "173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199"
).split()
CARD_BINS = (  # (prefix, length)
    ("622202", 19), ("622848", 19), ("621700", 19), ("621661", 19), ("622262", 19), ("623668", 19),
    ("621799", 19), ("622700", 19), ("436742", 19), ("955880", 19), ("601382", 19), ("621226", 19),
    ("622588", 16), ("625965", 16), ("518710", 16), ("402674", 16), ("356833", 16), ("622908", 18),
    ("621483", 16), ("622609", 17),
)  # fmt: skip
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
)
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "慕容", "令狐", "东方"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉力鹏飞宇浩然子轩梓涵欣怡雨晨"
    "佳琪思远博文俊杰嘉怡晓东海燕春梅秋菊冬梅立新振华永红德明学军卫东建华凤英淑珍翠花金凤玉珍宏伟"
)
COMPANIES = [
    "焦作市宏达化工有限公司", "修武县云台山旅游开发有限公司", "武陟县鑫源建材有限公司", "温县永兴烟花爆竹批发有限公司",
    "沁阳市豫北煤业有限责任公司", "孟州市恒通危险品运输有限公司", "博爱县金鼎铸造厂", "焦作市山阳区平安加油站",
]  # fmt: skip
ADDRESSES = ["焦作市修武县城关镇建设路88号", "焦作市解放区民主路12号院3号楼", "武陟县木城镇东街村", "温县黄庄镇南韩村4组",
             "沁阳市太行街道办事处怀府路17号", "孟州市河阳街道韩园村"]  # fmt: skip
BANKS = ["中国农业银行", "中国工商银行", "中国建设银行", "中国邮政储蓄银行", "河南省农村信用社", "中国银行"]
VILLAGES = ["城关镇东关村", "郇封镇大位村", "周庄镇孙窑村", "七贤镇王屯村", "西村乡平顶爻村", "五里源乡小文案村"]
PROVINCE_CODES = ["11", "12", "13", "41", "51", "52", "53", "91", "92", "93"]


def id_check(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def uscc_check(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def choice(self, seq):
        return self.r.choice(seq)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def birth(self, lo=1940, hi=2008) -> dt.date:
        start = dt.date(lo, 1, 1)
        return start + dt.timedelta(days=self.r.randrange((dt.date(hi, 12, 31) - start).days))

    def id18(self, x_check: bool | None = None, region: str | None = None) -> str:
        while True:
            first17 = (region or self.choice(REGIONS)) + self.birth().strftime("%Y%m%d") + self.digits(3)
            check = id_check(first17)
            if x_check is None or (check == "X") == x_check:
                return first17 + check

    def failing_digits(self, n: int, first: str = "") -> str:
        """Random digits that are neither a Luhn-valid number nor an ID with a right check character."""
        while True:
            value = first + self.digits(n - len(first))
            luhn_ok = luhn_digit(value[:-1]) == value[-1]
            id_ok = n == 18 and id_check(value[:17]) == value[17]
            if not luhn_ok and not id_ok:
                return value

    def id18_bad_check(self) -> str:
        good = self.id18(x_check=False)
        wrong = self.choice([c for c in "0123456789X" if c != good[-1]])
        return good[:-1] + wrong

    def id18_bad_date(self) -> str:
        region = self.choice(REGIONS)
        birth = self.choice(["19900230", "19851332", "20010431", "19760000", "19991301", "21050101"])
        first17 = region + birth + self.digits(3)
        return first17 + id_check(first17)

    def id15(self) -> str:
        return self.choice(REGIONS) + self.birth(1930, 1984).strftime("%y%m%d") + self.digits(3)

    def mobile(self) -> str:
        return self.choice(MOBILE_PREFIXES) + self.digits(8)

    def mobile_text(self) -> tuple[str, str, str]:
        """(prefix not labelled, number as written, suffix)"""
        m = self.mobile()
        style = self.r.random()
        if style < 0.55:
            return "", m, ""
        if style < 0.67:
            return "", f"{m[:3]}-{m[3:7]}-{m[7:]}", ""
        if style < 0.79:
            return "", f"{m[:3]} {m[3:7]} {m[7:]}", ""
        written = self.choice([m, m, f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}"])
        return self.choice(["+86 ", "+86-", "+86", "0086 ", "(+86)", "（+86）"]), written, ""

    def card(self) -> str:
        prefix, length = self.choice(CARD_BINS)
        body = prefix + self.digits(length - len(prefix) - 1)
        return body + luhn_digit(body)

    def card_bad(self) -> str:
        good = self.card()
        return good[:-1] + str((int(good[-1]) + self.r.randrange(1, 10)) % 10)

    def card_text(self, card: str) -> str:
        style = self.r.random()
        if style < 0.65:
            return card
        sep = " " if style < 0.92 else "-"
        return sep.join(card[i : i + 4] for i in range(0, len(card), 4))

    def uscc(self, digits_only=False) -> str:
        head = self.choice(PROVINCE_CODES[:7] if digits_only else PROVINCE_CODES)
        head = head if len(head) == 2 else head
        division = self.choice(["410800", "410821", "410822", "410823", "410825", "410882", "410883", "410802"])
        if digits_only:
            org = self.digits(9)
        else:
            org = self.choice(["MA", "MB", "MJ", "0", "7"]) + "".join(
                self.r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7)
            )
            org = org[:9].ljust(9, "0")
        first17 = head + division + org
        return first17 + uscc_check(first17)

    def name(self) -> str:
        if self.r.random() < 0.05:
            return self.choice(COMPOUND) + "".join(self.r.choice(GIVEN) for _ in range(self.r.choice([1, 2])))
        return self.choice(SURNAMES) + "".join(self.r.choice(GIVEN) for _ in range(self.r.choice([1, 2, 2, 2])))

    def date_cn(self, lo=2018, hi=2026) -> str:
        d = self.birth(lo, hi)
        return f"{d.year}年{d.month}月{d.day}日"

    def amount(self) -> str:
        return f"{self.r.randrange(1, 2000) * 500:,}"


class Snippet:
    """Builds a text from parts and records the labelled spans."""

    def __init__(self):
        self.parts: list[str] = []
        self.hits: list[dict] = []
        self.length = 0

    def add(self, text: str, kind: str | None = None) -> Snippet:
        if kind:
            self.hits.append({"kind": kind, "start": self.length, "end": self.length + len(text)})
        self.parts.append(text)
        self.length += len(text)
        return self

    def __call__(self, text: str, kind: str | None = None) -> Snippet:
        return self.add(text, kind)

    def done(self, template: str) -> dict:
        return {"text": "".join(self.parts), "hits": self.hits, "template": template}


def gender(g: Gen) -> str:
    return g.choice(["男", "女"])


def id_value(g: Gen) -> str:
    """An ID as written: mostly plain, some with X / lowercase x, full-width digits, or spaced 6-8-4."""
    roll = g.r.random()
    value = g.id18(x_check=True) if roll < 0.15 else g.id18()
    if roll < 0.05:
        value = value.lower()
    elif 0.88 < roll < 0.93:
        value = value.translate(FULLWIDTH)
    elif roll >= 0.96:
        value = f"{value[:6]} {value[6:14]} {value[14:]}"
    return value


def mobile(s: Snippet, g: Gen) -> Snippet:
    prefix, number, suffix = g.mobile_text()
    return s(prefix)(number, "mobile")(suffix)


# --- positive templates ------------------------------------------------------------------------


def p_penalty_person(g: Gen) -> dict:
    s = Snippet()("当事人：")(g.name(), "name")(
        f"，{gender(g)}，{g.birth().year}年{g.r.randrange(1, 13)}月出生，身份证号码："
    )
    s(id_value(g), "id_number")(f"，住址：{g.choice(ADDRESSES)}，联系电话：")
    mobile(s, g)("。")
    return s.done("penalty_person")


def p_penalty_company(g: Gen) -> dict:
    s = Snippet()(
        f"当事人：{g.choice(COMPANIES)}\n统一社会信用代码：{g.uscc()}\n地址：{g.choice(ADDRESSES)}\n法定代表人："
    )
    opening, closing = g.choice([("，身份证号：", ""), ("（身份证号码：", "）"), (" 公民身份号码：", "")])
    s(g.name(), "name")(opening)
    s(g.id18(), "id_number")(closing + "\n联系电话：")
    mobile(s, g)
    return s.done("penalty_company")


def p_penalty_facts(g: Gen) -> dict:
    s = Snippet()(g.choice(["经查，", "经调查，", "现查明，", ""]))
    opening, closing = g.choice(
        [("（身份证号：", "）"), ("（公民身份号码：", "）"), ("，身份证号码", "，"), ("（", "）")]
    )
    s(g.name(), "name")(opening)
    s(id_value(g), "id_number")(
        closing
        + f"于{g.date_cn()}在{g.choice(COMPANIES)}作业时，未按规定佩戴劳动防护用品，违反了《中华人民共和国安全生产法》第五十七条的规定。"
    )
    return s.done("penalty_facts")


def p_relief(g: Gen) -> dict:
    opening, closing = g.choice([("（身份证号", "）"), ("，身份证号码：", ""), (" ", "")])
    s = Snippet()(f"{g.choice(VILLAGES)}")(g.name(), "name")(opening)
    s(g.id18(), "id_number")(closing)
    s(f"，受灾等级：一般，救助金额{g.amount()}元，已于{g.date_cn(2024, 2026)}发放至其{g.choice(BANKS)}账户")
    s(g.card_text(g.card()), "bank_card")("。")
    return s.done("relief")


def p_table_row(g: Gen) -> dict:
    s = Snippet()(f"{g.r.randrange(1, 300)}\t")(g.name(), "name")(f"\t{gender(g)}\t")
    s(id_value(g), "id_number")("\t")
    s(g.card_text(g.card()), "bank_card")(f"\t{g.amount()}\t")
    mobile(s, g)
    return s.done("table_row")


def p_table_labels(g: Gen) -> dict:
    s = Snippet()("姓名：")(g.name(), "name")(f"  性别：{gender(g)}  民族：汉族  身份证号：")
    s(id_value(g), "id_number")("  银行卡号：")(g.card_text(g.card()), "bank_card")
    return s.done("table_labels")


def p_foi_reply(g: Gen) -> dict:
    s = Snippet()(
        f"{g.name()}：\n    你于{g.date_cn(2024, 2026)}通过{g.choice(['信函', '网络平台', '当面'])}提交的政府信息公开申请（申请人："
    )
    s(g.name(), "name")("，身份证号：")(g.id18(), "id_number")("，联系电话：")
    mobile(s, g)("）收悉。经审查，现答复如下：")
    return s.done("foi_reply")


def p_report(g: Gen) -> dict:
    label = g.choice(["举报人", "投诉人"])
    opening, closing = g.choice([("，手机", ""), ("，联系电话：", ""), ("（电话：", "）")])
    s = Snippet()(f"{label}：")(g.name(), "name")(opening)
    mobile(s, g)(closing + f"，反映{g.choice(COMPANIES)}存在违规储存危险化学品问题。")
    return s.done("report")


def p_contact(g: Gen) -> dict:
    s = Snippet()(g.choice(["如有疑问，请联系", "报名咨询：", "联系方式：", "请于报名截止前联系"]))
    s(g.choice(["王老师", "办公室", "李科长", "值班室", "张同志"]))
    s(g.choice(["，电话", "（", "：", " 手机"]))
    mobile(s, g)(g.choice(["。", "）。", "，工作日8:30-18:00。"]))
    return s.done("contact")


def p_contact_person(g: Gen) -> dict:
    s = Snippet()("联系人：")(g.name(), "name")(g.choice(["，联系电话：", "  电话：", "，手机："]))
    mobile(s, g)(g.choice(["", "；办公电话：0391-" + g.digits(7)]))
    return s.done("contact_person")


def p_payee(g: Gen) -> dict:
    s = Snippet()(g.choice(["收款人：", "持卡人："]))(g.name(), "name")(f"\n开户行：{g.choice(BANKS)}焦作分行\n")
    s(g.choice(["账号：", "卡号：", "银行卡号："]))(g.card_text(g.card()), "bank_card")
    return s.done("payee")


def p_old_id(g: Gen) -> dict:
    opening, closing = g.choice([("，身份证号码：", "。"), ("（身份证号", "）。"), ("，身份证：", "，现住该村。")])
    s = Snippet()(g.choice(["当事人：", "申请人：", "户主："]))(g.name(), "name")(opening)
    s(g.id15(), "id_number")(closing)
    return s.done("old_id")


def p_accident(g: Gen) -> dict:
    s = Snippet()(f"{g.date_cn()}，{g.choice(COMPANIES)}发生一起物体打击事故，造成")
    s(g.name(), "name")(f"（{gender(g)}，{g.r.randrange(20, 60)}岁，身份证号：")
    s(g.id18(), "id_number")(")" if g.r.random() < 0.2 else "）")("受伤，直接经济损失约" + g.amount() + "元。")
    return s.done("accident")


def p_two_people(g: Gen) -> dict:
    s = Snippet()("申请人：")(g.name(), "name")("（")(g.id18(), "id_number")("）、")
    s(g.name(), "name")("（")(g.id18(), "id_number")("），共同申请公开有关信息。")
    return s.done("two_people")


def p_household(g: Gen) -> dict:
    s = Snippet()("户主")(g.name(), "name")("，身份证号码")(g.id18(), "id_number")(
        f"，家庭人口{g.r.randrange(1, 7)}人，联系电话"
    )
    mobile(s, g)("。")
    return s.done("household")


def p_id_then_name(g: Gen) -> dict:
    s = Snippet()("经核查，身份证号码为")(g.id18(), "id_number")("（")(g.name(), "name")("）的人员已于")
    s(f"{g.date_cn(2024, 2026)}领取救助物资。")
    return s.done("id_then_name")


def p_permit(g: Gen) -> dict:
    s = Snippet()(g.choice(["港澳居民居住证号码：", "台湾居民居住证号码：", "居住证号码："]))
    s(g.id18(region=g.choice(PERMIT_REGIONS)), "id_number")
    return s.done("permit")


def p_sentence_mobile(g: Gen) -> dict:
    s = Snippet()(g.choice(["群众可拨打", "请致电", "举报电话", "应急值守手机："]))
    mobile(s, g)(g.choice(["反映安全隐患问题。", "进行咨询。", "（24小时）", "，或发送邮件至yjj@example.gov.cn。"]))
    return s.done("sentence_mobile")


def p_mixed_landline(g: Gen) -> dict:
    s = Snippet()(f"联系电话：0391-{g.digits(7)}，")
    mobile(s, g)(f"；传真：0391-{g.digits(7)}；邮编：454{g.digits(3)}。")
    return s.done("mixed_landline")


def p_agent(g: Gen) -> dict:
    s = Snippet()("委托代理人：")(g.name(), "name")("，")(
        f"{g.choice(['焦作市', '修武县'])}某律师事务所律师。\n被处罚人："
    )
    s(g.name(), "name")(f"，{gender(g)}，身份证号码：")(id_value(g), "id_number")
    return s.done("agent")


def p_card_sentence(g: Gen) -> dict:
    s = Snippet()(f"补贴资金{g.amount()}元已打入")(g.choice(["社保卡", "“一卡通”账户", "银行卡"]))
    s(g.card_text(g.card()), "bank_card")(f"（{g.choice(BANKS)}），请注意查收。")
    return s.done("card_sentence")


def p_two_mobiles(g: Gen) -> dict:
    s = Snippet()(g.choice(["联系电话：", "值班手机：", "报名电话 "]))
    s(g.mobile(), "mobile")(g.choice(["/", "、", "，", " 或 ", "；"]))(g.mobile(), "mobile")
    return s.done("two_mobiles")


def p_fullwidth_mobile(g: Gen) -> dict:
    s = Snippet()(g.choice(["手机号码：", "联系电话", "电话："]))(g.mobile().translate(FULLWIDTH), "mobile")
    return s.done("fullwidth_mobile")


def p_masked_name_real_id(g: Gen) -> dict:
    s = Snippet()(f"当事人：{g.choice(['张某某', '李某', '王某某', '赵某'])}，{gender(g)}，身份证号：")
    s(id_value(g), "id_number")(f"，住址：{g.choice(ADDRESSES)}。")
    return s.done("masked_name_real_id")


def p_spaced_label(g: Gen) -> dict:
    s = Snippet()("姓名 ")(g.name(), "name")(f"  性别 {gender(g)}  身份证号码为 ")(id_value(g), "id_number")
    s("  联系电话 ")
    mobile(s, g)
    return s.done("spaced_label")


def p_english(g: Gen) -> dict:
    s = Snippet()("Applicant ID No.: ")(g.id18(), "id_number")("; Mobile: ")
    mobile(s, g)("; Bank card: ")(g.card_text(g.card()), "bank_card")
    return s.done("english")


# --- side doors: the same data written to slip past a naive screen ------------------------------

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
DIGIT_SETS = (
    "０１２３４５６７８９",  # full-width
    "٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic
    "۰۱۲۳۴۵۶۷۸۹",  # Extended Arabic-Indic
    "०१२३४५६७८९",  # Devanagari
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",  # mathematical bold
)
# Mobile segments that a fixed prefix list may miss (allocated later, or not yet).
NEW_SEGMENTS = "140 141 142 143 144 154 160 161 163 164 168 169 174 179 190 192 194 196 197".split()


def zero_width(g: Gen, value: str) -> str:
    cuts = sorted(g.r.sample(range(1, len(value)), min(len(value) - 1, g.r.randrange(1, 4))))
    out, last = [], 0
    for cut in cuts:
        out += [value[last:cut], g.choice(ZERO_WIDTH)]
        last = cut
    return "".join(out) + value[last:]


def other_digits(g: Gen, value: str) -> str:
    digits = g.choice(DIGIT_SETS)
    return value.translate(str.maketrans("0123456789", digits))


def any_value(g: Gen) -> tuple[str, str, str]:
    """(label, value, kind) of one piece of personal data."""
    kind = g.choice(["id_number", "mobile", "mobile", "bank_card"])
    if kind == "id_number":
        return g.choice(["身份证号：", "公民身份号码", "证件号码："]), g.id18(), kind
    if kind == "mobile":
        return g.choice(["手机：", "联系电话", "电话：", "请拨打"]), g.mobile(), kind
    return g.choice(["银行卡号：", "账号：", "社保卡"]), g.card(), kind


def p_zero_width(g: Gen) -> dict:
    label, value, kind = any_value(g)
    s = Snippet()(g.choice(["经核实，", "", "补助对象"]) + label)(zero_width(g, value), kind)("。")
    return s.done("zero_width")


def p_unicode_digits(g: Gen) -> dict:
    label, value, kind = any_value(g)
    s = Snippet()(label)(other_digits(g, value), kind)(g.choice(["。", "，请核对。", ""]))
    return s.done("unicode_digits")


def p_glued_letters(g: Gen) -> dict:
    m, id_number = g.mobile(), g.id18()
    form = g.r.randrange(5)
    s = Snippet()
    if form == 0:
        s("Applicant ID")(id_number, "id_number")("; Tel")(m, "mobile")
    elif form == 1:
        s("附件：zhangsan")(m, "mobile")(g.choice([".pdf", ".docx", ".xlsx", "_v2.pdf"]))
    elif form == 2:
        s("联系方式：mobile")(m, "mobile")("abc")
    elif form == 3:
        s("IDNo")(id_number, "id_number")("x备注")
    else:
        s(f"请将材料发送至{g.choice(['wang', 'li', 'zhao'])}")(m, "mobile")("@example.com")
    return s.done("glued_letters")


def p_grouped_mobile(g: Gen) -> dict:
    m = g.mobile()
    sep = g.choice([".", "-", " ", "."])
    written = f"{m[:3]}{sep}{m[3:7]}{sep}{m[7:]}"
    prefix = g.choice(["", "", "+86 ", "+86-", "0086 ", "0086-", "+86"])
    s = Snippet()(g.choice(["联系电话：", "手机 ", "值班手机：", "热线（手机）"]) + prefix)(written, "mobile")
    s(g.choice(["。", "（24小时）", "，欢迎来电。"]))
    return s.done("grouped_mobile")


def p_code_label(g: Gen) -> dict:
    label, value, kind = g.choice(
        [
            (g.choice(["订单号：", "单号：", "流水号：", "编号：", "案号："]), g.mobile(), "mobile"),
            (g.choice(["编号：", "登记号：", "档案号："]), g.id18(), "id_number"),
            (g.choice(["交易流水号：", "订单号：", "凭证号："]), g.card(), "bank_card"),
            (f"发文字号：应急〔{g.r.randrange(2015, 2027)}〕", g.mobile(), "mobile"),
        ]
    )
    s = Snippet()(label)(value, kind)("号" if label.startswith("发文字号") else g.choice(["", "。", "，请妥善保管。"]))
    return s.done("code_label")


def p_new_segment(g: Gen) -> dict:
    m = g.choice(NEW_SEGMENTS) + g.digits(8)
    s = Snippet()(g.choice(["联系电话：", "", "值班人员手机", "请联系"]))(m, "mobile")(
        g.choice(["。", "", "（工作日）"])
    )
    return s.done("new_segment")


def p_file_name(g: Gen) -> dict:
    s = Snippet()(f"附件{g.r.randrange(1, 9)}：{g.choice(VILLAGES)}受灾群众救助名单（")
    s(g.mobile(), "mobile")(g.choice(["）.xlsx", "）.pdf", "）.docx"]))
    return s.done("file_name")


def p_keywords(g: Gen) -> dict:
    label, value, kind = any_value(g)
    s = Snippet()(g.choice(["关键词：救灾 补助 ", "主题词：应急 救助 ", "Keywords: relief "]))(value, kind)
    return s.done("keywords")


POSITIVE = [
    p_penalty_person, p_penalty_company, p_penalty_facts, p_relief, p_table_row, p_table_labels, p_foi_reply,
    p_report, p_contact, p_contact_person, p_payee, p_old_id, p_accident, p_two_people, p_household,
    p_id_then_name, p_permit, p_sentence_mobile, p_mixed_landline, p_agent, p_card_sentence, p_two_mobiles,
    p_fullwidth_mobile, p_masked_name_real_id, p_spaced_label, p_english, p_zero_width, p_unicode_digits,
    p_glued_letters, p_grouped_mobile, p_code_label, p_new_segment, p_file_name, p_keywords,
]  # fmt: skip

# --- negative templates ------------------------------------------------------------------------


def n_dates(g: Gen) -> str:
    d = g.birth(2015, 2026)
    return g.choice(
        [
            f"成文日期：{d:%Y-%m-%d}  发布日期：{d + dt.timedelta(days=3):%Y-%m-%d}",
            f"本决定自{d.year}年{d.month}月{d.day}日起施行，有效期至{d.year + 5}年{d.month}月{d.day}日。",
            f"会议时间：{d:%Y%m%d} 09:30，地点：局三楼会议室。",
            f"数据更新时间：{d:%Y%m%d}{g.digits(6)}",
            f"生成时间 {d:%Y-%m-%d %H:%M:%S} 批次{d:%Y%m%d}{g.digits(4)}",
        ]
    )


def n_amounts(g: Gen) -> str:
    big = g.choice(["13800000000", "15912345678", "18600000000", "13912345678"])
    return g.choice(
        [
            f"罚款人民币{g.amount()}元整（¥{g.amount()}.00）。",
            f"全市累计下拨救灾资金{big}元，惠及受灾群众{g.r.randrange(1000, 90000)}人。",
            f"资金总额：¥{big}.00",
            f"项目总投资{g.r.randrange(1, 999)}.{g.digits(2)}万元，其中中央资金{g.amount()}元。",
            f"罚款金额：{g.choice(['贰万', '叁万伍仟', '壹拾万'])}元（小写：{g.amount()}.00元）",
            f"合同金额6{g.digits(15)}.00元",
        ]
    )


def n_doc_numbers(g: Gen) -> str:
    y = g.r.randrange(2015, 2027)
    return g.choice(
        [
            f"焦应急〔{y}〕{g.r.randrange(1, 200)}号",
            f"（{y}）豫0821行初{g.r.randrange(100, 2000)}号",
            f"豫应急罚〔{y}〕{g.r.randrange(100, 9999)}号",
            f"修应急罚决字〔{y}〕第{g.r.randrange(1, 300):03d}号",
            f"（豫）WH安许证字〔{y}〕{g.r.randrange(100000, 999999)}号",
            f"文号：焦应急函〔{y}〕{g.choice(['10', '11', '12'])}{g.digits(9)}号",
            f"案件编号：{g.choice(['108', '119', '126'])}{y}{g.digits(4)}",
            f"项目编号：{g.choice(['10', '11', '12'])}{g.digits(9)}",
        ]
    )


def n_index_numbers(g: Gen) -> str:
    y = g.r.randrange(2015, 2027)
    return g.choice(
        [
            f"索引号：{g.uscc()}/{y}-{g.r.randrange(1, 99999):05d}",
            f"索引号：{g.digits(9)}/{y}-{g.r.randrange(1, 99999):05d}",
            f"索引号 {g.uscc(digits_only=True)}/{y}-{g.r.randrange(1, 99999):05d}",
            f"索引号：410821-{y}-{g.r.randrange(1, 999999):06d}",
            f"索引号：{g.choice(REGIONS)}{g.digits(6)}-{y}-{g.digits(5)}",
        ]
    )


def n_credit_codes(g: Gen) -> str:
    return g.choice(
        [
            f"统一社会信用代码：{g.uscc()}",
            f"当事人：{g.choice(COMPANIES)}，统一社会信用代码：{g.uscc(digits_only=True)}。",
            f"纳税人识别号：{g.uscc(digits_only=True)}",
            f"组织机构代码：{g.digits(8)}-{g.digits(1)}",
            f"申请人：{g.choice(COMPANIES)}（统一社会信用代码{g.uscc()}）",
        ]
    )


def n_landlines(g: Gen) -> str:
    return g.choice(
        [
            f"联系电话：0391-{g.digits(7)}",
            f"值班电话：（0391）{g.digits(8)}，传真：0391-{g.digits(7)}",
            "举报电话：12350；政务服务便民热线：12345",
            f"客服热线：400-{g.digits(3)}-{g.digits(4)}",
            f"咨询电话：010-{g.digits(8)}",
            f"电话：0391{g.digits(7)}",
            f"电话：0391 {g.digits(4)} {g.digits(3)}",
            f"联系人：{g.choice(['王老师', '办公室', '李科长', '政策法规科'])}，电话：0391-{g.digits(7)}",
        ]
    )


def n_bad_ids(g: Gen) -> str:
    return g.choice(
        [
            f"身份证号码：{g.id18_bad_check()}",
            f"证件号码 {g.id18_bad_check()}（校验位错误）",
            f"身份证号：{g.id18_bad_date()}",
            f"编号{g.id18_bad_check()}的档案已归档。",
            f"身份证号：{g.choice(['91', '00', '99', '10'])}{g.digits(4)}19850312{g.digits(3)}{g.choice('0123456789X')}",
        ]
    )


def n_bad_cards(g: Gen) -> str:
    return g.choice(
        [
            f"卡号：{g.card_bad()}",
            f"银行账号：{g.card_text(g.card_bad())}",
            f"缴款账号：4105{g.digits(16)}",
            f"非税收入汇缴结算户账号：{g.digits(4)} {g.digits(4)} {g.digits(4)} {g.digits(4)} {g.digits(4)}",
        ]
    )


def n_orders(g: Gen) -> str:
    d = g.birth(2020, 2026)
    return g.choice(
        [
            f"订单号：{d:%Y%m%d}{g.digits(11)}",
            f"交易流水号：{g.failing_digits(16, first=g.choice(['62', '4', '9558']))}",
            f"快递单号：SF{g.digits(12)}",
            f"运单号：{g.digits(13)}",
            f"业务受理号：{d:%Y%m%d}{g.digits(8)}",
            f"发票号码：{g.digits(8)}，发票代码：{g.digits(12)}",
            f"凭证号：{d:%Y%m%d}{g.digits(8)}",
            f"条形码：69{g.digits(11)}",
            f"序列号：{g.failing_digits(18, first='6')}",
        ]
    )


def n_mobile_near(g: Gen) -> str:
    return g.choice(
        [
            f"电话：{g.choice(['138', '159', '186'])}{g.digits(7)}",  # 10 digits
            f"编号：{g.choice(['138', '159', '186'])}{g.digits(9)}",  # 12 digits
            f"号码：{g.choice(['120', '110', '128', '100', '126'])}{g.digits(8)}",  # wrong prefix
            f"手机：{g.choice(['138', '139', '150'])}****{g.digits(4)}",
            f"身份证号：410823********{g.digits(4)}",
            f"卡号：6222 **** **** {g.digits(4)}",
            f"网址：http://yjglj.example.gov.cn/art/2024/5/12/art_{g.choice(['10', '11', '12'])}{g.digits(9)}_1.html",
            f"附件：{g.mobile()}-{g.digits(4)}.pdf",
            f"QQ群：{g.digits(9)}",
            f"邮政编码：454{g.digits(3)}",
        ]
    )


def n_names(g: Gen) -> str:
    return g.choice(
        [
            f"局长{g.name()}出席会议并讲话，副局长{g.name()}主持会议。",
            f"执法人员：{g.name()}（执法证号：4108{g.digits(7)}）、{g.name()}（执法证号：4108{g.digits(7)}）",
            f"当事人：{g.choice(COMPANIES)}",
            f"申请人：{g.choice(['张某某', '李某', '王某某', '赵某'])}，身份证号：410823********{g.digits(4)}",
            f"联系人：{g.choice(['王老师', '办公室', '李科长', '张同志', '值班室'])}",
            f"分管领导：{g.name()}（副局长）",
            f"本次培训由{g.name()}同志授课，参训人员{g.r.randrange(20, 200)}人。",
            f"信息公开工作机构负责人：{g.choice(['局办公室主任', '政策法规科科长'])}",
        ]
    )


def n_hard(g: Gen) -> str:
    return g.choice(
        [
            f"累计接收捐款13,{g.digits(3)},{g.digits(3)},{g.digits(3)}元",
            f"统计期间：{g.birth(2020, 2025):%Y%m%d}-{g.birth(2025, 2026):%Y%m%d}",
            "身份证号码：（已隐去）  联系电话：（已隐去）",
            f"申请人：{g.choice(['焦作市民张先生', '一名群众', '某企业职工'])}",
            f"附件{g.r.randrange(1, 9)}：{g.choice(COMPANIES)}整改报告（{g.digits(4)}年）.pdf",
            f"值班电话：0391-{g.digits(7)}转{g.digits(4)}",
            f"{g.choice(['1381234567', '1591234567'])}、{g.choice(['1391234567', '1861234567'])}（号码位数不足，无法联系）",
            f"请于{g.birth(2025, 2026):%Y年%m月%d日} 13:30前报送，逾期视为放弃。",
            f"第{g.r.randrange(1, 30)}条 生产经营单位应当按照国家有关规定，对{g.r.randrange(10, 999)}项隐患进行整改。",
            f"《焦作市应急管理局关于{g.digits(4)}年度安全生产执法计划的通知》（焦应急〔{g.r.randrange(2015, 2027)}〕{g.r.randrange(1, 99)}号）",
        ]
    )


def n_misc(g: Gen) -> str:
    return g.choice(
        [
            f"全市共排查生产经营单位{g.r.randrange(1000, 99999)}家，整改隐患{g.r.randrange(100, 9999)}项。",
            f"ISBN 978-7-{g.digits(4)}-{g.digits(4)}-{g.digits(1)}",
            f"车辆识别代号：LSV{g.digits(14)}",
            f"坐标：东经113.{g.digits(6)}，北纬35.{g.digits(6)}",
            f"行政区划代码：{g.choice(REGIONS)}，邮编454{g.digits(3)}",
            f"第{g.r.randrange(1, 9)}页 共{g.r.randrange(10, 99)}页 {g.failing_digits(18)}",
            f"档案流转码 {g.failing_digits(g.r.randrange(16, 20), first=g.choice(['62', '4', '95']))}",
            f"版本号：V{g.r.randrange(1, 9)}.{g.r.randrange(0, 9)}.{g.digits(8)}",
            f"统计口径：{g.digits(4)}年第{g.r.randrange(1, 5)}季度，同比增长{g.r.randrange(1, 99)}.{g.digits(1)}%",
        ]
    )


def n_unicode_noise(g: Gen) -> str:
    y, n = g.r.randrange(2015, 2027), g.r.randrange(1, 200)
    return g.choice(
        [
            other_digits(g, f"{y}年{g.r.randrange(1, 13)}月{g.r.randrange(1, 29)}日"),
            f"焦应急〔{other_digits(g, str(y))}〕{n}号",
            f"焦应急〔{y}〕{zero_width(g, str(n)) if n > 9 else n}号",
            f"罚款{other_digits(g, g.amount())}元",
            f"索引号：{other_digits(g, g.uscc(digits_only=True))}/{y}-{g.r.randrange(1, 99999):05d}",
            f"第{other_digits(g, str(g.r.randrange(1, 120)))}条",
            f"电话：{other_digits(g, '0391-' + g.digits(7))}",
        ]
    )


def n_statutes(g: Gen) -> str:
    return g.choice(
        [
            f"依据《中华人民共和国安全生产法》第{g.choice(['九十九', '一百一十', '一百一十三', '五十七'])}条的规定",
            f"《生产安全事故应急条例》（国务院令第{g.choice(['708', '493', '591'])}号）",
            f"《应急管理行政执法人员依法履职管理规定》（应急管理部令第{g.r.randrange(1, 20)}号）",
            f"GB {g.choice(['6441', '30871', '18218', '50016'])}-{g.r.randrange(2000, 2025)}《{g.choice(['危险化学品重大危险源辨识', '建筑设计防火规范'])}》",
            f"AQ {g.r.randrange(1000, 9999)}-{g.r.randrange(2005, 2025)}",
            f"《河南省安全生产条例》第{g.r.randrange(10, 90)}条第{g.r.randrange(1, 4)}款第（{g.r.randrange(1, 9)}）项",
        ]
    )


def n_office_lines(g: Gen) -> str:
    return g.choice(
        [
            f"办公电话：0391—{g.digits(7)}",
            f"值班室：（0391）{g.digits(7)}",
            f"电话 0391 {g.digits(3)} {g.digits(4)}",
            f"0391-{g.digits(7)}（传真同号）",
            f"咨询电话：0391-{g.digits(7)}、0391-{g.digits(7)}",
            f"Tel: +86-391-{g.digits(7)}",
        ]
    )


def n_non_mobile_11(g: Gen) -> str:
    number = g.choice(["10", "11", "12"]) + g.digits(9)
    return g.choice(
        [
            f"登记编号：{number}",
            f"证书编号 {number}",
            f"受理编号{number}，请妥善保管。",
            f"电话：{number}",
            f"执法证号：{number}",
            f"编码 {number[:3]}-{number[3:7]}-{number[7:]}",
        ]
    )


def n_glued_codes(g: Gen) -> str:
    y = g.r.randrange(2015, 2027)
    return g.choice(
        [
            f"合同编号：HT{y}{g.digits(6)}",
            f"快递单号：JD{g.digits(13)}",
            f"文件编号：YJ-{y}-{g.digits(4)}",
            f"批次：B{y}{g.digits(5)}A",
            f"系统编号 ID{y}{g.digits(4)}",
            f"版本 v{y}.{g.digits(2)}.{g.digits(3)}",
        ]
    )


NEGATIVE = [
    n_dates, n_amounts, n_doc_numbers, n_index_numbers, n_credit_codes, n_landlines, n_bad_ids, n_bad_cards,
    n_orders, n_mobile_near, n_names, n_misc, n_hard, n_unicode_noise, n_statutes, n_office_lines, n_non_mobile_11,
    n_glued_codes,
]  # fmt: skip


def generate(count: int, seed: int) -> tuple[list[dict], list[dict]]:
    g = Gen(seed)
    positives = [POSITIVE[i % len(POSITIVE)](g) for i in range(count)]
    negatives = []
    for i in range(count):
        make = NEGATIVE[i % len(NEGATIVE)]
        negatives.append({"text": make(g), "hits": [], "template": make.__name__[2:]})
    return positives, negatives


def write(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600, help="snippets of each polarity")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--out", default=str(ROOT / "tests" / "screening" / "corpus"))
    args = parser.parse_args(argv)
    positives, negatives = generate(args.count, args.seed)
    out = Path(args.out)
    write(positives, out / "positive.jsonl")
    write(negatives, out / "negative.jsonl")
    spans = sum(len(p["hits"]) for p in positives)
    print(f"{len(positives)} positive snippets ({spans} labelled spans), {len(negatives)} negative snippets -> {out}")


if __name__ == "__main__":
    main()
