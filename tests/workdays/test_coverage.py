"""Staff are warned while due dates are counted in a year whose holiday calendar is provisional: the admin
dashboard panel and the `manage.py check` warning gongkai.W101, both cleared once the year is covered."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.workdays import coverage, services
from gongkai.workdays.calendar import Override, WorkingDayCalendar

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
SPRING_FESTIVAL_2027 = {D("2027-02-08"): Override(False, "春节")}


@pytest.mark.parametrize(
    ("today", "overrides", "expected"),
    [
        ("2026-06-01", {}, []),  # 2026 is covered; next year is far
        ("2026-10-15", {}, [2027]),  # deadlines counted now may end in 2027
        ("2026-12-06", {}, [2027]),
        ("2026-12-06", SPRING_FESTIVAL_2027, []),  # the notice keyed in
        ("2027-03-01", {}, [2027]),  # the year itself
        ("2027-11-01", {}, [2027, 2028]),
    ],
)
def test_provisional_years(today, overrides, expected):
    assert coverage.provisional_years(D(today), WorkingDayCalendar(overrides)) == expected


@pytest.fixture
def december_2026(monkeypatch):
    monkeypatch.setattr(coverage.timezone, "localdate", lambda: D("2026-12-06"))


def _cover_2027():
    services.override_save(date=D("2027-02-08"), is_workday=False, reason="春节", source_doc="通知", acting_user=None)


def test_check_warns_while_next_year_is_provisional_and_stops_once_covered(december_2026):
    warnings = coverage.check_calendar_coverage()
    assert [w.id for w in warnings] == ["gongkai.W101"] and "2027" in warnings[0].msg
    assert "workdays load" in warnings[0].hint
    err = StringIO()
    call_command("check", stderr=err, stdout=StringIO())
    assert "gongkai.W101" in err.getvalue()
    _cover_2027()
    assert coverage.check_calendar_coverage() == []


def test_dashboard_warns_every_staff_member_and_links_the_administrator_to_the_overrides(client, people, december_2026):
    client.force_login(people[Role.EDITOR])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "workdays-coverage" in page and "2027" in page
    assert reverse("wagtailsnippets_workdays_calendaroverride:list") not in page
    client.force_login(people[Role.SYSTEM_ADMIN])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "workdays-coverage" in page and reverse("wagtailsnippets_workdays_calendaroverride:list") in page
    _cover_2027()
    client.force_login(people[Role.EDITOR])
    assert "workdays-coverage" not in client.get(reverse("wagtailadmin_home")).content.decode()
