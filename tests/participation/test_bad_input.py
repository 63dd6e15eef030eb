"""Bad input on the public forms and the staff form, end to end over HTTP: a clear Chinese message, the
text typed kept in the form, nothing stored that should not be (issue 14, "Bad input")."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry
from gongkai.participation import models
from gongkai.participation.services import comments, hearings

from .conftest import publish
from .helpers import draft_hearing

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    return re.search(r'name="client_token" value="([0-9a-f-]{36})"', page).group(1)


def _comment_url(consultation) -> str:
    return f"/b/wuzhi/participation/consultations/{consultation.uid}/comment/"


def test_a_comment_flood_is_refused_in_chinese_and_keeps_the_text(client, settings, open_consultation):
    settings.GONGKAI = {**settings.GONGKAI, "PARTICIPATION_COMMENTS_PER_HOUR": 1}
    url = _comment_url(open_consultation)
    first = client.post(url, {"client_token": _token(client.get(url).content.decode()), "body": "第一条意见"})
    assert first.status_code == 200  # acknowledged with its receipt number (the intake journal)
    again = client.post(url, {"client_token": _token(client.get(url).content.decode()), "body": "第二条意见很长"})
    page = again.content.decode()
    assert again.status_code == 400
    assert "一小时内" in page and "第二条意见很长" in page
    journal.drain()
    assert models.Comment.objects.count() == 1 and IntakeEntry.objects.count() == 1


def test_a_comment_with_a_script_is_held_and_never_shown_as_markup(client, reviewer, open_consultation):
    url = _comment_url(open_consultation)
    body = '请看<script>alert(1)</script><a href="http://x.cn" onclick="steal()">这里</a>'
    response = client.post(url, {"client_token": _token(client.get(url).content.decode()), "body": body})
    assert response.status_code == 200  # acknowledged with its receipt number; the worker registers it
    journal.drain()
    number = IntakeEntry.objects.get().number
    assert "审核后公开" in client.get(f"{url}{number}/").content.decode()
    held = models.Comment.objects.get()
    assert held.state == models.CommentState.PENDING and held.body == body  # kept whole for the moderator
    comments.comment_moderate(comment=held, publish=True, acting_user=reviewer)
    page = client.get(f"/b/wuzhi/participation/consultations/{open_consultation.uid}/").content.decode()
    assert "<script>alert(1)" not in page and 'onclick="steal()"' not in page
    assert "&lt;script&gt;" in page


def test_an_oversized_attachment_is_refused_in_chinese_and_keeps_the_text(client, open_consultation):
    url = _comment_url(open_consultation)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (comments.MAX_ATTACHMENT_BYTES + 1))
    response = client.post(
        url, {"client_token": _token(client.get(url).content.decode()), "body": "见附件全文", "attachment": big}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "5 MB" in page or "5MB" in page
    assert "见附件全文" in page
    assert not models.Comment.objects.exists()


def test_the_staff_form_refuses_closing_before_opening_in_chinese(client, bureau, editor):
    client.force_login(editor)
    today = timezone.localdate()
    data = {
        "bureau": bureau.pk,
        "kind": "major_decision",
        "title": "《关于开闭时间颠倒的征求意见稿》",
        "opens": today.isoformat(),
        "closes": (today - dt.timedelta(days=1)).isoformat(),
        "urgent_reason": "情况紧急",
        "moderation": "pre",
        "summary_due_days": 30,
    }
    response = client.post("/admin/participation/consultations/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "截止" in page and "《关于开闭时间颠倒的征求意见稿》" in page
    assert not models.Consultation.objects.exists()


def test_a_short_period_without_a_reason_is_refused_and_with_one_kept(client, bureau, editor):
    client.force_login(editor)
    today = timezone.localdate()
    data = {
        "bureau": bureau.pk,
        "kind": "business_normative",
        "title": "《涉企规范性文件征求意见稿》",
        "opens": today.isoformat(),
        "closes": (today + dt.timedelta(days=10)).isoformat(),
        "moderation": "post",
        "summary_due_days": 30,
    }
    response = client.post("/admin/participation/consultations/new/", data)
    assert "不少于30日" in response.content.decode() and "须写明理由" in response.content.decode()
    assert not models.Consultation.objects.exists()
    data["urgent_reason"] = "汛期安全生产需要"
    data["draft_file"] = SimpleUploadedFile("draft.txt", "草案全文".encode())
    assert client.post("/admin/participation/consultations/new/", data).status_code == 302
    assert models.Consultation.objects.get().urgent_reason == "汛期安全生产需要"


@pytest.fixture
def hearing(bureau, editor, reviewer):
    found = draft_hearing(bureau, editor, kind="forum", title="企业座谈会")
    return publish(found, editor, reviewer)


def test_registering_twice_with_one_contact_is_refused_in_chinese(client, hearing):
    url = f"/b/wuzhi/participation/hearings/{hearing.uid}/register/"
    for number, contact in enumerate(("138 0000 0000", "13800000000")):
        page = client.get(url).content.decode()
        response = client.post(
            url, {"client_token": _token(page), "name": f"报名人{number}", "contact": contact, "organisation": ""}
        )
    assert response.status_code == 400
    assert "已报名" in response.content.decode() and "报名人1" in response.content.decode()
    assert hearing.registrations.count() == 1


def test_a_registration_flood_from_one_address_is_refused(hearing):
    for n in range(hearings.REGISTRATIONS_PER_ADDRESS_PER_HOUR):
        hearings.register(hearing=hearing, name=f"人{n}", contact=f"p{n}@example.com", ip="203.0.113.9")
    with pytest.raises(Exception) as exc:
        hearings.register(hearing=hearing, name="多余", contact="extra@example.com", ip="203.0.113.9")
    assert exc.value.code == "rate_limited"
    assert hearing.registrations.count() == hearings.REGISTRATIONS_PER_ADDRESS_PER_HOUR
    hearings.register(hearing=hearing, name="他人", contact="other@example.com", ip="203.0.113.10")
