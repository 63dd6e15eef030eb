"""Vocabulary of the official tables: header labels, checkbox glyphs, tick marks, and the
normalizations applied on import (channel aliases, the "20工作日" typo, legal-basis lists).

Pure functions, no ORM.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..constants import (
    AUDIENCE_LABELS,
    CHANNEL_ALIASES,
    CHANNELS,
    LEVEL_LABELS,
    MODE_LABELS,
    Audience,
    Domain,
    Level,
    Mode,
)

# Chinese labels written in the official tables, value -> label (the first label in each map).
AUDIENCE_TEXT = {Audience.PUBLIC.value: "全社会", Audience.SPECIFIC_GROUP.value: "特定群体"}
MODE_TEXT = {Mode.PROACTIVE.value: "主动", Mode.ON_REQUEST.value: "依申请"}
LEVEL_TEXT = {Level.COUNTY.value: "县级", Level.TOWNSHIP.value: "乡级"}
DOMAIN_TEXT = {Domain.PRODUCTION_SAFETY.value: "安全生产", Domain.DISASTER_RELIEF.value: "救灾"}
DOMAIN_LABELS = {
    "安全生产": Domain.PRODUCTION_SAFETY.value,
    "安全生产领域": Domain.PRODUCTION_SAFETY.value,
    "救灾": Domain.DISASTER_RELIEF.value,
    "救灾领域": Domain.DISASTER_RELIEF.value,
}
# Extra spellings of the levels seen in local tables (variants.md).
EXTRA_LEVEL_LABELS = {
    "县(市、区)级": Level.COUNTY,
    "区级": Level.COUNTY,
    "县区级": Level.COUNTY,
    "乡镇级": Level.TOWNSHIP,
    "乡(镇)级": Level.TOWNSHIP,
    "镇街级": Level.TOWNSHIP,
    "镇街(园区)级": Level.TOWNSHIP,
    "乡镇(街道)级": Level.TOWNSHIP,
    "村级": Level.TOWNSHIP,
}

CHECKED = "■"
UNCHECKED = "□"
TICK = "√"
CHECKED_GLYPHS = "■☑✓✔√▣◼▪☒"
UNCHECKED_GLYPHS = "□☐◻▫"
_GLYPHS = CHECKED_GLYPHS + UNCHECKED_GLYPHS
TICKED_MARKS = {"√", "✓", "✔", "■", "☑", "●", "☒", "是", "y", "yes", "1", "✅", "v"}
UNTICKED_MARKS = {"", "□", "☐", "×", "✗", "✘", "否", "n", "no", "0", "-", "—", "/", "无"}

# Header fields: (field, label prefixes, exact labels), compared after normalize_label. First match wins.
HEADER_FIELDS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("seq", (), ("序号", "编号")),
    ("level1", ("一级事项", "一级目录"), ()),
    ("level2", ("二级事项", "二级目录"), ()),
    ("level3", ("三级事项", "三级目录"), ()),
    ("items", ("公开事项", "事项名称"), ()),
    ("content", ("公开内容", "公开要素"), ("内容", "内容(要素)")),
    ("legal_basis", ("公开依据",), ("依据",)),
    ("time_limit_text", ("公开时限",), ("时限",)),
    ("responsible_body", ("公开主体", "责任主体"), ("主体",)),
    ("channels", ("公开渠道", "公开载体", "渠道和载体"), ("渠道",)),
    ("audience", ("公开对象",), ()),
    ("mode", ("公开方式",), ()),
    ("levels", ("公开层级",), ()),
    ("responsible_office", ("责任科室", "责任科(股)室", "责任股室", "承办科室", "责任处室"), ()),
    ("notes", (), ("备注",)),
]
GROUP_FIELDS = {"audience": AUDIENCE_LABELS, "mode": MODE_LABELS, "levels": {**LEVEL_LABELS, **EXTRA_LEVEL_LABELS}}
# The official label of each field, for messages and for the export.
FIELD_LABELS = {
    "seq": "序号",
    "level1": "一级事项",
    "level2": "二级事项",
    "level3": "三级事项",
    "content": "公开内容（要素）",
    "legal_basis": "公开依据",
    "time_limit_text": "公开时限",
    "responsible_body": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "mode": "公开方式",
    "levels": "公开层级",
    "responsible_office": "责任科室",
    "notes": "备注",
}

_FULLWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "／": "/", "　": " "})


@lru_cache(maxsize=4096)
def _normalize_label(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH)).strip(":")


def normalize_label(text: Any) -> str:
    """Compare labels ignoring whitespace, full/half-width punctuation and trailing colons."""
    return _normalize_label(cell_text(text))


def header_field(text: Any) -> str | None:
    label = normalize_label(text)
    if not label:
        return None
    for field_name, prefixes, exact in HEADER_FIELDS:
        if label in exact or any(label.startswith(prefix) for prefix in prefixes):
            return field_name
    return None


def group_value(field_name: str, text: Any) -> str | None:
    """The value of a sub-column label under 公开对象 / 公开方式 / 公开层级 (e.g. 特定群众 -> specific_group)."""
    label = normalize_label(text)
    for key, value in GROUP_FIELDS[field_name].items():
        if normalize_label(key) == label:
            return str(value)
    return None


def cell_text(value: Any) -> str:
    """A cell's value as clean text: numbers without '.0', CR/LF unified, outer whitespace stripped."""
    if value is None:
        return ""
    if isinstance(value, str) and "\n" not in value and "\r" not in value and "\u00a0" not in value:
        return value.strip()  # the common case, fast
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def mark_value(text: Any) -> bool | None:
    """A √ column cell: True (ticked), False (empty or a 'no' mark) or None (not understood)."""
    mark = re.sub(r"\s+", "", cell_text(text)).lower()
    if mark in UNTICKED_MARKS:
        return False
    if mark in TICKED_MARKS:
        return True
    return None


# --- channels -----------------------------------------------------------------------------------


def _channel_key(text: str) -> str:
    return normalize_label(text).replace("、", "/")


_CHANNEL_LOOKUP: dict[str, str] = {}
for _label in CHANNELS:
    _CHANNEL_LOOKUP[_channel_key(_label)] = _label
for _alias, _canonical in CHANNEL_ALIASES.items():
    _CHANNEL_LOOKUP[_channel_key(_alias)] = _canonical
# Longest first, so that "社区/企事业单位、村公示栏(电子屏)" wins over shorter labels inside it.
_KNOWN_SPELLINGS = sorted({*CHANNELS, *CHANNEL_ALIASES}, key=len, reverse=True)
_SEPARATORS = r"[\s、，,;；。]+"


@lru_cache(maxsize=4096)
def canonical_channel(label: str) -> tuple[str | None, str]:
    """(canonical channel, detail) for one label; (None, label) when unknown.

    "其他：区政务APP" gives ("其他", "区政务APP"); a free-text "区政府门户网站" gives ("政府网站", "").
    """
    label = label.strip().strip("、，,;；。").strip()
    if not label:
        return None, ""
    key = _channel_key(label)
    if key in _CHANNEL_LOOKUP:
        return _CHANNEL_LOOKUP[key], ""
    if label.startswith("其他"):
        detail = label[2:].strip().strip(":：()（）").strip()
        return "其他", detail
    if key.endswith("政府网站") or key.endswith("门户网站"):
        return "政府网站", ""
    return None, label


def parse_channels(text: Any) -> tuple[list[str], list[str], str]:
    """Parse a 公开渠道和载体 cell.

    Returns (ticked canonical channels in checklist order, unknown ticked labels, 其他 detail).
    With ■/□ glyphs only the ■ boxes count; without glyphs every label listed counts.
    """
    text = cell_text(text)
    ticked_labels: list[str] = []
    if any(glyph in text for glyph in _GLYPHS):
        for glyph, label in re.findall(rf"([{_GLYPHS}])\s*([^{_GLYPHS}]*)", text):
            if glyph in CHECKED_GLYPHS:
                ticked_labels.append(label)
    else:
        rest = text
        for spelling in _KNOWN_SPELLINGS:
            if spelling in rest:
                ticked_labels.append(spelling)
                rest = rest.replace(spelling, " ")
        ticked_labels.extend(part for part in re.split(_SEPARATORS, rest) if part.strip())
    channels: set[str] = set()
    unknown: list[str] = []
    detail = ""
    for label in ticked_labels:
        canonical, extra = canonical_channel(re.sub(r"\s+", " ", label))
        if canonical is None:
            if extra:
                unknown.append(extra)
            continue
        channels.add(canonical)
        if canonical == "其他" and extra:
            detail = extra
    return [c for c in CHANNELS if c in channels], unknown, detail


def normalize_channels(values: list[str]) -> tuple[list[str], list[str]]:
    """Canonical channels in checklist order, plus the labels that are not channels at all."""
    found: set[str] = set()
    unknown: list[str] = []
    for value in values:
        canonical, _detail = canonical_channel(str(value))
        if canonical is None:
            unknown.append(str(value))
        else:
            found.add(canonical)
    return [c for c in CHANNELS if c in found], unknown


def channels_checklist(channels: list[str], other_detail: str = "", separator: str = " ") -> str:
    """The official ■/□ checklist text, e.g. "■政府网站 □政府公报 ■两微一端 …"."""
    parts = []
    for channel in CHANNELS:
        box = CHECKED if channel in channels else UNCHECKED
        label = channel
        if channel == "其他" and other_detail and channel in channels:
            label = f"其他：{other_detail}"
        parts.append(f"{box}{label}")
    return separator.join(parts)


# --- choice lists (audience, mode, levels) ------------------------------------------------------

CHOICE_ORDER = {
    "audience": [a.value for a in Audience],
    "mode": [m.value for m in Mode],
    "levels": [level.value for level in Level],
}


def normalize_choices(field_name: str, values: list[str]) -> tuple[list[str], list[str]]:
    """Accept machine values or Chinese labels; return (values in canonical order, unknown)."""
    order = CHOICE_ORDER[field_name]
    found: set[str] = set()
    unknown: list[str] = []
    for value in values:
        value = str(value).strip()
        if not value:
            continue
        if value in order:
            found.add(value)
            continue
        mapped = group_value(field_name, value)
        if mapped is None:
            unknown.append(value)
        else:
            found.add(mapped)
    return [v for v in order if v in found], unknown


def parse_choice_text(field_name: str, text: str) -> tuple[list[str], list[str]]:
    """One cell holding 公开对象/公开方式/公开层级 labels: "全社会、特定群体", "■主动 □依申请", "乡、村级"."""
    if any(glyph in text for glyph in _GLYPHS):
        labels = [
            label for glyph, label in re.findall(rf"([{_GLYPHS}])\s*([^{_GLYPHS}]*)", text) if glyph in CHECKED_GLYPHS
        ]
    else:
        labels = []
        rest = text
        for label in sorted(GROUP_FIELDS[field_name], key=len, reverse=True):
            if label in rest:
                labels.append(label)
                rest = rest.replace(label, " ")
        labels += [part for part in re.split(r"[\s、，,;；/]+", rest) if part]
    return normalize_choices(field_name, [label.strip().strip("、，,;；") for label in labels])


def domain_value(text: str) -> str | None:
    text = (text or "").strip()
    if text in Domain.values:
        return text
    return DOMAIN_LABELS.get(normalize_label(text))


def detect_domain(text: str) -> str | None:
    """The domain named in a sheet or table title (安全生产 / 救灾), or None when unclear."""
    text = re.sub(r"\s+", "", text or "")
    safety = "安全生产" in text
    relief = "救灾" in text or "减灾" in text
    if safety and not relief:
        return Domain.PRODUCTION_SAFETY.value
    if relief and not safety:
        return Domain.DISASTER_RELIEF.value
    return None


# --- text normalizations ------------------------------------------------------------------------

_TYPO_WORKING_DAYS = re.compile(r"(\d+|[一二两三四五六七八九十]{1,3})工作日")


def normalize_time_limit_text(text: str) -> str:
    """Canonical phrasing: "20工作日" (a typo seen in 长寿区) becomes "20个工作日"."""
    text = cell_text(text)
    return _TYPO_WORKING_DAYS.sub(lambda m: f"{m.group(1)}个工作日", text)


_NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})[.、．]\s*(?=\S)")
_BETWEEN_TITLES = re.compile(r"(?<=[》）)])\s*[；;、]\s*(?=[《\u4e00-\u9fff(（])")


def split_legal_basis(text: Any) -> list[str]:
    """A 公开依据 cell: one basis per line; a single line "《A》；《B》" is split between the titles."""
    text = cell_text(text)
    if not text:
        return []
    lines = [line.strip() for line in text.split("\n")]
    if len([line for line in lines if line]) == 1:
        lines = _BETWEEN_TITLES.split(lines[0]) if "《" in lines[0] else lines
    result = []
    for line in lines:
        line = _NUMBERING.sub("", line).strip()
        if line:
            result.append(line)
    return result


def split_list(text: Any) -> list[str]:
    """A ;-separated list cell (CSV): "政府网站;两微一端"."""
    return [part.strip() for part in re.split(r"[;；\n]", cell_text(text)) if part.strip()]
