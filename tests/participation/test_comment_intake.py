"""Comments through the intake journal (core.intake, services.comment_intake): the receipt number at the
POST, the comment stored once by the worker; duplicates and the per-address limit still apply."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry, IntakeState
from gongkai.participation import models
from gongkai.participation.services import comment_intake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    cache.clear()
    monkeypatch.setattr(journal, "_enqueue", lambda pk: None)
    yield
    cache.clear()


def test_comment_is_acknowledged_then_stored_once_with_the_journals_number_and_time(open_consultation):
    entry, created = comment_intake.acknowledge(consultation=open_consultation, body="建议增加夜间值班。")
    assert created and entry.number.startswith("C") and not models.Comment.objects.exists()
    journal.materialise(entry.pk)
    journal.materialise(entry.pk)
    comment = models.Comment.objects.get()
    assert (comment.number, comment.created_at, comment.client_token) == (
        entry.number,
        entry.received_at,
        entry.client_token,
    )
    assert comment.state == models.CommentState.PUBLISHED  # post-moderation, nothing to hold


def test_same_token_returns_the_first_entry_and_same_text_is_a_duplicate(open_consultation):
    token = uuid.uuid4()
    first, _ = comment_intake.acknowledge(consultation=open_consultation, body="同一条意见", client_token=token)
    again, created = comment_intake.acknowledge(consultation=open_consultation, body="同一条意见", client_token=token)
    assert again.number == first.number and not created
    with pytest.raises(ValidationError) as caught:  # still pending in the journal
        comment_intake.acknowledge(consultation=open_consultation, body=" 同一条意见 ")
    assert caught.value.error_dict["body"][0].code == "duplicate"
    journal.drain()
    with pytest.raises(ValidationError):  # and once stored
        comment_intake.acknowledge(consultation=open_consultation, body="同一条意见")
    assert IntakeEntry.objects.count() == 1 and models.Comment.objects.count() == 1


def test_per_address_limit_applies_and_a_retry_does_not_count(open_consultation, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PARTICIPATION_COMMENTS_PER_HOUR": 1}
    token = uuid.uuid4()
    comment_intake.acknowledge(consultation=open_consultation, body="第一条", client_token=token, ip="10.0.0.1")
    comment_intake.acknowledge(consultation=open_consultation, body="第一条", client_token=token, ip="10.0.0.1")
    with pytest.raises(ValidationError) as caught:
        comment_intake.acknowledge(consultation=open_consultation, body="第二条", ip="10.0.0.1")
    assert caught.value.code == "rate_limited" and IntakeEntry.objects.count() == 1


def test_a_comment_with_a_link_waits_for_moderation_after_registration(open_consultation):
    entry, _ = comment_intake.acknowledge(consultation=open_consultation, body="详见 http://example.com")
    assert journal.materialise(entry.pk) == IntakeState.DONE
    assert models.Comment.objects.get().state == models.CommentState.PENDING


def test_receipt_page_of_a_comment_still_in_the_journal(client, open_consultation):
    entry, _ = comment_intake.acknowledge(consultation=open_consultation, body="建议公开值班表。")
    url = f"/b/wuzhi/participation/consultations/{open_consultation.uid}/comment/{entry.number}/"
    response = client.get(url)
    assert response.status_code == 200 and f'id="comment-number">{entry.number}<' in response.content.decode()
    assert client.get(url.replace(entry.number, "C20260101FFFFFFFF")).status_code == 404


def test_empty_comment_is_refused_and_nothing_journaled(client, open_consultation):
    url = f"/b/wuzhi/participation/consultations/{open_consultation.uid}/comment/"
    response = client.post(url, {"client_token": str(uuid.uuid4()), "body": "  "})
    assert response.status_code == 400 and not IntakeEntry.objects.exists()


def test_a_cross_site_comment_is_refused_and_a_same_origin_one_acknowledged(client, open_consultation):
    url = f"/b/{open_consultation.bureau.code}/participation/consultations/{open_consultation.uid}/comment/"
    data = {"client_token": str(uuid.uuid4()), "body": "建议公开值班表。"}
    refused = client.post(url, data, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403 and "只能从本网站的表单页面提交" in refused.content.decode()
    assert not IntakeEntry.objects.exists()
    accepted = client.post(url, data, headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert accepted.status_code == 200 and IntakeEntry.objects.get().number in accepted.content.decode()
