"""The override table: services, the Wagtail admin screen (system administrator only), audit."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.workdays import services
from gongkai.workdays.calendar import Coverage
from gongkai.workdays.models import CalendarOverride

D = dt.date.fromisoformat
URL = "wagtailsnippets_workdays_calendaroverride"
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知（测试）"


@pytest.fixture
def admin(people):
    return people[Role.SYSTEM_ADMIN]


def save(user, day="2027-02-08", is_workday=False, reason="春节"):
    return services.override_save(
        date=D(day), is_workday=is_workday, reason=reason, source_doc=NOTICE, acting_user=user
    )


def test_override_in_the_table_changes_the_calendar(admin):
    assert services.calendar_for([2025]).add_working_days(D("2025-09-26"), 20).date == D("2025-10-30")
    save(admin, "2025-10-30", False, "local holiday")
    assert services.calendar_for([2025]).add_working_days(D("2025-09-26"), 20).date == D("2025-10-31")


def test_overrides_make_an_uncovered_year_final(admin):
    assert services.calendar_for([2027]).coverage(2027) is Coverage.PROVISIONAL
    save(admin)
    calendar = services.calendar_for([2027])
    assert calendar.coverage(2027) is Coverage.OVERRIDES
    assert calendar.add_working_days(D("2027-02-05"), 1).date == D("2027-02-09")
    assert calendar.add_working_days(D("2027-02-05"), 1).provisional is False


def test_calendar_loads_years_it_was_not_asked_for(admin):
    save(admin, "2027-01-04", False, "元旦")
    calendar = services.calendar_for([2026])  # the count below runs into 2027
    assert calendar.add_working_days(D("2026-12-31"), 1).date == D("2027-01-05")


def test_calendar_is_built_once_per_request(admin, rf, django_assert_num_queries):
    request = rf.get("/")
    first = services.calendar_for([2027], request=request)
    with django_assert_num_queries(0):
        assert services.calendar_for([2027], request=request) is first


def test_every_change_is_audited_with_old_and_new_values(admin):
    override = save(admin)
    save(admin, reason="春节（更正）")
    services.override_delete(override=CalendarOverride.objects.get(pk=override.pk), acting_user=admin)
    entries = list(AuditLogEntry.objects.filter(action__startswith="workdays.override.").order_by("id"))
    assert [e.action for e in entries] == [
        "workdays.override.created",
        "workdays.override.changed",
        "workdays.override.deleted",
    ]
    assert entries[1].data["old"]["reason"] == "春节" and entries[1].data["new"]["reason"] == "春节（更正）"
    assert all(e.username == admin.username for e in entries)
    assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.CITY_SUPERVISOR, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_only_the_system_admin_may_change_overrides(people, role):
    with pytest.raises(PermissionDenied):
        save(people[role])
    assert not CalendarOverride.objects.exists()


def test_notice_load_keys_in_a_whole_notice(admin):
    doc = {
        "year": 2027,
        "source_doc": NOTICE,
        "days": [
            {"date": "2027-02-06", "is_workday": True, "reason": "春节调休上班"},
            {"date": "2027-02-08", "is_workday": False, "reason": "春节"},
        ],
    }
    rows = services.notice_load(doc, acting_user=admin)
    assert [r.date for r in rows] == [D("2027-02-06"), D("2027-02-08")]
    assert AuditLogEntry.objects.filter(action="workdays.override.created").count() == 2


def test_notice_with_a_day_outside_its_year_is_refused_whole(admin):
    doc = {
        "year": 2027,
        "source_doc": NOTICE,
        "days": [{"date": "2027-02-08", "is_workday": False}, {"date": "2028-01-01", "is_workday": False}],
    }
    with pytest.raises(ValueError):
        services.notice_load(doc, acting_user=admin)
    assert not CalendarOverride.objects.exists()


# --- the Wagtail admin screen --------------------------------------------------------------


def test_admin_screen_lists_overrides_for_the_system_admin(client, admin):
    save(admin)
    client.force_login(admin)
    response = client.get(reverse(f"{URL}:list"))
    assert response.status_code == 200
    assert "2027" in response.content.decode()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.LEADER, Role.CITY_SUPERVISOR, Role.AUDIT_ADMIN])
def test_admin_screen_is_closed_to_other_roles(client, people, admin, role):
    override = save(admin)
    client.force_login(people[role])
    for url in (reverse(f"{URL}:list"), reverse(f"{URL}:add"), reverse(f"{URL}:edit", args=[override.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    response = client.post(reverse(f"{URL}:delete", args=[override.pk]))
    assert response.status_code in (302, 403)
    assert CalendarOverride.objects.filter(pk=override.pk).exists()


def test_admin_create_edit_delete_are_audited(client, admin):
    client.force_login(admin)
    data = {"date": "2027-10-01", "is_workday": "", "reason": "国庆节", "source_doc": NOTICE}
    response = client.post(reverse(f"{URL}:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get(date=D("2027-10-01"))
    assert override.is_workday is False

    response = client.post(reverse(f"{URL}:edit", args=[override.pk]), {**data, "reason": "国庆节、中秋节"})
    assert response.status_code == 302
    response = client.post(reverse(f"{URL}:delete", args=[override.pk]))
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()

    ours = list(
        AuditLogEntry.objects.filter(action__startswith="workdays.override.")
        .order_by("id")
        .values_list("action", "data", "ip_address")
    )
    assert [a for a, _d, _ip in ours] == [
        "workdays.override.created",
        "workdays.override.changed",
        "workdays.override.deleted",
    ]
    assert ours[1][1]["old"]["reason"] == "国庆节" and ours[1][1]["new"]["reason"] == "国庆节、中秋节"
    assert all(ip == "127.0.0.1" for _a, _d, ip in ours)


def test_admin_refuses_a_second_override_for_the_same_date(client, admin):
    save(admin, "2027-10-01", False, "国庆节")
    client.force_login(admin)
    data = {"date": "2027-10-01", "is_workday": "on", "reason": "dup", "source_doc": NOTICE}
    response = client.post(reverse(f"{URL}:add"), data)
    assert response.status_code == 200  # form redisplayed with the error
    assert CalendarOverride.objects.get(date=D("2027-10-01")).reason == "国庆节"


def test_admin_screens_save_through_the_service_one_audit_entry_per_change(client, admin):
    client.force_login(admin)
    data = {"date": "2027-10-01", "is_workday": "", "reason": "国庆节", "source_doc": NOTICE}
    assert client.post(reverse(f"{URL}:add"), data).status_code == 302
    override = CalendarOverride.objects.get()
    response = client.post(reverse(f"{URL}:edit", args=[override.pk]), {**data, "date": "2027-10-02"})
    assert response.status_code == 302
    assert list(CalendarOverride.objects.values_list("pk", "date")) == [(override.pk, D("2027-10-02"))]
    entries = list(
        AuditLogEntry.objects.filter(
            object_id=str(override.pk), content_type=ContentType.objects.get_for_model(CalendarOverride)
        )
        .order_by("id")
        .values_list("action", "data")
    )
    assert [action for action, _data in entries] == ["workdays.override.created", "workdays.override.changed"]
    assert entries[1][1]["old"]["date"] == "2027-10-01" and entries[1][1]["new"]["date"] == "2027-10-02"


def test_one_calendar_per_process_until_an_override_changes_here_or_elsewhere(admin):
    first = services.calendar_for()
    assert services.calendar_for([2027]) is first
    save(admin, day="2027-02-08", is_workday=False)  # in this process: the save signal drops the calendar
    second = services.calendar_for()
    assert second is not first and not second.is_workday(D("2027-02-08"))
    # Written by another process (no signal here): the fingerprint query sees the new row.
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=D("2027-02-09"), is_workday=False, reason="春节", source_doc=NOTICE)]
    )
    third = services.calendar_for()
    assert third is not second and not third.is_workday(D("2027-02-09"))
