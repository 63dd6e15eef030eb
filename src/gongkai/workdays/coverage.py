"""Which years' due dates are provisional now, and the warnings staff see about it (§6.4 of the reference).

A year that neither the pinned `chinesecalendar` nor any override covers is counted by the rule fallback
(weekends and the fixed-date holidays only: no Spring Festival, 清明, 端午, 中秋, and no 调休), so every
deadline in it is provisional. Staff are told where they work, from the moment deadlines can fall in such a
year: the current year when it is not covered, and the next year from 1 October (deadlines counted in the
last months, with their extensions, end in it) until it is covered. Told through the admin dashboard
(`CalendarCoveragePanel`, every staff user) and a system check (`manage.py check`: warning
`gongkai.W101`). Covering the year (the State Council's notice keyed in as overrides, a shipped notice
file, or a newer `chinesecalendar`) clears both.
"""

from __future__ import annotations

import datetime as dt

from django.core.checks import Warning
from django.db import DatabaseError
from django.utils import timezone

from .calendar import WorkingDayCalendar, next_year_status

CHECK_ID = "gongkai.W101"


def provisional_years(today: dt.date | None = None, calendar: WorkingDayCalendar | None = None) -> list[int]:
    """The years in which due dates counted now are provisional: this year, and next year from October."""
    from .services import calendar_for

    today = today or timezone.localdate()
    calendar = calendar or calendar_for()
    years = [] if calendar.covers(today.year) else [today.year]
    if next_year_status(calendar, today) != "ok":
        years.append(today.year + 1)
    return years


def check_calendar_coverage(app_configs=None, **kwargs) -> list[Warning]:
    """`manage.py check`: a warning while due dates are counted in a provisional year (no database: none)."""
    try:
        years = provisional_years()
    except DatabaseError:  # not migrated yet, or no database: the overrides cannot be read
        return []
    return [
        Warning(
            f"The holiday calendar of {year} is provisional: due dates in {year} count weekends and fixed-date "
            "holidays only (no Spring Festival, Qingming, Dragon Boat or Mid-Autumn holidays, no adjusted "
            "working days).",
            hint=f"Key in the State Council's holiday notice for {year}: `manage.py workdays load FILE` "
            f"(JSON as src/gongkai/workdays/data/notices/), the admin's Settings → Holidays and working days, "
            f"or ship src/gongkai/workdays/data/notices/{year}.json; or upgrade chinesecalendar once it covers "
            f"{year}. Then `manage.py workdays check {year}`. See docs/workdays.md.",
            id=CHECK_ID,
        )
        for year in years
    ]
