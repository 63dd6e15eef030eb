"""Use cases of the working-day calendar: build the calendar from the DB, edit overrides.

`calendar_for()` is what the rest of the code base calls to get a `WorkingDayCalendar`;
every change to an override goes through `override_save()` / `override_delete()` (or the
Wagtail admin screen, which records the same audit events) and is audited.

Overrides come from two places, the first winning:
1. the `CalendarOverride` table (administrators, e.g. the notice keyed in on the day it appears);
2. notice files shipped with the code, `gongkai/workdays/data/notices/YYYY.json`
   (`{"year", "source_doc", "days": [{"date", "is_workday", "reason"}]}`), so a release can
   cover a new year before the chinesecalendar package does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from django.db import connection, transaction

from gongkai.accounts import permissions
from gongkai.core import audit

from .calendar import Override, WorkingDayCalendar, package_version
from .models import CalendarOverride

REQUEST_CACHE_ATTR = "_gongkai_workday_calendar"
NOTICES_DIR = Path(__file__).resolve().parent / "data" / "notices"


def parse_notice(doc: dict) -> dict[dt.date, Override]:
    """The days of one notice document (see the module docstring); raises ValueError if malformed."""
    year = int(doc["year"])
    days: dict[dt.date, Override] = {}
    for entry in doc["days"]:
        day = dt.date.fromisoformat(entry["date"])
        if day.year != year:
            raise ValueError(f"{day} is not in {year}")
        if not isinstance(entry["is_workday"], bool):
            raise ValueError(f"{day}: is_workday must be true or false")
        days[day] = Override(entry["is_workday"], entry.get("reason", ""))
    return days


@lru_cache(maxsize=1)
def shipped_overrides() -> dict[dt.date, Override]:
    """Days from the notice files shipped in gongkai/workdays/data/notices/."""
    days: dict[dt.date, Override] = {}
    for path in sorted(NOTICES_DIR.glob("*.json")):
        days.update(parse_notice(json.loads(path.read_text(encoding="utf-8"))))
    return days


def load_overrides(years: Iterable[int] | None = None, *, shipped: bool = True) -> dict[dt.date, Override]:
    """Overrides of the given years (all years when None): shipped notices, then the table on top."""
    wanted = set(years) if years is not None else None
    result = {
        day: value
        for day, value in (shipped_overrides() if shipped else {}).items()
        if wanted is None or day.year in wanted
    }
    qs = CalendarOverride.objects.all()
    if wanted is not None:
        qs = qs.filter(date__year__in=sorted(wanted))
    for row in qs.values("date", "is_workday", "reason"):
        result[row["date"]] = Override(row["is_workday"], row["reason"])
    return result


def _fingerprint() -> tuple:
    """What identifies the state of the override table, in one cheap query (plain SQL: it runs before every
    count): a row added, deleted or changed (the services bump `updated_at`), in this process or another."""
    table = connection.ops.quote_name(CalendarOverride._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id), MAX(updated_at) FROM {table}")  # noqa: S608 (no user input)
        return tuple(cursor.fetchone())


_process_calendar: dict[str, object] = {}  # "fingerprint", "calendar": the calendar this process reuses


def forget_calendar(**_kwargs) -> None:
    """Drop this process's calendar (connected to the override's save and delete signals)."""
    _process_calendar.clear()


def calendar_for(years: Iterable[int] | None = None, *, request=None) -> WorkingDayCalendar:
    """A calendar with the administrators' overrides.

    One calendar per process, reused while the override table is unchanged (one cheap query checks it:
    `_fingerprint`), so that its memoised days serve every count; every override of the table is loaded
    with it and the answer never depends on `years` (kept for the callers that name the years they
    count in). With `request`, the calendar is also kept on the request and the check is made once.
    """
    if request is not None:
        cached = getattr(request, REQUEST_CACHE_ATTR, None)
        if cached is not None:
            return cached
    fingerprint = _fingerprint()
    calendar = _process_calendar.get("calendar")
    if calendar is None or _process_calendar.get("fingerprint") != fingerprint:
        by_year: dict[int, dict[dt.date, Override]] = {}
        for day, value in load_overrides().items():
            by_year.setdefault(day.year, {})[day] = value
        calendar = WorkingDayCalendar(lambda year: by_year.get(year, {}))
        _process_calendar.update(fingerprint=fingerprint, calendar=calendar)
    if request is not None:
        setattr(request, REQUEST_CACHE_ATTR, calendar)
    return calendar


def year_status(year: int, calendar: WorkingDayCalendar | None = None) -> dict:
    """How `year` is covered: by the package, by overrides, both, or only provisionally."""
    calendar = calendar or calendar_for([year])
    return {
        "year": year,
        "coverage": str(calendar.coverage(year)),
        "covered": calendar.covers(year),
        "package_covers": calendar.package_covers(year),
        "package_version": package_version(),
        "override_days": len(load_overrides([year])),  # shipped notice files and the table, distinct days
        "table_overrides": CalendarOverride.objects.filter(date__year=year).count(),
    }


COMMAND_LINE_USER = "manage.py"


def record_change(verb: str, instance: CalendarOverride, *, old: dict | None = None, user=None, request=None) -> None:
    """Audit one change of an override (verb: created, changed, deleted)."""
    data = {"new": instance.audit_data()} if verb != "deleted" else {"old": instance.audit_data()}
    if old is not None and verb == "changed":
        data["old"] = old
    audit.record(
        f"workdays.override.{verb}",
        user=user,
        instance=instance,
        request=request,
        data=data,
        username="" if user is not None else COMMAND_LINE_USER,
    )


@transaction.atomic
def override_save(
    *,
    date: dt.date,
    is_workday: bool,
    reason: str,
    source_doc: str,
    acting_user,
    request=None,
    override: CalendarOverride | None = None,
) -> CalendarOverride:
    """Create or update the override for `date` (the system administrator's job).

    `override`: the row to change (the admin edit screen, where the date itself may change); without
    it, the row of `date` is updated or created. `acting_user=None` is the operator at the command
    line (manage.py workdays load).
    """
    if acting_user is not None:
        permissions.require(acting_user, "workdays.change_calendar")
    if override is not None and override.pk is not None:
        override = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    else:
        override = CalendarOverride.objects.select_for_update().filter(date=date).first()
    old = override.audit_data() if override is not None else None
    if override is None:
        override = CalendarOverride(date=date)
    override.date = date
    override.is_workday = is_workday
    override.reason = reason
    override.source_doc = source_doc
    override.full_clean()
    override.save()
    record_change("changed" if old else "created", override, old=old, user=acting_user, request=request)
    return override


@transaction.atomic
def notice_load(doc: dict, *, acting_user, request=None) -> list[CalendarOverride]:
    """Key in a whole notice (e.g. from a JSON file) as table overrides, each change audited."""
    days = parse_notice(doc)
    source_doc = str(doc.get("source_doc", "")).strip()
    if not source_doc:
        raise ValueError("The notice needs a source_doc.")
    return [
        override_save(
            date=day,
            is_workday=value.is_workday,
            reason=value.reason or source_doc,
            source_doc=source_doc,
            acting_user=acting_user,
            request=request,
        )
        for day, value in sorted(days.items())
    ]


@transaction.atomic
def override_delete(*, override: CalendarOverride, acting_user, request=None) -> None:
    if acting_user is not None:
        permissions.require(acting_user, "workdays.change_calendar")
    record_change("deleted", override, user=acting_user, request=request)
    override.delete()
