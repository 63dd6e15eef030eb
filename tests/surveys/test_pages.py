"""Public survey pages and the read API: answering with an emailed code, the results with SVG charts,
valid HTML; staff results and export."""

import re
import shutil

import pytest
from django.core import mail

from gongkai.surveys import rendering
from gongkai.surveys.models import SurveyResponse
from tests.portal.test_html_validity import vnu_errors

from .helpers import published_survey, respond

pytestmark = pytest.mark.django_db


def test_a_citizen_gets_a_code_and_answers(client, xiuwu, editor, reviewer, django_capture_on_commit_callbacks):
    survey = published_survey(xiuwu, editor, reviewer)
    single, multiple, rating, text = survey.questions.all()
    url = f"/b/xiuwu/surveys/{survey.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "z@example.com", "send_code": "1"})
    code = re.search(r"(\d{6})", mail.outbox[0].body).group(1)
    response = client.post(
        url,
        {
            "email": "z@example.com",
            "code": code,
            single.field_name: "其他",
            multiple.field_name: ["行政许可", "应急预案"],
            rating.field_name: "4",
            "submit_answers": "1",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/results/")
    assert SurveyResponse.objects.get().answers[str(rating.pk)] == 4


def test_a_missing_answer_shows_an_error(client, xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    response = client.post(
        f"/b/xiuwu/surveys/{survey.pk}/", {"email": "y@example.com", "code": "1", "submit_answers": "1"}
    )
    assert response.status_code == 400 and "error-summary" in response.content.decode()


def test_the_results_page_draws_charts(client, xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    respond(survey, "a@example.com")
    page = client.get(f"/b/xiuwu/surveys/{survey.pk}/results/").content.decode()
    assert page.count("<svg") >= 3 and "建议多公开" not in page
    assert survey.title in client.get("/b/xiuwu/surveys/").content.decode()


def test_a_draft_survey_is_not_public(client, xiuwu, editor):
    from .helpers import draft_survey

    survey = draft_survey(xiuwu, editor)
    assert client.get(f"/b/xiuwu/surveys/{survey.pk}/").status_code == 404
    assert client.get("/api/v1/surveys/").json()["results"] == []


def test_the_api_gives_questions_and_results(client, xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    respond(survey, "a@example.com")
    row = client.get("/api/v1/surveys/?bureau=xiuwu").json()["results"][0]
    assert row["responses"] == 1 and len(row["questions"]) == 4 and row["results"][0]["counts"]["政府网站"] == 1
    assert client.get(f"/api/v1/surveys/{survey.pk}/").json()["id"] == survey.pk
    assert client.get("/api/v1/surveys/999999/").json()["code"] == "not_found"


def test_staff_see_results_and_export(client, xiuwu, editor, reviewer):
    survey = published_survey(xiuwu, editor, reviewer)
    respond(survey, "a@example.com")
    client.force_login(editor)
    assert "<svg" in client.get(f"/admin/surveys/{survey.pk}/results/").content.decode()
    response = client.get(f"/admin/surveys/{survey.pk}/export.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_staff_create_and_publish_on_the_admin_screens(client, xiuwu, editor, reviewer):
    client.force_login(editor)
    data = {
        "bureau": xiuwu.pk,
        "title": "新问卷",
        "description": "",
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
        "verify_by": "phone",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-kind": "rating",
        "questions-0-text": "满意度",
        "questions-0-required": "on",
        "submit": "1",
    }
    assert client.post("/admin/surveys/new/", data).status_code == 302
    from gongkai.surveys.models import Survey

    survey = Survey.objects.get(title="新问卷")
    assert survey.status == "submitted" and survey.verify_by == "phone"
    client.force_login(reviewer)
    client.post(f"/admin/surveys/{survey.pk}/review/", {"confidentiality_result": "passed", "approve": "1"})
    survey.refresh_from_db()
    assert survey.status == "published"


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_pages_pass_the_nu_html_checker(client, xiuwu, editor, reviewer, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java is not installed")
    survey = published_survey(xiuwu, editor, reviewer)
    respond(survey, "a@example.com")
    (tmp_path / "list.html").write_text(rendering.render_survey_list(xiuwu))
    (tmp_path / "results.html").write_text(rendering.render_results(survey))
    (tmp_path / "answer.html").write_text(client.get(f"/b/xiuwu/surveys/{survey.pk}/").content.decode())
    assert vnu_errors(tmp_path) == []
