"""The participation rules (公众参与): how long a consultation must stay open, and when a public concern
must be answered. Pure module: no ORM, no settings; the forms, the API, the services, the command
`manage.py participation_rules` and the concerns app all call it.

Sources (../shared/reference/portal-and-participation.md):

- §4.1, 《重大行政决策程序暂行条例》 (国务院令第713号) Art. 14: a draft major administrative decision is
  open for public comment for **generally not less than 30 days**; when shortened for urgency, the reason
  is stated in the notice (``major_decision``).
- §4.1, 法治政府示范创建 indicators: drafts of **government rules (规章) ≥ 30 days** (``rules_draft``);
  **normative documents (行政规范性文件) ≥ 7 working days** (``normative``), and **≥ 30 days** when closely
  related to market entities' business activities (``business_normative``; 国办发〔2018〕37号).
- §4.3, 政务舆情回应: 特别重大、重大突发事件 — authoritative information within **5 hours**
  (国办发〔2016〕80号), press conference within **24 hours** (国办发〔2016〕61号 and 80号); other public
  opinion — response within **48 hours** (国办发〔2016〕61号).

Counting: the opening day is day 0 (民法典 Art. 201, as the FOI clock counts). "≥ 30 days" means the
consultation may close at the earliest on opening day + 30; "≥ 7 working days" means it may close at the
earliest on the 7th working day after the opening day, on the holiday calendar of `gongkai.workdays`
(pass `calendar=`; the services pass `workdays.services.calendar_for()`, see `participation.periods`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongkai.workdays.calendar import WorkingDayCalendar, default_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class PeriodRule:
    kind: str
    days: int
    working_days: bool
    basis: str  # the legal source, as cited to the user (Chinese, the law's own name)


# kind -> rule; the order is the order of the choices in forms and the command's help.
PERIOD_RULES: dict[str, PeriodRule] = {
    "major_decision": PeriodRule("major_decision", 30, False, "《重大行政决策程序暂行条例》第十四条"),
    "rules_draft": PeriodRule("rules_draft", 30, False, "法治政府建设示范指标（规章草案）"),
    "normative": PeriodRule("normative", 7, True, "国办发〔2018〕37号（行政规范性文件）"),
    "business_normative": PeriodRule(
        "business_normative", 30, False, "国办发〔2018〕37号（涉及市场主体经营活动的行政规范性文件）"
    ),
}
PERIOD_KINDS: tuple[str, ...] = tuple(PERIOD_RULES)


def period_kind_label(kind: str) -> str:
    from django.utils.translation import gettext as _

    return {
        "major_decision": _("Major administrative decision"),
        "rules_draft": _("Draft government rules"),
        "normative": _("Normative document"),
        "business_normative": _("Normative document concerning business activities"),
    }[kind]


def rule_text(kind: str) -> str:
    """The minimum period with its source, e.g. "不少于30日（《重大行政决策程序暂行条例》第十四条）"."""
    from django.utils.translation import gettext as _

    rule = PERIOD_RULES[kind]
    if rule.working_days:
        text = _("at least %(n)d working days") % {"n": rule.days}
    else:
        text = _("at least %(n)d days") % {"n": rule.days}
    return _("%(text)s (%(basis)s)") % {"text": text, "basis": rule.basis}


@dataclass(frozen=True)
class PeriodCheck:
    """The answer for one consultation period.

    `ok`: the period is lawful (long enough, or shortened with an urgency reason). `earliest_close`: the
    earliest lawful closing date without an urgency reason. `reason`: empty when the period is long
    enough; the error when not ok; the displayed notice when shortened for urgency. `shortened`: closes
    before `earliest_close` with an urgency reason (the reason must be displayed with the consultation).
    `provisional`: the working days counted fall in a year the holiday calendar does not cover yet.
    """

    ok: bool
    kind: str
    opens: dt.date
    closes: dt.date
    earliest_close: dt.date
    reason: str = ""
    shortened: bool = False
    urgent_reason: str = ""
    provisional: bool = False


def earliest_close(kind: str, opens: dt.date, calendar: WorkingDayCalendar | None = None) -> tuple[dt.date, bool]:
    """(earliest lawful closing date, provisional) for a consultation of `kind` opening on `opens`."""
    rule = PERIOD_RULES[kind]
    if rule.working_days:
        result = (calendar or default_calendar()).add_working_days(opens, rule.days)
        return result.date, result.provisional
    return opens + dt.timedelta(days=rule.days), False


def consultation_period(
    *,
    kind: str,
    opens: dt.date,
    closes: dt.date,
    urgent_reason: str = "",
    calendar: WorkingDayCalendar | None = None,
) -> PeriodCheck:
    """Is a consultation of `kind` open from `opens` to `closes` (both inclusive dates) lawful?

    Raises ValueError for an unknown kind (a programming or input error, not a verdict).
    """
    from django.utils.translation import gettext as _

    if kind not in PERIOD_RULES:
        raise ValueError(f"unknown consultation kind {kind!r}; one of {', '.join(PERIOD_KINDS)}")
    urgent_reason = (urgent_reason or "").strip()
    earliest, provisional = earliest_close(kind, opens, calendar)
    common = dict(kind=kind, opens=opens, closes=closes, earliest_close=earliest, provisional=provisional)
    if closes <= opens:
        return PeriodCheck(
            ok=False,
            reason=_("The consultation closes (%(closes)s) before it opens (%(opens)s) or on the same day.")
            % {"closes": closes.isoformat(), "opens": opens.isoformat()},
            **common,
        )
    if closes >= earliest:
        return PeriodCheck(ok=True, **common)
    if urgent_reason:
        return PeriodCheck(
            ok=True,
            shortened=True,
            urgent_reason=urgent_reason,
            reason=_("Comment period shortened for urgency (the rule is %(rule)s): %(reason)s")
            % {"rule": rule_text(kind), "reason": urgent_reason},
            **common,
        )
    return PeriodCheck(
        ok=False,
        reason=_(
            "The comment period is too short: a %(kind)s must be open %(rule)s, so it may close on "
            "%(earliest)s at the earliest. A shorter period needs a stated urgency reason."
        )
        % {"kind": period_kind_label(kind), "rule": rule_text(kind), "earliest": earliest.isoformat()},
        **common,
    )


# Public-opinion response (政务舆情回应), §4.3.
CONCERN_LEVELS: tuple[str, ...] = ("major", "other")


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    hours: int
    basis: str


CONCERN_RULES: dict[str, tuple[DeadlineRule, ...]] = {
    "major": (
        DeadlineRule("authoritative_release", 5, "国办发〔2016〕80号"),
        DeadlineRule("press_conference", 24, "国办发〔2016〕61号、国办发〔2016〕80号"),
    ),
    "other": (DeadlineRule("response", 48, "国办发〔2016〕61号"),),
}


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due: dt.datetime  # aware, Asia/Shanghai
    hours: int
    basis: str


def concern_level_label(level: str) -> str:
    from django.utils.translation import gettext as _

    return {
        "major": _("Especially major or major emergency"),
        "other": _("Other public opinion"),
    }[level]


def deadline_label(code: str) -> str:
    from django.utils.translation import gettext as _

    return {
        "authoritative_release": _("Release authoritative information"),
        "press_conference": _("Hold a press conference"),
        "response": _("Respond"),
    }[code]


def as_shanghai(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in Asia/Shanghai; a naive one is read as Shanghai time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


def concern_deadlines(*, level: str, detected_at: dt.datetime) -> list[Deadline]:
    """The response deadlines of a public concern detected at `detected_at` (hours, not working days:
    public opinion does not wait for Monday). Raises ValueError for an unknown level."""
    if level not in CONCERN_RULES:
        raise ValueError(f"unknown concern level {level!r}; one of {', '.join(CONCERN_LEVELS)}")
    start = as_shanghai(detected_at)
    return [
        Deadline(rule.code, deadline_label(rule.code), start + dt.timedelta(hours=rule.hours), rule.hours, rule.basis)
        for rule in CONCERN_RULES[level]
    ]
