"""Parse the published phrasing of a time limit (公开时限) into a machine-readable rule.

Pure functions, no ORM. Rule shapes follow ../shared/data/standard-catalogs/timelimits.md;
the deadline engine keys on `kind`:

- working_days_after_event {days, event}: 条例 Art. 26 "信息形成或变更之日起20个工作日内";
- as_progress: 按进展情况及时公开 (no hard deadline);
- in_advance {days, unit, event}: 提前一周发通知邀请 (deadline *before* the event);
- promptly_after_event {event, soft_days}: 及时公开 without a number;
- periodic {months, min_updates}: 半年至少更新1次;
- retention {value}: 长期公开 (an attribute, not a deadline).
A rule may carry `retention` and `override` next to its kind.
"""

from __future__ import annotations

import re
from typing import Any

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


class TimeLimitError(ValueError):
    """The phrasing matches no known time-limit pattern."""


def _number(token: str) -> int:
    if token.isascii() and token.isdigit():
        return int(token)
    if token in CN_DIGITS:
        return CN_DIGITS[token]
    if len(token) == 2 and token[0] == "十":
        return 10 + CN_DIGITS[token[1]]
    if len(token) == 2 and token[1] == "十":
        return CN_DIGITS[token[0]] * 10
    if len(token) == 3 and token[1] == "十":
        return CN_DIGITS[token[0]] * 10 + CN_DIGITS[token[2]]
    raise TimeLimitError(token)


NUM = r"(\d+|[一二两三四五六七八九十]{1,3})"
_WORKING_DAYS = re.compile(rf"^(?:自)?(?P<event>.+?)之日起{NUM}个?工作日内")
_PERIOD = re.compile(rf"^(?P<span>半年|每年|每季度|每月|{NUM}个?月)至少更新{NUM}次")
_ADVANCE = re.compile(rf"^提前(?P<n>{NUM})(?P<unit>个?工作日|日|天|周|个?星期)(?P<action>.*)$")
_PROMPT_AFTER = re.compile(r"^(?P<event>.+?)后及时公开$")
_SPAN_MONTHS = {"半年": 6, "每年": 12, "每季度": 3, "每月": 1}


def normalize(text: str) -> str:
    text = (text or "").strip()
    text = text.replace("（", "(").replace("）", ")").replace("，", ",").replace("。", "")
    return re.sub(r"\s+", "", text)


def parse_time_limit(text: str) -> dict[str, Any]:
    """Return the rule for a published phrasing, or raise TimeLimitError."""
    phrase = normalize(text)
    if not phrase:
        raise TimeLimitError("empty")
    rule: dict[str, Any] | None = None
    if m := _WORKING_DAYS.match(phrase):
        event = m.group("event").replace("、", "或")
        rule = {"kind": "working_days_after_event", "days": _number(m.group(2)), "event": event}
    elif m := _PERIOD.match(phrase):
        span = m.group("span")
        months = _SPAN_MONTHS.get(span) or _number(re.sub(r"个?月$", "", span))
        rule = {"kind": "periodic", "months": months, "min_updates": _number(m.group(3))}
    elif m := _ADVANCE.match(phrase):
        n = _number(m.group(2))
        unit = m.group("unit")
        if unit.endswith("工作日"):
            rule = {"kind": "in_advance", "days": n, "unit": "working_days"}
        else:
            days = n * 7 if unit in ("周", "星期", "个星期") else n
            rule = {"kind": "in_advance", "days": days, "unit": "calendar_days"}
        rule["event"] = "会议召开"
        if m.group("action"):
            rule["action"] = m.group("action")
    elif phrase.startswith("按进展情况") and "公开" in phrase:
        rule = {"kind": "as_progress"}
    elif m := _PROMPT_AFTER.match(phrase):
        rule = {"kind": "promptly_after_event", "event": m.group("event"), "soft_days": None}
    elif phrase in ("长期公开", "常年公开"):
        rule = {"kind": "retention", "value": "long_term"}
    elif phrase in ("及时公开", "实时公开"):
        rule = {"kind": "promptly_after_event", "event": "信息形成或变更", "soft_days": None}
    if rule is None:
        raise TimeLimitError(text)
    if "长期公开" in phrase and rule["kind"] != "retention":
        rule["retention"] = "long_term"
    if "另有规定" in phrase:
        rule["override"] = "另有规定从其规定"
    return rule


def is_valid(text: str) -> bool:
    try:
        parse_time_limit(text)
    except TimeLimitError:
        return False
    return True
