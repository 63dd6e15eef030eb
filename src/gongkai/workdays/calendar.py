"""Chinese working-day calendar (工作日) and statutory day counting.

Pure module: no ORM. The database layer (`gongkai.workdays.services.calendar_for`) passes the
administrators' overrides in; everything else is computed here. Whether a day is a working day is
answered, in this order, by
1. an **override** (`CalendarOverride` rows: the State Council notice keyed in by an administrator, or
   a local holiday), which always wins;
2. the **package** `chinesecalendar` (import name `chinese_calendar`, pinned; 1.11.0 covers 2004–2026),
   for the years it covers;
3. a **rule** fallback: Saturdays and Sundays off, plus the fixed-date holidays of the 放假办法 (Jan 1,
   May 1–2, Oct 1–3). The lunar holidays need the yearly notice, so a result that depends on the rule in
   a year with neither package data nor any override is marked **provisional** and has to be recomputed
   once the year is covered (../shared/reference/foi-and-annual-report.md §6.4).

Counting rule (§6.3, 民法典 Art. 201): the start day is day 0; "N个工作日内" ends on the N-th working
day strictly after the start day, even when the start day is itself a working day.
`chinese_calendar.find_workday()` is off by one when the start day is not a working day and is
deliberately not used. A calendar's answers are memoised per day for its lifetime (the services keep
one per process until an override changes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

try:  # pragma: no cover - the package is a pinned requirement
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover
    _cc = None

ONE_DAY = dt.timedelta(days=1)

# 放假办法 (国务院令第795号): holidays on fixed solar dates. The lunar ones need the yearly notice.
FIXED_DATE_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}

# Longest span a single count may scan before we assume a broken calendar (e.g. an override
# table that marks every day as a holiday). 20 working days never need more than ~45 days.
MAX_SCAN_DAYS = 3660


class Source(StrEnum):
    OVERRIDE = "override"
    PACKAGE = "package"
    RULE = "rule"


class Category(StrEnum):
    WORKDAY = "workday"
    ADJUSTED_WORKDAY = "adjusted_workday"  # 调休上班日: a weekend day that is a working day
    WEEKEND = "weekend"
    HOLIDAY = "holiday"


class Coverage(StrEnum):
    PACKAGE = "package"
    OVERRIDES = "overrides"
    PACKAGE_AND_OVERRIDES = "package+overrides"
    PROVISIONAL = "provisional"


@dataclass(frozen=True)
class Override:
    """One administrator-entered day: working day or not, and why (e.g. "春节", "调休上班")."""

    is_workday: bool
    reason: str = ""


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    is_workday: bool
    category: Category
    source: Source
    provisional: bool
    name: str = ""  # holiday name in Chinese, or the override's reason

    def describe(self) -> str:
        """e.g. "2025-10-01 Wed 国庆节 holiday"."""
        from django.utils.translation import gettext as _

        labels = {
            Category.WORKDAY: _("working day"),
            Category.ADJUSTED_WORKDAY: _("adjusted working day (调休)"),
            Category.WEEKEND: _("weekend"),
            Category.HOLIDAY: _("holiday"),
        }
        parts = [self.date.isoformat(), self.date.strftime("%a")]
        if self.name:
            parts.append(self.name)
        parts.append(labels[self.category])
        if self.source is Source.OVERRIDE:
            parts.append(_("[override]"))
        if self.provisional:
            parts.append(_("[provisional]"))
        return " ".join(parts)


@dataclass(frozen=True)
class Step:
    """One day looked at while counting: `ordinal` is its number if it was counted."""

    day: DayInfo
    ordinal: int | None = None
    note: str = ""

    def describe(self) -> str:
        from django.utils.translation import gettext as _

        if self.note:
            action = self.note
        elif self.ordinal is not None:
            action = _("counted, day %(n)d") % {"n": self.ordinal}
        else:
            action = _("skipped")
        return f"{self.day.describe()} — {action}"


@dataclass(frozen=True)
class CountResult:
    """The outcome of a count: the date, whether it is provisional, and how it was reached."""

    start: dt.date
    n: int
    date: dt.date
    provisional: bool
    steps: tuple[Step, ...] = ()
    method: str = "working_days_after"

    @property
    def provisional_years(self) -> tuple[int, ...]:
        return tuple(sorted({s.day.date.year for s in self.steps if s.day.provisional}))

    def explain(self) -> list[str]:
        from django.utils.translation import gettext as _

        headers = {
            "working_days_after": _("%(start)s is day 0; counting %(n)d working days after it."),
            "working_days_before": _("%(start)s is the event day; counting %(n)d working days before it."),
            "calendar_days": _("%(start)s plus %(n)d calendar days."),
        }
        lines = [headers[self.method] % {"start": self.start.isoformat(), "n": self.n}]
        lines += [step.describe() for step in self.steps]
        lines.append(_("Result: %(date)s") % {"date": self.date.isoformat()})
        if self.provisional:
            lines.append(
                _(
                    "Provisional: %(years)s not covered by the holiday package or by overrides; "
                    "lunar holidays are missing. Enter the State Council notice as overrides or upgrade "
                    "chinesecalendar."
                )
                % {"years": ", ".join(str(y) for y in self.provisional_years)}
            )
        return lines


@lru_cache(maxsize=64)
def _package_name(english: str | None) -> str:
    if not english or _cc is None:
        return english or ""
    for holiday in _cc.Holiday:
        if holiday.value == english:
            return holiday.chinese
    return english


@lru_cache(maxsize=256)
def package_covers(year: int) -> bool:
    """Does the installed chinesecalendar have data for `year`?"""
    if _cc is None:
        return False
    try:
        _cc.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=4096)
def _package_day(date: dt.date) -> tuple[bool, str | None]:
    """chinesecalendar's answer for one day, cached: each package lookup scans its tables (~ms)."""
    _off, english = _cc.get_holiday_detail(date)
    return _cc.is_workday(date), english


def package_version() -> str:
    return getattr(_cc, "__version__", "") if _cc is not None else ""


OverrideValue = bool | Override
OverrideSource = Mapping[dt.date, OverrideValue] | Callable[[int], Mapping[dt.date, OverrideValue]]


def _as_override(value: OverrideValue) -> Override:
    if isinstance(value, Override):
        return value
    if isinstance(value, bool):
        return Override(is_workday=value)
    # Any object with is_workday / reason attributes (e.g. a CalendarOverride row).
    return Override(is_workday=bool(value.is_workday), reason=getattr(value, "reason", "") or "")


class WorkingDayCalendar:
    """Answers "is this a working day?" and counts statutory periods.

    `overrides` is either a mapping date -> bool/Override, or a loader `year -> mapping` that is
    called lazily once per year (the DB service passes one). `package_years` restricts which
    years the package may answer for (None: every year it has data for); `use_package=False`
    ignores the package entirely.
    """

    def __init__(
        self,
        overrides: OverrideSource | None = None,
        *,
        use_package: bool = True,
        package_years: Container[int] | None = None,
    ):
        self._by_year: dict[int, dict[dt.date, Override]] = {}
        self._loader: Callable[[int], Mapping[dt.date, OverrideValue]] | None = None
        if callable(overrides):
            self._loader = overrides
        else:
            for day, value in (overrides or {}).items():
                self._by_year.setdefault(day.year, {})[day] = _as_override(value)
        self._use_package = use_package
        self._package_years = package_years
        self._days: dict[dt.date, DayInfo] = {}  # answers are fixed for the life of the calendar: memoised

    def _overrides_for(self, year: int) -> dict[dt.date, Override]:
        if year not in self._by_year:
            loaded = self._loader(year) if self._loader is not None else {}
            self._by_year[year] = {day: _as_override(value) for day, value in loaded.items()}
        return self._by_year[year]

    def package_covers(self, year: int) -> bool:
        if not self._use_package:
            return False
        if self._package_years is not None and year not in self._package_years:
            return False
        return package_covers(year)

    def has_overrides(self, year: int) -> bool:
        return bool(self._overrides_for(year))

    def coverage(self, year: int) -> Coverage:
        package, overrides = self.package_covers(year), self.has_overrides(year)
        if package and overrides:
            return Coverage.PACKAGE_AND_OVERRIDES
        if package:
            return Coverage.PACKAGE
        if overrides:
            return Coverage.OVERRIDES
        return Coverage.PROVISIONAL

    def covers(self, year: int) -> bool:
        """True when results in `year` are final (package data or overrides for the year)."""
        return self.coverage(year) is not Coverage.PROVISIONAL

    def day(self, date: dt.date) -> DayInfo:
        info = self._days.get(date)
        if info is None:
            info = self._days[date] = self._compute_day(date)
        return info

    def _compute_day(self, date: dt.date) -> DayInfo:
        weekend = date.weekday() >= 5
        override = self._overrides_for(date.year).get(date)
        if override is not None:
            if override.is_workday:
                category = Category.ADJUSTED_WORKDAY if weekend else Category.WORKDAY
            else:
                category = Category.WEEKEND if weekend and not override.reason else Category.HOLIDAY
            return DayInfo(date, override.is_workday, category, Source.OVERRIDE, False, override.reason)
        if self.package_covers(date.year):
            is_workday, english = _package_day(date)
            name = _package_name(english)
            if is_workday:
                category = Category.ADJUSTED_WORKDAY if weekend else Category.WORKDAY
                name = name if weekend else ""
            else:
                category = Category.HOLIDAY if name else Category.WEEKEND
            return DayInfo(date, is_workday, category, Source.PACKAGE, False, name)
        provisional = not self.has_overrides(date.year)
        fixed = FIXED_DATE_HOLIDAYS.get((date.month, date.day))
        if fixed:
            return DayInfo(date, False, Category.HOLIDAY, Source.RULE, provisional, fixed)
        if weekend:
            return DayInfo(date, False, Category.WEEKEND, Source.RULE, provisional)
        return DayInfo(date, True, Category.WORKDAY, Source.RULE, provisional)

    def is_workday(self, date: dt.date) -> bool:
        return self.day(date).is_workday

    def _walk(self, start: dt.date, n: int, step: int, method: str) -> CountResult:
        steps: list[Step] = []
        current, counted = start, 0
        while counted < n:
            current += step * ONE_DAY
            if abs((current - start).days) > MAX_SCAN_DAYS:
                raise ValueError(f"No {n} working days within {MAX_SCAN_DAYS} days of {start}; check the overrides.")
            info = self.day(current)
            if info.is_workday:
                counted += 1
                steps.append(Step(info, counted))
            else:
                steps.append(Step(info))
        provisional = any(s.day.provisional for s in steps)
        return CountResult(start, n, current, provisional, tuple(steps), method)

    def add_working_days(self, start: dt.date, n: int) -> CountResult:
        """The N-th working day strictly after `start` (start = day 0). n=0 gives `start`."""
        if n < 0:
            return self.working_days_before(start, -n)
        return self._walk(start, n, +1, "working_days_after")

    def working_days_before(self, event_date: dt.date, n: int) -> CountResult:
        """The N-th working day strictly before `event_date` ("提前N个工作日"): the latest day
        on which something must happen so that N working days lie between it and the event,
        counting it and not counting the event day. Mirror image of `add_working_days`."""
        if n < 0:
            return self.add_working_days(event_date, -n)
        return self._walk(event_date, n, -1, "working_days_before")

    def add_calendar_days(self, start: dt.date, n: int, roll: str = "forward") -> CountResult:
        """`start` + n calendar days (n may be negative).

        roll="forward" (民法典 Art. 203): a period whose last day is a non-working day ends on
        the next working day. roll="backward": an "in advance" deadline that lands on a
        non-working day moves to the working day before it. roll="none": no adjustment.
        """
        from django.utils.translation import gettext as _

        if roll not in ("forward", "backward", "none"):
            raise ValueError(f"roll must be forward, backward or none, not {roll!r}")
        target = start + dt.timedelta(days=n)
        if roll == "none":
            return CountResult(start, n, target, False, (), "calendar_days")
        steps: list[Step] = []
        direction = 1 if roll == "forward" else -1
        note = _("not a working day, moved to the next day")
        if direction < 0:
            note = _("not a working day, moved to the day before")
        info = self.day(target)
        while not info.is_workday:
            steps.append(Step(info, note=note))
            target += direction * ONE_DAY
            if abs((target - start).days) > abs(n) + MAX_SCAN_DAYS:
                raise ValueError(f"No working day near {start + dt.timedelta(days=n)}; check the overrides.")
            info = self.day(target)
        steps.append(Step(info, note=_("end of period")))
        provisional = any(s.day.provisional for s in steps)
        return CountResult(start, n, target, provisional, tuple(steps), "calendar_days")

    def next_working_day(self, date: dt.date, *, inclusive: bool = False) -> dt.date:
        current = date if inclusive else date + ONE_DAY
        while not self.is_workday(current):
            current += ONE_DAY
        return current

    def count_working_days(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]: the inverse of `add_working_days` (day a is day 0).

        count_working_days(s, add_working_days(s, n).date) == n. Negative when b < a.
        """
        if b < a:
            return -self.count_working_days(b, a)
        total, current = 0, a
        while current < b:
            current += ONE_DAY
            if self.is_workday(current):
                total += 1
        return total


def next_year_status(calendar: WorkingDayCalendar, today: dt.date) -> str:
    """§6.4 monitoring: "ok", "warn" (October–November and next year not covered yet) or
    "fail" (from 1 December and next year still not covered)."""
    if calendar.covers(today.year + 1):
        return "ok"
    if today >= dt.date(today.year, 12, 1):
        return "fail"
    return "warn" if today.month >= 10 else "ok"


def default_calendar() -> WorkingDayCalendar:
    """A calendar without overrides (package + rule). Services should use `calendar_for()`."""
    return WorkingDayCalendar()
