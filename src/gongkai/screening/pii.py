"""Personal-data screening (个人信息筛查) for text that is about to be published.

Pure module (no ORM). `scan(text)` finds

- ``id_number``: mainland resident ID numbers — 18 characters with the ISO 7064 MOD 11-2
  check character, a valid birth date and a plausible region prefix, or 15-digit old numbers
  with a valid date and region prefix (residence permits 81/82/83 included);
- ``mobile``: mainland mobile numbers (allocated 1[3-9]x prefixes), also written 138-1234-5678,
  138 1234 5678 or with +86 / 0086 (the country code is not part of the span);
- ``bank_card``: 16–19 digit card numbers passing the Luhn check with a plausible issuer
  prefix, plain or grouped in fours;
- ``name``: a 2–4 character Chinese name (known surname) right before or after an ID number,
  or after a label such as 姓名：, 当事人：, 申请人：.

It avoids what a disclosure text is full of: dates, amounts (¥, 元), document numbers
(〔2020〕62号), index numbers (11410800MB1234567X/2024-00001), unified social credit codes,
landlines, order and serial numbers, and digit strings that fail the checks. A digit run is
only a candidate when it stands alone (not glued to letters, digits or ``-``/``.``-joined
parts of a longer code), and an order/serial/credit-code label right before it vetoes it
unless an ID/phone/card label is nearer.

Spans are character offsets into the text as given. Full-width digits and ``Ｘ`` are read as
their ASCII forms. `mask(text, hits)` applies the masks of §7.2 of the reference
(410823********1234, 138****5678, 6222****0123, 张某某). Hits are suggestions that a reviewer
confirms; they are not a redaction decision.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"
NAME = "name"
KINDS = (ID_NUMBER, MOBILE, BANK_CARD, NAME)


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    value: str
    masked: str

    def as_dict(self, with_value: bool = False) -> dict:
        data = {"kind": self.kind, "start": self.start, "end": self.end}
        if with_value:
            data["value"] = self.value
            data["masked"] = self.masked
        return data


# --- normalisation: full-width forms to ASCII, one character for one (offsets unchanged) ------
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({0xFF38: ord("X"), 0xFF58: ord("x"), 0xFF0B: ord("+"), 0xFF0D: ord("-"), 0x3000: ord(" ")})
_FULLWIDTH.update({0x2010: ord("-"), 0x2011: ord("-"), 0x2012: ord("-"), 0x2013: ord("-"), 0x00A0: ord(" ")})


def normalize(text: str) -> str:
    return text.translate(_FULLWIDTH)


# --- checks --------------------------------------------------------------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes; 81/82/83: residence permits for HK, Macao and Taiwan residents.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def _plausible_region(code: str) -> bool:
    if code[:2] not in PROVINCES:
        return False
    if code[:2] in ("71", "81", "82", "83"):
        return True
    city = int(code[2:4])
    return 1 <= city <= 70 or city == 90


def _valid_date(year: int, month: int, day: int, today: dt.date | None = None) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= (today or dt.date.today())


def is_valid_id18(value: str, today: dt.date | None = None) -> bool:
    value = normalize(value).upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    if not _plausible_region(value[:6]):
        return False
    if not _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today):
        return False
    return id_check_character(value[:17]) == value[17]


def looks_like_id18(value: str, today: dt.date | None = None) -> bool:
    """Region and birth date right, check character not necessarily (a mistyped ID)."""
    value = normalize(value).upper()
    return bool(
        re.fullmatch(r"\d{17}[\dX]", value)
        and _plausible_region(value[:6])
        and _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today)
    )


def is_valid_id15(value: str) -> bool:
    value = normalize(value)
    if not re.fullmatch(r"\d{15}", value) or not _plausible_region(value[:6]):
        return False
    return _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def plausible_iin(digits: str) -> bool:
    """Issuer prefixes of cards issued in China: UnionPay 62/60/65/9x, Visa 4, MC 51-55/2221-2720, JCB 35."""
    n = len(digits)
    if digits.startswith(("62", "60", "65", "4")) or (digits[0] == "9" and digits[:2] in ("94", "95", "96", "99")):
        return True
    if n == 16 and (digits[:2] in ("51", "52", "53", "54", "55") or 2221 <= int(digits[:4]) <= 2720):
        return True
    return n == 16 and 3528 <= int(digits[:4]) <= 3589


MOBILE_PREFIXES = frozenset(
    [f"13{i}" for i in range(10)]
    + ["145", "146", "147", "148", "149", "150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + ["162", "165", "166", "167"]
    + [f"17{i}" for i in range(9)]
    + [f"18{i}" for i in range(10)]
    + ["190", "191", "192", "193", "195", "196", "197", "198", "199"]
)

# USCC (GB 32100-2015): registration authority + type codes in use.
_USCC_HEADS = frozenset(
    "11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 81 89 91 92 93 A1 A9 N1 N2 N3 N9 Y1".split()
)
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_valid_uscc(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or any(c not in _USCC_CHARSET for c in value) or value[:2] not in _USCC_HEADS:
        return False
    if not value[2:8].isdigit() or value[2:4] not in PROVINCES:
        return False
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31] == value[17]


# --- context -------------------------------------------------------------------------------
# Labels that say "this is personal" (keep) or "this is a code/serial/amount" (veto), looked up
# in the few characters before a candidate. The nearest label wins.
ID_LABELS = ("身份证", "身份号码", "证件号", "证件编号", "证号", "公民身份", "居民身份", "身份号", "居住证", "ID")
PHONE_LABELS = (
    "手机", "电话", "联系方式", "号码", "致电", "拨打", "Tel", "TEL", "tel", "Mobile", "mobile", "Phone", "phone",
)  # fmt: skip
CARD_LABELS = ("卡号", "账号", "帐号", "银行卡", "社保卡", "一卡通", "账户", "帐户", "存折", "card", "Card")
NEGATIVE_LABELS = (
    "订单", "单号", "流水号", "交易号", "编号", "编码", "文号", "案号", "索引号", "批号", "批准文号", "合同号",
    "发票", "税号", "纳税人识别号", "信用代码", "组织机构代码", "注册号", "登记号", "许可证号", "证书编号",
    "序列号", "条码", "条形码", "工单", "受理号", "业务号", "运单", "快递", "凭证号", "缴款码", "识别码",
    "验证码", "邮编", "邮政编码", "传真", "代码", "批次", "型号", "货号", "车架号", "VIN", "发动机号",
    "申报号", "备案号", "项目号", "档案号", "宗地号", "不动产单元号", "流转码",
)  # fmt: skip
_LABEL_GROUPS = (("id", ID_LABELS), ("phone", PHONE_LABELS), ("card", CARD_LABELS), ("-", NEGATIVE_LABELS))
_LABEL_WINDOW = 14

_AMOUNT_BEFORE = re.compile(r"(?:[¥￥$]|人民币|RMB|金额|价款|罚款|罚金|资金|款项)\s*[:：]?\s*$")
_AMOUNT_AFTER = re.compile(r"^\s*(?:元|万元|亿元|万|亿|圆|块|美元|港元)")


def _nearest_label(before: str) -> str | None:
    """The group of the label nearest before a candidate: "id", "phone", "card", "-" (veto) or None.

    On a tie (e.g. "证件编号" ends with both 证件编号 and 编号) the positive reading wins."""
    window = before[-_LABEL_WINDOW:]
    best_end, best = -1, None
    for group, labels in _LABEL_GROUPS:
        for label in labels:
            pos = window.rfind(label)
            if pos < 0:
                continue
            end = pos + len(label)
            if end > best_end or (end == best_end and best == "-"):
                best_end, best = end, group
    return best


def _alnum(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _isolated(text: str, start: int, end: int) -> bool:
    """The candidate is not glued to a longer code: no letter/digit next to it, and no
    ``-``/``.``/``/`` joining it to one (2024-138..., x.13812345678, .../2024-00001)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if _alnum(before) or _alnum(after):
        return False
    if before in "-.#" and start > 1 and _alnum(text[start - 2]) and text[max(0, start - 3) : start].lower() != "no.":
        return False  # glued to a code (2024-138..., v1.2.13812345678), but "No.410823..." is a label
    if after in "-.#" and end + 1 < len(text) and _alnum(text[end + 1]):
        return False
    if after == "/" and re.match(r"/\d{4}-\d", text[end : end + 7]):
        return False  # index number: <code>/<year>-<sequence>
    if before == "〕" or (after == "号" and "〔" in text[max(0, start - 12) : start]):
        return False  # document number 〔2024〕13812345678号
    return True


def _vetoed(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    if _AMOUNT_BEFORE.search(before) or _AMOUNT_AFTER.match(text[end : end + 4]):
        return True
    if re.match(r"^\.\d", text[end : end + 2]):
        return True  # decimal number
    return _nearest_label(before) == "-"


# --- number candidates ---------------------------------------------------------------------
_ID18 = re.compile(r"(?<![0-9A-Za-z_])(?:\d{17}|\d{6} \d{8} \d{3})[\dXx](?![0-9A-Za-z_])")  # also 6-8-4 spaced
_ID15 = re.compile(r"(?<![0-9A-Za-z_])\d{15}(?![0-9A-Za-z_])")
_CARD_PLAIN = re.compile(r"(?<![0-9A-Za-z_])\d{16,19}(?![0-9A-Za-z_])")
_CARD_GROUPED = re.compile(r"(?<![0-9A-Za-z_])\d{4}(?:(?P<sep>[ -])\d{1,4})(?:(?P=sep)\d{1,4})+(?![0-9A-Za-z_])")
_MOBILE = re.compile(
    r"(?P<prefix>(?:(?:\+|00)\s?86|(?<![0-9A-Za-z_+])86(?=[- ]))\s?-?\s?|\(\+?86\)\s?|（\+?86）\s?)?"
    r"(?P<num>1[3-9]\d(?P<sep>[ -]?)\d{4}(?P=sep)\d{4})(?![0-9A-Za-z_])"
)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def mask_value(kind: str, value: str) -> str:
    """The §7.2 mask of one hit's value."""
    value = normalize(value)
    if kind == ID_NUMBER:
        compact = re.sub(r"\s", "", value)
        return compact[:6] + "*" * (len(compact) - 10) + compact[-4:]
    if kind == MOBILE:
        digits = _digits(value)
        return digits[:3] + "****" + digits[-4:]
    if kind == BANK_CARD:
        digits = _digits(value)
        return digits[:4] + "****" + digits[-4:]
    if kind == NAME:
        surname = value[:2] if value[:2] in COMPOUND_SURNAMES else value[:1]
        return surname + "某" * max(1, len(value) - len(surname))
    raise ValueError(kind)


class _Taken:
    """Non-overlapping spans, sorted; overlap test and insert in O(log n)."""

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return False
        return not (i < len(self.starts) and self.starts[i] < end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _number_hits(text: str, today: dt.date | None) -> list[Hit]:
    hits: list[Hit] = []
    taken = _Taken()
    free = taken.free

    def add(kind: str, start: int, end: int, original: str) -> None:
        value = original[start:end]
        hits.append(Hit(kind, start, end, value, mask_value(kind, value)))
        taken.add(start, end)

    # 18-character IDs first: the strongest evidence (check character).
    mistyped: set[tuple[int, int]] = set()
    for m in _ID18.finditer(text):
        start, end = m.span()
        value = m.group().upper().replace(" ", "")
        if not _isolated(text, start, end):
            continue
        if is_valid_id18(value, today):
            before = text[max(0, start - 40) : start]
            if _nearest_label(before) == "-" and is_valid_uscc(value) and "身份" not in before[-_LABEL_WINDOW:]:
                continue  # a credit code that happens to pass the ID check too
            add(ID_NUMBER, start, end, text)
        elif looks_like_id18(value, today):
            mistyped.add((start, end))  # a mistyped ID is not a card either
    for m in _ID15.finditer(text):
        start, end = m.span()
        if free(start, end) and _isolated(text, start, end) and is_valid_id15(m.group()):
            if not _vetoed(text, start, end):
                add(ID_NUMBER, start, end, text)
    card_candidates = [m.span() for m in _CARD_PLAIN.finditer(text)]
    for m in _CARD_GROUPED.finditer(text):
        groups = re.split(r"[ -]", m.group())
        if all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4:
            card_candidates.append(m.span())
    for start, end in sorted(card_candidates):
        digits = _digits(text[start:end])
        if not (16 <= len(digits) <= 19) or not free(start, end):
            continue
        label = _nearest_label(text[max(0, start - 40) : start])
        if label == "id" or ((start, end) in mistyped and label != "card"):
            continue  # an ID number with a wrong check character or date is not a card
        if not _isolated(text, start, end) or _vetoed(text, start, end):
            continue
        if luhn_ok(digits) and plausible_iin(digits) and not (len(digits) == 18 and is_valid_uscc(digits)):
            add(BANK_CARD, start, end, text)
    for m in _MOBILE.finditer(text):
        start, end = m.span("num")
        outer = m.start() if m.group("prefix") else start
        if not free(outer, end) or m.group("num")[:3] not in MOBILE_PREFIXES:
            continue
        if not _isolated(text, outer, end) or _vetoed(text, outer, end):
            continue
        add(MOBILE, start, end, text)
    return hits


# --- names -------------------------------------------------------------------------------
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 "
    "申屠 钟离 澹台 公冶 太史 赫连 闻人 万俟 司空 第五 拓跋".split()
)
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚"
    "岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟"
    "邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井"
    "祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹"
    "诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由郗韩鲁储訾别"
)
# Words that follow a label or precede an ID but are not names.
NOT_NAMES = frozenset(
    "本人 其本人 公民 居民 户主 车主 法人 个人 个体 业主 司机 学生 职工 员工 工人 农民 师傅 未成年 不详 暂无 匿名 "
    "见附件 已隐去 未提供 无 某某 同上 如下 详见 申请人 被申请人 当事人 联系人 负责人 经办人 委托人 代理人 举报人 "
    "投诉人 监护人 法定代表人 驾驶人 驾驶员 承办人 持卡人 收款人 开户人 开户名 受害人 死者 伤者 遇难者 "
    "男 女 性别 民族 汉族 出生 住址 住所 地址 户籍 身份证 电话 手机 联系 单位 公司 企业 工程 项目 "
    "公民身份 居民身份 证件 号码 姓名 名称 全称 简称 国籍 中国 中华 华人 信息 内容 情况 "
    "于某 于是 于此 于本 于年 在于 由于 和解 和平 方便 方式 方面 方案 时间 时任 时年 时至 高级 高新 常住 常务 "
    "安全 安排 安装 文件 文书 文号 明确 明细 国家 国务院 全部 全体 全国 原告 原件 原因 原籍 来信 来访 来源 "
    "向本 向其 任职 任务 应当 应急 应对 管理 管辖 连续 车辆 车牌 简易 商户 商业 南方 海关 花费 强制 计划 "
    "相关 相应 初次 容易 都是 信用 信访 展开 智能 富有 由此 由其 宁可 包括 包含 单独 关于 关联 余额 余下 "
    "施工 经营 经查 调查 查明 查实 查处 查封 查询 查看 查验 其他 其中".split()
)
TITLE_SUFFIXES = (
    "先生", "女士", "同志", "师傅", "老师", "局长", "科长", "主任", "经理", "书记", "队长", "所长", "厂长", "站长",
    "县长", "市长", "乡长", "镇长", "村长", "组长", "处长", "部长", "律师", "医生", "会计", "老板", "董事", "监事",
)  # fmt: skip
NAME_LABELS = (
    "姓名", "当事人", "申请人", "被申请人", "被处罚人", "联系人", "法定代表人", "户主", "委托代理人", "代理人",
    "举报人", "投诉人", "监护人", "收款人", "持卡人", "开户名", "开户人", "户名", "救助对象", "受助人", "申报人",
    "被检查人", "受害人", "死者", "伤者", "遇难者", "驾驶人", "权利人",
)  # fmt: skip
_HAN = r"\u4e00-\u9fff"
_NAME_LABEL = re.compile(
    r"(?:" + "|".join(sorted(NAME_LABELS, key=len, reverse=True)) + r")\s*(?:[（(][^）)]{0,8}[）)])?\s*[:：]?\s*"
)
_TERMINATOR = re.compile(
    r"[\s，,；;、。.:：（()）\[\]【】/|\"'“”‘’!！?？]|男|女|身份|公民|性别|出生|住|现住|户籍|电话|手机|联系|\d|$"
)
# What may stand between a name and the ID number after it: separators, the ID label, gender,
# ethnicity and a birth date ("张三，男，汉族，1985年3月12日出生，身份证号：").
_BETWEEN = re.compile(
    r"(?:[\s，,：:（(、；;|｜]"
    r"|(?:公民|居民)?身份(?:证件?)?(?:号码|号|编号)?|证件(?:号码|号|编号)?|身份号码"
    r"|性别[:：]?|[男女]|民族[:：]?|[" + _HAN + r"]{1,3}族"
    r"|出生(?:日期|年月)?[:：]?|\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:出生|生)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    r"|年龄[:：]?|\d{1,3}岁|周岁|为|是|ID|No\.?)+$"
)
_ORG_END_CHARS = frozenset("市县区省镇乡村局厅委办院所站队社厂店部处司校")
_MASKED_GIVEN = re.compile(r"[某Xx＊*×○〇]")


def _surname_len(candidate: str) -> int:
    if candidate[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if candidate[:1] in SURNAMES else 0


def _acceptable_name(candidate: str) -> bool:
    if not (2 <= len(candidate) <= 4) or not re.fullmatch(f"[{_HAN}]+", candidate):
        return False
    surname = _surname_len(candidate)
    if not surname or len(candidate) - surname < 1 or len(candidate) - surname > 2:
        return False
    if _MASKED_GIVEN.search(candidate[surname:]):
        return False  # already masked: 张某某
    if candidate in NOT_NAMES or candidate.endswith(TITLE_SUFFIXES):
        return False
    if candidate[-1] in _ORG_END_CHARS:
        return False  # 焦作市, 修武县, 城关镇: a place or a body, not a person
    return not any(word in candidate for word in ("公司", "单位", "政府", "管理", "委员", "中心"))


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """A name starting at `pos` and followed by a terminator (shortest that fits)."""
    for length in (2, 3, 4):
        candidate = text[pos : pos + length]
        if len(candidate) < length or not re.fullmatch(f"[{_HAN}]+", candidate):
            return None
        if _TERMINATOR.match(text, pos + length) and _acceptable_name(candidate):
            # a compound surname with a 1-character given name is 3 long, not 2
            if length == 2 and candidate[:2] in COMPOUND_SURNAMES:
                continue
            return pos, pos + length
    return None


_FUNCTION_CHARS = frozenset("由和向与及对将经系为是即称查于被给让把在同跟")
# Common words whose last character is also a surname: in "造成王五" the 成 belongs to 造成.
_WORDS_ENDING_IN_SURNAME = frozenset(
    "造成 完成 组成 形成 促成 达成 变成 构成 生成 赞成 其余 剩余 业余 同时 及时 当时 按时 届时 随时 有关 相关 "
    "无关 机关 海关 老师 律师 厨师 部门 全国 各国 中国 公平 和平 水平 主任 责任 担任 信任 办公 开展 发展 进展 "
    "安全 完全 健全 平安 公安 治安 内容 原来 未来 将来 单位 岗位 方向 面向 意向 中华 首都".split()
)
_ROLE_END_CHARS = frozenset("人者主名村镇乡县市区省组")  # role words and place names end here


def _name_before(text: str, end: int) -> tuple[int, int] | None:
    """A name ending at `end` (just before an ID number and its label).

    Candidates are the 2-, 3- and 4-character runs of Han characters ending at `end` that
    start with a surname. The best is the one that follows a boundary (punctuation, a label
    or role word such as 申请人, or a function word such as 由/经查) and does not itself start
    with a function word; ties go to 3 characters, then 2, then 4.
    """
    options = []
    for length in (4, 3, 2):
        start = end - length
        if start < 0:
            continue
        candidate = text[start:end]
        if not _acceptable_name(candidate) or (length == 2 and candidate in COMPOUND_SURNAMES):
            continue
        before = text[start - 1] if start > 0 else ""
        score = {3: 0.5, 2: 0.3, 4: 0.1}[length]
        if not before or not re.match(f"[{_HAN}]", before) or before in _ROLE_END_CHARS:
            score += 2  # after punctuation, the start, or a role word (申请人|张三)
        else:
            if before in _FUNCTION_CHARS:
                score += 1  # 由|王五, 经查|王五
            if text[max(0, start - 2) : start] in _WORDS_ENDING_IN_SURNAME:
                score += 1  # 造成|王五, 造成|向雨
            elif candidate[0] in _FUNCTION_CHARS or (before + candidate[0]) in _WORDS_ENDING_IN_SURNAME:
                score -= 2  # 由王五, 造|成王五: the first character belongs to the word before
        if candidate[:2] in COMPOUND_SURNAMES:
            score += 1
        options.append((score, start))
    if not options:
        return None
    _score, start = max(options)
    return start, end


def _name_hits(text: str, ids: list[Hit]) -> list[Hit]:
    spans: set[tuple[int, int]] = set()
    for m in _NAME_LABEL.finditer(text):
        span = _name_after(text, m.end())
        if span:
            spans.add(span)
    for hit in ids:
        if hit.kind != ID_NUMBER:
            continue
        prefix = text[max(0, hit.start - 40) : hit.start]
        between = _BETWEEN.search(prefix)
        name_end = hit.start - (len(between.group()) if between else 0)
        span = _name_before(text, name_end)
        if span:
            spans.add(span)
        after = re.match(r"[\s]*[（(，,、]?\s*", text[hit.end : hit.end + 4])
        span = _name_after(text, hit.end + after.end()) if after else None
        if span:
            spans.add(span)
    kept = _Taken()
    for s, e in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):  # longest first
        if kept.free(s, e):
            kept.add(s, e)
    return [
        Hit(NAME, s, e, text[s:e], mask_value(NAME, text[s:e])) for s, e in zip(kept.starts, kept.ends, strict=True)
    ]


def scan(text: str, *, today: dt.date | None = None) -> list[Hit]:
    """All personal-data hits in `text`, sorted by position, not overlapping."""
    if not text:
        return []
    norm = normalize(text)
    numbers = _number_hits(norm, today)
    taken = _Taken((h.start, h.end) for h in numbers)
    names = [h for h in _name_hits(norm, numbers) if taken.free(h.start, h.end)]
    hits = [Hit(h.kind, h.start, h.end, text[h.start : h.end], h.masked) for h in numbers + names]
    return sorted(hits, key=lambda h: (h.start, h.end))


def mask(text: str, hits: list[Hit] | None = None) -> str:
    """`text` with every hit replaced by its mask (hits from `scan(text)` when not given)."""
    hits = scan(text) if hits is None else hits
    out, last = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < last:
            continue  # overlapping: the earlier hit already masked it
        out.append(text[last : hit.start])
        out.append(hit.masked)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


# --- documents ---------------------------------------------------------------------------
_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr td th table h1 h2 h3 h4 h5 h6 section article blockquote pre hr dt dd".split()
)


class _TextExtractor(HTMLParser):
    """HTML -> text, remembering for each text character where it came from in the HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.chars: list[str] = []
        self.sources: list[tuple[int, int]] = []
        self._line_starts = [0]
        for i, ch in enumerate(html):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self._skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, text: str, start: int, end: int | None = None):
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.sources.append((start + i, start + i + 1) if end is None else (start, end))

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS and self.chars and self.chars[-1] != "\n":
            pos = self._offset()
            self._emit("\n", pos, pos)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS and self.chars and self.chars[-1] != "\n":
            pos = self._offset()
            self._emit("\n", pos, pos)

    def handle_data(self, data):
        if not self._skip:
            self._emit(data, self._offset())

    def handle_entityref(self, name):
        import html as _html

        if not self._skip:
            start = self._offset()
            raw = f"&{name};"
            text = _html.unescape(raw)
            length = len(raw) if self.html.startswith(raw, start) else len(raw) - 1
            self._emit(text, start, start + length)

    def handle_charref(self, name):
        import html as _html

        if not self._skip:
            start = self._offset()
            raw = f"&#{name};"
            length = len(raw) if self.html.startswith(raw, start) else len(raw) - 1
            self._emit(_html.unescape(raw), start, start + length)


def html_to_text(html: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain text of an HTML fragment and, per character, its (start, end) in the HTML."""
    parser = _TextExtractor(html or "")
    parser.feed(html or "")
    parser.close()
    return "".join(parser.chars), parser.sources


def mask_html(html: str) -> str:
    """The HTML with every hit in its text masked; tags and attributes are left alone."""
    text, sources = html_to_text(html)
    hits = scan(text)
    out, last = [], 0
    for hit in hits:
        start, end = sources[hit.start][0], sources[hit.end - 1][1]
        if start < last:
            continue
        out.append(html[last:start])
        out.append(hit.masked)
        last = end
    out.append(html[last:])
    return "".join(out)


@dataclass(frozen=True)
class LocatedHit:
    """A hit in a document: `location` is "title", "body" or "attachment" (`index` from 1)."""

    location: str
    hit: Hit
    index: int | None = None
    name: str = ""
    context: str = ""  # the surrounding text with the hit (and any other hit) masked

    @property
    def kind(self) -> str:
        return self.hit.kind

    def label(self) -> str:
        from django.utils.translation import gettext as _

        if self.location == "title":
            return _("title")
        if self.location == "body":
            return _("body")
        return _("attachment %(n)d %(name)s") % {"n": self.index, "name": self.name}


def hit_context(text: str, hits: list[Hit], hit: Hit, width: int = 20) -> str:
    """`width` characters either side of `hit`, with it (and any other hit there) masked: safe to show."""
    start, end = max(0, hit.start - width), min(len(text), hit.end + width)
    near = [
        Hit(h.kind, h.start - start, h.end - start, h.value, h.masked)
        for h in hits
        if h.start >= start and h.end <= end
    ]
    return mask(text[start:end], near).replace("\n", " ")


_context = hit_context  # older name, used by gongkai.records.screening


def screen_document(title: str, body_html: str, attachment_texts=()) -> list[LocatedHit]:
    """Screen a record before publishing. `attachment_texts` holds texts or (file name, text) pairs.

    Offsets of body hits refer to the text of the body (`html_to_text(body_html)[0]`).
    """
    found: list[LocatedHit] = []

    def add(location: str, text: str, index=None, name=""):
        hits = scan(text)
        found.extend(LocatedHit(location, h, index, name, hit_context(text, hits, h)) for h in hits)

    add("title", title or "")
    add("body", html_to_text(body_html or "")[0])
    for i, item in enumerate(attachment_texts, start=1):
        name, text = item if isinstance(item, tuple) else ("", item)
        add("attachment", text or "", i, name)
    return found
