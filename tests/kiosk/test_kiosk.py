"""The kiosk (docs/kiosk.md): look up disclosed information, file an FOI request with a printable receipt,
ask a question; no staff login, the reset clears the session, no inline script or style (CSP)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.foi_requests.constants import Channel
from gongkai.foi_requests.models import FoiRequest
from gongkai.kiosk import views

from ..foi_requests.test_validation import valid
from ..records.factories import published_item, published_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def record(editor, reviewer, xiuwu):
    item = published_item(xiuwu, level1="安全生产行政执法", level2="安全生产行政处罚")
    return published_record(editor, reviewer, item, title="关于尾矿库安全检查的通知", summary="检查全县尾矿库。")


def assert_csp_safe(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert " style=" not in html and "<style" not in html, "inline style"


def test_start_offers_three_things_with_the_idle_setting(client, settings, xiuwu):
    settings.GONGKAI = {**settings.GONGKAI, "KIOSK_IDLE_SECONDS": 45}
    response = client.get(reverse("kiosk:start"))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    for name in ("kiosk:search", "kiosk:apply", "kiosk:ask"):
        assert f'href="{reverse(name)}"' in html
    assert 'data-idle-seconds="45"' in html and 'data-kiosk-start="true"' in html
    assert f'data-reset-url="{reverse("kiosk:start")}?reset=1"' in html
    assert "kiosk/kiosk.js" in html
    assert_csp_safe(html)


def test_search_finds_records_and_opens_them_in_the_kiosk(client, record):
    html = client.get(reverse("kiosk:search"), {"q": "尾矿库"}).content.decode()
    assert "<mark>尾矿库</mark>" in html and record.index_number in html
    url = reverse("kiosk:record", kwargs={"uuid": record.uuid})
    assert f'href="{url}"' in html
    assert 'id="osk"' in html and 'data-insert="安全生产"' in html  # the keyboard with words to tap
    page = client.get(url).content.decode()
    assert record.title in page and "data-print" in page
    assert_csp_safe(page)


def test_browse_goes_from_bureau_to_item_to_records(client, record, xiuwu):
    assert (
        f'href="{reverse("kiosk:browse_bureau", kwargs={"code": "xiuwu"})}"'
        in client.get(reverse("kiosk:browse")).content.decode()
    )
    html = client.get(reverse("kiosk:browse_bureau", kwargs={"code": "xiuwu"})).content.decode()
    assert "安全生产行政执法" in html and "安全生产行政处罚" in html and "(1)" in html
    item_url = reverse("kiosk:browse_item", kwargs={"code": "xiuwu", "key": record.catalog_item.key})
    assert record.title in client.get(item_url).content.decode()


def test_filing_an_foi_request_prints_a_receipt_and_the_reset_forgets_it(client, xiuwu):
    form = client.get(reverse("kiosk:apply_bureau", kwargs={"code": "xiuwu"})).content.decode()
    assert 'type="file"' not in form and 'autocomplete="off"' in form
    assert_csp_safe(form)
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', form).group(1)
    response = client.post(reverse("kiosk:apply_bureau", kwargs={"code": "xiuwu"}), {**valid(), "client_token": token})
    foi = FoiRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("kiosk:receipt", kwargs={"uuid": foi.uuid})
    assert foi.bureau == xiuwu and foi.channel == Channel.KIOSK and foi.applicant_name == "张三"
    receipt = client.get(response["Location"]).content.decode()
    assert foi.tracking_number in receipt and "data-print" in receipt and "410802198001011238" not in receipt
    client.get(reverse("kiosk:start") + "?reset=1")
    after = client.get(reverse("kiosk:receipt", kwargs={"uuid": foi.uuid}))
    assert after.status_code == 302 and after["Location"] == reverse("kiosk:start")


def test_an_invalid_request_shows_its_errors_and_files_nothing(client, xiuwu):
    response = client.post(reverse("kiosk:apply_bureau", kwargs={"code": "xiuwu"}), valid(id_document_number="123"))
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not FoiRequest.objects.exists()


def test_ask_without_the_inquiries_app_shows_whom_to_call(client, xiuwu, monkeypatch):
    monkeypatch.setattr(views, "inquiries_available", lambda: False)
    html = client.get(reverse("kiosk:ask")).content.decode()
    assert (
        xiuwu.name in html
        and (xiuwu.disclosure_phone or xiuwu.phone) in html
        and "<form" not in html.split("<main", 1)[1]
    )


def test_ask_with_the_inquiries_app_calls_its_service(client, xiuwu, monkeypatch):
    sent = {}

    def submit_inquiry(**kwargs):
        sent.update(kwargs)
        return type("Inquiry", (), {"tracking_number": "Q2026001"})()

    monkeypatch.setattr(views, "inquiries_available", lambda: True)
    monkeypatch.setattr(views, "_submit_inquiry", submit_inquiry)
    form = client.get(reverse("kiosk:ask")).content.decode()
    assert 'name="subject"' in form and 'name="consent_publish"' in form
    data = {"bureau": "xiuwu", "name": "李四", "contact": "13800138000", "subject": "防汛", "body": "何时发布预案？"}
    response = client.post(reverse("kiosk:ask"), data)
    assert response.status_code == 302 and response["Location"] == reverse("kiosk:ask_sent")
    assert sent["bureau"] == xiuwu and sent["channel"] == "kiosk" and sent["consent_publish"] is False
    assert sent["subject"] == "防汛" and sent["request"] is not None
    done = client.get(response["Location"]).content.decode()
    assert "Q2026001" in done and "防汛" in done and "data-print" in done
