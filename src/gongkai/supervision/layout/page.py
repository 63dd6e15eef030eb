"""The page of an official document (GB/T 9704-2012): its measures, fonts, the document and its paragraphs,
Chinese dates, document numbers and line wrapping (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, LEFT_MM = 37, 28
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - TEXT_WIDTH_MM  # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - TEXT_HEIGHT_MM  # 35
LINES, CHARS = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, RECORD_PT = 16, 22, 14, 14  # 3号, 2号, 4号, 4号
ISSUER_PT = 36
LINE_PITCH_PT = TEXT_HEIGHT_MM * MM / LINES  # ≈ 28.95 pt
CHAR_PITCH_PT = TEXT_WIDTH_MM * MM / CHARS  # ≈ 15.79 pt
LINE_PITCH_TWIPS = int(LINE_PITCH_PT * 20)  # Word's document grid (579)
# 3号 characters condensed by 0.25 pt so that 28 fit a line of 156 mm (16 pt each would make 27.6).
CHAR_SPACING_TWIPS = -5
ISSUER_TOP_MM = 35  # 红头: top edge below the top of the type area
SEPARATOR_BELOW_NUMBER_MM = 4
PAGE_NUMBER_BELOW_MM = 7
RED = (0xFF, 0x33, 0x33)  # CMYK (0, 80, 80, 0) on screen
FONT_BODY = "Noto Serif CJK SC"  # for 仿宋
FONT_TITLE = "Noto Serif CJK SC"  # bold, for 小标宋
FONT_HEADING = "Noto Sans CJK SC"  # for 黑体
FONT_KAI = "Noto Serif CJK SC"  # for 楷体
DOCUMENT_NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fa5A-Za-z]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")

# Punctuation that may not begin a line (禁则): it hangs on the line before.
NO_LINE_START = set("，。、；：？！）》」』”’…—·,.;:?!)")


@dataclass
class Paragraph:
    text: str
    level: int = 0  # 0 body, 1 "一、" heading (黑体), 2 "（一）" heading (楷体)


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关标志, e.g. "焦作市应急管理局文件"
    document_number: str  # 焦应急〔2026〕3号
    title: str
    addressee: str  # 主送机关
    paragraphs: list[Paragraph]
    signer: str  # the issuing organ under the text
    date_written: dt.date
    copy_to: str = ""  # 抄送
    printed_by: str = ""  # 印发机关
    printed_on: dt.date | None = None
    attachments: list[str] = field(default_factory=list)


def chinese_date(day: dt.date) -> str:
    """2024年1月5日: Arabic numerals, full year, no leading zeros (GB/T 9704 7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def check_document_number(number: str) -> None:
    if not DOCUMENT_NUMBER.match(number):
        raise ValueError(f"not a document number in the form 机关代字〔年份〕序号号: {number!r}")


def page_number_text(number: int) -> str:
    return f"— {number} —"


def _width(ch: str) -> float:
    """Width in characters: half for ASCII (half-width digits and letters), one for the rest."""
    return 0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’·" else 1.0


def wrap(text: str, first_indent: float = 2.0, width: float = CHARS) -> list[tuple[float, str]]:
    """Break `text` into lines of at most `width` characters: [(indent in characters, line)]. The first line is
    indented by `first_indent` (2 characters for body paragraphs); punctuation never starts a line."""
    lines: list[tuple[float, str]] = []
    indent, current, used = first_indent, "", first_indent
    for ch in text:
        w = _width(ch)
        if used + w > width + 1e-9 and current:
            if ch in NO_LINE_START:  # hang it
                current += ch
                lines.append((indent, current))
                indent, current, used = 0.0, "", 0.0
                continue
            lines.append((indent, current))
            indent, current, used = 0.0, "", 0.0
        current += ch
        used += w
    if current or not lines:
        lines.append((indent, current))
    return lines
