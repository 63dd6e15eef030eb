"""Every /api/ answer is JSON with a stable `code`, and malformed input is a 4xx, never a 500."""

import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from gongkai.records import services
from gongkai.records.models import Record
from tests.records.factories import published_item

pytestmark = pytest.mark.django_db

URL = "/api/v1/bureaus/xiuwu/records/"


@pytest.fixture
def anonymous():
    cache.clear()
    return APIClient(raise_request_exception=False)


@pytest.fixture
def api(leader, xiuwu):
    cache.clear()
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法信息系统", scopes=["records:write"]
    )
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def error_code(response) -> str:
    assert response["Content-Type"].startswith("application/json"), (response.status_code, response.content[:200])
    body = json.loads(response.content)
    assert set(body) >= {"code", "message", "fields"}
    return body["code"]


def test_a_non_ascii_digit_as_record_ref_is_404_not_500(anonymous):
    response = anonymous.get("/api/v1/records/%C2%B3/")
    assert response.status_code == 404 and error_code(response) == "not_found"


def test_a_non_ascii_digit_as_year_filter_is_400(anonymous):
    response = anonymous.get("/api/v1/records/?year=%C2%B2")
    assert response.status_code == 400 and error_code(response) == "invalid"


def test_a_5000_deep_json_body_is_a_parse_error(api):
    response = api.post(URL, data="[" * 5000 + "]" * 5000, content_type="application/json")
    assert response.status_code == 400 and error_code(response) == "parse_error"
    nested = {"a": None}
    for _ in range(40):
        nested = {"a": nested}
    response = api.post(URL, data=json.dumps(nested), content_type="application/json")
    assert response.status_code == 400 and error_code(response) == "parse_error"


def test_event_date_far_in_the_future_is_refused_with_a_clear_error(api, xiuwu):
    item = published_item(xiuwu)
    data = {"external_id": "ZF-1", "catalog_item": str(item.key), "title": "通知", "event_date": "9999-12-31"}
    response = api.post(URL, data=data, format="json")
    assert response.status_code == 400 and error_code(response) == "date_out_of_range"
    assert "event_date" in response.json()["fields"]
    assert not Record.objects.exists()


def test_a_20_mb_body_is_a_json_413(api):
    response = api.post(URL, data=b"x" * (20 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413 and error_code(response) == "request_too_large"


def test_invalid_utf8_and_invalid_json_are_parse_errors(api):
    for body in (b"\xff\xfe{", b"{bad"):
        response = api.post(URL, data=body, content_type="application/json")
        assert response.status_code == 400 and error_code(response) == "parse_error"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/no-such-thing/", 404, "not_found"),
        ("get", "/api/no-version/", 404, "not_found"),
        ("delete", "/api/v1/records/", 405, "method_not_allowed"),
        ("get", "/api/v1/records/?page=abc", 404, "not_found"),
        ("post", URL, 401, "not_authenticated"),
    ],
)
def test_errors_outside_and_inside_drf_views_are_json(anonymous, method, path, status, code):
    response = getattr(anonymous, method)(path)
    assert response.status_code == status and error_code(response) == code


def test_a_redirect_under_api_is_not_html(anonymous):
    response = anonymous.get("/api/v1/records")
    assert response.status_code == 301 and response["Location"].endswith("/api/v1/records/")
    assert error_code(response) == "redirect"


def test_a_server_error_under_api_is_json(rf):
    from django.http import HttpResponseServerError

    from gongkai.api.middleware import JsonErrorsMiddleware

    middleware = JsonErrorsMiddleware(lambda request: HttpResponseServerError("<h1>Server Error (500)</h1>"))
    response = middleware(rf.get("/api/v1/records/1/"))
    assert response.status_code == 500 and error_code(response) == "server_error"
    page = JsonErrorsMiddleware(lambda request: HttpResponseServerError("<h1>Server Error (500)</h1>"))(rf.get("/"))
    assert page["Content-Type"].startswith("text/html")  # pages outside /api/ keep their HTML
