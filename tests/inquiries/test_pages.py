"""Public inquiry pages and the read API: the form, the acknowledgement and tracking, the published answers
by topic (never a name or contact), the staff screens, valid HTML."""

import shutil

import pytest

from gongkai.inquiries import rendering
from gongkai.inquiries.models import Inquiry
from tests.portal.test_html_validity import vnu_errors

from .helpers import answered, ask

pytestmark = pytest.mark.django_db


def test_the_form_takes_a_question_and_shows_the_tracking_number(client, xiuwu):
    data = {
        "name": "张三",
        "contact": "zhang@example.com",
        "topic": "policy",
        "subject": "救助标准",
        "body": "冬春救助标准是多少？",
        "consent_publish": "on",
    }
    response = client.post("/b/xiuwu/inquiries/ask/", data)
    inquiry = Inquiry.objects.get()  # the journal's task ran at once (the immediate task backend)
    assert response.status_code == 200 and inquiry.tracking_number in response.content.decode()
    assert inquiry.consent_publish and inquiry.channel == "web"
    repeated = client.post("/b/xiuwu/inquiries/ask/", data)
    assert repeated.status_code == 400 and inquiry.tracking_number in repeated.content.decode()
    assert Inquiry.objects.count() == 1  # a repeated post is refused, with the number of the first


def test_the_form_shows_errors_and_keeps_what_was_typed(client, xiuwu):
    response = client.post(
        "/b/xiuwu/inquiries/ask/",
        {"name": "张三", "contact": "x", "topic": "policy", "subject": "救助标准", "body": "问题"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "error-summary" in page and "救助标准" in page
    assert not Inquiry.objects.exists()


def test_tracking_shows_the_state_without_personal_data(client, xiuwu):
    inquiry = ask(xiuwu)
    page = client.get(f"/inquiries/track/?number={inquiry.tracking_number.lower()}").content.decode()
    assert inquiry.subject in page and "张三" not in page and "zhang@example.com" not in page
    assert client.get("/inquiries/track/?number=Z000").status_code == 404


def test_the_published_answers_by_topic_never_show_the_name_or_contact(client, xiuwu, editor, reviewer):
    published = answered(xiuwu, editor, reviewer)
    private = answered(xiuwu, editor, reviewer, consent_publish=False, subject="不公开的问题", body="不公开")
    ask(xiuwu, subject="未答复的问题", body="未答复")
    listing = client.get("/b/xiuwu/inquiries/").content.decode()
    assert published.public_subject in listing and "不公开的问题" not in listing and "未答复的问题" not in listing
    assert "办事服务" in listing or "Licences" in listing or "services" in listing
    detail = client.get(f"/b/xiuwu/inquiries/{published.pk}/").content.decode()
    assert "备案申报表" in detail and "张三" not in detail and "zhang@example.com" not in detail
    assert client.get(f"/b/xiuwu/inquiries/{private.pk}/").status_code == 404


def test_the_api_lists_published_inquiries_only_without_personal_data(client, xiuwu, editor, reviewer):
    published = answered(xiuwu, editor, reviewer)
    ask(xiuwu, body="未答复")
    body = client.get("/api/v1/inquiries/?bureau=xiuwu").json()
    assert [row["id"] for row in body["results"]] == [published.pk]
    row = body["results"][0]
    assert row["answer"] and "name" not in row and "contact" not in row
    assert client.get("/api/v1/inquiries/?bureau=nowhere").json()["results"] == []
    unknown = client.get("/api/v1/inquiries/?topic=AAA")
    assert (
        unknown.status_code == 400
        and unknown.json()["code"] == "invalid_choice"
        and "topic" in unknown.json()["fields"]
    )


def test_staff_answer_and_approve_on_the_admin_screens(client, xiuwu, editor, reviewer):
    inquiry = ask(xiuwu)
    client.force_login(editor)
    assert "zhang@example.com" in client.get(f"/admin/inquiries/{inquiry.pk}/").content.decode()
    client.post(
        f"/admin/inquiries/{inquiry.pk}/",
        {
            "answer_text": "答复内容",
            "public_subject": inquiry.subject,
            "public_body": inquiry.body,
            "publish": "on",
            "submit": "1",
        },
    )
    inquiry.refresh_from_db()
    assert inquiry.status == "answer_submitted"
    client.force_login(reviewer)
    client.post(f"/admin/inquiries/{inquiry.pk}/review/", {"confidentiality_result": "passed", "approve": "1"})
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.published_at is not None


def test_another_bureau_does_not_see_the_inquiry(client, xiuwu, wenxian_editor):
    inquiry = ask(xiuwu)
    client.force_login(wenxian_editor)
    assert client.get(f"/admin/inquiries/{inquiry.pk}/").status_code == 404


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_pages_pass_the_nu_html_checker(client, xiuwu, editor, reviewer, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java is not installed")
    inquiry = answered(xiuwu, editor, reviewer)
    (tmp_path / "list.html").write_text(rendering.render_inquiry_list(xiuwu))
    (tmp_path / "detail.html").write_text(rendering.render_inquiry(inquiry))
    (tmp_path / "ask.html").write_text(client.get("/b/xiuwu/inquiries/ask/").content.decode())
    (tmp_path / "track.html").write_text(
        client.get(f"/inquiries/track/?number={inquiry.tracking_number}").content.decode()
    )
    assert vnu_errors(tmp_path) == []
