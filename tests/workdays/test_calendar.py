"""The working-day calendar: §6.3 worked examples, provisional years, overrides, coverage."""

import datetime as dt
import os

import pytest

from gongkai.workdays.calendar import (
    Category,
    Coverage,
    Override,
    Source,
    WorkingDayCalendar,
    next_year_status,
    package_covers,
)
from gongkai.workdays.services import shipped_overrides

D = dt.date.fromisoformat


@pytest.fixture
def cal():
    return WorkingDayCalendar()


# ../shared/reference/foi-and-annual-report.md §6.3: receipt date -> (+7, +15, +20, +40).
WORKED_EXAMPLES = [
    ("2025-09-26", {7: "2025-10-13", 15: "2025-10-23", 20: "2025-10-30", 40: "2025-11-27"}),
    ("2025-09-27", {7: "2025-10-13", 15: "2025-10-23", 20: "2025-10-30", 40: "2025-11-27"}),
    ("2026-02-10", {7: "2026-02-26", 15: "2026-03-09", 20: "2026-03-16", 40: "2026-04-14"}),
    ("2025-12-15", {7: "2025-12-24", 15: "2026-01-06", 20: "2026-01-13", 40: "2026-02-10"}),
]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [(start, n, due) for start, table in WORKED_EXAMPLES for n, due in table.items()],
)
def test_add_working_days_reproduces_the_reference_table(cal, start, n, expected):
    result = cal.add_working_days(D(start), n)
    assert result.date == D(expected)
    assert result.provisional is False


def test_extension_is_twenty_more_working_days_from_the_first_deadline(cal):
    first = cal.add_working_days(D("2025-09-26"), 20).date
    assert cal.add_working_days(first, 20).date == D("2025-11-27")


def test_start_day_is_day_zero_even_on_a_working_day(cal):
    assert cal.add_working_days(D("2025-09-26"), 1).date == D("2025-09-28")  # Sun 09-28 is a 调休 working day
    assert cal.add_working_days(D("2025-09-29"), 1).date == D("2025-09-30")
    assert cal.add_working_days(D("2025-09-29"), 0).date == D("2025-09-29")


def test_does_not_reproduce_the_find_workday_off_by_one(cal):
    import chinese_calendar

    start = D("2025-09-27")  # Saturday; the package's find_workday gives 2025-10-31
    assert chinese_calendar.find_workday(20, start) == D("2025-10-31")
    assert cal.add_working_days(start, 20).date == D("2025-10-30")


def test_result_is_always_a_working_day(cal):
    start = D("2025-01-01")
    for offset in range(0, 365, 7):
        for n in (1, 3, 7, 20):
            assert cal.is_workday(cal.add_working_days(start + dt.timedelta(days=offset), n).date)


@pytest.mark.parametrize(
    ("day", "is_workday", "category", "name"),
    [
        ("2025-10-01", False, Category.HOLIDAY, "国庆节"),
        ("2025-09-28", True, Category.ADJUSTED_WORKDAY, "国庆节"),
        ("2025-10-12", False, Category.WEEKEND, ""),
        ("2025-10-13", True, Category.WORKDAY, ""),
        ("2026-02-14", True, Category.ADJUSTED_WORKDAY, "春节"),
        ("2026-02-23", False, Category.HOLIDAY, "春节"),
    ],
)
def test_day_reports_category_and_holiday_name(cal, day, is_workday, category, name):
    info = cal.day(D(day))
    assert (info.is_workday, info.category, info.name, info.source) == (is_workday, category, name, Source.PACKAGE)


def test_explanation_lists_each_day_counted_or_skipped(cal):
    lines = cal.add_working_days(D("2025-09-27"), 20).explain()
    assert any(line.startswith("2025-10-01 Wed 国庆节 holiday") and "skipped" in line for line in lines)
    assert any(line.startswith("2025-09-28 Sun 国庆节 adjusted working day") and "day 1" in line for line in lines)
    assert lines[-1] == "Result: 2025-10-30"


# --- years the package does not cover ------------------------------------------------------


def test_uncovered_year_falls_back_to_weekends_and_fixed_holidays_and_is_provisional(cal):
    assert not package_covers(2030)
    assert cal.coverage(2030) is Coverage.PROVISIONAL
    assert cal.day(D("2030-10-02")).category is Category.HOLIDAY  # fixed-date 国庆
    assert cal.day(D("2030-05-02")).is_workday is False  # 劳动节 is two days since 2025
    assert cal.day(D("2030-05-06")).is_workday is True  # Monday
    result = cal.add_working_days(D("2030-09-27"), 5)  # Fri; Oct 1-3 off, Sat/Sun off
    assert result.date == D("2030-10-09")
    assert result.provisional is True and result.provisional_years == (2030,)
    assert any("Provisional" in line for line in result.explain())


def test_count_into_an_uncovered_year_is_provisional(cal):
    result = cal.add_working_days(D("2026-12-20"), 10)
    assert result.date == D("2027-01-04")  # Jan 1 2027 is the fixed-date 元旦
    assert result.provisional is True and result.provisional_years == (2027,)


def test_count_that_stays_in_a_covered_year_is_not_provisional(cal):
    assert cal.add_working_days(D("2026-12-01"), 10).provisional is False


def test_a_year_with_overrides_is_not_provisional():
    overrides = {D("2027-02-08"): Override(False, "春节"), D("2027-02-06"): Override(True, "春节调休上班")}
    cal = WorkingDayCalendar(overrides)
    assert cal.coverage(2027) is Coverage.OVERRIDES
    assert cal.day(D("2027-02-08")).is_workday is False
    assert cal.day(D("2027-02-06")).category is Category.ADJUSTED_WORKDAY
    assert cal.add_working_days(D("2027-02-05"), 2).provisional is False


def test_package_years_can_be_restricted_to_simulate_an_old_package():
    cal = WorkingDayCalendar(package_years=range(2004, 2026))
    assert cal.coverage(2026) is Coverage.PROVISIONAL
    assert cal.is_workday(D("2026-02-16")) is True  # 春节 is lunar: the fallback cannot know it
    assert cal.add_working_days(D("2026-02-10"), 20).provisional is True


# --- overrides beat the package ------------------------------------------------------------


def test_override_beats_the_package_both_ways():
    cal = WorkingDayCalendar({D("2025-10-13"): Override(False, "local holiday"), D("2025-10-12"): True})
    assert cal.day(D("2025-10-13")).source is Source.OVERRIDE
    assert cal.is_workday(D("2025-10-13")) is False
    assert cal.is_workday(D("2025-10-12")) is True
    assert cal.coverage(2025) is Coverage.PACKAGE_AND_OVERRIDES
    # Without overrides the +7 deadline from 09-26 is 10-13; now 10-12 counts and 10-13 does not.
    assert cal.add_working_days(D("2025-09-26"), 7).date == D("2025-10-12")
    assert cal.add_working_days(D("2025-09-26"), 8).date == D("2025-10-14")


def test_overrides_can_be_loaded_lazily_per_year():
    asked = []

    def loader(year):
        asked.append(year)
        return {D("2027-01-04"): False} if year == 2027 else {}

    cal = WorkingDayCalendar(loader)
    assert cal.is_workday(D("2027-01-04")) is False
    assert cal.is_workday(D("2027-01-05")) is True
    assert asked == [2027]


# --- the other counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "n", "expected"),
    [
        ("2025-10-13", 3, "2025-10-09"),  # Mon; Sat 10-11 is a 调休 working day
        ("2025-10-09", 1, "2025-09-30"),  # over the National Day break
        ("2025-10-09", 2, "2025-09-29"),
        ("2026-03-02", 3, "2026-02-26"),  # Mon; Sat 02-28 counts
        ("2025-09-29", 0, "2025-09-29"),
    ],
)
def test_working_days_before(cal, event, n, expected):
    assert cal.working_days_before(D(event), n).date == D(expected)


@pytest.mark.parametrize(
    ("start", "n", "roll", "expected"),
    [
        ("2025-09-16", 15, "forward", "2025-10-09"),  # ends 10-01, a holiday: moved to 10-09 (民法典 Art. 203)
        ("2025-09-16", 15, "none", "2025-10-01"),
        ("2025-09-16", 12, "forward", "2025-09-28"),  # Sunday, but a 调休 working day
        ("2025-10-13", -7, "backward", "2025-09-30"),  # in advance: 10-06 is off, move earlier
        ("2025-10-20", -7, "backward", "2025-10-13"),
    ],
)
def test_add_calendar_days(cal, start, n, roll, expected):
    assert cal.add_calendar_days(D(start), n, roll=roll).date == D(expected)


@pytest.mark.parametrize(("start", "table"), WORKED_EXAMPLES)
def test_count_working_days_inverts_add(cal, start, table):
    for n, due in table.items():
        assert cal.count_working_days(D(start), D(due)) == n
        assert cal.count_working_days(D(due), D(start)) == -n


def test_a_calendar_without_working_days_is_refused():
    cal = WorkingDayCalendar({D("2031-01-01") + dt.timedelta(days=i): False for i in range(4000)}, use_package=False)
    with pytest.raises(ValueError):
        cal.add_working_days(D("2031-01-01"), 1)


# --- §6.4 item 4: next year must be covered from 1 December --------------------------------


@pytest.mark.parametrize(
    ("today", "overrides", "expected"),
    [
        ("2026-06-01", {}, "ok"),
        ("2026-10-15", {}, "warn"),
        ("2026-11-28", {}, "warn"),
        ("2026-12-01", {}, "fail"),
        ("2026-12-31", {}, "fail"),
        ("2026-12-01", {D("2027-02-08"): Override(False, "春节")}, "ok"),
        ("2025-12-01", {}, "ok"),  # 2026 is in chinesecalendar 1.11.0
    ],
)
def test_next_year_status(today, overrides, expected):
    assert next_year_status(WorkingDayCalendar(overrides), D(today)) == expected


def test_next_year_is_covered_from_1_december():
    """§6.4 item 4: fails from 1 December while next year is not covered.

    Skipped before 1 December (the State Council notice appears in November; chinesecalendar
    is released after it). From 1 December it fails until the pinned chinesecalendar covers
    next year (upgrade the pin) or a notice file for next year is shipped in
    src/gongkai/workdays/data/notices/YYYY.json. Overrides in a deployment's database also
    cover the year there (`manage.py workdays check`), but the test database has none, so the
    repository itself must carry the data. The logic is tested with fixed dates above.
    """
    today = dt.date.today()
    if today < dt.date(today.year, 12, 1):
        pytest.skip(f"next-year coverage is enforced from {today.year}-12-01")
    message = (
        f"{today.year + 1} is not covered: upgrade chinesecalendar or add "
        f"src/gongkai/workdays/data/notices/{today.year + 1}.json from the State Council notice."
    )
    if next_year_status(WorkingDayCalendar(shipped_overrides()), today) == "fail":
        # Strict only when asked (GONGKAI_STRICT_CALENDAR=1): a missing notice must be loud, but it
        # must not block every unrelated change while the notice cannot be obtained.
        if os.environ.get("GONGKAI_STRICT_CALENDAR") == "1":
            pytest.fail(message)
        pytest.xfail(message)


def test_shipped_2026_notice_agrees_with_the_package():
    days = {day: value for day, value in shipped_overrides().items() if day.year == 2026}
    assert len(days) == 39
    import chinese_calendar

    for day, value in days.items():
        assert chinese_calendar.is_workday(day) == value.is_workday, day
    with_notice = WorkingDayCalendar(days, use_package=False)
    package = WorkingDayCalendar()
    for offset in range(365):
        day = D("2026-01-01") + dt.timedelta(days=offset)
        assert with_notice.is_workday(day) == package.is_workday(day), day
