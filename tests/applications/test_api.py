"""The application-progress API: business systems create applications and report events with an
applications:write token of their own bureau; the public look-up lists the events in order, never reveals
another bureau's or applicant's data, answers 404 to a wrong code and rate-limits wrong codes per address."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from gongkai.applications import lookup
from gongkai.applications.models import Application
from gongkai.core.models import AuditLogEntry
from gongkai.records.models import SystemToken

from .conftest import ago, client_with, token_for

pytestmark = pytest.mark.django_db


def test_creating_an_application_answers_its_lookup_code_once_and_keeps_only_a_hash(create):
    response = create(applicant_email="applicant@example.com", applicant_phone="138 0013 8000")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "WZ-2026-0001" and body["bureau"] == "wuzhi" and body["service_item"] == "410823-XK-001"
    assert len(body["lookup_code"]) == 10 and sorted(body["subscriptions"]) == ["email", "sms"]
    assert "applicant@example.com" not in response.content.decode()
    application = Application.objects.get()
    assert body["lookup_code"] not in application.lookup_hash and len(application.lookup_hash) == 64
    assert application.applicant_phone == "13800138000"
    entry = AuditLogEntry.objects.get(action="applications.application.created")
    assert entry.bureau_code == "wuzhi" and entry.username.startswith("system:wuzhi:")
    assert "applicant@example.com" not in str(entry.data)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"number": "WZ 1/2"}, "invalid_number"),
        ({"service_item": "NO-SUCH"}, "service_item_not_found"),
        ({"service_item": "410821-XK-001"}, "service_item_other_bureau"),
        ({"applicant_email": "not-an-address"}, "invalid_email"),
        ({"applicant_phone": "12345"}, "invalid_phone"),
    ],
)
def test_invalid_applications_are_refused_with_a_stable_code(create, xiuwu_item, extra, code):
    response = create(**extra)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_a_number_is_unique_per_bureau(create):
    assert create().status_code == 201
    response = create()
    assert response.status_code == 400 and response.json()["code"] == "duplicate_number"


def test_the_token_must_be_of_the_bureau_and_carry_the_scope(wuzhi, item, xiuwu):
    body = {"number": "WZ-1", "service_item": "410823-XK-001"}
    url = "/api/v1/bureaus/wuzhi/applications/"
    assert APIClient().post(url, body, format="json").status_code == 401
    other = client_with(token_for(xiuwu)).post(url, body, format="json")
    assert other.status_code == 403 and other.json()["code"] == "wrong_bureau"
    records_only = client_with(token_for(wuzhi, scopes=["records:write"])).post(url, body, format="json")
    assert records_only.status_code == 403 and records_only.json()["code"] == "scope_missing"
    unknown = client_with(token_for(wuzhi)).post("/api/v1/bureaus/nowhere/applications/", body, format="json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert not Application.objects.exists()


def test_api_token_command_creates_an_applications_write_token(wuzhi, item, capsys):
    call_command("api_token", "create", "--bureau", "wuzhi", "--scopes", "applications:write", "--name", "办件系统")
    raw = capsys.readouterr().out.strip()
    assert SystemToken.objects.get().scopes == ["applications:write"]
    response = client_with(raw).post(
        "/api/v1/bureaus/wuzhi/applications/", {"number": "A1", "service_item": "410823-XK-001"}, format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"status": "approved"}, 400, "unknown_status"),
        ({"occurred_at": ago(days=-1)}, 400, "occurred_in_future"),
        ({"occurred_at": ago(days=6 * 366)}, 400, "occurred_too_long_ago"),
        ({"note": "联系人张三，电话13800138000"}, 400, "pii_found"),
        ({"number": "NO-SUCH"}, 404, "application_not_found"),
    ],
)
def test_invalid_events_are_refused_with_a_stable_code(create, post_event, kwargs, status, code):
    create()
    response = post_event(**kwargs)
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code


def test_the_public_look_up_lists_the_events_in_order_without_personal_data(create, post_event, client):
    code = create(applicant_email="applicant@example.com", applicant_phone="13800138000").json()["lookup_code"]
    assert post_event(status="accepted", occurred_at=ago(hours=20), note="材料齐全，予以受理。").status_code == 201
    response = post_event(status="received", occurred_at=ago(days=1))
    assert response.status_code == 201 and response.json()["status"] == "received"
    post_event(status="decided", occurred_at=ago(hours=2))
    body = client.get(f"/api/v1/applications/WZ-2026-0001/?code={code.lower()}").json()
    assert [e["status"] for e in body["events"]] == ["received", "accepted", "decided"]
    assert body["status"] == "decided" and body["events"][1]["note"] == "材料齐全，予以受理。"
    assert body["bureau"] == {"code": "wuzhi", "name": "武陟县应急管理局"}
    text = str(body)
    assert "applicant@example.com" not in text and "13800138000" not in text and "138****8000" not in text
    assert AuditLogEntry.objects.filter(action="applications.event.recorded").count() == 3


def test_the_same_number_in_two_bureaus_is_told_apart_by_the_code(create, wuzhi, xiuwu, xiuwu_item, post_event, client):
    wuzhi_code = create(number="2026-0001").json()["lookup_code"]
    xiuwu_api = client_with(token_for(xiuwu))
    xiuwu_code = xiuwu_api.post(
        "/api/v1/bureaus/xiuwu/applications/", {"number": "2026-0001", "service_item": "410821-XK-001"}, format="json"
    ).json()["lookup_code"]
    post_event(number="2026-0001", status="accepted")
    assert client.get(f"/api/v1/applications/2026-0001/?code={wuzhi_code}").json()["bureau"]["code"] == "wuzhi"
    xiuwu_view = client.get(f"/api/v1/applications/2026-0001/?code={xiuwu_code}").json()
    assert xiuwu_view["bureau"]["code"] == "xiuwu" and xiuwu_view["events"] == []
    # A token of one bureau cannot report on the other's application of the same number.
    response = post_event(number="2026-0001", status="decided", client=xiuwu_api)
    assert response.status_code == 403 and response.json()["code"] == "wrong_bureau"


def test_a_wrong_code_answers_404_and_too_many_answer_429(create, client, monkeypatch):
    monkeypatch.setattr(lookup, "LOOKUP_FAILURES_PER_HOUR", 3)
    code = create().json()["lookup_code"]
    for _ in range(3):
        response = client.get("/api/v1/applications/WZ-2026-0001/?code=WRONGCODE1")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/v1/applications/WZ-2026-0001/").status_code == 429
    response = client.get(f"/api/v1/applications/WZ-2026-0001/?code={code}")
    assert response.status_code == 429 and response.json()["code"] == "too_many_attempts"
    other_address = client.get(f"/api/v1/applications/WZ-2026-0001/?code={code}", REMOTE_ADDR="10.9.8.7")
    assert other_address.status_code == 200
