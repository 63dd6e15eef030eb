"""Numbers that are personal data: resident ID numbers, mobiles and bank cards in context.

Works on normalised text (`gongkai.screening.normalize`). A digit run is a candidate when it
is not glued to more digits: letters may touch it (``ID410823…``, ``Tel13812345678``, a file
name ``张三13812345678.pdf``), digits may not, nor may a ``-``/``.``/``#`` that joins it to
more digits (``2024-13812345678``, ``0.13812345678``). It is kept when its checks pass
(`gongkai.screening.checks`) and it is not an amount (¥…, …元), a decimal or the code part of an
index number (…/2024-00001). A document number's sequence is only 1–4 digits in practice, so
``应急〔2026〕13812345678号`` holds a mobile. A label before a number never
hides an 18-character ID, a mobile or a card (``订单号：13812345678`` is a mobile): only the weak
15-digit old ID numbers give way to a code/serial label. Office landlines (0391-3561234) are
published on purpose and are not personal data for the screen.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from .checks import (
    is_mobile,
    is_valid_id15,
    is_valid_id18,
    is_valid_uscc,
    looks_like_id18,
    luhn_ok,
    plausible_iin,
)
from .masking import BANK_CARD, ID_NUMBER, MOBILE

# Rules (stable codes, shown by `pii_scan --explain`).
RULE_ID18 = "id18_check_character"
RULE_ID15 = "id15_birth_date"
RULE_CARD = "bank_card_luhn"
RULE_MOBILE = "mobile_11_digits"


@dataclass(frozen=True)
class Found:
    """A hit in the normalised text; `label` is the nearest label before it (or "")."""

    kind: str
    start: int
    end: int
    rule: str
    label: str = ""


# Labels that say "this is personal" (keep) or "this is a code/serial/amount", looked up in
# the few characters before a candidate. The nearest label wins.
ID_LABELS = (
    "身份证",
    "身份证号",
    "身份证号码",
    "身份号码",
    "证件号",
    "证件号码",
    "证件编号",
    "证号",
    "公民身份",
    "居民身份",
    "身份号",
    "居住证",
    "ID",
)
PHONE_LABELS = (
    "手机", "电话", "联系方式", "号码", "致电", "拨打", "Tel", "TEL", "tel", "Mobile", "mobile", "Phone", "phone",
)  # fmt: skip
CARD_LABELS = ("卡号", "账号", "帐号", "银行卡", "社保卡", "一卡通", "账户", "帐户", "存折", "card", "Card")
NEGATIVE_LABELS = (
    "订单", "订单号", "单号", "流水号", "交易号", "编号", "编码", "文号", "案号", "索引号", "批号", "批准文号", "合同号",
    "发票", "税号", "纳税人识别号", "信用代码", "组织机构代码", "注册号", "登记号", "许可证号", "证书编号",
    "序列号", "条码", "条形码", "工单", "受理号", "业务号", "运单", "快递", "凭证号", "缴款码", "识别码",
    "验证码", "邮编", "邮政编码", "传真", "代码", "批次", "型号", "货号", "车架号", "VIN", "发动机号",
    "申报号", "备案号", "项目号", "档案号", "宗地号", "不动产单元号", "流转码",
)  # fmt: skip
_LABEL_GROUPS = (("id", ID_LABELS), ("phone", PHONE_LABELS), ("card", CARD_LABELS), ("-", NEGATIVE_LABELS))
_LABEL_WINDOW = 14

_AMOUNT_BEFORE = re.compile(r"(?:[¥￥$]|人民币|RMB|金额|价款|罚款|罚金|资金|款项)\s*[:：]?\s*$")
_AMOUNT_AFTER = re.compile(r"^\s*(?:元|万元|亿元|万|亿|圆|块|美元|港元)")


def nearest_label(before: str) -> tuple[str | None, str]:
    """The group ("id", "phone", "card", "-" for a code label, or None) and the text of the
    label nearest before a candidate. Of labels ending at the same place the longest wins
    (证件编号 over 编号, 凭证号 over 证号), then the positive reading."""
    window = before[-_LABEL_WINDOW:]
    best_end, best, text = -1, None, ""
    for group, labels in _LABEL_GROUPS:
        for label in labels:
            pos = window.rfind(label)
            if pos < 0:
                continue
            end = pos + len(label)
            longer = len(label) > len(text) or (len(label) == len(text) and best == "-")
            if end > best_end or (end == best_end and longer):
                best_end, best, text = end, group, label
    return best, text


_AREA_CODE = re.compile(r"(?<![0-9])0\d{2,3}-$")


def _digit(ch: str) -> bool:
    return ch != "" and ch in "0123456789"  # after normalisation; ① is a list marker, not a digit


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def isolated(text: str, start: int, end: int) -> bool:
    """The candidate is not part of a longer number or code (see the module docstring)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if _digit(before) or _digit(after):
        return False
    if (
        before in "-.#"
        and start > 1
        and _digit(text[start - 2])
        and not _AREA_CODE.search(text, max(0, start - 6), start)
    ):
        return False  # 2024-138…, 0.138… (but 0391-138…: an area code before a mobile)
    if after in "-.#" and end + 1 < len(text) and _digit(text[end + 1]):
        return False  # 138…-2024, 138….5
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        left, right = start, end
        while left > 0 and _ascii_alnum(text[left - 1]):
            left -= 1
        while right < len(text) and _ascii_alnum(text[right]):
            right += 1
        if is_valid_uscc(text[left:right]):
            return False  # part of a credit code: 41410823801305742A
    # index number: <code>/<year>-<sequence>
    return not (after == "/" and re.match(r"/\d{4}-\d", text[end : end + 7]))


def _amount(text: str, start: int, end: int) -> bool:
    return bool(_AMOUNT_BEFORE.search(text[max(0, start - 40) : start]) or _AMOUNT_AFTER.match(text[end : end + 4]))


class Taken:
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


_ID18 = re.compile(r"(?<!\d)(?:\d{17}|\d{6}(?P<sep>[ -])\d{8}(?P=sep)\d{3})[\dXx](?!\d)")  # also 6-8-4 grouped
_ID15 = re.compile(r"(?<!\d)\d{15}(?!\d)")
_CARD_PLAIN = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
_CARD_GROUPED = re.compile(r"(?<!\d)\d{4}(?:(?P<sep>[ -])\d{1,4})(?:(?P=sep)\d{1,4})+(?!\d)")
_MOBILE = re.compile(
    r"(?P<prefix>(?:(?:\+|00)\s?86|(?<![0-9+])86(?=[- ]))\s?-?\s?|\(\+?86\)\s?)?"
    r"(?P<num>1[3-9]\d[ .-]?\d{4}[ .-]?\d{4})(?!\d)"
)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def number_hits(text: str, today: dt.date | None = None) -> list[Found]:
    """ID numbers, cards and mobiles in normalised `text`, not overlapping."""
    found: list[Found] = []
    taken = Taken()

    def add(kind: str, start: int, end: int, rule: str, label: str) -> None:
        found.append(Found(kind, start, end, rule, label))
        taken.add(start, end)

    def label_at(start: int) -> tuple[str | None, str]:
        return nearest_label(text[max(0, start - 40) : start])

    # 18-character IDs first: the strongest evidence (check character).
    mistyped: set[tuple[int, int]] = set()
    for m in _ID18.finditer(text):
        start, end = m.span()
        value = m.group().upper().replace(" ", "").replace("-", "")
        if not isolated(text, start, end):
            continue
        if is_valid_id18(value, today):
            group, label = label_at(start)
            if group == "-" and is_valid_uscc(value) and "身份" not in text[max(0, start - _LABEL_WINDOW) : start]:
                continue  # a credit code that happens to pass the ID check too
            add(ID_NUMBER, start, end, RULE_ID18, label)
        elif looks_like_id18(value, today):
            mistyped.add((start, end))  # a mistyped ID is not a card either
    for m in _ID15.finditer(text):
        start, end = m.span()
        if taken.free(start, end) and isolated(text, start, end) and is_valid_id15(m.group()):
            group, label = label_at(start)
            if group != "-" and not _amount(text, start, end) and not re.match(r"\.\d", text[end : end + 2]):
                add(ID_NUMBER, start, end, RULE_ID15, label)
    card_candidates = [m.span() for m in _CARD_PLAIN.finditer(text)]
    for m in _CARD_GROUPED.finditer(text):
        groups = re.split(r"[ -]", m.group())
        if all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4:
            card_candidates.append(m.span())
    for start, end in sorted(card_candidates):
        digits = _digits(text[start:end])
        if not (16 <= len(digits) <= 19) or not taken.free(start, end):
            continue
        group, label = label_at(start)
        if group == "id" or ((start, end) in mistyped and group != "card"):
            continue  # an ID number with a wrong check character or date is not a card
        if not isolated(text, start, end) or _amount(text, start, end):
            continue
        if luhn_ok(digits) and plausible_iin(digits) and not (len(digits) == 18 and is_valid_uscc(digits)):
            add(BANK_CARD, start, end, RULE_CARD, label)
    for m in _MOBILE.finditer(text):
        start, end = m.span("num")
        outer = m.start() if m.group("prefix") else start
        if not taken.free(outer, end) or not is_mobile(_digits(m.group("num"))):
            continue
        if not isolated(text, outer, end) or _amount(text, outer, end):
            continue
        add(MOBILE, start, end, RULE_MOBILE, label_at(outer)[1])
    return found
