"""Inquiries through the intake journal (core.intake, inquiries.public_intake): the tracking number at the
POST, the inquiry stored once by the worker with that number; a retried POST gets the same number,
duplicates and floods are refused with a Chinese message, nothing acknowledged is lost."""

import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry, IntakeState
from gongkai.inquiries import public_intake
from gongkai.inquiries.models import Inquiry

pytestmark = pytest.mark.django_db

ASK = "/b/xiuwu/inquiries/ask/"


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    cache.clear()
    monkeypatch.setattr(journal, "_enqueue", lambda pk: None)
    yield
    cache.clear()


def _fields(**overrides):
    data = {
        "name": "张三",
        "contact": "zhang@example.com",
        "topic": "policy",
        "subject": "救助标准",
        "body": "冬春救助标准是多少？",
        "consent_publish": True,
    }
    data.update(overrides)
    return data


def _post(client, token=None, **overrides):
    data = {k: ("on" if v is True else v) for k, v in _fields(**overrides).items() if v is not False}
    return client.post(ASK, {**data, "client_token": str(token or uuid.uuid4())}, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_the_post_answers_with_the_number_and_the_worker_stores_it_once(
    client, xiuwu, django_capture_on_commit_callbacks
):
    response = _post(client)
    entry = IntakeEntry.objects.get(kind=public_intake.KIND)
    page = response.content.decode()
    assert response.status_code == 200 and f'id="tracking-number">{entry.number}<' in page
    assert not Inquiry.objects.exists() and "sessionid" not in response.cookies
    with django_capture_on_commit_callbacks(execute=True):
        assert journal.materialise(entry.pk) == IntakeState.DONE
    journal.materialise(entry.pk)
    inquiry = Inquiry.objects.get()
    assert (inquiry.tracking_number, inquiry.submitted_at) == (entry.number, entry.received_at)
    assert f'datetime="{inquiry.due_on.isoformat()}"' in page  # the due date shown is the one stored
    assert inquiry.consent_publish and inquiry.channel == "web" and inquiry.contact == "zhang@example.com"
    assert len(mail.outbox) == 1 and entry.number in mail.outbox[0].body
    entry.refresh_from_db()
    assert entry.payload == {}  # the personal data is kept in the inquiry only


def test_a_retried_post_gets_the_same_number(client, xiuwu):
    token = uuid.uuid4()
    first = _post(client, token).content.decode()
    again = _post(client, token)
    number = IntakeEntry.objects.get().number
    assert again.status_code == 200 and number in first and number in again.content.decode()
    journal.drain()
    assert Inquiry.objects.get().tracking_number == number
    assert _post(client, token).status_code == 200 and Inquiry.objects.count() == 1


def test_the_same_message_is_refused_while_in_the_journal_and_once_stored(client, xiuwu):
    first, _ = public_intake.acknowledge(bureau=xiuwu, **_fields())
    with pytest.raises(ValidationError) as caught:
        public_intake.acknowledge(bureau=xiuwu, **_fields(body=" 冬春救助标准是多少？ ", subject="救助 标准"))
    assert caught.value.error_dict["body"][0].code == "duplicate" and first.number in str(caught.value)
    journal.drain()
    response = _post(client)
    assert response.status_code == 400 and first.number in response.content.decode()
    assert "请勿" in response.content.decode() or "已于" in response.content.decode()
    assert IntakeEntry.objects.count() == 1 and Inquiry.objects.count() == 1


def test_the_per_address_limit_refuses_in_chinese_and_a_retry_does_not_count(client, xiuwu, settings):
    settings.GONGKAI = {**settings.GONGKAI, "INQUIRY_SUBMISSIONS_PER_HOUR": 1}
    token = uuid.uuid4()
    assert _post(client, token).status_code == 200
    assert _post(client, token).status_code == 200  # the same submission, counted once
    flood = _post(client, body="另一个问题")
    assert flood.status_code == 400 and "请稍后再试" in flood.content.decode()
    assert IntakeEntry.objects.count() == 1


def test_links_and_scripts_are_neutralised_before_the_journal(xiuwu):
    entry, _ = public_intake.acknowledge(
        bureau=xiuwu, **_fields(body="看 <script>alert(1)</script> https://spam.example/x")
    )
    assert "<" not in entry.payload["body"] and "alert" not in entry.payload["body"]
    journal.materialise(entry.pk)
    assert "https[:]//" in Inquiry.objects.get().body


def test_too_many_links_or_an_oversized_message_is_refused_in_chinese_and_nothing_journaled(client, xiuwu):
    links = _post(client, body=" ".join(f"https://spam{n}.example" for n in range(5)))
    assert links.status_code == 400 and "链接" in links.content.decode()
    long = _post(client, body="长" * 6000)
    assert long.status_code == 400 and "5000" in long.content.decode()
    assert not IntakeEntry.objects.exists()


def test_tracking_says_being_registered_while_in_the_journal_and_not_registered_when_failed(client, xiuwu):
    entry, _ = public_intake.acknowledge(bureau=xiuwu, **_fields())
    page = client.get(f"/inquiries/track/?number={entry.number}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and entry.number in page.content.decode() and "登记" in page.content.decode()
    xiuwu.is_active = False
    xiuwu.save(update_fields=["is_active"])
    assert journal.materialise(entry.pk) == IntakeState.FAILED
    entry.refresh_from_db()
    assert entry.payload["body"] == "冬春救助标准是多少？"  # kept: nothing acknowledged is lost
    page = client.get(f"/inquiries/track/?number={entry.number}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "联系" in page.content.decode()


def test_an_oversized_post_is_refused_with_a_clear_chinese_page_and_nothing_journaled(client, xiuwu, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000  # the server's body limit, small for the test
    response = _post(client, body="长" * 3000, subject="大" * 4000)
    page = response.content.decode()
    assert response.status_code == 400 and "未作保存" in page and "<main" in page
    assert not IntakeEntry.objects.exists()
