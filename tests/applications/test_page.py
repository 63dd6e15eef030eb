"""The public look-up page (/services/progress/): number and code in, the events out in the public frame; a
wrong code is "not found" (404) and rate-limited; the applicant subscribes there; no contact data shown."""

import shutil

import pytest

from gongkai.applications import lookup
from gongkai.applications.models import Subscription
from tests.portal.test_html_validity import vnu_errors

pytestmark = pytest.mark.django_db

PAGE = "/services/progress/"


@pytest.fixture
def code(create, post_event):
    code = create(applicant_email="applicant@example.com").json()["lookup_code"]
    post_event(status="received", note="已收到申请材料。")
    post_event(status="accepted", occurred_at=None)
    return code


def test_the_page_lists_the_events_for_the_right_code(client, code):
    response = client.post(PAGE, {"number": "WZ-2026-0001", "code": code})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "武陟县应急管理局" in html and "已收到申请材料。" in html
    assert "applicant@example.com" not in html and "ap***@example.com" in html


def test_a_wrong_code_is_not_found_and_limited(client, code, monkeypatch):
    monkeypatch.setattr(lookup, "LOOKUP_FAILURES_PER_HOUR", 2)
    for _ in range(2):
        response = client.post(PAGE, {"number": "WZ-2026-0001", "code": "WRONG"})
        assert response.status_code == 404 and "已收到申请材料" not in response.content.decode()
    assert client.post(PAGE, {"number": "WZ-2026-0001", "code": code}).status_code == 429


def test_the_applicant_subscribes_on_the_page(client, code):
    client.post(PAGE, {"number": "WZ-2026-0001", "code": code})
    response = client.post(PAGE + "subscribe/", {"channel": "sms", "to": "13900139000"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "139****9000" in page and "13900139000" not in page
    assert Subscription.objects.filter(channel="sms", to="13900139000").exists()


def test_subscribing_needs_a_look_up_first(client, code):
    assert client.post(PAGE + "subscribe/", {"channel": "sms", "to": "13900139000"}).status_code == 302
    assert not Subscription.objects.filter(channel="sms").exists()


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_pages_pass_the_nu_html_checker(client, code, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Nu HTML checker)")
    (tmp_path / "form.html").write_bytes(client.get(PAGE).content)
    (tmp_path / "en.html").write_bytes(client.get("/en" + PAGE).content)
    (tmp_path / "result.html").write_bytes(client.post(PAGE, {"number": "WZ-2026-0001", "code": code}).content)
    (tmp_path / "wrong.html").write_bytes(client.post(PAGE, {"number": "WZ-2026-0001", "code": "X"}).content)
    assert vnu_errors(tmp_path) == []
