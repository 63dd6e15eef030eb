"""The audit log: every change recorded, append-only, read only by the audit administrator."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.models import AuditLogEntry, AuditResult
from gongkai.organizations.models import Bureau

pytestmark = pytest.mark.django_db

AUDIT_INDEX = reverse("gongkai_audit_log:index")
SITE_HISTORY = reverse("wagtailadmin_reports:site_history")


def form_post_data(form, **changes):
    """POST data that re-submits a rendered Django form unchanged, except `changes`."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return data


@pytest.fixture
def entry(db):
    return audit.record("accounts.access.denied", username="someone", bureau_code="xiuwu", label="probe")


# --- Append-only -------------------------------------------------------------------------


def test_entry_cannot_be_saved_again(entry):
    entry.label = "changed"
    with pytest.raises(PermissionDenied):
        entry.save()


def test_entry_cannot_be_deleted(entry):
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(PermissionDenied):
        AuditLogEntry.objects.filter(pk=entry.pk).update(label="changed")
    with pytest.raises(PermissionDenied):
        AuditLogEntry.objects.all().delete()
    assert AuditLogEntry.objects.get(pk=entry.pk).label == entry.label


def test_database_refuses_update_even_in_raw_sql(entry):
    table = AuditLogEntry._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET label = %s WHERE id = %s", ["changed", entry.pk])
    assert AuditLogEntry.objects.get(pk=entry.pk).label == entry.label


def test_database_refuses_delete_even_in_raw_sql(entry):
    """A trigger on PostgreSQL and on SQLite (core migrations 0002 and 0005)."""
    table = AuditLogEntry._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_database_and_keeps_the_no_delete_trigger():
    """`manage.py flush` (and the test runner) may empty the database; the trigger is back afterwards."""
    from django.core.management import call_command

    audit.record("core.audit.exported", username="before-flush")
    call_command("flush", "--noinput", verbosity=0)
    assert not AuditLogEntry.objects.exists()
    audit.record("core.audit.exported", username="after-flush")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditLogEntry._meta.db_table}")
    assert AuditLogEntry.objects.filter(username="after-flush").exists()


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin", "editor", "city_supervisor"])
def test_no_role_may_change_or_delete_audit_records(people, role):
    assert not permissions.can(people[role], "core.change_audit")
    assert not permissions.can(people[role], "core.delete_audit")
    assert not people[role].has_perm("core.change_auditlogentry")
    assert not people[role].has_perm("core.delete_auditlogentry")


def test_entries_carry_the_required_fields(people, client):
    from tests.factories import PASSWORD

    client.post(reverse("wagtailadmin_login"), {"username": people["editor"].username, "password": PASSWORD})
    entry = AuditLogEntry.objects.filter(action="accounts.user.login").latest("id")
    assert entry.timestamp and entry.timestamp.tzinfo is not None
    assert entry.user == people["editor"] and entry.username == people["editor"].username
    assert entry.action and entry.result == AuditResult.SUCCESS and entry.ip_address == "127.0.0.1"


# --- Every change is audited ---------------------------------------------------------------


def test_editing_a_bureau_in_wagtail_admin_is_audited_with_before_and_after(people, xiuwu, admin_client_for):
    client = admin_client_for("editor")
    url = reverse("wagtailsnippets_organizations_bureau:edit", args=(xiuwu.pk,))
    form = client.get(url).context["form"]
    response = client.post(url, form_post_data(form, phone="0391-7654321"))
    assert response.status_code == 302, getattr(response.context.get("form"), "errors", None)
    # The editor's change waits for a reviewer's approval (organizations.services).
    entry = AuditLogEntry.objects.filter(action="organizations.profile_change.proposed").latest("id")
    assert entry.user == people["editor"] and entry.username == people["editor"].username
    assert entry.bureau_code == "xiuwu" and entry.ip_address == "127.0.0.1"
    assert entry.data["changes"] == {"phone": ["0391-0000000", "0391-7654321"]}


def test_guide_publication_is_audited_with_bureau(people, xiuwu):
    from gongkai.portal import services

    guide = services.guide_save(
        bureau=xiuwu, body="<p>x</p>", rules_text="", publish=False, acting_user=people["editor"]
    )
    services.guide_publish(guide=guide, acting_user=people["reviewer"], confidentiality_result="passed")
    entry = AuditLogEntry.objects.get(action="portal.guide.published")
    assert entry.user == people["reviewer"] and entry.bureau_code == "xiuwu"
    assert entry.data["confidentiality_result"] == "passed"


# --- The audit administrator's viewer ----------------------------------------------------------


@pytest.fixture
def admin_client_for(client, people):
    def login(role):
        client.force_login(people[role])  # both factors (tests/conftest.py)
        return client

    return login


def test_audit_admin_reads_the_log(people, admin_client_for, entry):
    client = admin_client_for("audit_admin")
    response = client.get(AUDIT_INDEX)
    assert response.status_code == 200
    assert "someone" in response.content.decode()
    detail = client.get(reverse("gongkai_audit_log:inspect", args=(entry.pk,)))
    assert detail.status_code == 200 and "someone" in detail.content.decode()


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "editor", "city_supervisor", "gov_reviewer"])
def test_other_roles_cannot_read_the_log(people, client, role, entry):
    client.force_login(people[role])
    for url in (AUDIT_INDEX, reverse("gongkai_audit_log:inspect", args=(entry.pk,)), AUDIT_INDEX + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url
    assert not AuditLogEntry.objects.viewable_by_user(people[role]).exists()


def test_audit_admin_cannot_edit_or_delete_through_the_viewer(people, client, entry):
    client.force_login(people["audit_admin"])
    for name in ("edit", "delete"):
        url = reverse(f"gongkai_audit_log:{name}", args=(entry.pk,))
        assert client.get(url).status_code == 302
        assert client.post(url, {}).status_code == 302
    assert client.get(reverse("gongkai_audit_log:add")).status_code == 302
    assert AuditLogEntry.objects.filter(pk=entry.pk, label=entry.label).exists()


def test_viewer_filters(people, client, xiuwu, wenxian):
    audit.record("accounts.user.login_failed", username="mallory", result=AuditResult.FAILURE, bureau_code="wenxian")
    audit.record("accounts.user.login", username="alice", bureau_code="xiuwu")
    client.force_login(people["audit_admin"])

    def labels(**params):
        response = client.get(AUDIT_INDEX, params)
        assert response.status_code == 200
        return {e.username for e in response.context["object_list"]}

    assert labels(result="failure") == {"mallory"}
    assert labels(username="ali") == {"alice"}
    assert "mallory" not in labels(action="accounts.user.login")
    assert labels(bureau_code="wenxian") == {"mallory"}
    today = timezone.localdate()
    assert "alice" in labels(timestamp_from=today.isoformat(), timestamp_to=today.isoformat())
    tomorrow = today + timedelta(days=1)
    assert labels(timestamp_from=tomorrow.isoformat()) == set()


def test_viewer_paginates(people, client):
    for n in range(60):
        audit.record("accounts.user.logout", username=f"bulk{n:02d}")
    client.force_login(people["audit_admin"])
    first = client.get(AUDIT_INDEX, {"action": "accounts.user.logout"})
    assert len(first.context["object_list"]) == 50
    second = client.get(AUDIT_INDEX, {"action": "accounts.user.logout", "p": 2})
    assert len(second.context["object_list"]) == 10


def test_csv_export_is_complete_safe_and_audited(people, client):
    audit.record("accounts.user.login_failed", username='=HYPERLINK("http://evil")', result=AuditResult.FAILURE)
    audit.record("accounts.user.login", username="张三", bureau_code="xiuwu")
    client.force_login(people["audit_admin"])
    response = client.get(AUDIT_INDEX, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    usernames = [row[1] for row in rows[1:]]
    assert "张三" in usernames
    assert '\'=HYPERLINK("http://evil")' in usernames
    exported = AuditLogEntry.objects.get(action="core.audit.exported")
    assert exported.user == people["audit_admin"] and exported.data["format"] == "csv"


def test_filtered_export_contains_only_the_filtered_rows(people, client):
    audit.record("accounts.user.login", username="keep-me", bureau_code="xiuwu")
    audit.record("accounts.user.login", username="drop-me", bureau_code="wenxian")
    client.force_login(people["audit_admin"])
    response = client.get(AUDIT_INDEX, {"export": "csv", "bureau_code": "xiuwu"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "keep-me" in body and "drop-me" not in body


# --- Wagtail's own "Site history" report ---------------------------------------------------------


def test_site_history_is_only_for_the_audit_admin(people, client, entry):
    client.force_login(people["audit_admin"])
    response = client.get(SITE_HISTORY, {"action": "accounts.user.login"})
    # Replaced by the audit log viewer, keeping the query.
    assert response.status_code == 302 and response.url == AUDIT_INDEX + "?action=accounts.user.login"
    for role in ("system_admin", "security_admin", "editor", "city_supervisor", "gov_reviewer"):
        client.force_login(people[role])
        assert client.get(SITE_HISTORY).status_code == 403, role
        assert client.get(reverse("wagtailadmin_reports:site_history_results")).status_code == 403, role


def test_site_history_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get(SITE_HISTORY)
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


def test_reports_menu_shows_audit_log_to_the_audit_admin_only(people, client):
    for role, shown in [("audit_admin", True), ("system_admin", False), ("security_admin", False), ("editor", False)]:
        client.force_login(people[role])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (AUDIT_INDEX in html) is shown, role
        assert SITE_HISTORY not in html, role


def test_wagtail_reports_see_no_audit_records_except_for_the_audit_admin(people, entry):
    assert AuditLogEntry.objects.viewable_by_user(people["audit_admin"]).filter(pk=entry.pk).exists()
    for role in ("system_admin", "security_admin", "editor"):
        assert not AuditLogEntry.objects.viewable_by_user(people[role]).exists()


@pytest.mark.parametrize("role", ["editor", "leader", "system_admin", "security_admin"])
def test_bureau_history_view_is_audit_data_refused_to_its_editor_and_the_system_admin(people, xiuwu, client, role):
    """A history screen lists audit records: the audit administrator only (三员分立, issue 11 §3)."""
    client.force_login(people[role])
    response = client.get(reverse("wagtailsnippets_organizations_bureau:history", args=(xiuwu.pk,)))
    assert response.status_code == 403
    _ = Bureau  # noqa: F841


def test_client_ip_uses_forwarded_for_only_behind_trusted_proxies(rf, settings):
    from gongkai.core.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
